// How fast target tracking grows the Fargate service when a flash sale multiplies its load at t = 0. The model
// replays AWS's rules second by second. One-minute datapoints reach CloudWatch late. The managed alarms need 3
// (scale-out) or 15 (scale-in) of them. The desired count is proportional to metric / target, rounded up and
// bounded, with CPU unable to read above 100 %. The scale-out cooldown counts capacity already added, and a new
// task must start and pass the load balancer's health check. Output: when each alarm changes state, each
// scaling action, when its tasks turn healthy, when the fleet reaches the size the sale needs (or maxTasks),
// and the capacity missing until then in task-minutes. The scenario can also carry the two remedies: a
// floor raised by a scheduled action before the sale, and a second target-tracking policy on
// ALBRequestCountPerTarget. Pure: a Config and a scenario in, plain JSON-friendly data out; the plan prints it
// under `capacity`.
import type { Config } from "../contract/config";
import {
  FARGATE_PROVISIONING_SECONDS,
  IMAGE_PULL_SECONDS,
  taskStartToHealthySeconds as startToHealthy,
} from "../contract/tuning";

// ---- types ----

// A second target-tracking policy on ALBRequestCountPerTarget: requests per task per minute.
export interface RequestSignal {
  readonly targetPerTask: number; // the policy's target value
  // What each task serves per minute before the sale. Default: the target itself, i.e. the target was set at
  // the request rate one task handles at the CPU target.
  readonly baselinePerTask?: number;
}

// The load: `baselineTasks` tasks' worth of work at the CPU target until t = 0, then `spikeMultiple` times it.
export interface SaleScenario {
  readonly spikeMultiple: number;
  readonly baselineTasks?: number; // default: scaling.minTasks, the floor running at the CPU target
  readonly preScaledMinTasks?: number; // a scheduled action raised the floor to this before t = 0
  readonly requests?: RequestSignal; // a request-count policy beside the CPU one
  readonly saleSeconds?: number; // the load falls back to the baseline then; default: it stays up
  readonly horizonSeconds?: number; // how long to replay; default DEFAULT_HORIZON_SECONDS
}

export type Signal = "cpu" | "requests";
export type AlarmName = "AlarmHigh" | "AlarmLow";

export interface ScalingAction {
  readonly atSeconds: number;
  readonly direction: "out" | "in";
  readonly signal: Signal; // the policy whose alarm asked for the largest capacity
  readonly alarm: AlarmName;
  readonly metric: number; // the datapoint that sized the step: % CPU, or requests per task per minute
  readonly from: number;
  readonly to: number;
  readonly healthyAtSeconds: number | null; // when the added tasks pass the health check; null for scale-in
}

export interface AlarmChange {
  readonly atSeconds: number;
  readonly signal: Signal;
  readonly alarm: AlarmName;
  readonly state: "ALARM" | "OK";
}

export interface TimelinePoint {
  readonly atSeconds: number;
  readonly neededTasks: number; // tasks the load needs at the CPU target, rounded up
  readonly desiredTasks: number;
  readonly healthyTasks: number; // tasks the load balancer routes to
}

export interface CapacityTimeline {
  readonly spikeMultiple: number;
  readonly baselineTasks: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly floorTasks: number; // minTasks, or the floor a scheduled action raised before the sale
  readonly cpuTargetPercent: number;
  readonly cooldownSeconds: number;
  readonly requestTargetPerTask: number | null; // the request policy's target, when the scenario has one
  readonly saleSeconds: number | null;
  readonly horizonSeconds: number;
  readonly startTasks: number; // healthy at t = 0
  readonly neededTasks: number; // tasks the spike needs at the CPU target
  readonly fullTasks: number; // neededTasks, capped at maxTasks: what "full" means
  readonly secondsToFull: number | null; // until fullTasks pass the health check; null if not within the sale
  readonly missingTaskMinutes: number; // healthy tasks short of fullTasks, integrated over the horizon
  readonly overloadedSeconds: number; // the load exceeded what healthy tasks serve at 100 % CPU
  readonly taskStartToHealthySeconds: number;
  readonly preScaleLeadSeconds: number | null; // schedule the floor this long before the sale
  readonly actions: readonly ScalingAction[];
  readonly alarms: readonly AlarmChange[];
  readonly timeline: readonly TimelinePoint[]; // a point at t = 0 and at every change
}

