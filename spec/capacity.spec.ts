// The capacity model: each AWS rule it replays, stated as a test, and the flash-sale timeline worked by hand
// for the mission's numbers (2..10 tasks, 70 % CPU target, 300 s cooldowns, health check 2 x 30 s) and for
// other cooldowns, limits, a pre-scaled floor and a request-count policy. The arithmetic is in the comments.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import {
  alarmInAlarm,
  capacityTimeline,
  defaultSpike,
  proportionalCapacity,
  SCALE_IN_ALARM,
  SCALE_OUT_ALARM,
  scaleInTo,
  scaleOutTo,
  taskStartToHealthySeconds,
} from "../src/models/capacity";
import { capacitySvg } from "../src/plan/capacity-svg";
import { configOf, devConfig } from "./fixtures/config";

const dev = devConfig();
const times = (count: number, value: number): number[] => Array<number>(count).fill(value);

// Shared by the timeline tests, worked once here:
// - a new task is healthy 60 (provisioning) + 60 (image pull) + 2 x 30 (health checks) = 180 s after the
//   desired count rises; it runs, counted by the CPU metric but given no traffic, from +120 s;
// - datapoint m covers [60m, 60m + 60) and reaches the alarm 60 s after it ends, at 60m + 120; the alarm
//   acts on the latest 3, so a step at t = 0 is first seen in ALARM at 240 s (datapoints 0, 1, 2);
// - the default spike is 5 x the floor's load: 2 tasks at 70 % = 1.4 busy tasks become 7, i.e. 10 tasks at
//   the 70 % target; healthy tasks saturate at 100 % until there are more than 7 of them.

// ---- the rules ----

const start = suite("taskStartToHealthySeconds");

start("a new task is healthy after provisioning + pull + threshold × interval", () => {
  // 60 + 60 + 2 x 30 = 180; with a 15 s interval: 60 + 60 + 2 x 15 = 150.
  assert.is(taskStartToHealthySeconds(dev), 180);
  assert.is(taskStartToHealthySeconds(configOf({ "webapp:service": { healthCheckIntervalSeconds: 15 } })), 150);
});

start.run();

const alarm = suite("alarmInAlarm");

alarm("scale-out waits for 3 one-minute datapoints above the target", () => {
  assert.ok(alarmInAlarm(SCALE_OUT_ALARM, [71, 71, 71], 70));
  assert.not.ok(alarmInAlarm(SCALE_OUT_ALARM, [71, 71], 70), "two datapoints are not enough");
  assert.not.ok(alarmInAlarm(SCALE_OUT_ALARM, [71, 70, 71], 70), "70 is not above a 70 target");
  assert.ok(alarmInAlarm(SCALE_OUT_ALARM, [40, 100, 100, 100], 70), "only the latest three count");
});

alarm("scale-in needs 15 datapoints below 90 % of target", () => {
  // 90 % of 70 is 63.
  assert.ok(alarmInAlarm(SCALE_IN_ALARM, times(15, 62.9), 70));
  assert.not.ok(alarmInAlarm(SCALE_IN_ALARM, times(14, 10), 70), "fourteen datapoints are not enough");
  assert.not.ok(alarmInAlarm(SCALE_IN_ALARM, times(15, 63), 70), "63 is not below 63");
  assert.not.ok(alarmInAlarm(SCALE_IN_ALARM, [...times(14, 10), 65], 70), "between 63 and 70 keeps the fleet");
});

alarm.run();

const proportional = suite("proportionalCapacity");

const bounds = { target: 70, floor: 2, max: 10 };

proportional("desired count is proportional to metric/target, rounded up", () => {
  // 4 x 84 / 70 = 4.8 -> 5; 5 x 70 / 70 = 5 exactly (no rounding up on floating-point noise); 6 x 35 / 70 = 3.
  assert.is(proportionalCapacity({ ...bounds, capacity: 4, metric: 84 }), 5);
  assert.is(proportionalCapacity({ ...bounds, capacity: 5, metric: 70 }), 5);
  assert.is(proportionalCapacity({ ...bounds, capacity: 6, metric: 35 }), 3);
});

