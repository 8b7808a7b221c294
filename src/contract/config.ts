// The config contract (README, "Configuration reference"): decodes a stack's raw `webapp:*` values into one typed,
// frozen Config, or reports every problem of the file at once as ConfigError { key, value, rule }: each
// value's own, every rule across keys whose keys are valid (./rules.ts), and every unknown key with the key
// probably meant. Nothing else in the program reads Pulumi config; the defaults below are the mission's
// numbers.
import * as E from "fp-ts/Either";
import { pipe } from "fp-ts/function";
import * as NEA from "fp-ts/NonEmptyArray";
import * as O from "fp-ts/Option";
import { sequenceS } from "fp-ts/Apply";
import * as t from "io-ts";

import { Build } from "./build";
import {
  Bool,
  CertificateArn,
  CidrBlock,
  CpuUnits,
  DatabaseName,
  EmailAddress,
  EngineVersion,
  EnvironmentSuffix,
  HttpPath,
  ImageTag,
  InstanceClass,
  intAtLeast,
  intBetween,
  isRecord,
  NatGateways,
  Numeric,
  optional,
  Percent,
  refine,
  Region,
  RetentionDays,
  Schedule,
  SecretName,
  TableName,
  TaskCount,
  TtlAttributeName,
  ZoneName,
} from "./codecs";
import { type ConfigError, type ConfigErrors, fullKey, problem, REGION_KEY, SUFFIX_KEY } from "./errors";
import * as limits from "./limits";
import { PROJECT } from "./names";
import { crossRules } from "./rules";

export {
  BUILD_CACHE_TAG,
  BUILD_PLATFORMS,
  type BuildConfig,
  type BuildPlatform,
  DEFAULT_BUILD_PLATFORM,
} from "./build";
export { isRecord, Schedule } from "./codecs";
export { type ConfigError, type ConfigErrors, formatConfigError } from "./errors";

// What the decoder may ask about the project's files: whether a path relative to the project directory is
// a folder or a file. src/contract/files.ts answers from the disk (src/main.ts and the plan pass it);
// without it, as in the builder tests, the two file rules of service.build are not checked.
export interface ProjectFiles {
  readonly kindOf: (path: string) => "directory" | "file" | undefined;
}

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
  // Build the image from this folder and run it by digest; absent: run <repository>:<imageTag> as pushed.
  build: optional(Build),
  // gunicorn workers per task: the container's WEB_CONCURRENCY, and a factor of the connection budget.
  workers: intBetween(limits.WORKERS_PER_TASK.min, limits.WORKERS_PER_TASK.max),
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
  // The most connections one gunicorn worker holds (DB_POOL_SIZE); absent: computed from the budget.
  connectionsPerWorker: optional(intAtLeast(1)),
  // An RDS Proxy between the tasks and the database: client connections multiplexed onto its pool.
  proxy: Bool,
  // Modifications of the database apply during `pulumi up` (true) or wait for its maintenance window.
  applyImmediately: Bool,
  // Storage autoscaling's ceiling in GiB: RDS grows the storage up to it when it runs low; absent: off.
  maxAllocatedStorageGb: optional(intBetween(limits.RDS_STORAGE_GB.min, limits.RDS_STORAGE_GB.max)),
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

// What the account allows, where the stack cannot read it offline: the Fargate vCPU quota (L-3032A538).
export const AccountConfig = t.partial(
  { fargateVcpuQuota: optional(refine(Numeric, (n) => n > 0, "a positive number of vCPUs")) },
  "an object with the key fargateVcpuQuota",
);
export type AccountConfig = t.TypeOf<typeof AccountConfig>;

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
  account: AccountConfig,
};

export type Groups = { readonly [G in keyof typeof GROUPS]: t.TypeOf<(typeof GROUPS)[G]> };

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
    // No build: the image is pushed by hand or by CI (README, "Deploying for real").
    build: undefined,
    // Two sync workers for half a vCPU: one request each at a time, one database connection each.
    workers: 2,
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
    connectionsPerWorker: undefined,
    proxy: false,
    // What `pulumi up` promises, it does: a class, storage or version change is made during the update
    // (with its downtime), not queued for days to the maintenance window.
    applyImmediately: true,
    maxAllocatedStorageGb: undefined,
  },
  sessions: { tableName: "user-sessions", ttlAttribute: "expiry" },
  registry: { keepImages: 5 },
  logs: { retentionDays: 7 },
  // Empty: alarms have no actions, and no topic or subscription exists.
  alarms: { email: [] },
  tls: {},
  account: {},
});

// ---- decoding ----

// Pulumi passes every value as a string; structured values (groups, lists) as JSON.
export const fromPulumiConfig = (all: Readonly<Record<string, string>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(all).map(([key, value]) => [key, parseStructured(value)]));

// `raw` maps full keys ("webapp:network", "aws:region") to values; `stack` is the default suffix; `files`
// answers the rules that look at the project's files (service.build), which are skipped without it.
// Every problem of the file comes back at once: each refused value, each unknown key, and each rule across
// keys whose keys are all valid (judged with defaults standing in for the refused values it does not read).
export const decodeConfig = (
  raw: Readonly<Record<string, unknown>>,
  stack: string,
  files?: ProjectFiles,
): E.Either<ConfigErrors, Config> => {
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
    account: decodeGroup("account", raw, fallback),
  };
  const refused = Object.values(fields).flatMap((field) => (E.isLeft(field) ? field.left.map(keyOf) : []));
  const standIn = standInConfig(raw, stack, fallback);
  const acrossKeys = crossRules(files)
    .filter((rule) => !rule.reads.some((read) => refused.some((key) => overlapping(read, key))))
    .flatMap((rule) => rule.problems(standIn, fallback));
  return pipe(
    sequenceS(Validation)({
      unknownKeys: allowed(unknownKeys(raw)),
      config: sequenceS(Validation)(fields),
      acrossKeys: allowed(acrossKeys),
    }),
    E.map(({ config }) => deepFreeze(config)),
  );
};

