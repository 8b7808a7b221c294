// Auto scaling beyond CPU: scheduled task ranges for a known sale, and the request-count policy that
// reacts before CPU does. (The target and the CPU policy: service.spec.ts.)
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as scaling from "../src/stack/scaling";
import { configOf, devConfig } from "./fixtures/config";

const SALE = {
  name: "black-friday",
  schedule: "at(2026-11-27T07:00:00)",
  timezone: "America/New_York",
  minTasks: 8,
  maxTasks: 10,
};

const schedules = suite("scheduledActions");

schedules("none unless scaling.schedules lists some", () => {
  assert.equal(scaling.scheduledActions(devConfig()), []);
});

schedules("each schedule moves the service's task range on the same scalable target, in its time zone", () => {
  const [action, ...rest] = scaling.scheduledActions(configOf({ "webapp:scaling": { schedules: [SALE] } }));
  assert.is(rest.length, 0);
  assert.equal(action, {
    name: "schedule-black-friday-dev",
    args: {
      name: "schedule-black-friday-dev",
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: scaling.scalableTargetArgs(devConfig()).resourceId,
      schedule: "at(2026-11-27T07:00:00)",
      timezone: "America/New_York",
      scalableTargetAction: { minCapacity: 8, maxCapacity: 10 },
    },
  });
});

schedules("a schedule without a time zone runs in UTC, as Application Auto Scaling would", () => {
  const utc = { name: SALE.name, schedule: SALE.schedule, minTasks: SALE.minTasks, maxTasks: SALE.maxTasks };
  const [action] = scaling.scheduledActions(configOf({ "webapp:scaling": { schedules: [utc] } }));
  assert.is(action?.args.timezone, "UTC");
});

schedules.run();

const requests = suite("requestPolicyArgs");

requests("off unless scaling.requestsPerTarget is set", () => {
  assert.is(scaling.requestPolicyArgs(devConfig(), "label"), undefined);
});

requests("tracks requests per task per minute on this target group, with the same cooldowns as CPU", () => {
  const c = configOf({ "webapp:scaling": { requestsPerTarget: 1000 } });
  assert.equal(scaling.requestPolicyArgs(c, "app/alb-dev/1/targetgroup/tg-5000-dev/2"), {
    name: "requests-target-dev",
    policyType: "TargetTrackingScaling",
    serviceNamespace: "ecs",
    scalableDimension: "ecs:service:DesiredCount",
    resourceId: "service/cluster-dev/service-dev",
    targetTrackingScalingPolicyConfiguration: {
      predefinedMetricSpecification: {
        predefinedMetricType: "ALBRequestCountPerTarget",
        resourceLabel: "app/alb-dev/1/targetgroup/tg-5000-dev/2",
      },
      targetValue: 1000,
      scaleInCooldown: 300,
      scaleOutCooldown: 300,
    },
  });
});

requests("labels the metric app/<alb>/<id>/targetgroup/<tg>/<id>: the two ARN suffixes joined", () => {
  assert.is(
    scaling.requestCountLabel("app/alb-dev/50dc6c495c0c9188", "targetgroup/tg-5000-dev/943f017f100becff"),
    "app/alb-dev/50dc6c495c0c9188/targetgroup/tg-5000-dev/943f017f100becff",
  );
});

requests.run();
