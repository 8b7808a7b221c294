// The config contract's rules across keys: what no single value can break alone (subnets inside the VPC,
// min <= max, the fleet's peak within the database's connections, names that fit AWS's limits). Each rule
// says which keys it reads, so the decoder runs it whenever those keys are valid, beside every other problem
// of the same file (./config.ts).
import * as limits from "./limits";
import { contains, overlaps, parseCidr } from "./cidr";
import type {
  AlarmsConfig,
  Config,
  DatabaseConfig,
  Groups,
  NetworkConfig,
  ProjectFiles,
  ScalingConfig,
  ServiceConfig,
  TlsConfig,
} from "./config";
import { buildProblems } from "./build";
import { budgetProblem, connectionBudget } from "./connections";
import { type ConfigError, problem, SUFFIX_KEY } from "./errors";
import { checkedNames, nameProblem, type NameParts, resourceNames } from "./names";
import { healthTolerance, MAX_DRAIN_SECONDS, UNHEALTHY_THRESHOLD_RANGE } from "./tuning";

// A rule across keys: the keys it reads (a group's name reads all of it; "region" is aws:region) and the
// problems it finds in a config whose other values may be defaults standing in for refused ones.
export interface CrossRule {
  readonly reads: readonly string[];
  readonly problems: (c: Config, fallback: Groups) => ConfigError[];
}

export const crossRules = (files: ProjectFiles | undefined): readonly CrossRule[] => [
  { reads: ["network", "region"], problems: networkProblems },
  { reads: ["service.cpu", "service.memory"], problems: (c) => fargateSizeProblems(c.service) },
  { reads: ["service.build", "service.imageTag"], problems: (c) => buildProblems(c.service, files) },
  { reads: ["service.healthCheckIntervalSeconds"], problems: (c) => healthCheckProblems(c.service) },
  {
    reads: [
      "database.instanceClass",
      "scaling.maxTasks",
      "service.workers",
      "database.connectionsPerWorker",
      "database.proxy",
    ],
    problems: connectionBudgetProblems,
  },
  { reads: ["database.proxy", "database.engineVersion"], problems: (c) => proxyProblems(c.database) },
  {
    reads: ["database.allocatedStorageGb", "database.maxAllocatedStorageGb"],
    problems: (c) => storageAutoscalingProblems(c.database),
  },
  { reads: ["scaling.minTasks", "scaling.maxTasks"], problems: (c) => scalingRangeProblems(c.scaling) },
  { reads: ["scaling.schedules"], problems: (c) => scheduleProblems(c.scaling) },
  { reads: ["alarms.email"], problems: (c) => alarmProblems(c.alarms) },
  { reads: ["service.desiredCount", "scaling.minTasks", "scaling.maxTasks"], problems: desiredCountProblems },
  { reads: ["tls.certificateArn", "region"], problems: tlsProblems },
  {
    reads: [SUFFIX_KEY, "sessions.tableName", "service.containerPort", "database.engineVersion"],
    problems: derivedNameProblems,
  },
];

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

// A health check that drains a saturated task sooner than a new one can take its load turns a busy fleet
// into a failing one (see healthTolerance); one that waits longer than five minutes keeps a dead task.
const healthCheckProblems = (service: ServiceConfig): ConfigError[] => {
  const h = healthTolerance(service.healthCheckIntervalSeconds);
  return h.fits
    ? []
    : [
        problem(
          "service.healthCheckIntervalSeconds",
          service.healthCheckIntervalSeconds,
          `an interval at which ${UNHEALTHY_THRESHOLD_RANGE.min} to ${UNHEALTHY_THRESHOLD_RANGE.max} failed ` +
            `checks last at least the ${h.startToHealthySeconds} s a new task takes to turn healthy and at ` +
            `most ${MAX_DRAIN_SECONDS} s (about 15 to 75)`,
        ),
      ];
};

