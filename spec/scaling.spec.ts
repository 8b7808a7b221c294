// Auto scaling beyond CPU: scheduled task ranges for a known sale, and the request-count policy that
// reacts before CPU does (the target and the CPU policy: service.spec.ts); then, over the whole program,
// that the writes to the one scalable target never run at once, and that the plan warns when the
// schedules leave the task range away from scaling.minTasks..maxTasks for good.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import { SCHEDULED_ACTION, scheduleRangeWarnings, TARGET } from "../src/models/schedule-ranges";
import { buildPlan } from "../src/plan/render";
import * as scaling from "../src/stack/scaling";
import { configOf, devConfig } from "./fixtures/config";
import { runProgram, SALE_READY } from "./fixtures/program";

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

// ---- the whole program: one write at a time to the scalable target ----

const chain = suite("the writes to the scalable target");

const WRITERS = [
  "aws:appautoscaling/target:Target",
  "aws:appautoscaling/policy:Policy",
  "aws:appautoscaling/scheduledAction:ScheduledAction",
];

chain("requestsPerTarget and two schedules: each write waits for the one before, so none run at once", async () => {
  const sim = await runProgram(SALE_READY);
  const writers = sim.resources.filter((r) => WRITERS.includes(r.type));
  const previous = (name: string) => {
    const before = writers
      .find((w) => w.name === name)
      ?.options.dependsOn.filter((d) => writers.some((w) => w.name === d));
    return before ?? [];
  };
  // The target first, then the CPU policy, the request policy, and the schedules in list order.
  assert.equal(
    writers.map((w) => [w.name, previous(w.name)]),
    [
      ["scaling-target-dev", []],
      ["cpu-target-dev", ["scaling-target-dev"]],
      ["requests-target-dev", ["cpu-target-dev"]],
      ["schedule-sale-dev", ["requests-target-dev"]],
      ["schedule-after-dev", ["schedule-sale-dev"]],
    ],
  );
  // The request policy still waits for the listener rules that tie its target group to the load balancer.
  const requests = writers.find((w) => w.name === "requests-target-dev");
  assert.ok(requests?.options.dependsOn.includes("rule-api-dev"));
});

chain("without the request policy the first schedule waits for the CPU policy", async () => {
  const sim = await runProgram({
    "webapp:scaling": { schedules: [{ name: "sale", schedule: "at(2026-11-27T07:00:00)", minTasks: 8, maxTasks: 10 }] },
  });
  const action = sim.resources.find((r) => r.name === "schedule-sale-dev");
  assert.equal(action?.options.dependsOn, ["cpu-target-dev"]);
});

chain.run();

// ---- the range the schedules leave behind ----

const ranges = suite("scheduleRangeWarnings");

const RESTORE =
  "aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount " +
  "--resource-id service/cluster-dev/service-dev --min-capacity 2 --max-capacity 10 --region us-east-2";

ranges("a sale whose last action leaves the floor at 1: the plan warns and says how to restore 2..10", async () => {
  const sim = await runProgram({
    "webapp:scaling": {
      schedules: [
        { name: "sale", schedule: "at(2026-11-27T06:00:00)", timezone: "America/New_York", minTasks: 10, maxTasks: 10 },
        { name: "after", schedule: "at(2026-11-28T02:00:00)", timezone: "America/New_York", minTasks: 1, maxTasks: 10 },
      ],
    },
  });
  const plan = buildPlan(sim, { project: "webapp", stack: "dev", region: "us-east-2", suffix: "dev" });
  const [warning, ...rest] = plan.warnings.filter((w) => w.includes("task range"));
  assert.is(rest.length, 0);
  assert.match(
    warning ?? "",
    /^the last one-off schedule, schedule-after-dev \(at\(2026-11-28T02:00:00\) America\/New_York\), leaves the task range at 1\.\.10, not scaling\.minTasks\.\.maxTasks \(2\.\.10\)/,
  );
  assert.ok(warning?.endsWith(RESTORE), warning);
});

// The target and scheduled actions as the program registers them, without a run.
const target = {
  type: TARGET,
  name: "scaling-target-dev",
  inputs: {
    serviceNamespace: "ecs",
    scalableDimension: "ecs:service:DesiredCount",
    resourceId: "service/cluster-dev/service-dev",
    minCapacity: 2,
    maxCapacity: 10,
  },
};
const action = (name: string, schedule: string, minCapacity: number, timezone = "UTC") => ({
  type: SCHEDULED_ACTION,
  name,
  inputs: { schedule, timezone, scalableTargetAction: { minCapacity, maxCapacity: 10 } },
});

ranges("nights that lower the floor with no morning that raises it: a warning; with the morning, none", () => {
  const nights = action("nights", "cron(0 1 ? * MON-THU *)", 1, "America/New_York");
  const [warning, ...rest] = scheduleRangeWarnings([target, nights], "us-east-2");
  assert.is(rest.length, 0);
  assert.match(
    warning ?? "",
    /^schedule nights \(cron\(0 1 \? \* MON-THU \*\) America\/New_York\) sets the task range to 1\.\.10 every time it runs, and no recurring schedule sets scaling\.minTasks\.\.maxTasks \(2\.\.10\) back/,
  );
  assert.ok(warning?.endsWith(RESTORE), warning);
  const mornings = action("mornings", "cron(0 7 ? * MON-FRI *)", 2, "America/New_York");
  assert.equal(scheduleRangeWarnings([target, nights, mornings], "us-east-2"), []);
});

ranges("the last one-off in time counts, across time zones, not the last in the list", () => {
  // 02:00 in New York on 28 November is 07:00 UTC: the restoring action at 06:30 UTC runs first.
  const late = action("late", "at(2026-11-28T02:00:00)", 1, "America/New_York");
  const restore = action("restore", "at(2026-11-28T06:30:00)", 2);
  assert.match(scheduleRangeWarnings([target, late, restore], "us-east-2")[0] ?? "", /schedule, late \(/);
  const restoreLater = action("restore", "at(2026-11-28T07:30:00)", 2);
  assert.equal(scheduleRangeWarnings([target, late, restoreLater], "us-east-2"), []);
});

ranges("a daily restore also ends a one-off sale; no target, no warning", () => {
  const sale = action("sale", "at(2026-11-27T06:00:00)", 10);
  assert.equal(scheduleRangeWarnings([target, sale, action("mornings", "cron(0 7 * * ? *)", 2)], "us-east-2"), []);
  assert.equal(scheduleRangeWarnings([sale], "us-east-2"), []);
});

ranges.run();
