// The config contract (DESIGN.md): decodes a stack's raw `webapp:*` values into one typed, frozen
// Config, or reports every problem at once as ConfigError { key, value, rule }. Nothing else in the
// program reads Pulumi config; the defaults below are the mission's numbers.
import { sequenceS } from "fp-ts/Apply";
import * as E from "fp-ts/Either";
import { pipe } from "fp-ts/function";
import * as NEA from "fp-ts/NonEmptyArray";
import * as O from "fp-ts/Option";
import * as t from "io-ts";

import { contains, overlaps, parseCidr } from "./cidr";
import * as limits from "./limits";
import { SESSION_KEY } from "./tuning";
import { checkedNames, NAME_RULES, nameProblem, PROJECT, resourceNames } from "./names";

// ---- types ----

export interface ConfigError {
  readonly key: string; // the full config key, e.g. "webapp:scaling.minTasks"
  readonly value: unknown;
  readonly rule: string; // what was expected, in words
}

export type ConfigErrors = NEA.NonEmptyArray<ConfigError>;

// ---- codecs: leaf values ----
// Each constrained value is a named refinement whose name reads as the expectation in error messages.

// A refinement that may also say what is wrong with this value: "<rule> (<reason>)". A problem of ""
// has no more to say than the rule.
const refineWithReason = <A>(
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

const refine = <A>(base: t.Type<A, unknown>, ok: (a: A) => boolean, name: string): t.Type<A, unknown> =>
  refineWithReason(base, (a) => (ok(a) ? undefined : ""), name);

// Pulumi hands `--path` values over as strings ("12", "true"); accept both spellings of numbers and booleans.
const Integer = new t.Type<number, unknown>(
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

const Numeric = new t.Type<number, unknown>(
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

const Bool = new t.Type<boolean, unknown>(
  "true or false",
  t.boolean.is,
  (u, c) =>
    typeof u === "boolean" ? t.success(u) : u === "true" || u === "false" ? t.success(u === "true") : t.failure(u, c),
  (b) => b,
);

// YAML reads `engineVersion: 17` and `imageTag: 20241125` as numbers; they are text to AWS.
const Text = new t.Type<string, unknown>(
  "text",
  t.string.is,
  (u, c) => (typeof u === "string" ? t.success(u) : typeof u === "number" ? t.success(String(u)) : t.failure(u, c)),
  (s) => s,
);

const intBetween = (min: number, max: number) =>
  refine(Integer, (n) => n >= min && n <= max, `an integer from ${min} to ${max}`);

// AWS's APIs take 32-bit integers: a bigger number passes no AWS call, so the decoder stops it here.
const intAtLeast = (min: number) => intBetween(min, limits.INT32_MAX);

const TaskCount = intBetween(1, limits.ECS_TASKS_PER_SERVICE_MAX);

const matching = (pattern: RegExp, name: string) => refine(Text, (s) => pattern.test(s), name);

const EnvironmentSuffix = matching(
  /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
  "lowercase letters and digits joined by single hyphens, like dev or pr-123",
);

const Region = matching(/^[a-z]{2}(?:-[a-z]+)+-\d$/, "an AWS region like us-east-2");

const CidrBlock = refine(
  Text,
  (s) => {
    const cidr = parseCidr(s);
    return cidr !== undefined && cidr.prefix >= limits.CIDR_PREFIX.min && cidr.prefix <= limits.CIDR_PREFIX.max;
  },
  `an IPv4 CIDR block from /${limits.CIDR_PREFIX.min} to /${limits.CIDR_PREFIX.max} with no host bits set, like 10.0.0.0/16`,
);

const ZoneName = matching(/^[a-z]{2}(?:-[a-z]+)+-\d[a-z]$/, "an availability zone like us-east-2a");

const NatGateways = t.keyof({ perAz: null, single: null }, "perAz (one NAT gateway per zone) or single");

const CpuUnits = refine(
  Integer,
  (n) => n in limits.FARGATE_MEMORY_BY_CPU,
  `Fargate CPU units: ${Object.keys(limits.FARGATE_MEMORY_BY_CPU).join(", ")}`,
);

const ImageTag = matching(
  /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
  "an image tag: up to 128 letters, digits, _ . -, not starting with . or -",
);

// Also a listener rule's path pattern and part of the container's probe: no wildcards, no quotes.
const HttpPath = refine(
  Text,
  (s) => s.length <= limits.LISTENER_PATH_PATTERN_MAX && /^\/[A-Za-z0-9_\-.$/~'@:+]*$/.test(s),
  `a URL path starting with /, at most ${limits.LISTENER_PATH_PATTERN_MAX} characters of letters, digits and _ - . $ / ~ ' @ : +`,
);

const Percent = refine(
  Numeric,
  (n) => n >= limits.CPU_TARGET_PERCENT.min && n <= limits.CPU_TARGET_PERCENT.max,
  `a percentage from ${limits.CPU_TARGET_PERCENT.min} to ${limits.CPU_TARGET_PERCENT.max}`,
);

const InstanceClass = matching(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "an RDS instance class like db.t3.micro");

const EngineVersion = refine(
  Text,
  // A major only: minor versions upgrade automatically, and AWS refuses a pinned minor once it has moved on.
  (s) => /^\d+$/.test(s) && Number(s) >= limits.POSTGRES_MIN_MAJOR,
  `a PostgreSQL major version, ${limits.POSTGRES_MIN_MAJOR} or later, like 17 (minor versions upgrade automatically)`,
);

const DatabaseName = refine(
  Text,
  (s) => /^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(s) && !limits.POSTGRES_RESERVED_DB_NAMES.includes(s.toLowerCase()),
  `a PostgreSQL database name: a letter, then up to 62 letters, digits or underscores, not ${limits.POSTGRES_RESERVED_DB_NAMES.join(", ")}`,
);

const SecretName = refine(
  Text,
  (s) => nameProblem(s, NAME_RULES.secret) === undefined,
  `a Secrets Manager secret name of ${NAME_RULES.secret.allowed}, at most ${NAME_RULES.secret.maxLength} characters`,
);

const TableName = matching(
  /^[a-zA-Z0-9_.-]+$/,
  "a DynamoDB table name of letters, digits, underscores, dots and hyphens",
);

// DynamoDB expires only items whose TTL attribute is a Number; the key is a string, so it never would.
const TtlAttributeName = refine(
  Text,
  (s) => s.length >= 1 && s.length <= limits.DYNAMODB_ATTRIBUTE_NAME_MAX && s !== SESSION_KEY,
  `a non-empty attribute name of at most ${limits.DYNAMODB_ATTRIBUTE_NAME_MAX} characters, not the table's key ${SESSION_KEY}`,
);

const RetentionDays = refine(
  Integer,
  (n) => limits.LOG_RETENTION_DAYS.includes(n),
  `one of CloudWatch Logs' retention periods in days (${limits.LOG_RETENTION_DAYS.join(", ")})`,
);

const CertificateArn = matching(
  /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
  "an ACM certificate ARN like arn:aws:acm:us-east-2:123456789012:certificate/<id>",
);

// A key that may be left out: absent means off (no default to fall back to).
const optional = <A>(codec: t.Type<A, unknown>) =>
  new t.Type<A | undefined, unknown>(
    codec.name,
    (u): u is A | undefined => u === undefined || codec.is(u),
    (u, c) => (u === undefined ? t.success(undefined) : codec.validate(u, c)),
    (a) => a,
  );

// A key of a list item that may be left out for its default.
const withDefault = <A>(codec: t.Type<A, unknown>, fallback: A) =>
  new t.Type<A, unknown>(
    codec.name,
    codec.is,
    (u, c) => (u === undefined ? t.success(fallback) : codec.validate(u, c)),
    (a) => a,
  );

// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html (Schedule)
const ScheduleExpression = refineWithReason(
  Text,
  (s) => scheduleProblem(s),
  "an Application Auto Scaling schedule: at(yyyy-mm-ddThh:mm:ss) or cron(minutes hours day-of-month month day-of-week year) with ? in one of the two day fields",
);

const TimeZone = refine(Text, isTimeZone, "an IANA time zone like UTC or America/New_York");

const ScheduleName = matching(
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

const EmailAddress = refine(
  Text,
  (s) => s.length <= limits.EMAIL_ADDRESS_MAX && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s),
  `an email address like ops@example.com (at most ${limits.EMAIL_ADDRESS_MAX} characters)`,
);

// ---- codecs: the groups, and the Config they make ----

const group = <P extends t.Props>(props: P) =>
  t.type(props, `an object with the keys ${Object.keys(props).join(", ")}`);

export const NetworkConfig = group({
  cidr: CidrBlock,
  availabilityZones: t.array(ZoneName, "a list of availability zones"),
  publicSubnetCidrs: t.array(CidrBlock, "a list of CIDR blocks"),
  privateSubnetCidrs: t.array(CidrBlock, "a list of CIDR blocks"),
  natGateways: NatGateways,
});
export type NetworkConfig = t.TypeOf<typeof NetworkConfig>;

export const ServiceConfig = group({
  containerPort: intBetween(1, 65535),
  cpu: CpuUnits,
  memory: intAtLeast(1),
  desiredCount: TaskCount,
  imageTag: ImageTag,
  healthCheckPath: HttpPath,
  healthCheckIntervalSeconds: intBetween(
    limits.HEALTH_CHECK_INTERVAL_SECONDS.min,
    limits.HEALTH_CHECK_INTERVAL_SECONDS.max,
  ),
  waitForSteadyState: Bool,
});
export type ServiceConfig = t.TypeOf<typeof ServiceConfig>;

export const ScalingConfig = group({
  minTasks: TaskCount,
  maxTasks: TaskCount,
  cpuTargetPercent: Percent,
  cooldownSeconds: intAtLeast(0),
  // Scheduled actions on the same target: raise the floor before a sale, restore it after.
  schedules: t.array(Schedule, "a list of schedules"),
  // A second target-tracking policy on ALBRequestCountPerTarget (requests per task per minute); absent: off.
  requestsPerTarget: optional(intAtLeast(1)),
});
export type ScalingConfig = t.TypeOf<typeof ScalingConfig>;

export const DatabaseConfig = group({
  instanceClass: InstanceClass,
  engineVersion: EngineVersion,
  allocatedStorageGb: intBetween(limits.RDS_STORAGE_GB.min, limits.RDS_STORAGE_GB.max),
  backupRetentionDays: intBetween(limits.RDS_BACKUP_RETENTION_DAYS.min, limits.RDS_BACKUP_RETENTION_DAYS.max),
  name: DatabaseName,
  port: intBetween(limits.RDS_POSTGRES_PORT.min, limits.RDS_POSTGRES_PORT.max),
  credentialsSecretName: SecretName,
  multiAz: Bool,
  finalSnapshot: Bool,
});
export type DatabaseConfig = t.TypeOf<typeof DatabaseConfig>;

export const SessionsConfig = group({ tableName: TableName, ttlAttribute: TtlAttributeName });
export type SessionsConfig = t.TypeOf<typeof SessionsConfig>;

export const RegistryConfig = group({ keepImages: intAtLeast(1) });
export type RegistryConfig = t.TypeOf<typeof RegistryConfig>;

export const LogsConfig = group({ retentionDays: RetentionDays });
export type LogsConfig = t.TypeOf<typeof LogsConfig>;

export const AlarmsConfig = group({ email: t.array(EmailAddress, "a list of email addresses") });
export type AlarmsConfig = t.TypeOf<typeof AlarmsConfig>;

export const TlsConfig = t.partial({ certificateArn: CertificateArn }, "an object with the key certificateArn");
export type TlsConfig = t.TypeOf<typeof TlsConfig>;

const GROUPS = {
  network: NetworkConfig,
  service: ServiceConfig,
  scaling: ScalingConfig,
  database: DatabaseConfig,
  sessions: SessionsConfig,
  registry: RegistryConfig,
  logs: LogsConfig,
  alarms: AlarmsConfig,
  tls: TlsConfig,
};

type Groups = { readonly [G in keyof typeof GROUPS]: t.TypeOf<(typeof GROUPS)[G]> };

export interface Config extends Groups {
  readonly environmentSuffix: string;
  readonly region: string;
}

// ---- defaults: the mission's numbers ----

export const DEFAULT_REGION = "us-east-2";

export const defaults = (suffix: string): Groups => ({
  network: {
    cidr: "10.0.0.0/16",
    availabilityZones: ["us-east-2a", "us-east-2b"],
    publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24"],
    privateSubnetCidrs: ["10.0.3.0/24", "10.0.4.0/24"],
    natGateways: "perAz",
  },
  service: {
    containerPort: 5000,
    cpu: 512,
    memory: 1024,
    desiredCount: 2,
    imageTag: "latest",
    healthCheckPath: "/health",
    healthCheckIntervalSeconds: 30,
    // The repository is empty before the first image push: waiting on the first `pulumi up` would hang.
    waitForSteadyState: false,
  },
  scaling: {
    minTasks: 2,
    maxTasks: 10,
    cpuTargetPercent: 70,
    cooldownSeconds: 300,
    schedules: [],
    requestsPerTarget: undefined,
  },
  database: {
    instanceClass: "db.t3.micro",
    engineVersion: "17",
    allocatedStorageGb: 20,
    backupRetentionDays: 5,
    name: "webapp",
    port: 5432,
    credentialsSecretName: `webapp/${suffix}/db`,
    multiAz: false,
    // On for stacks that hold real data: destroy leaves a final snapshot and the automated backups.
    finalSnapshot: false,
  },
  sessions: { tableName: "user-sessions", ttlAttribute: "expiry" },
  registry: { keepImages: 5 },
  logs: { retentionDays: 7 },
  // Empty: alarms have no actions, and no topic or subscription exists.
  alarms: { email: [] },
  tls: {},
});

// ---- decoding ----

const REGION_KEY = "aws:region";
const SUFFIX_KEY = "environmentSuffix";

// Pulumi passes every value as a string; structured values (groups, lists) as JSON.
export const fromPulumiConfig = (all: Readonly<Record<string, string>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(all).map(([key, value]) => [key, parseStructured(value)]));

// `raw` maps full keys ("webapp:network", "aws:region") to values; `stack` is the default suffix.
export const decodeConfig = (raw: Readonly<Record<string, unknown>>, stack: string): E.Either<ConfigErrors, Config> => {
  const environmentSuffix = decodeValue(EnvironmentSuffix, fullKey(SUFFIX_KEY), raw[fullKey(SUFFIX_KEY)] ?? stack);
  const region = decodeValue(Region, REGION_KEY, raw[REGION_KEY] ?? DEFAULT_REGION);
  const fallback = defaults(
    pipe(
      environmentSuffix,
      E.getOrElse(() => stack),
    ),
  );
  const fields = {
    environmentSuffix,
    region,
    network: decodeGroup("network", raw, fallback),
    service: decodeGroup("service", raw, fallback),
    scaling: decodeGroup("scaling", raw, fallback),
    database: decodeGroup("database", raw, fallback),
    sessions: decodeGroup("sessions", raw, fallback),
    registry: decodeGroup("registry", raw, fallback),
    logs: decodeGroup("logs", raw, fallback),
    alarms: decodeGroup("alarms", raw, fallback),
    tls: decodeGroup("tls", raw, fallback),
  };
  const checks = [
    crossCheck(sequenceS(E.Apply)({ network: fields.network, region }), networkProblems),
    crossCheck(fields.service, fargateSizeProblems),
    crossCheck(fields.scaling, scalingRangeProblems),
    crossCheck(fields.scaling, scheduleProblems),
    crossCheck(fields.alarms, alarmProblems),
    crossCheck(sequenceS(E.Apply)({ service: fields.service, scaling: fields.scaling }), desiredCountProblems),
    crossCheck(sequenceS(E.Apply)({ tls: fields.tls, region }), tlsProblems),
    crossCheck(
      sequenceS(E.Apply)({
        environmentSuffix,
        sessions: fields.sessions,
        service: fields.service,
        database: fields.database,
      }),
      derivedNameProblems,
    ),
  ];
  return pipe(
    sequenceS(Validation)({
      unknownKeys: allowed(unknownKeys(raw)),
      config: sequenceS(Validation)(fields),
      crossChecks: allowed(checks.flat()),
    }),
    E.map(({ config }) => deepFreeze(config)),
  );
};

// Every key of the contract, as `pulumi config set --path` spells it (without the namespace).
export const configKeys = (): string[] => [
  SUFFIX_KEY,
  ...Object.entries(GROUPS).flatMap(([name, codec]) => Object.keys(codec.props).map((key) => `${name}.${key}`)),
];

// One line per problem: `webapp:scaling.minTasks: expected at most scaling.maxTasks (3), got 5`.
export const formatConfigError = (e: ConfigError): string => `${e.key}: expected ${e.rule}, got ${show(e.value)}`;

// ---- cross-field rules ----

const networkProblems = ({ network, region }: { network: NetworkConfig; region: string }): ConfigError[] => {
  const zones = network.availabilityZones;
  const known = limits.KNOWN_ZONES[region];
  const zoneRule = known
    ? `an availability zone of ${region} (${known.join(", ")})`
    : `an availability zone of ${region}, like ${region}a`;
  const inRegion = (zone: string) =>
    known ? known.includes(zone) : zone.startsWith(region) && zone.length === region.length + 1;
  const vpc = parseCidr(network.cidr);
  const subnets = (["publicSubnetCidrs", "privateSubnetCidrs"] as const).flatMap((list) =>
    network[list].map((text, i) => ({ key: `network.${list}[${i}]`, text, cidr: parseCidr(text) })),
  );
  return [
    ...(zones.length < limits.MIN_LOAD_BALANCER_ZONES
      ? [
          problem(
            "network.availabilityZones",
            zones,
            `at least ${limits.MIN_LOAD_BALANCER_ZONES} availability zones (a load balancer needs two)`,
          ),
        ]
      : []),
    ...zones.flatMap((zone, i) => [
      ...(inRegion(zone) ? [] : [problem(`network.availabilityZones[${i}]`, zone, zoneRule)]),
      ...(zones.indexOf(zone) < i
        ? [problem(`network.availabilityZones[${i}]`, zone, "a zone not listed before")]
        : []),
    ]),
    ...(["publicSubnetCidrs", "privateSubnetCidrs"] as const).flatMap((list) =>
      network[list].length === zones.length
        ? []
        : [problem(`network.${list}`, network[list], `one CIDR block per availability zone (${zones.length})`)],
    ),
    ...subnets.flatMap((s, i) => [
      ...(vpc && s.cidr && !contains(vpc, s.cidr)
        ? [problem(s.key, s.text, `a block inside network.cidr (${network.cidr})`)]
        : []),
      ...subnets
        .slice(0, i)
        .filter((earlier) => earlier.cidr && s.cidr && overlaps(earlier.cidr, s.cidr))
        .map((earlier) => problem(s.key, s.text, `a block that does not overlap ${earlier.key} (${earlier.text})`)),
    ]),
  ];
};

const fargateSizeProblems = (service: ServiceConfig): ConfigError[] => {
  const memories = limits.FARGATE_MEMORY_BY_CPU[service.cpu] ?? [];
  return memories.includes(service.memory)
    ? []
    : [
        problem(
          "service.memory",
          service.memory,
          `a memory size Fargate pairs with ${service.cpu} CPU units (${describeSizes(memories)} MiB)`,
        ),
      ];
};

const scalingRangeProblems = (scaling: ScalingConfig): ConfigError[] =>
  scaling.minTasks <= scaling.maxTasks
    ? []
    : [problem("scaling.minTasks", scaling.minTasks, `at most scaling.maxTasks (${scaling.maxTasks})`)];

const scheduleProblems = (scaling: ScalingConfig): ConfigError[] =>
  scaling.schedules.flatMap((s, i) => [
    ...(s.minTasks <= s.maxTasks
      ? []
      : [
          problem(
            `scaling.schedules[${i}].minTasks`,
            s.minTasks,
            `at most scaling.schedules[${i}].maxTasks (${s.maxTasks})`,
          ),
        ]),
    ...(scaling.schedules.findIndex((other) => other.name === s.name) < i
      ? [problem(`scaling.schedules[${i}].name`, s.name, "a name no other schedule has")]
      : []),
  ]);

const alarmProblems = (alarms: AlarmsConfig): ConfigError[] =>
  alarms.email.flatMap((address, i) =>
    alarms.email.indexOf(address) < i ? [problem(`alarms.email[${i}]`, address, "an address not listed before")] : [],
  );

// Only over a valid range: with min > max, the range's own problem says it all.
const desiredCountProblems = ({
  service,
  scaling,
}: {
  service: ServiceConfig;
  scaling: ScalingConfig;
}): ConfigError[] =>
  scaling.minTasks > scaling.maxTasks ||
  (service.desiredCount >= scaling.minTasks && service.desiredCount <= scaling.maxTasks)
    ? []
    : [
        problem(
          "service.desiredCount",
          service.desiredCount,
          `between scaling.minTasks (${scaling.minTasks}) and scaling.maxTasks (${scaling.maxTasks})`,
        ),
      ];

const tlsProblems = ({ tls, region }: { tls: TlsConfig; region: string }): ConfigError[] =>
  tls.certificateArn !== undefined && tls.certificateArn.split(":")[3] !== region
    ? [problem("tls.certificateArn", tls.certificateArn, `a certificate in the stack's region (${region})`)]
    : [];

const derivedNameProblems = ({
  environmentSuffix,
  sessions,
  service,
  database,
}: {
  environmentSuffix: string;
  sessions: SessionsConfig;
  service: ServiceConfig;
  database: DatabaseConfig;
}): ConfigError[] =>
  checkedNames(
    resourceNames({
      suffix: environmentSuffix,
      sessionsTableName: sessions.tableName,
      containerPort: service.containerPort,
      engineVersion: database.engineVersion,
    }),
  ).flatMap(({ key, name, rule }) => {
    const broken = nameProblem(name, rule);
    const value = key === SUFFIX_KEY ? environmentSuffix : sessions.tableName;
    const expected =
      broken === "length"
        ? `a value that keeps the ${rule.what} "${name}" within ${rule.maxLength} characters`
        : `a value that makes the ${rule.what} "${name}" valid (${rule.allowed})`;
    return broken === undefined ? [] : [problem(key, value, expected)];
  });

// ---- helpers ----

const Validation = E.getApplicativeValidation(NEA.getSemigroup<ConfigError>());

const fullKey = (path: string): string => `${PROJECT}:${path}`;

const problem = (path: string, value: unknown, rule: string): ConfigError => ({ key: fullKey(path), value, rule });

const allowed = (problems: ConfigError[]): E.Either<ConfigErrors, void> =>
  pipe(
    NEA.fromArray(problems),
    O.match(() => E.right(undefined), E.left),
  );

const crossCheck = <A>(inputs: E.Either<unknown, A>, rule: (a: A) => ConfigError[]): ConfigError[] =>
  pipe(
    inputs,
    E.match(() => [], rule),
  ); // a rule over values that failed to decode has nothing to add

const decodeValue = <A>(codec: t.Type<A, unknown>, key: string, value: unknown): E.Either<ConfigErrors, A> =>
  pipe(
    codec.decode(value),
    E.mapLeft((errors) => toConfigErrors(key, errors)),
  );

const decodeGroup = <G extends keyof typeof GROUPS>(
  name: G,
  raw: Readonly<Record<string, unknown>>,
  fallback: Groups,
): E.Either<ConfigErrors, Groups[G]> => {
  const given = raw[fullKey(name)];
  const value = given === undefined ? fallback[name] : isRecord(given) ? { ...fallback[name], ...given } : given;
  return decodeValue(GROUPS[name] as unknown as t.Type<Groups[G], unknown>, fullKey(name), value);
};

// io-ts reports a path of contexts; the last entry names the codec that failed, whose name is the rule.
const toConfigErrors = (key: string, errors: t.Errors): ConfigErrors => {
  const all = errors.map((e): ConfigError => {
    const path = e.context
      .slice(1)
      .map((c) => (/^\d+$/.test(c.key) ? `[${c.key}]` : `.${c.key}`))
      .join("");
    // A codec that knows what is wrong with this value says so (its message); otherwise its name is the rule.
    return {
      key: key + path,
      value: e.value,
      rule: e.message ?? e.context[e.context.length - 1]?.type.name ?? "a valid value",
    };
  });
  const firstPerKey = all.filter((e, i) => all.findIndex((other) => other.key === e.key) === i);
  return firstPerKey as ConfigErrors; // io-ts never fails with an empty list
};

const unknownKeys = (raw: Readonly<Record<string, unknown>>): ConfigError[] => {
  const known = [SUFFIX_KEY, ...Object.keys(GROUPS)];
  return Object.entries(raw)
    .filter(([key]) => key.startsWith(`${PROJECT}:`))
    .flatMap(([key, value]) => {
      const name = key.slice(PROJECT.length + 1);
      if (!known.includes(name)) return [{ key, value, rule: `a known key (${known.join(", ")})` }];
      const props = name in GROUPS ? GROUPS[name as keyof typeof GROUPS].props : {};
      return isRecord(value)
        ? [
            ...excessKeys(name, value, props),
            // A schedule's keys are checked too: a typo (timeZone) must not be dropped silently.
            ...(name === "scaling" && Array.isArray(value.schedules)
              ? value.schedules.flatMap((item: unknown, i) =>
                  isRecord(item) ? excessKeys(`scaling.schedules[${i}]`, item, Schedule.props) : [],
                )
              : []),
          ]
        : [];
    });
};

const excessKeys = (path: string, value: Record<string, unknown>, props: t.Props): ConfigError[] =>
  Object.entries(value)
    .filter(([inner]) => !(inner in props))
    .map(([inner, v]) => problem(`${path}.${inner}`, v, `a known key of ${path} (${Object.keys(props).join(", ")})`));

// Why a schedule expression is not one Application Auto Scaling takes, or undefined when it is.
// https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
const scheduleProblem = (expression: string): string | undefined => {
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
  const fields = /^cron\((.+)\)$/.exec(expression)?.[1]?.trim().split(/\s+/);
  if (fields?.length !== CRON_FIELDS.length) return "not at(...) or a six-field cron(...)";
  const broken = CRON_FIELDS.findIndex((field, i) => !cronFieldValid(field, fields[i] ?? ""));
  if (broken >= 0) return `bad ${CRON_FIELDS[broken]?.name ?? "field"}`;
  // Exactly one of day-of-month and day-of-week is "?".
  return (fields[2] === "?") !== (fields[4] === "?") ? undefined : "one of the day fields must be ?";
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
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

const parseStructured = (value: string): unknown => {
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value; // not JSON after all: the codec reports it as the wrong kind of value
  }
};

export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u);

// "1024 to 4096 in steps of 1024" for an even ladder, else the list.
const describeSizes = (sizes: readonly number[]): string => {
  const [first, second] = sizes;
  const last = sizes[sizes.length - 1];
  if (first === undefined || second === undefined || last === undefined) return sizes.join(", ");
  const step = second - first;
  const even = sizes.every((s, i) => s === first + i * step);
  return even && sizes.length > 3 ? `${first} to ${last} in steps of ${step}` : sizes.join(", ");
};

const show = (value: unknown): string => {
  if (value === undefined) return "nothing";
  const text = (JSON.stringify(value) as string | undefined) ?? typeof value; // JSON has no text for a function
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};
