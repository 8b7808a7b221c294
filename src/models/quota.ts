// The account's side of a sale: the Fargate vCPUs the service may need at once (maxTasks, doubled while a
// deployment runs old and new tasks side by side) against the account's regional quota, which the stack
// cannot read offline. The plan prints the peak, the quota code and the command that reads it, and warns
// when account.fargateVcpuQuota is set and the peak is above it. Pure: a Config in, plain data out.
import type { Config } from "../contract/config";
import { CPU_UNITS_PER_VCPU } from "../contract/limits";
import { DEPLOYMENT_MAXIMUM_PERCENT } from "../contract/tuning";

// Service Quotas "Fargate On-Demand vCPU resource count": the vCPUs of every running Fargate task in the
// region together. "Each supported Region: 6 ... New AWS accounts might have initial lower quotas that can
// increase over time" (https://docs.aws.amazon.com/general/latest/gr/ecs-service.html). Scale-out past it
// fails to place tasks, and nothing in the service's scaling says why.
export const FARGATE_VCPU_QUOTA_CODE = "L-3032A538";
export const FARGATE_VCPU_QUOTA_DEFAULT = 6;

export interface VcpuPeak {
  readonly peakTasks: number; // maxTasks x the deployment's maximum percent
  readonly vcpuPerTask: number;
  readonly peakVcpu: number;
  readonly quotaCode: string;
  readonly quota: number | null; // account.fargateVcpuQuota, when the operator has read it
  readonly command: string; // how to read the quota
  readonly overQuota: boolean | null; // null when the quota is not configured
}

export const vcpuPeak = (c: Config): VcpuPeak => {
  const peakTasks = Math.ceil((c.scaling.maxTasks * DEPLOYMENT_MAXIMUM_PERCENT) / 100);
  const vcpuPerTask = c.service.cpu / CPU_UNITS_PER_VCPU;
  const peakVcpu = peakTasks * vcpuPerTask;
  const quota = c.account.fargateVcpuQuota ?? null;
  return {
    peakTasks,
    vcpuPerTask,
    peakVcpu,
    quotaCode: FARGATE_VCPU_QUOTA_CODE,
    quota,
    command: `aws service-quotas get-service-quota --service-code fargate --quota-code ${FARGATE_VCPU_QUOTA_CODE} --region ${c.region}`,
    overQuota: quota === null ? null : peakVcpu > quota,
  };
};
