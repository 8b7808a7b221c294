// Where scheduled actions leave the service's task range. A scheduled action sets the scalable target's
// min..max when it runs, and nothing sets them back on its own: a schedule that lowers the floor for the
// night with none that raises it in the morning leaves it low for good, and so does a sale whose last
// action is not the configured range. Nor does `pulumi up`: Pulumi diffs the target against its saved
// state, which a scheduled action never changes, so a plain `up` sees nothing to do. The plan warns
// (src/plan/render.ts) and `--against` names the command that restores the range (./change-safety.ts).
// Input: the resources the program registers. Pure.

// ---- types ----

export interface ResourceLike {
  readonly type: string;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

// The scalable target as RegisterScalableTarget names it, and the range the stack configures.
export interface TargetRange {
  readonly serviceNamespace: string;
  readonly scalableDimension: string;
  readonly resourceId: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

export const TARGET = "aws:appautoscaling/target:Target";
export const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";

// ---- answers ----

// The one command that puts the configured range back on the live target: RegisterScalableTarget on a
// registered target updates its min and max in place.
// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html
// (`pulumi up --refresh` does too: the provider reads the live min..max, sees the drift and re-registers;
// hashicorp/terraform-provider-aws internal/service/appautoscaling/target.go, resourceTargetRead.)
export const restoreRangeCommand = (target: TargetRange, region: string | undefined): string =>
  [
    "aws application-autoscaling register-scalable-target",
    `--service-namespace ${target.serviceNamespace}`,
    `--scalable-dimension ${target.scalableDimension}`,
    `--resource-id ${target.resourceId}`,
    `--min-capacity ${target.minCapacity}`,
    `--max-capacity ${target.maxCapacity}`,
    ...(region === undefined ? [] : [`--region ${region}`]),
  ].join(" ");

// The target among the resources, with its configured range; undefined when there is none.
export const targetRange = (resources: readonly ResourceLike[]): TargetRange | undefined => {
  const target = resources.find((r) => r.type === TARGET);
  if (target === undefined) return undefined;
  const i = target.inputs;
  return {
    serviceNamespace: String(i.serviceNamespace),
    scalableDimension: String(i.scalableDimension),
    resourceId: String(i.resourceId),
    minCapacity: Number(i.minCapacity),
    maxCapacity: Number(i.maxCapacity),
  };
};

// One warning per way the schedules leave the range away from the configured one for good:
// - a recurring (cron) action moves the range, and no recurring action sets the configured range back;
// - the last one-off (at) action, in time, leaves another range, and no recurring action restores it.
export const scheduleRangeWarnings = (resources: readonly ResourceLike[], region: string | undefined): string[] => {
  const target = targetRange(resources);
  if (target === undefined) return [];
  const configured = { min: target.minCapacity, max: target.maxCapacity };
  const actions = resources.filter((r) => r.type === SCHEDULED_ACTION).map(scheduled);
  const restores = (a: Scheduled) => a.min === configured.min && a.max === configured.max;
  const recurring = actions.filter((a) => a.instant === undefined);
  const restoredDaily = recurring.some(restores);
  const fix =
    `or restore it by hand (a plain \`pulumi up\` does not: Pulumi compares the target with its ` +
    `saved state): ${restoreRangeCommand(target, region)}`;
  const range = `${configured.min}..${configured.max}`;
  const drifting = restoredDaily ? [] : recurring.filter((a) => !restores(a));
  const [last] = actions
    .filter((a): a is Scheduled & { instant: number } => a.instant !== undefined)
    .sort((a, b) => b.instant - a.instant);
  return [
    ...drifting.map(
      (a) =>
        `schedule ${a.name} (${a.schedule} ${a.timezone}) sets the task range to ${a.min}..${a.max} every time it runs, and no ` +
        `recurring schedule sets scaling.minTasks..maxTasks (${range}) back: after its first run the range stays ${a.min}..${a.max}. ` +
        `Add a recurring schedule with minTasks ${configured.min} and maxTasks ${configured.max}, ${fix}`,
    ),
    ...(last === undefined || restores(last) || restoredDaily
      ? []
      : [
          `the last one-off schedule, ${last.name} (${last.schedule} ${last.timezone}), leaves the task range ` +
            `at ${last.min}..${last.max}, ` +
            `not scaling.minTasks..maxTasks (${range}), and nothing moves it back. Add a later at(...) schedule with minTasks ` +
            `${configured.min} and maxTasks ${configured.max}, ${fix}`,
        ]),
  ];
};

// ---- helpers ----

interface Scheduled {
  readonly name: string;
  readonly schedule: string;
  readonly timezone: string;
  readonly min: number;
  readonly max: number;
  readonly instant: number | undefined; // epoch ms of a one-off at(...); undefined for a recurring cron(...)
}

const scheduled = (r: ResourceLike): Scheduled => {
  const action = (r.inputs.scalableTargetAction ?? {}) as { minCapacity?: unknown; maxCapacity?: unknown };
  const schedule = String(r.inputs.schedule);
  const timezone = typeof r.inputs.timezone === "string" ? r.inputs.timezone : "UTC";
  return {
    name: r.name,
    schedule,
    timezone,
    min: Number(action.minCapacity),
    max: Number(action.maxCapacity),
    instant: instantOf(schedule, timezone),
  };
};

// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html: an
// at(yyyy-mm-ddThh:mm:ss) runs once at that wall-clock time in the action's time zone.
const instantOf = (expression: string, timeZone: string): number | undefined => {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (at === null) return undefined;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = at.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // The zone's offset at that moment; asked twice, because the first guess may sit across a clock change.
  const offset = (t: number) => wallClock(t, timeZone) - t;
  return wall - offset(wall - offset(wall));
};

// The wall-clock time in a zone at an instant, as if that wall clock were UTC.
const wallClock = (t: number, timeZone: string): number => {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(t);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
};