// A managed alarm: how many consecutive one-minute datapoints must breach, and what breaching means.
export interface AlarmRule {
  readonly name: AlarmName;
  readonly datapoints: number;
  readonly breaches: (value: number, target: number) => boolean;
}

// ---- AWS's rules ----

// Both metrics the policies track are one-minute metrics. ECS: "Amazon ECS sends the following metrics to
// CloudWatch every minute"; https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cloudwatch-metrics.html
// ALB: "Elastic Load Balancing measures and sends its metrics in 60-second intervals";
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
// The 10-second target tracking AWS documents is for custom high-resolution metrics on EC2 Auto Scaling
// groups, not these predefined ECS metrics:
// https://docs.aws.amazon.com/autoscaling/ec2/userguide/policy-creating-high-resolution-metrics.html
export const METRIC_PERIOD_SECONDS = 60;

// How long after its minute ends a datapoint reaches the alarm. AWS states no figure ("Amazon ECS sends metrics
// to CloudWatch at one-minute intervals"): the stack's conservative choice of one more period, for ECS's CPU
// and for the load balancer's request count alike (docs/evidence.md).
export const CPU_METRIC_DELAY_SECONDS = 60;
export const REQUEST_METRIC_DELAY_SECONDS = 60;

// The alarms Application Auto Scaling creates for a target-tracking policy. The user guide says scale-out is
// "proportional to the metric as fast as it can" and scale-in waits until the metric is "usually more than 10%
// lower" than the target.
// https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html
// The datapoint counts are not written in the guides: they are what the managed alarms themselves read in the
// CloudWatch console, AlarmHigh "3 datapoints within 3 minutes" above the target and AlarmLow "15 datapoints
// within 15 minutes" below 90 % of it. AWS may change them ("the behavior could change in the future").
export const SCALE_OUT_DATAPOINTS = 3;
export const SCALE_IN_DATAPOINTS = 15;
export const SCALE_IN_THRESHOLD_FRACTION = 0.9;

// Datapoints and targets are floating point: 1.4 / 2 * 100 must read as 70, not as 70.00000000000001.
const EPSILON = 1e-9;

export const SCALE_OUT_ALARM: AlarmRule = {
  name: "AlarmHigh",
  datapoints: SCALE_OUT_DATAPOINTS,
  breaches: (value, target) => value > target + EPSILON,
};

export const SCALE_IN_ALARM: AlarmRule = {
  name: "AlarmLow",
  datapoints: SCALE_IN_DATAPOINTS,
  breaches: (value, target) => value < SCALE_IN_THRESHOLD_FRACTION * target - EPSILON,
};

// "An alarm invokes actions only when the alarm changes state. The exception is for alarms with Auto Scaling
// actions ... the alarm continues to invoke the action once per minute that the alarm remains in the new state."
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
// So a policy may act at every evaluation while its alarm stays in ALARM, cooldown permitting.
export const ALARM_ACTION_REPEAT_SECONDS = 60;

// Service CPUUtilization is "the total CPU units in use by the tasks that belong to the service, divided by the
// total number of CPU units that are reserved for the tasks"; a Fargate task cannot use more than its task
// size, so the service reads at most 100 %, however far demand exceeds it.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cloudwatch-metrics.html
// A task that runs but has not yet passed the health check counts in the denominator with no traffic, so it
// pulls the reading down. With the constants here its unrouted minute fills one whole datapoint, which resets
// the 3-datapoint alarm after each step: the slowest alignment, so a conservative one.
export const CPU_CEILING_PERCENT = 100;