proportional("CPU reads at most 100 %, so one action grows the fleet by at most 100/70", () => {
  // x 100/70 = x 1.43: 2 -> 2.86 -> 3; 3 -> 4.29 -> 5; 5 -> 7.14 -> 8; 8 -> 11.4 -> 12 (max 20 here).
  const wide = { ...bounds, max: 20, metric: 100 };
  assert.equal(
    [2, 3, 5, 8].map((capacity) => proportionalCapacity({ ...wide, capacity })),
    [3, 5, 8, 12],
  );
});

proportional("never above maxTasks, never below the floor", () => {
  // 8 x 100 / 70 = 11.4 -> 12, capped at 10; 10 x 14 / 70 = 2, raised to a floor of 6.
  assert.is(proportionalCapacity({ ...bounds, capacity: 8, metric: 100 }), 10);
  assert.is(proportionalCapacity({ ...bounds, floor: 6, capacity: 10, metric: 14 }), 6);
});

proportional.run();

const scaleOut = suite("scaleOutTo");

scaleOut("a scale-out during the cooldown counts the capacity already added", () => {
  // 2 -> 3 started the cooldown. CPU still at 100 %: ceil(2 x 100/70) = 3, nothing more (not ceil(3 x 1.43) = 5).
  const cooling = { desired: 3, cooldownBase: 2, target: 70, floor: 2, max: 10 };
  assert.is(scaleOutTo({ ...cooling, metric: 100 }), 3);
  // A larger reading (a request metric at 2.2 x its target) asks for ceil(2 x 2.2) = 5: 2 more, not ceil(3 x 2.2) = 7.
  assert.is(scaleOutTo({ ...cooling, target: 1000, metric: 2200 }), 5);
});

scaleOut("after the cooldown, the step grows from the current desired count", () => {
  // ceil(3 x 100/70) = ceil(4.29) = 5.
  assert.is(scaleOutTo({ desired: 3, cooldownBase: null, metric: 100, target: 70, floor: 2, max: 10 }), 5);
});

scaleOut.run();

const scaleIn = suite("scaleInTo");

const lowCpu = { low: true, metric: 14, target: 70 };

scaleIn("scale-in sizes the fleet proportionally, rounding the capacity up", () => {
  // 10 x 14 / 70 = 2; 10 x 20 / 70 = 2.86 -> 3.
  assert.is(scaleInTo({ desired: 10, floor: 2, max: 10, policies: [lowCpu] }), 2);
  assert.is(scaleInTo({ desired: 10, floor: 2, max: 10, policies: [{ ...lowCpu, metric: 20 }] }), 3);
});

scaleIn("with two policies, scale-in happens only when both agree, to the larger of their answers", () => {
  const requests = { low: true, metric: 450, target: 1000 }; // 10 x 450 / 1000 = 4.5 -> 5
  assert.is(scaleInTo({ desired: 10, floor: 2, max: 10, policies: [lowCpu, { ...requests, low: false }] }), 10);
  assert.is(scaleInTo({ desired: 10, floor: 2, max: 10, policies: [lowCpu, requests] }), 5);
});

scaleIn.run();

// ---- the timeline ----

const spike = suite("defaultSpike");

spike("the default spike needs exactly maxTasks at the CPU target", () => {
  // 10 / 2 = 5 x the floor's load; with maxTasks 12: 12 / 2 = 6 x, i.e. 12 tasks at the target.
  assert.equal(defaultSpike(dev), { spikeMultiple: 5 });
  const twelve = configOf({ "webapp:scaling": { maxTasks: 12 } });
  assert.is(capacityTimeline(dev, defaultSpike(dev)).neededTasks, 10);
  assert.is(capacityTimeline(twelve, defaultSpike(twelve)).neededTasks, 12);
});

spike.run();

const timeline = suite("capacityTimeline");

const mission = capacityTimeline(dev, defaultSpike(dev));

