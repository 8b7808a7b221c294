// The config contract's leaf codecs: each constrained value is a named refinement whose name reads as the
// expectation in an error message ("an integer from 1 to 5000"). Pulumi hands values over as text
// ("12", "true"), so the number and switch codecs accept both spellings. Used by ./config.ts's groups and
// ./build.ts.
import * as E from "fp-ts/Either";
import { pipe } from "fp-ts/function";
import * as t from "io-ts";

import { parseCidr } from "./cidr";
import * as limits from "./limits";
import { NAME_RULES, nameProblem } from "./names";
import { isTimeZone, scheduleProblem } from "./schedule";
import { SESSION_KEY } from "./tuning";

// Each constrained value is a named refinement whose name reads as the expectation in error messages.

// A refinement that may also say what is wrong with this value: "<rule> (<reason>)". A problem of ""
// has no more to say than the rule.
export const refineWithReason = <A>(
  base: t.Type<A, unknown>,
  problemOf: (a: A) => string | undefined,
  name: string,
): t.Type<A, unknown> =>
  new t.Type<A, unknown>(
    name,
    (u): u is A => base.is(u) && problemOf(u) === undefined,
    (u, c) =>
      pipe(
        base.validate(u, c),
        E.chain((a) => {
          const reason = problemOf(a);
          if (reason === undefined) return t.success(a);
          return t.failure(u, c, reason === "" ? undefined : `${name} (${reason})`);
        }),
      ),
    base.encode,
  );

export const refine = <A>(base: t.Type<A, unknown>, ok: (a: A) => boolean, name: string): t.Type<A, unknown> =>
  refineWithReason(base, (a) => (ok(a) ? undefined : ""), name);

// Pulumi hands `--path` values over as strings ("12", "true"); accept both spellings of numbers and booleans.
export const Integer = new t.Type<number, unknown>(
  "an integer",
  (u): u is number => Number.isInteger(u),
  (u, c) =>
    Number.isInteger(u)
      ? t.success(u as number)
      : typeof u === "string" && /^-?\d+$/.test(u.trim())
        ? t.success(Number(u))
        : t.failure(u, c),
  (n) => n,
);

export const Numeric = new t.Type<number, unknown>(
  "a number",
  (u): u is number => typeof u === "number" && Number.isFinite(u),
  (u, c) =>
    typeof u === "number" && Number.isFinite(u)
      ? t.success(u)
      : typeof u === "string" && u.trim() !== "" && Number.isFinite(Number(u))
        ? t.success(Number(u))
        : t.failure(u, c),
  (n) => n,
);

export const Bool = new t.Type<boolean, unknown>(
  "true or false",
  t.boolean.is,
  (u, c) =>
    typeof u === "boolean" ? t.success(u) : u === "true" || u === "false" ? t.success(u === "true") : t.failure(u, c),
  (b) => b,
);

// YAML reads `engineVersion: 17` and `imageTag: 20241125` as numbers; they are text to AWS.
export const Text = new t.Type<string, unknown>(
  "text",
  t.string.is,
  (u, c) => (typeof u === "string" ? t.success(u) : typeof u === "number" ? t.success(String(u)) : t.failure(u, c)),
  (s) => s,
);

export const intBetween = (min: number, max: number) =>
  refine(Integer, (n) => n >= min && n <= max, `an integer from ${min} to ${max}`);

// AWS's APIs take 32-bit integers: a bigger number passes no AWS call, so the decoder stops it here.
export const intAtLeast = (min: number) => intBetween(min, limits.INT32_MAX);

export const TaskCount = intBetween(1, limits.ECS_TASKS_PER_SERVICE_MAX);

export const matching = (pattern: RegExp, name: string) => refine(Text, (s) => pattern.test(s), name);

export const EnvironmentSuffix = matching(
  /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
  "lowercase letters and digits joined by single hyphens, like dev or pr-123",
);

export const Region = matching(/^[a-z]{2}(?:-[a-z]+)+-\d$/, "an AWS region like us-east-2");

export const CidrBlock = refine(
  Text,
  (s) => {
    const cidr = parseCidr(s);
    return cidr !== undefined && cidr.prefix >= limits.CIDR_PREFIX.min && cidr.prefix <= limits.CIDR_PREFIX.max;
  },
  `an IPv4 CIDR block from /${limits.CIDR_PREFIX.min} to /${limits.CIDR_PREFIX.max} with no host bits set, like 10.0.0.0/16`,
);

export const ZoneName = matching(/^[a-z]{2}(?:-[a-z]+)+-\d[a-z]$/, "an availability zone like us-east-2a");

export const NatGateways = t.keyof({ perAz: null, single: null }, "perAz (one NAT gateway per zone) or single");

export const CpuUnits = refine(
  Integer,
  (n) => n in limits.FARGATE_MEMORY_BY_CPU,
  `Fargate CPU units: ${Object.keys(limits.FARGATE_MEMORY_BY_CPU).join(", ")}`,
);

export const ImageTag = matching(
  /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
  "an image tag: up to 128 letters, digits, _ . -, not starting with . or -",
);

