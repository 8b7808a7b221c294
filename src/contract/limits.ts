// AWS limits the config decoder enforces, as data, each with the source it was taken from.
// Used by src/contract/config.ts (value rules) and src/contract/names.ts (name rules).

// AWS's APIs take these numbers as 32-bit signed integers (e.g. ScalingPolicy cooldowns, ECR countNumber):
// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html
export const INT32_MAX = 2_147_483_647;

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html: "Tasks launched
// (count) per service", 5,000, not adjustable. The bound of every task count.
export const ECS_TASKS_PER_SERVICE_MAX = 5000;

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
