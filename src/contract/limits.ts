// AWS limits the config decoder enforces, as data, each with the source it was taken from.
// Used by src/contract/config.ts (value rules) and src/contract/names.ts (name rules).

// AWS's APIs take these numbers as 32-bit signed integers (e.g. ScalingPolicy cooldowns, ECR countNumber):
// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html
export const INT32_MAX = 2_147_483_647;

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html: "Tasks launched
// (count) per service", 5,000, not adjustable. The bound of every task count.
export const ECS_TASKS_PER_SERVICE_MAX = 5000;

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size:
// 1024 CPU units are one vCPU; memory is in MiB.
export const CPU_UNITS_PER_VCPU = 1024;
export const MIB_PER_GIB = 1024;

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html
// CPU units -> the memory sizes (MiB) Fargate accepts with them.
export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
};

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html
// Zones we know per region; in a region not listed, a zone is any "<region><letter>".
export const KNOWN_ZONES: Readonly<Record<string, readonly string[]>> = {
  "us-east-2": ["us-east-2a", "us-east-2b", "us-east-2c"],
};

// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer
export const MIN_LOAD_BALANCER_ZONES = 2;

// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html (VPC and subnet blocks: /16 to /28)
export const CIDR_PREFIX = { min: 16, max: 28 } as const;

// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
export const HEALTH_CHECK_INTERVAL_SECONDS = { min: 5, max: 300 } as const;
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_PathPatternConditionConfig.html
// The health path is also a listener rule's path pattern: at most 128 characters, and * ? are wildcards.
export const LISTENER_PATH_PATTERN_MAX = 128;

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
export const RDS_STORAGE_GB = { min: 20, max: 65536 } as const;
// BackupRetentionPeriod 0..35; 0 turns automated backups off, which this stack never allows.
export const RDS_BACKUP_RETENTION_DAYS = { min: 1, max: 35 } as const;
// Port: 1150..65535 for PostgreSQL on RDS.
export const RDS_POSTGRES_PORT = { min: 1150, max: 65535 } as const;
// rds.force_ssl is the default from PostgreSQL 15 on; the stack supports 15 and later.
export const POSTGRES_MIN_MAJOR = 15;
// https://www.postgresql.org/docs/current/manage-ag-templatedbs.html (names the server keeps for itself)
export const POSTGRES_RESERVED_DB_NAMES: readonly string[] = ["postgres", "template0", "template1"];

// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html: "If a time
// zone is not provided, UTC is used by default."
export const SCHEDULE_DEFAULT_TIMEZONE = "UTC";

// https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.1 (a path of 256 octets, so 254 for the address)
export const EMAIL_ADDRESS_MAX = 254;

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html
export const DYNAMODB_ATTRIBUTE_NAME_MAX = 255;

// https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html
export const CPU_TARGET_PERCENT = { min: 1, max: 100 } as const;

function steps(from: number, to: number, by: number): number[] {
  return Array.from({ length: (to - from) / by + 1 }, (_, i) => from + i * by);
}

// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html (memory in
// GiB, vCPU) for the classes the decoder accepts: the burstable, general-purpose and memory-optimized
// classes of the current generations that RDS for PostgreSQL offers. The connection budget
// (./connections.ts) and the data tier's alarm floors read them; a class not listed is refused by name.
export interface DbInstanceClass {
  readonly memoryGib: number;
  readonly vcpu: number;
  readonly burstable: boolean; // T classes: CPU credits, Unlimited mode on RDS
}

const classes = (family: string, burstable: boolean, sizes: Record<string, [number, number]>) =>
  Object.fromEntries(
    Object.entries(sizes).map(([size, [vcpu, memoryGib]]) => [`db.${family}.${size}`, { memoryGib, vcpu, burstable }]),
  );

const BURSTABLE_SIZES: Record<string, [number, number]> = {
  micro: [2, 1],
  small: [2, 2],
  medium: [2, 4],
  large: [2, 8],
  xlarge: [4, 16],
  "2xlarge": [8, 32],
};
const GENERAL_SIZES: Record<string, [number, number]> = {
  large: [2, 8],
  xlarge: [4, 16],
  "2xlarge": [8, 32],
  "4xlarge": [16, 64],
};
const MEMORY_SIZES: Record<string, [number, number]> = {
  large: [2, 16],
  xlarge: [4, 32],
  "2xlarge": [8, 64],
  "4xlarge": [16, 128],
};

export const DB_INSTANCE_CLASSES: Readonly<Record<string, DbInstanceClass>> = {
  ...classes("t3", true, BURSTABLE_SIZES),
  ...classes("t4g", true, BURSTABLE_SIZES),
  ...classes("m5", false, GENERAL_SIZES),
  ...classes("m6g", false, GENERAL_SIZES),
  ...classes("m7g", false, GENERAL_SIZES),
  ...classes("r5", false, MEMORY_SIZES),
  ...classes("r6g", false, MEMORY_SIZES),
  ...classes("r7g", false, MEMORY_SIZES),
};

// A class of the table, or undefined (never a member every object has, like "constructor").
export const instanceClassOf = (name: string): DbInstanceClass | undefined =>
  Object.hasOwn(DB_INSTANCE_CLASSES, name) ? DB_INSTANCE_CLASSES[name] : undefined;

// "db.t3/t4g.micro to 2xlarge, ...": the table in a line, families with the same sizes together.
export const describeInstanceClasses = (): string => {
  const sizesOf = new Map<string, string[]>();
  for (const name of Object.keys(DB_INSTANCE_CLASSES)) {
    const [, family = "", size = ""] = name.split(".");
    sizesOf.set(family, [...(sizesOf.get(family) ?? []), size]);
  }
  const families = new Map<string, string[]>();
  for (const [family, sizes] of sizesOf) {
    const range = `${sizes[0] ?? ""} to ${sizes[sizes.length - 1] ?? ""}`;
    families.set(range, [...(families.get(range) ?? []), family]);
  }
  return [...families].map(([range, names]) => `db.${names.join("/")}.${range}`).join(", ");
};

// gunicorn workers per task: at least one; 32 is far past what any Fargate size runs usefully
// (gunicorn's advice is 2-4 per core, and the largest task here has 16 vCPU).
export const WORKERS_PER_TASK = { min: 1, max: 32 } as const;

// PostgreSQL majors the stack accepts with RDS Proxy. AWS's list is
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.RDSProxy.html;
// the copy that could be read names 16 (its limitations page speaks of "RDS for PostgreSQL 16"), 15 and 17 are
// RDS's supported majors the proxy has been announced for, and 18 is refused until it is confirmed there
// (docs/evidence.md): a refusal here costs a config edit, an unsupported pair a failed `pulumi up`. AWS
// states no instance-class restriction for the proxy ("For DB instances that use smaller AWS instance
// classes, such as T2 or T3, using a proxy can help avoid out-of-memory conditions"), so none is checked.
export const RDS_PROXY_POSTGRES_MAJORS: readonly number[] = [15, 16, 17];