// Every key of the contract, as `pulumi config set --path` spells it (without the namespace).
export const configKeys = (): string[] => [
  SUFFIX_KEY,
  ...Object.entries(GROUPS).flatMap(([name, codec]) => Object.keys(codec.props).map((key) => `${name}.${key}`)),
];

// ---- helpers ----

const Validation = E.getApplicativeValidation(NEA.getSemigroup<ConfigError>());

const allowed = (problems: ConfigError[]): E.Either<ConfigErrors, void> =>
  pipe(
    NEA.fromArray(problems),
    O.match(() => E.right(undefined), E.left),
  );

const decodeValue = <A>(codec: t.Type<A, unknown>, key: string, value: unknown): E.Either<ConfigErrors, A> =>
  pipe(
    codec.decode(value),
    E.mapLeft((errors) => toConfigErrors(key, errors)),
  );

// A group as given, over its defaults (a key left out keeps its default).
const givenGroup = (name: keyof typeof GROUPS, raw: Readonly<Record<string, unknown>>, fallback: Groups): unknown => {
  const given = raw[fullKey(name)];
  return given === undefined ? fallback[name] : isRecord(given) ? { ...fallback[name], ...given } : given;
};

const decodeGroup = <G extends keyof typeof GROUPS>(
  name: G,
  raw: Readonly<Record<string, unknown>>,
  fallback: Groups,
): E.Either<ConfigErrors, Groups[G]> =>
  decodeValue(GROUPS[name] as unknown as t.Type<Groups[G], unknown>, fullKey(name), givenGroup(name, raw, fallback));

// The config the rules across keys judge: every valid value as given, each refused one replaced by its
// default (a rule that reads a refused key does not run at all, see decodeConfig).
const standInConfig = (raw: Readonly<Record<string, unknown>>, stack: string, fallback: Groups): Config => {
  const valid = <A>(codec: t.Type<A, unknown>, value: unknown, otherwise: A): A =>
    pipe(
      codec.decode(value),
      E.getOrElse(() => otherwise),
    );
  const group = <G extends keyof typeof GROUPS>(name: G): Groups[G] => {
    const given = givenGroup(name, raw, fallback);
    if (!isRecord(given)) return fallback[name];
    const props = GROUPS[name].props as t.Props;
    const defaults = fallback[name] as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(props).map(([key, codec]) => [key, valid(codec, given[key], defaults[key])]),
    ) as Groups[G];
  };
  return {
    environmentSuffix: valid(EnvironmentSuffix, raw[fullKey(SUFFIX_KEY)] ?? stack, stack),
    region: valid(Region, raw[REGION_KEY] ?? DEFAULT_REGION, DEFAULT_REGION),
    network: group("network"),
    service: group("service"),
    scaling: group("scaling"),
    database: group("database"),
    sessions: group("sessions"),
    registry: group("registry"),
    logs: group("logs"),
    alarms: group("alarms"),
    tls: group("tls"),
    account: group("account"),
  };
};

// A problem's key as the rules name the keys they read: "scaling.minTasks", "region".
const keyOf = (e: ConfigError): string => (e.key === REGION_KEY ? "region" : e.key.slice(PROJECT.length + 1));

// Whether a key a rule reads is (part of) a refused key, or holds one: "network" and "network.cidr",
// "scaling.schedules" and "scaling.schedules[0].minTasks".
const overlapping = (read: string, refused: string): boolean =>
  [read, refused].some((a) => {
    const b = a === read ? refused : read;
    return a === b || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
  });

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
      if (!known.includes(name)) return [{ key, value, rule: `a known key ${knownKeysRule(name, known, "")}` }];
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
    .map(([inner, v]) =>
      problem(`${path}.${inner}`, v, `a known key of ${path} ${knownKeysRule(inner, Object.keys(props), `${path}.`)}`),
    );

// "(did you mean scaling.maxTasks?)" for a near miss; the keys it may be, otherwise.
const knownKeysRule = (given: string, known: readonly string[], prefix: string): string => {
  const meant = closest(given, known);
  return meant === undefined ? `(${known.join(", ")})` : `(did you mean ${prefix}${meant}?)`;
};

// The known key a typo most likely meant: the nearest by edits (a letter added, dropped, changed or two
// swapped; case ignored), if it is near enough to be a typo rather than another word.
const closest = (given: string, known: readonly string[]): string | undefined => {
  const ranked = known
    .map((key) => ({ key, distance: editDistance(given.toLowerCase(), key.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  const nearEnough = best !== undefined && best.distance <= Math.min(2, Math.floor(best.key.length / 3));
  return nearEnough && ranked[1]?.distance !== best.distance ? best.key : undefined;
};

// Optimal string alignment distance (Levenshtein with adjacent transpositions).
const editDistance = (a: string, b: string): number => {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
};

const parseStructured = (value: string): unknown => {
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value; // not JSON after all: the codec reports it as the wrong kind of value
  }
};

const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};