timeline("2 -> 10 tasks at the mission's numbers: four CPU steps paced by the cooldown, full after 28 minutes", () => {
  // 240: datapoints 0-2 at 100 % -> ceil(2 x 100/70) = 3; the new task runs at 360, is healthy at 420.
  //      Minute 6 [360, 420) reads 2 busy of 3 running = 66.7 %: the alarm goes OK at 480 and needs
  //      minutes 7, 8, 9 again: ALARM at 660 (cooldown over since 540) -> ceil(3 x 100/70) = 5, healthy 840.
  // 1080: the same pattern (minute 13 reads 3/5 = 60 %) -> ceil(5 x 100/70) = 8, healthy 1260.
  // 1500: minute 20 reads 5/8 = 62.5 %; minutes 21-23 read 7/8 = 87.5 % -> ceil(8 x 87.5/70) = 10, healthy 1680.
  assert.equal(
    mission.actions.map((a) => [a.atSeconds, a.from, a.to, a.signal, a.metric, a.healthyAtSeconds]),
    [
      [240, 2, 3, "cpu", 100, 420],
      [660, 3, 5, "cpu", 100, 840],
      [1080, 5, 8, "cpu", 100, 1260],
      [1500, 8, 10, "cpu", 87.5, 1680],
    ],
  );
  assert.equal(
    mission.timeline.map((p) => [p.atSeconds, p.desiredTasks, p.healthyTasks]),
    [
      [0, 2, 2],
      [240, 3, 2],
      [420, 3, 3],
      [660, 5, 3],
      [840, 5, 5],
      [1080, 8, 5],
      [1260, 8, 8],
      [1500, 10, 8],
      [1680, 10, 10],
    ],
  );
  assert.is(mission.secondsToFull, 1680);
  assert.is(mission.neededTasks, 10);
  // Healthy short of 10: 8, 7, 5, 2 tasks for 420 s each = 22 x 420 = 9240 task-seconds = 154 task-minutes.
  assert.is(mission.missingTaskMinutes, 154);
  // 7 busy tasks' load exceeds 2, 3 and 5 healthy tasks until 8 are healthy at 1260.
  assert.is(mission.overloadedSeconds, 1260);
});

timeline("while the 300 s cooldown runs, an alarm still in ALARM adds nothing", () => {
  // AlarmHigh is in ALARM at 300, 360 and 420, inside the cooldown [240, 540): no action until 660.
  assert.equal(
    mission.alarms.filter((a) => a.atSeconds <= 660).map((a) => [a.atSeconds, a.alarm, a.state]),
    [
      [240, "AlarmHigh", "ALARM"],
      [480, "AlarmHigh", "OK"],
      [660, "AlarmHigh", "ALARM"],
    ],
  );
  assert.equal(
    mission.actions.filter((a) => a.atSeconds > 240 && a.atSeconds < 540),
    [],
  );
});

timeline("a shorter cooldown reaches full size sooner, raising the desired count before the tasks run", () => {
  // 60 s cooldown: each minute in ALARM sizes from the new desired count, the metric still 100 % on 2 tasks:
  // 240: 2 -> 3; 300: 3 -> ceil(4.29) = 5; 360: 5 -> ceil(7.14) = 8; 420: 8 -> ceil(11.4), capped at 10.
  // The last tasks are healthy at 420 + 180 = 600.
  const fast = capacityTimeline(configOf({ "webapp:scaling": { cooldownSeconds: 60 } }), defaultSpike(dev));
  assert.equal(
    fast.actions.map((a) => [a.atSeconds, a.from, a.to]),
    [
      [240, 2, 3],
      [300, 3, 5],
      [360, 5, 8],
      [420, 8, 10],
    ],
  );
  assert.is(fast.secondsToFull, 600);
});

timeline("never above maxTasks", () => {
  // maxTasks 6 under the 10-task spike: as the mission to 5 at 660, then at 1080 ceil(5 x 100/70) = 8 is
  // capped at 6, healthy at 1260. The fleet stays saturated: 7 busy tasks' load on 6 tasks.
  const six = capacityTimeline(configOf({ "webapp:scaling": { maxTasks: 6 } }), { spikeMultiple: 5 });
  assert.equal(
    six.actions.map((a) => [a.atSeconds, a.from, a.to]),
    [
      [240, 2, 3],
      [660, 3, 5],
      [1080, 5, 6],
    ],
  );
  assert.ok(six.timeline.every((p) => p.desiredTasks <= 6));
  assert.equal([six.neededTasks, six.fullTasks, six.secondsToFull], [10, 6, 1260]);
  assert.is(six.overloadedSeconds, six.horizonSeconds);
});

