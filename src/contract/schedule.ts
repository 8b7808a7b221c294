// Application Auto Scaling's schedule expressions, read as AWS reads them: at(...) once, cron(...) and
// rate(...) again and again. Used by the config contract (./codecs.ts) to refuse an expression AWS would
// refuse, with the reason.
// Why a schedule expression is not one Application Auto Scaling takes, or undefined when it is.
// https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
export const scheduleProblem = (expression: string): string | undefined => {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (at !== null) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    // Each field within its range (the year within the cron year field's); the day within its month.
    const lastDayOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const real =
      year >= CRON_YEAR.min &&
      year <= CRON_YEAR.max &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= lastDayOfMonth &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59;
    return real ? undefined : "no such date and time";
  }
  const rate = /^rate\((.*)\)$/.exec(expression)?.[1];
  if (rate !== undefined) return rateProblem(rate);
  const fields = /^cron\((.+)\)$/.exec(expression)?.[1]?.trim().split(/\s+/);
  if (fields?.length !== CRON_FIELDS.length) return "not at(...), rate(...) or a six-field cron(...)";
  const broken = CRON_FIELDS.findIndex((field, i) => !cronFieldValid(field, fields[i] ?? ""));
  if (broken >= 0) return `bad ${CRON_FIELDS[broken]?.name ?? "field"}`;
  // Exactly one of day-of-month and day-of-week is "?".
  return (fields[2] === "?") !== (fields[4] === "?") ? undefined : "one of the day fields must be ?";
};

// rate(value unit): a whole number of minutes, hours or days, the unit singular for 1 and plural above
// ("If the value is equal to 1, then the unit must be singular").
// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html
const rateProblem = (text: string): string | undefined => {
  const parts = /^(\d+) (minute|hour|day)(s?)$/.exec(text);
  if (parts === null) return "a rate is a whole number and minutes, hours or days";
  const [, count = "", , plural = ""] = parts;
  const value = Number(count);
  if (value < 1) return "a rate of at least 1";
  return (value === 1) === (plural === "") ? undefined : "the unit is singular for 1 and plural above";
};

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly words?: readonly string[]; // names that stand for 1..n
  readonly special?: RegExp; // what else the field takes (L, W, #, ?)
}

const CRON_YEAR: CronField = { name: "year", min: 1970, max: 2199 };

const CRON_FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, special: /^(?:\?|L|LW|\d{1,2}W)$/ },
  {
    name: "month",
    min: 1,
    max: 12,
    words: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  {
    name: "day-of-week",
    min: 1,
    max: 7,
    words: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    special: /^(?:\?|[1-7]L|[1-7]#[1-5])$/,
  },
  CRON_YEAR,
];

// A comma list of *, values, ranges a-b and steps x/n, each value within the field's bounds.
const cronFieldValid = (field: CronField, text: string): boolean =>
  text.split(",").every((item) => {
    if (field.special?.test(item) === true) return true;
    const [range = "", step] = item.split("/");
    if (step !== undefined && !/^\d+$/.test(step)) return false;
    if (range === "*") return true;
    const ends = range.split("-").map((v) => cronValue(field, v));
    return ends.length <= 2 && ends.every((v) => v !== undefined && v >= field.min && v <= field.max);
  });

const cronValue = (field: CronField, text: string): number | undefined => {
  const named = field.words?.indexOf(text.toUpperCase()) ?? -1;
  return named >= 0 ? named + 1 : /^\d+$/.test(text) ? Number(text) : undefined;
};

// An IANA zone name the runtime's time-zone database knows (it throws a RangeError for any other).
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}
