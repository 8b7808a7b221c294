// Auto scaling: the service's desired count between scaling.minTasks and maxTasks, tracking average CPU
// at scaling.cpuTargetPercent with scaling.cooldownSeconds between steps either way; optionally a second
// policy on requests per task (requests lead CPU), and scheduled actions that move the task range for a
// known sale. Used by src/main.ts for aws.appautoscaling.Target, Policy and ScheduledAction.
//
// All of them write the one scalable target, and Application Auto Scaling refuses a write while another
// to the same target is under way (ConcurrentUpdateException: API_PutScalingPolicy and
// API_PutScheduledAction, "Errors"; the provider does not retry every such call, see
// hashicorp/terraform-provider-aws#17915 and #33428). src/main.ts therefore makes each write depend on the
// one before: the target, the CPU policy, the request policy, then the scheduled actions in list order.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import type { Config } from "../contract/config";
import { type Spec, names, spec } from "./spec";

// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html
const ECS_DESIRED_COUNT = { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount" } as const;

export const scalableTargetArgs = (c: Config): aws.appautoscaling.TargetArgs => ({
  ...ECS_DESIRED_COUNT,
  resourceId: resourceId(c),
  minCapacity: c.scaling.minTasks,
  maxCapacity: c.scaling.maxTasks,
  tags: { Name: names(c).scalingTarget },
});

export const cpuPolicyArgs = (c: Config): aws.appautoscaling.PolicyArgs =>
  targetTracking(c, names(c).scalingPolicy, c.scaling.cpuTargetPercent, {
    predefinedMetricType: "ECSServiceAverageCPUUtilization",
  });

// https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html:
// with several target-tracking policies, the target scales out when any asks and in only when all agree.
// Off (undefined) unless scaling.requestsPerTarget is set. `resourceLabel` names the load balancer and the
// target group: see requestCountLabel.
export const requestPolicyArgs = (
  c: Config,
  resourceLabel: Input<string>,
): aws.appautoscaling.PolicyArgs | undefined =>
  c.scaling.requestsPerTarget === undefined
    ? undefined
    : targetTracking(c, names(c).requestsPolicy, c.scaling.requestsPerTarget, {
        predefinedMetricType: "ALBRequestCountPerTarget",
        resourceLabel,
      });

// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredefinedMetricSpecification.html:
// app/<load-balancer-name>/<id>/targetgroup/<target-group-name>/<id>, the two ARN suffixes joined.
// Plain values: src/main.ts calls it inside apply.
export const requestCountLabel = (loadBalancerArnSuffix: string, targetGroupArnSuffix: string): string =>
  `${loadBalancerArnSuffix}/${targetGroupArnSuffix}`;

// One scheduled action per scaling.schedules entry, on the same target: from `schedule` on, the task range
// is the schedule's minTasks..maxTasks (raising the floor pre-scales; a later action restores it). Nothing
// else restores it: the plan warns when the schedules end away from minTasks..maxTasks
// (src/models/schedule-ranges.ts).
export const scheduledActions = (c: Config): Spec<aws.appautoscaling.ScheduledActionArgs>[] =>
  c.scaling.schedules.map((s) =>
    spec(names(c).schedule(s.name), {
      name: names(c).schedule(s.name),
      ...ECS_DESIRED_COUNT,
      resourceId: resourceId(c),
      schedule: s.schedule,
      timezone: s.timezone,
      scalableTargetAction: { minCapacity: s.minTasks, maxCapacity: s.maxTasks },
    }),
  );

// ---- helpers ----

const resourceId = (c: Config): string => `service/${names(c).cluster}/${names(c).service}`;

const targetTracking = (
  c: Config,
  name: string,
  targetValue: number,
  predefinedMetricSpecification: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification,
): aws.appautoscaling.PolicyArgs => ({
  name,
  policyType: "TargetTrackingScaling",
  ...ECS_DESIRED_COUNT,
  resourceId: resourceId(c),
  targetTrackingScalingPolicyConfiguration: {
    predefinedMetricSpecification,
    targetValue,
    scaleInCooldown: c.scaling.cooldownSeconds,
    scaleOutCooldown: c.scaling.cooldownSeconds,
  },
});