timeline("scale-in needs 15 datapoints below 90 % of target, then returns to the floor", () => {
  // The sale ends at 1800: 10 tasks read 1.4 / 10 = 14 % from minute 30. Minutes 30-44 end at 2700 and the
  // last one arrives at 2760 -> ceil(10 x 14/70) = 2.
  const sale = capacityTimeline(dev, { ...defaultSpike(dev), saleSeconds: 1800, horizonSeconds: 3600 });
  const scaleIns = sale.actions.filter((a) => a.direction === "in");
  assert.equal(
    scaleIns.map((a) => [a.atSeconds, a.from, a.to, a.alarm]),
    [[1800 + 15 * 60 + 60, 10, 2, "AlarmLow"]],
  );
});

timeline("a pre-scaled floor reaches full size sooner", () => {
  // Floor 6 before the sale. 240: ceil(6 x 100/70) = ceil(8.57) = 9, healthy 420; minute 6 reads 6/9 = 66.7 %,
  // minutes 7-9 read 7/9 = 77.8 % -> 660: ceil(9 x 77.8/70) = 10, healthy 840 instead of 1680.
  const pre = capacityTimeline(dev, { ...defaultSpike(dev), preScaledMinTasks: 6 });
  assert.equal([pre.floorTasks, pre.startTasks], [6, 6]);
  assert.equal(
    pre.actions.map((a) => [a.atSeconds, a.from, a.to]),
    [
      [240, 6, 9],
      [660, 9, 10],
    ],
  );
  assert.is(pre.secondsToFull, 840);
  // Healthy short of 10: 4 tasks for 420 s and 1 for 420 s = 2100 task-seconds = 35 task-minutes.
  assert.is(pre.missingTaskMinutes, 35);
  // The scheduled action must run 180 s (whole minutes: 3) before the sale for the floor to be healthy at t = 0.
  assert.is(pre.preScaleLeadSeconds, 180);
  assert.is(mission.preScaleLeadSeconds, null);
});

timeline("a floor raised to the needed size is full at t = 0", () => {
  const ready = capacityTimeline(dev, { ...defaultSpike(dev), preScaledMinTasks: 10 });
  assert.equal([ready.secondsToFull, ready.actions.length, ready.missingTaskMinutes], [0, 0, 0]);
});

timeline("the request signal reaches full size in fewer actions", () => {
  // 1000 requests per task per minute at the CPU target; the spike sends 10 x 1000 to 2 healthy tasks = 5000
  // per task. At 240 the request policy asks for ceil(2 x 5000/1000) = 10, the CPU policy for 3: the larger
  // wins, one action, healthy at 420 instead of 1680.
  const both = capacityTimeline(dev, { ...defaultSpike(dev), requests: { targetPerTask: 1000 } });
  assert.equal(
    both.actions.map((a) => [a.atSeconds, a.from, a.to, a.signal, a.metric]),
    [[240, 2, 10, "requests", 5000]],
  );
  assert.is(both.secondsToFull, 420);
  // 8 tasks short for 420 s = 56 task-minutes.
  assert.is(both.missingTaskMinutes, 56);
});

timeline("the answer is plain data that survives JSON unchanged", () => {
  assert.equal(JSON.parse(JSON.stringify(mission)), mission);
});

timeline.run();

// ---- the picture ----

const svg = suite("capacitySvg");

const caption = "2..10 tasks, 70 % CPU target, 300 s cooldown";
const picture = capacitySvg(mission, caption);

svg("is a standalone SVG with the caption, both axis labels and every legend entry", () => {
  assert.ok(picture.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  for (const expected of [
    caption,
    "minutes since the spike (t = 0)",
    ">tasks<",
    "demand (tasks needed at the CPU target)",
    "desired count",
    "healthy tasks",
    "capacity missing",
    "scaling action",
    "maxTasks 10",
  ]) {
    assert.ok(picture.includes(expected), expected);
  }
  assert.not.ok(/<script|@import|@font-face|href=|url\(/.test(picture), "nothing outside the file");
});

svg("marks each scaling action once", () => {
  assert.is(picture.match(/class="action"/g)?.length, mission.actions.length);
  assert.ok(picture.includes("2→3") && picture.includes("8→10"));
});

svg("escapes the caption", () => {
  assert.ok(capacitySvg(mission, "CPU < 100 & requests").includes("CPU &lt; 100 &amp; requests"));
});

svg.run();