// A scheduled action "sets the MinCapacity and MaxCapacity"; "if current capacity is less than the specified
// minimum capacity, Application Auto Scaling scales out ... to the specified minimum capacity", and the finest
// schedule resolution "using a cron expression is 1 minute".
// https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html
const SCHEDULE_RESOLUTION_SECONDS = 60;

// A new task's way to healthy (provisioning, image pull, passing checks): the constants live with the
// health-check tuning in src/contract/tuning.ts, which the target group's thresholds are derived from too.
export { FARGATE_PROVISIONING_SECONDS, IMAGE_PULL_SECONDS };

// Long enough for a 300 s cooldown to climb x 1.43 a step from 2 to about 100 tasks (~11 steps of 7 minutes).
export const DEFAULT_HORIZON_SECONDS = 2 * 60 * 60;

// ---- the model ----

// The spike that needs exactly maxTasks at the CPU target, from the floor running at the target.
export const defaultSpike = (c: Config): SaleScenario => ({
  spikeMultiple: c.scaling.maxTasks / c.scaling.minTasks,
});

// From the desired count rising to the load balancer routing to the new task.
export const taskStartToHealthySeconds = (c: Config): number => startToHealthy(c.service.healthCheckIntervalSeconds);

// True when the latest `rule.datapoints` datapoints all breach (an N out of N alarm).
export const alarmInAlarm = (rule: AlarmRule, recent: readonly number[], target: number): boolean =>
  recent.length >= rule.datapoints && recent.slice(-rule.datapoints).every((value) => rule.breaches(value, target));

// The target-tracking formula: the capacity that brings the metric back to the target. AWS "scales out
// proportionally to the metric", rounding so that it never adds "insufficient capacity" or removes "too much
// capacity": ceil(capacity x metric / target), within the scalable target's MinCapacity..MaxCapacity.
// https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html
// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html
// Which of the alarm's datapoints sizes the step is not documented: the model takes the latest, which during
// a scale-out is the lowest (conservative).
export const proportionalCapacity = (p: {
  readonly capacity: number;
  readonly metric: number;
  readonly target: number;
  readonly floor: number;
  readonly max: number;
}): number => bounded(ceil((p.capacity * p.metric) / p.target), p.floor, p.max);

// The capacity a policy's scale-out alarm asks for; a result not above `desired` means no action. AWS: "The
// scaling policy won't increase the desired capacity again unless either a larger scale out is triggered or
// the cooldown period ends. While the scale-out cooldown period is in effect, the capacity added by the
// initiating scale-out activity is calculated as part of the desired capacity for the next scale-out
// activity." The scale-in cooldown blocks scale-in only, and a scale-out ends it.
// https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html
// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html
// Modelled as: during the cooldown the step is sized from the capacity before the initiating activity
// (`cooldownBase`), so what that activity added is not multiplied again and only a larger reading adds more.
// Not documented: whether the cooldown belongs to the policy or to the scalable target (one for the target
// here, the slower reading), and when an ECS activity "completes" (here: when it sets the desired count).
export const scaleOutTo = (p: {
  readonly desired: number;
  readonly cooldownBase: number | null;
  readonly metric: number;
  readonly target: number;
  readonly floor: number;
  readonly max: number;
}): number =>
  proportionalCapacity({
    capacity: p.cooldownBase ?? p.desired,
    metric: p.metric,
    target: p.target,
    floor: p.floor,
    max: p.max,
  });