// Also a listener rule's path pattern and part of the container's probe: no wildcards, no quotes.
export const HttpPath = refine(
  Text,
  (s) => s.length <= limits.LISTENER_PATH_PATTERN_MAX && /^\/[A-Za-z0-9_\-.$/~'@:+]*$/.test(s),
  `a URL path starting with /, at most ${limits.LISTENER_PATH_PATTERN_MAX} characters of letters, digits and _ - . $ / ~ ' @ : +`,
);

export const Percent = refine(
  Numeric,
  (n) => n >= limits.CPU_TARGET_PERCENT.min && n <= limits.CPU_TARGET_PERCENT.max,
  `a percentage from ${limits.CPU_TARGET_PERCENT.min} to ${limits.CPU_TARGET_PERCENT.max}`,
);

export const InstanceClass = refine(
  Text,
  (s) => limits.instanceClassOf(s) !== undefined,
  `an RDS instance class whose memory the connection budget knows (${limits.describeInstanceClasses()})`,
);

export const EngineVersion = refine(
  Text,
  // A major only: minor versions upgrade automatically, and AWS refuses a pinned minor once it has moved on.
  (s) => /^\d+$/.test(s) && Number(s) >= limits.POSTGRES_MIN_MAJOR,
  `a PostgreSQL major version, ${limits.POSTGRES_MIN_MAJOR} or later, like 17 (minor versions upgrade automatically)`,
);

export const DatabaseName = refine(
  Text,
  (s) => /^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(s) && !limits.POSTGRES_RESERVED_DB_NAMES.includes(s.toLowerCase()),
  `a PostgreSQL database name: a letter, then up to 62 letters, digits or underscores, not ${limits.POSTGRES_RESERVED_DB_NAMES.join(", ")}`,
);

export const SecretName = refine(
  Text,
  (s) => nameProblem(s, NAME_RULES.secret) === undefined,
  `a Secrets Manager secret name of ${NAME_RULES.secret.allowed}, at most ${NAME_RULES.secret.maxLength} characters`,
);

export const TableName = matching(
  /^[a-zA-Z0-9_.-]+$/,
  "a DynamoDB table name of letters, digits, underscores, dots and hyphens",
);

// DynamoDB expires only items whose TTL attribute is a Number; the key is a string, so it never would.
export const TtlAttributeName = refine(
  Text,
  (s) => s.length >= 1 && s.length <= limits.DYNAMODB_ATTRIBUTE_NAME_MAX && s !== SESSION_KEY,
  `a non-empty attribute name of at most ${limits.DYNAMODB_ATTRIBUTE_NAME_MAX} characters, not the table's key ${SESSION_KEY}`,
);

export const RetentionDays = refine(
  Integer,
  (n) => limits.LOG_RETENTION_DAYS.includes(n),
  `one of CloudWatch Logs' retention periods in days (${limits.LOG_RETENTION_DAYS.join(", ")})`,
);

export const CertificateArn = matching(
  /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
  "an ACM certificate ARN like arn:aws:acm:us-east-2:123456789012:certificate/<id>",
);

// A key that may be left out: absent means off (no default to fall back to).
export const optional = <A>(codec: t.Type<A, unknown>) =>
  new t.Type<A | undefined, unknown>(
    codec.name,
    (u): u is A | undefined => u === undefined || codec.is(u),
    (u, c) => (u === undefined ? t.success(undefined) : codec.validate(u, c)),
    (a) => a,
  );

// A key of a list item that may be left out for its default.
export const withDefault = <A>(codec: t.Type<A, unknown>, fallback: A) =>
  new t.Type<A, unknown>(
    codec.name,
    codec.is,
    (u, c) => (u === undefined ? t.success(fallback) : codec.validate(u, c)),
    (a) => a,
  );

// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html (Schedule)
export const ScheduleExpression = refineWithReason(
  Text,
  (s) => scheduleProblem(s),
  "an Application Auto Scaling schedule: at(yyyy-mm-ddThh:mm:ss), rate(n minutes, hours or days) or " +
    "cron(minutes hours day-of-month month day-of-week year) with ? in one of the two day fields",
);

export const TimeZone = refine(Text, isTimeZone, "an IANA time zone like UTC or America/New_York");

export const ScheduleName = matching(
  /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/,
  "a schedule name of up to 48 lowercase letters, digits and inner hyphens",
);

// Pre-scaling for a known sale: from `schedule` on, the service's task range is minTasks..maxTasks.
export const Schedule = t.type(
  {
    name: ScheduleName,
    schedule: ScheduleExpression,
    timezone: withDefault(TimeZone, limits.SCHEDULE_DEFAULT_TIMEZONE),
    minTasks: TaskCount,
    maxTasks: TaskCount,
  },
  "a schedule { name, schedule, timezone, minTasks, maxTasks }",
);
export type Schedule = t.TypeOf<typeof Schedule>;

export const EmailAddress = refine(
  Text,
  (s) => s.length <= limits.EMAIL_ADDRESS_MAX && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s),
  `an email address like ops@example.com (at most ${limits.EMAIL_ADDRESS_MAX} characters)`,
);

export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u);
