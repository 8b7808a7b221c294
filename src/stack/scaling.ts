// Auto scaling: the service's desired count between scaling.minTasks and maxTasks, tracking average CPU
// at scaling.cpuTargetPercent with scaling.cooldownSeconds between steps either way.
// Used by src/main.ts for aws.appautoscaling.Target and Policy.
import type * as aws from "@pulumi/aws";

import type { Config } from "../contract/config";
import { names } from "./spec";

// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html
const ECS_DESIRED_COUNT = { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount" } as const;

export const scalableTargetArgs = (c: Config): aws.appautoscaling.TargetArgs => ({
  ...ECS_DESIRED_COUNT,
  resourceId: `service/${names(c).cluster}/${names(c).service}`,
  minCapacity: c.scaling.minTasks,
  maxCapacity: c.scaling.maxTasks,
  tags: { Name: names(c).scalingTarget },
});

export const cpuPolicyArgs = (c: Config): aws.appautoscaling.PolicyArgs => ({
  name: names(c).scalingPolicy,
  policyType: "TargetTrackingScaling",
  ...ECS_DESIRED_COUNT,
  resourceId: scalableTargetArgs(c).resourceId,
  targetTrackingScalingPolicyConfiguration: {
    predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
    targetValue: c.scaling.cpuTargetPercent,
    scaleInCooldown: c.scaling.cooldownSeconds,
    scaleOutCooldown: c.scaling.cooldownSeconds,
  },
});