// The capacity the scale-in alarms agree on; a result not below `desired` means no action. With several
// target-tracking policies AWS will "scale out the scalable target if any of the target tracking policies are
// ready for scale out, but will scale in only if all of the target tracking policies ... are ready to scale
// in", and "scales based on the policy that provides the largest capacity".
// https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html
export const scaleInTo = (p: {
  readonly desired: number;
  readonly floor: number;
  readonly max: number;
  readonly policies: readonly { readonly low: boolean; readonly metric: number; readonly target: number }[];
}): number =>
  p.policies.length > 0 && p.policies.every((q) => q.low)
    ? Math.max(
        ...p.policies.map((q) =>
          proportionalCapacity({ capacity: p.desired, metric: q.metric, target: q.target, floor: p.floor, max: p.max }),
        ),
      )
    : p.desired;

export const capacityTimeline = (c: Config, scenario: SaleScenario): CapacityTimeline => {
  const { minTasks, maxTasks, cpuTargetPercent: cpuTarget, cooldownSeconds } = c.scaling;
  const baselineTasks = scenario.baselineTasks ?? minTasks;
  const spikeTasks = baselineTasks * scenario.spikeMultiple;
  const floor = bounded(scenario.preScaledMinTasks ?? minTasks, minTasks, maxTasks);
  const startTasks = bounded(ceil(baselineTasks), floor, maxTasks);
  const neededTasks = ceil(spikeTasks);
  const fullTasks = Math.min(neededTasks, maxTasks);
  const horizon = scenario.horizonSeconds ?? DEFAULT_HORIZON_SECONDS;
  const saleEnd = scenario.saleSeconds ?? horizon;
  const startToHealthy = taskStartToHealthySeconds(c);
  const demandTasksAt = (t: number) => (t < saleEnd ? spikeTasks : baselineTasks);
  const cpuUnits = (tasks: number) => (tasks * cpuTarget) / 100; // tasks at the target, as fully busy tasks

  // ---- the policies, each with its minute buckets (sum of readings, weight) ----
  const cpu: Policy = {
    signal: "cpu",
    target: cpuTarget,
    delay: CPU_METRIC_DELAY_SECONDS,
    before: (Math.min(cpuUnits(baselineTasks), startTasks) / startTasks) * CPU_CEILING_PERCENT,
    // Ratio of sums, as the metric is defined: CPU in use over CPU reserved by running tasks.
    sample: (s) => [Math.min(cpuUnits(s.demandTasks), s.healthy) * CPU_CEILING_PERCENT, s.running],
    sums: [],
    weights: [],
    high: false,
    low: false,
    metric: 0,
  };
  const policies: Policy[] = [
    cpu,
    ...(scenario.requests === undefined ? [] : [requestPolicy(scenario.requests, baselineTasks, startTasks)]),
  ];
  for (const p of policies) {
    p.high = alarmInAlarm(SCALE_OUT_ALARM, Array<number>(SCALE_OUT_DATAPOINTS).fill(p.before), p.target);
    p.low = alarmInAlarm(SCALE_IN_ALARM, Array<number>(SCALE_IN_DATAPOINTS).fill(p.before), p.target);
    p.metric = p.before;
  }

  // ---- the fleet and the autoscaler's state ----
  const tasks: Task[] = Array.from({ length: startTasks }, () => ({ runningAt: -Infinity, healthyAt: -Infinity }));
  let scaleOutCooldown = { until: -Infinity, base: startTasks };
  let scaleInCooldownUntil = -Infinity;
  const actions: ScalingAction[] = [];
  const alarms: AlarmChange[] = policies.flatMap((p) => [
    ...(p.high ? [alarmChange(0, p, "AlarmHigh", true)] : []),
    ...(p.low ? [alarmChange(0, p, "AlarmLow", true)] : []),
  ]);
  const timeline: TimelinePoint[] = [];
  let secondsToFull: number | null = null;
  let missingTaskSeconds = 0;
  let overloadedSeconds = 0;

  for (let t = 0; t < horizon; t++) {
    // Alarms see the datapoint of the minute that ended one delay ago; actions repeat once a minute in ALARM.
    const evaluated = policies.filter((p) => t >= p.delay && (t - p.delay) % ALARM_ACTION_REPEAT_SECONDS === 0);
    for (const p of evaluated) {
      const latest = (t - p.delay) / METRIC_PERIOD_SECONDS - 1;
      const recent = Array.from({ length: SCALE_IN_DATAPOINTS }, (_, i) => datapoint(p, latest - i)).reverse();
      const high = alarmInAlarm(SCALE_OUT_ALARM, recent, p.target);
      const low = alarmInAlarm(SCALE_IN_ALARM, recent, p.target);
      if (high !== p.high) alarms.push(alarmChange(t, p, "AlarmHigh", high));
      if (low !== p.low) alarms.push(alarmChange(t, p, "AlarmLow", low));
      p.high = high;
      p.low = low;
      p.metric = datapoint(p, latest);
    }

    // Scaling acts only when an alarm has just been evaluated (once a minute per policy).
    if (evaluated.length > 0) {
      const desired = tasks.length;
      const inCooldown = t < scaleOutCooldown.until;
      const outs = evaluated
        .filter((p) => p.high)
        .map((p) => ({
          p,
          to: scaleOutTo({
            desired,
            cooldownBase: inCooldown ? scaleOutCooldown.base : null,
            metric: p.metric,
            target: p.target,
            floor,
            max: maxTasks,
          }),
        }));
      const out = outs.reduce<(typeof outs)[number] | undefined>(
        (best, o) => (best && best.to >= o.to ? best : o),
        undefined,
      );
      if (out && out.to > desired) {
        const runningAt = t + FARGATE_PROVISIONING_SECONDS + IMAGE_PULL_SECONDS;
        for (let i = desired; i < out.to; i++) tasks.push({ runningAt, healthyAt: t + startToHealthy });
        actions.push(action(out.p, { atSeconds: t, direction: "out", from: desired, to: out.to }, startToHealthy));
        scaleOutCooldown = { until: t + cooldownSeconds, base: inCooldown ? scaleOutCooldown.base : desired };
        scaleInCooldownUntil = -Infinity;
      } else if (evaluated.some((p) => p.low) && t >= scaleInCooldownUntil) {
        const to = scaleInTo({ desired, floor, max: maxTasks, policies });
        if (to < desired) {
          const by =
            policies.find(
              (p) =>
                proportionalCapacity({
                  capacity: desired,
                  metric: p.metric,
                  target: p.target,
                  floor,
                  max: maxTasks,
                }) === to,
            ) ?? cpu;
          tasks.splice(to); // the newest tasks go first; the load balancer stops routing to them at once
          actions.push(action(by, { atSeconds: t, direction: "in", from: desired, to }, startToHealthy));
          scaleInCooldownUntil = t + cooldownSeconds;
        }
      }
    }

    const demandTasks = demandTasksAt(t);
    const running = count(tasks, (task) => task.runningAt <= t);
    const healthy = count(tasks, (task) => task.healthyAt <= t);
    const minute = Math.floor(t / METRIC_PERIOD_SECONDS);
    for (const p of policies) {
      const [reading, weight] = p.sample({ demandTasks, running, healthy });
      p.sums[minute] = (p.sums[minute] ?? 0) + reading;
      p.weights[minute] = (p.weights[minute] ?? 0) + weight;
    }

    const neededNow = ceil(demandTasks);
    const last = timeline[timeline.length - 1];
    if (last?.neededTasks !== neededNow || last.desiredTasks !== tasks.length || last.healthyTasks !== healthy) {
      timeline.push({ atSeconds: t, neededTasks: neededNow, desiredTasks: tasks.length, healthyTasks: healthy });
    }
    if (secondsToFull === null && t < saleEnd && healthy >= fullTasks) secondsToFull = t;
    missingTaskSeconds += Math.max(0, Math.min(neededNow, maxTasks) - healthy);
    if (cpuUnits(demandTasks) > healthy + EPSILON) overloadedSeconds++;
  }

  return {
    spikeMultiple: scenario.spikeMultiple,
    baselineTasks,
    minTasks,
    maxTasks,
    floorTasks: floor,
    cpuTargetPercent: cpuTarget,
    cooldownSeconds,
    requestTargetPerTask: scenario.requests?.targetPerTask ?? null,
    saleSeconds: scenario.saleSeconds ?? null,
    horizonSeconds: horizon,
    startTasks,
    neededTasks,
    fullTasks,
    secondsToFull,
    missingTaskMinutes: round(missingTaskSeconds / 60, 2),
    overloadedSeconds,
    taskStartToHealthySeconds: startToHealthy,
    preScaleLeadSeconds:
      floor > minTasks ? Math.ceil(startToHealthy / SCHEDULE_RESOLUTION_SECONDS) * SCHEDULE_RESOLUTION_SECONDS : null,
    actions,
    alarms,
    timeline,
  };
};

