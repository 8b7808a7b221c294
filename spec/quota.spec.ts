// The account's Fargate vCPU quota against the service's peak: maxTasks, doubled while a deployment runs.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import { vcpuPeak } from "../src/models/quota";
import { configOf } from "./fixtures/config";

const peak = suite("vcpuPeak");

// 10 tasks x 200 % = 20 tasks; 512 CPU units = 0.5 vCPU; 20 x 0.5 = 10 vCPU.
peak("is maxTasks x 200 % (a deployment's old and new tasks) x the task's vCPUs: 10 on the defaults", () => {
  const q = vcpuPeak(configOf({}));
  assert.equal([q.peakTasks, q.vcpuPerTask, q.peakVcpu], [20, 0.5, 10]);
});

// 1024 units = 1 vCPU; 8 tasks x 200 % = 16; 16 vCPU.
peak("follows the task size and the ceiling", () => {
  const q = vcpuPeak(
    configOf({
      "webapp:service": { cpu: 1024, memory: 2048 },
      "webapp:scaling": { maxTasks: 8 },
    }),
  );
  assert.equal([q.peakTasks, q.vcpuPerTask, q.peakVcpu], [16, 1, 16]);
});

peak(
  "without a configured quota it only says how to read it (code L-3032A538, service fargate, the stack's region)",
  () => {
    const q = vcpuPeak(configOf({}));
    assert.equal([q.quotaCode, q.quota, q.overQuota], ["L-3032A538", null, null]);
    assert.is(
      q.command,
      "aws service-quotas get-service-quota --service-code fargate --quota-code L-3032A538 --region us-east-2",
    );
  },
);

peak("a quota below the peak is over it; a quota equal to it is not", () => {
  assert.is(vcpuPeak(configOf({ "webapp:account": { fargateVcpuQuota: 6 } })).overQuota, true);
  assert.is(vcpuPeak(configOf({ "webapp:account": { fargateVcpuQuota: 10 } })).overQuota, false);
  assert.is(vcpuPeak(configOf({ "webapp:account": { fargateVcpuQuota: "4000" } })).quota, 4000);
});

peak.run();