// The fleet at its peak must fit the database's connections (./connections.ts). The key to blame: the
// pool when it is configured, else the workers.
const connectionBudgetProblems = ({
  service,
  scaling,
  database,
}: {
  service: ServiceConfig;
  scaling: ScalingConfig;
  database: DatabaseConfig;
}): ConfigError[] => {
  const why = budgetProblem(
    connectionBudget({
      instanceClass: database.instanceClass,
      maxTasks: scaling.maxTasks,
      workers: service.workers,
      connectionsPerWorker: database.connectionsPerWorker,
      proxy: database.proxy,
    }),
  );
  if (why === undefined) return [];
  return database.connectionsPerWorker === undefined
    ? [problem("service.workers", service.workers, `a fleet that fits the database's connections: ${why}`)]
    : [
        problem(
          "database.connectionsPerWorker",
          database.connectionsPerWorker,
          `a fleet that fits the database's connections: ${why}`,
        ),
      ];
};

// What RDS Proxy supports (limits.ts, with the sources).
const proxyProblems = (database: DatabaseConfig): ConfigError[] =>
  database.proxy && !limits.RDS_PROXY_POSTGRES_MAJORS.includes(Number(database.engineVersion))
    ? [
        problem(
          "database.engineVersion",
          database.engineVersion,
          `a PostgreSQL major RDS Proxy supports when database.proxy is on (${limits.RDS_PROXY_POSTGRES_MAJORS.join(", ")})`,
        ),
      ]
    : [];

// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html: the maximum storage
// threshold must be at least 10 % more than the allocated storage ("Invalid max storage size" otherwise).
const STORAGE_AUTOSCALING_MIN_HEADROOM_PERCENT = 10;

const storageAutoscalingProblems = (database: DatabaseConfig): ConfigError[] => {
  const least = Math.ceil((database.allocatedStorageGb * (100 + STORAGE_AUTOSCALING_MIN_HEADROOM_PERCENT)) / 100);
  return database.maxAllocatedStorageGb === undefined || database.maxAllocatedStorageGb >= least
    ? []
    : [
        problem(
          "database.maxAllocatedStorageGb",
          database.maxAllocatedStorageGb,
          `at least 10 % more than database.allocatedStorageGb (${database.allocatedStorageGb}): ${least} or more`,
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

// A derived name that breaks its AWS rule blames the key that breaks it: the port or the engine version
// when the name would fit with that value at its default (tg-65535-<suffix>), else the key that makes the
// name (the suffix, or the table name).
const derivedNameProblems = (c: Config, fallback: Groups): ConfigError[] => {
  const parts: NameParts = {
    suffix: c.environmentSuffix,
    sessionsTableName: c.sessions.tableName,
    containerPort: c.service.containerPort,
    engineVersion: c.database.engineVersion,
  };
  const standIns = [
    {
      key: "service.containerPort",
      value: c.service.containerPort,
      parts: { ...parts, containerPort: fallback.service.containerPort },
    },
    {
      key: "database.engineVersion",
      value: c.database.engineVersion,
      parts: { ...parts, engineVersion: fallback.database.engineVersion },
    },
  ];
  const fits = (n: ReturnType<typeof checkedNames>[number] | undefined) =>
    n !== undefined && nameProblem(n.name, n.rule) === undefined;
  return checkedNames(resourceNames(parts)).flatMap(({ key, name, rule }, i) => {
    const broken = nameProblem(name, rule);
    if (broken === undefined) return [];
    const culprit = standIns.find((s) => fits(checkedNames(resourceNames(s.parts))[i])) ?? {
      key,
      value: key === SUFFIX_KEY ? c.environmentSuffix : c.sessions.tableName,
    };
    const expected =
      broken === "length"
        ? `a value that keeps the ${rule.what} "${name}" within ${rule.maxLength} characters`
        : `a value that makes the ${rule.what} "${name}" valid (${rule.allowed})`;
    return [problem(culprit.key, culprit.value, expected)];
  });
};

// "1024 to 4096 in steps of 1024" for an even ladder, else the list.
const describeSizes = (sizes: readonly number[]): string => {
  const [first, second] = sizes;
  const last = sizes[sizes.length - 1];
  if (first === undefined || second === undefined || last === undefined) return sizes.join(", ");
  const step = second - first;
  const even = sizes.every((s, i) => s === first + i * step);
  return even && sizes.length > 3 ? `${first} to ${last} in steps of ${step}` : sizes.join(", ");
};