// ---- helpers ----

interface Task {
  readonly runningAt: number; // counted by the CPU metric from here
  readonly healthyAt: number; // routed to by the load balancer from here
}

interface Sample {
  readonly demandTasks: number;
  readonly running: number;
  readonly healthy: number;
}

// One target-tracking policy: its metric's per-second reading and weight, the minute buckets it fills, and its
// alarms' state at the last evaluation.
interface Policy {
  readonly signal: Signal;
  readonly target: number;
  readonly delay: number;
  readonly before: number; // every datapoint before t = 0: the baseline's steady reading
  readonly sample: (s: Sample) => readonly [number, number];
  readonly sums: number[];
  readonly weights: number[];
  high: boolean;
  low: boolean;
  metric: number; // the latest datapoint seen
}

// ALBRequestCountPerTarget: "the average number of requests received by each target", i.e. over healthy
// targets only, the ones the load balancer routes to; requests keep arriving when the tasks are saturated, so
// unlike CPU this reading grows with the whole spike.
const requestPolicy = (r: RequestSignal, baselineTasks: number, startTasks: number): Policy => {
  const perTaskAtTarget = r.baselinePerTask ?? r.targetPerTask; // requests a task at the CPU target serves
  const perMinute = (demandTasks: number) => demandTasks * perTaskAtTarget;
  return {
    signal: "requests",
    target: r.targetPerTask,
    delay: REQUEST_METRIC_DELAY_SECONDS,
    before: perMinute(baselineTasks) / startTasks,
    sample: (s) => [perMinute(s.demandTasks) / Math.max(s.healthy, 1), 1],
    sums: [],
    weights: [],
    high: false,
    low: false,
    metric: 0,
  };
};

const datapoint = (p: Policy, minute: number): number =>
  minute < 0 ? p.before : (p.sums[minute] ?? 0) / (p.weights[minute] ?? 1);

const alarmChange = (atSeconds: number, p: Policy, alarm: AlarmName, inAlarm: boolean): AlarmChange => ({
  atSeconds,
  signal: p.signal,
  alarm,
  state: inAlarm ? "ALARM" : "OK",
});

const action = (
  p: Policy,
  step: Pick<ScalingAction, "atSeconds" | "direction" | "from" | "to">,
  startToHealthy: number,
): ScalingAction => ({
  ...step,
  signal: p.signal,
  alarm: step.direction === "out" ? "AlarmHigh" : "AlarmLow",
  metric: round(p.metric, 1),
  healthyAtSeconds: step.direction === "out" ? step.atSeconds + startToHealthy : null,
});

const count = <A>(xs: readonly A[], holds: (x: A) => boolean): number => xs.reduce((n, x) => (holds(x) ? n + 1 : n), 0);

const ceil = (x: number): number => Math.ceil(x - EPSILON);

const bounded = (n: number, floor: number, max: number): number => Math.min(Math.max(n, floor), max);

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
