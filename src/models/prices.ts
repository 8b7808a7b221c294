// On-demand list prices, in USD, for every billable thing the stack creates in us-east-2 (US East, Ohio).
// Pure data: the cost model (./cost.ts) multiplies these by hours, gigabytes and requests. Each price
// names the AWS pricing page it belongs to and the date it was read; a comment says how it was checked.
//
// How these were read: AWS renders most regional rates on its pricing pages from a script, so stored
// copies of those pages rarely carry the Ohio figure in text. Where a figure could not be seen for
// us-east-2 itself, the us-east-1 figure is used and the comment says so: AWS prices us-east-1 and
// us-east-2 alike for every service here. Free tiers are never applied (a stack shares them with the
// rest of the account); where the pricing rule itself has a free amount (RDS backups), cost.ts applies it.

// ---- types ----

export interface Price {
  readonly usd: number;
  readonly unit: string;
  readonly source: string; // the AWS pricing page
  readonly read: string; // the date the figure was read (or the date on the copy that was read)
}

export interface MultiAzPrice {
  readonly singleAz: Price;
  readonly multiAz: Price;
}

// AWS bills a month as 730 hours (8,760 / 12) in its pricing examples.
export const HOURS_PER_MONTH = 730;

// ---- Amazon VPC ----

const VPC_PRICING = "https://aws.amazon.com/vpc/pricing/";

// The VPC pricing page's own NAT gateway example is priced in US East (Ohio): $0.045 an hour and $0.045
// per GB processed (transcription of the page read 2026-09-20).
export const NAT_GATEWAY_HOUR: Price = {
  usd: 0.045,
  unit: "NAT gateway-hour",
  source: VPC_PRICING,
  read: "2026-09-20",
};

export const NAT_GATEWAY_GB: Price = {
  usd: 0.045,
  unit: "GB processed by a NAT gateway (either direction)",
  source: VPC_PRICING,
  read: "2026-09-20",
};

// Charged on every public IPv4 address, in use or idle, since 2024-02-01, at one rate in every commercial
// region: the NAT gateways' Elastic IPs and each node of an internet-facing load balancer.
// https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/
export const PUBLIC_IPV4_HOUR: Price = {
  usd: 0.005,
  unit: "public IPv4 address-hour",
  source: VPC_PRICING,
  read: "2026-11-27",
};

// ---- Elastic Load Balancing ----

const ELB_PRICING = "https://aws.amazon.com/elasticloadbalancing/pricing/";

// The page's worked examples (us-east-1), transcription read 2026-09-20; a public price-list extract
// ("$0.0225 per Application LoadBalancer-hour", "$0.008 per used Application load balancer capacity
// unit-hour") agrees. No Ohio-specific figure was visible.
export const ALB_HOUR: Price = {
  usd: 0.0225,
  unit: "Application Load Balancer-hour",
  source: ELB_PRICING,
  read: "2026-09-20",
};

export const ALB_LCU_HOUR: Price = {
  usd: 0.008,
  unit: "LCU-hour (25 new conn/s, 3,000 active conn/min, 1 GB/h to targets, 1,000 rule evaluations/s)",
  source: ELB_PRICING,
  read: "2026-09-20",
};

// ---- AWS Fargate (Linux/x86, on demand) ----

const FARGATE_PRICING = "https://aws.amazon.com/fargate/pricing/";

// The us-east-2 row of a per-region table extracted from this page (github.com/theuves/fgcalc,
// src/utils/data.js): $0.04048 per vCPU-hour and $0.004445 per GB-hour, the same as us-east-1.
export const FARGATE_VCPU_HOUR: Price = {
  usd: 0.04048,
  unit: "vCPU-hour (Linux/x86)",
  source: FARGATE_PRICING,
  read: "2026-11-27",
};

export const FARGATE_GB_HOUR: Price = {
  usd: 0.004445,
  unit: "GB of memory-hour (Linux/x86)",
  source: FARGATE_PRICING,
  read: "2026-11-27",
};

// ---- Amazon RDS for PostgreSQL ----

const RDS_POSTGRES_PRICING = "https://aws.amazon.com/rds/postgresql/pricing/";

const rdsHour = (singleAz: number): MultiAzPrice => ({
  singleAz: { usd: singleAz, unit: "Single-AZ DB instance-hour", source: RDS_POSTGRES_PRICING, read: "2026-11-27" },
  // A Multi-AZ instance bills the primary and its standby, and the page lists it at twice the Single-AZ
  // rate for these classes: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_OnDemandDBInstances.html
  multiAz: { usd: 2 * singleAz, unit: "Multi-AZ DB instance-hour", source: RDS_POSTGRES_PRICING, read: "2026-11-27" },
});

// us-east-1 figures: db.t3.micro from the AWS Price List API (SKU TGN7QDJF2AGFU9XA, "USD 0.018 per
// db.t3.micro Single-AZ instance hour (or partial hour) running PostgreSQL", effective 2026-03-01); the
// others from two independent us-east-1 tables of 2026 that agree with each other and with the Price List
// wherever both show a class (db.t3.micro $0.018, db.m7g.xlarge $0.337). db.t4g.* Multi-AZ rates are shown
// as exactly double on infratally.com. No us-east-2 RDS figure could be read directly. A class missing
// here is reported by the cost model as "no price for <class>", never priced at zero.
export const RDS_INSTANCE_HOUR: Readonly<Record<string, MultiAzPrice>> = {
  "db.t3.micro": rdsHour(0.018),
  "db.t3.small": rdsHour(0.036),
  "db.t3.medium": rdsHour(0.072),
  "db.t4g.micro": rdsHour(0.016),
  "db.t4g.small": rdsHour(0.032),
  "db.t4g.medium": rdsHour(0.065),
  "db.m7g.large": rdsHour(0.168),
};

// gp3 includes 3,000 IOPS and 125 MB/s; a Multi-AZ instance pays for the standby's copy too.
export const RDS_GP3_GB_MONTH: MultiAzPrice = {
  singleAz: {
    usd: 0.115,
    unit: "GB-month of gp3 storage, Single-AZ",
    source: RDS_POSTGRES_PRICING,
    read: "2026-11-27",
  },
  multiAz: { usd: 0.23, unit: "GB-month of gp3 storage, Multi-AZ", source: RDS_POSTGRES_PRICING, read: "2026-11-27" },
};

// Automated backups are free up to 100% of the provisioned storage of the region's instances; past that:
export const RDS_BACKUP_GB_MONTH: Price = {
  usd: 0.095,
  unit: "GB-month of backup storage beyond 100% of provisioned storage",
  source: RDS_POSTGRES_PRICING,
  read: "2026-11-27",
};

// RDS Proxy bills each vCPU of the database instance behind it, with a minimum of two vCPUs: "$0.015 per
// vCPU-hour" in US East (Ohio), read on https://aws.amazon.com/rds/proxy/pricing/ as quoted by two independent
// 2026 write-ups (the page renders its figures from a script; no copy of the figure itself could be read).
export const RDS_PROXY_VCPU_HOUR: Price = {
  usd: 0.015,
  unit: "vCPU-hour of the database behind the proxy",
  source: "https://aws.amazon.com/rds/proxy/pricing/",
  read: "2026-12-07",
};
export const RDS_PROXY_MIN_VCPUS = 2;

// ---- Amazon DynamoDB (on-demand) ----

const DYNAMODB_PRICING = "https://aws.amazon.com/dynamodb/pricing/on-demand/";

// Rates after the November 2024 on-demand price cut (us-east-1 on the page and in two 2025-2026 write-ups).
export const DYNAMODB_WRITE_MILLION: Price = {
  usd: 0.625,
  unit: "million write request units",
  source: DYNAMODB_PRICING,
  read: "2026-11-27",
};

export const DYNAMODB_READ_MILLION: Price = {
  usd: 0.125,
  unit: "million read request units",
  source: DYNAMODB_PRICING,
  read: "2026-11-27",
};

// The first 25 GB a month are free per account and region; not applied (see the header).
export const DYNAMODB_STORAGE_GB_MONTH: Price = {
  usd: 0.25,
  unit: "GB-month of table storage (Standard table class)",
  source: DYNAMODB_PRICING,
  read: "2026-11-27",
};

// Billed on the size of the table, whatever the recovery window.
export const DYNAMODB_PITR_GB_MONTH: Price = {
  usd: 0.2,
  unit: "GB-month of continuous backups (point-in-time recovery)",
  source: DYNAMODB_PRICING,
  read: "2026-11-27",
};

// ---- Amazon ECR ----

export const ECR_STORAGE_GB_MONTH: Price = {
  usd: 0.1,
  unit: "GB-month of private repository storage",
  source: "https://aws.amazon.com/ecr/pricing/",
  read: "2026-11-27",
};

// ---- Amazon CloudWatch ----

const CLOUDWATCH_PRICING = "https://aws.amazon.com/cloudwatch/pricing/";

export const LOGS_INGEST_GB: Price = {
  usd: 0.5,
  unit: "GB of custom log data ingested (Standard log class)",
  source: CLOUDWATCH_PRICING,
  read: "2026-11-27",
};

export const LOGS_STORAGE_GB_MONTH: Price = {
  usd: 0.03,
  unit: "GB-month of archived log data",
  source: CLOUDWATCH_PRICING,
  read: "2026-11-27",
};

// VPC flow logs are "vended logs", priced on delivery by volume tier; this is the first 10 TB to
// CloudWatch Logs. The Ohio figure was not visible: a Tokyo copy of the page prices vended delivery to
// CloudWatch Logs exactly at that region's custom-log ingestion rate, and that rate is $0.50 here.
export const VENDED_LOGS_TO_CLOUDWATCH_GB: Price = {
  usd: 0.5,
  unit: "GB of vended logs delivered to CloudWatch Logs (first 10 TB a month)",
  source: CLOUDWATCH_PRICING,
  read: "2026-11-27",
};

// A metric-math alarm is billed per metric it reads, so one alarm over two metrics is two alarm metrics.
export const ALARM_METRIC_MONTH: Price = {
  usd: 0.1,
  unit: "standard-resolution (60 s) alarm metric-month",
  source: CLOUDWATCH_PRICING,
  read: "2026-11-27",
};

export const HIGH_RESOLUTION_ALARM_METRIC_MONTH: Price = {
  usd: 0.3,
  unit: "high-resolution (10 s) alarm metric-month",
  source: CLOUDWATCH_PRICING,
  read: "2026-11-27",
};

// The first 3 dashboards (up to 50 metrics each) are free per account; not applied (see the header).
export const DASHBOARD_MONTH: Price = {
  usd: 3,
  unit: "dashboard-month",
  source: CLOUDWATCH_PRICING,
  read: "2026-11-27",
};

// Container Insights (standard, not "enhanced observability") bills its metrics as custom metrics.
export const CUSTOM_METRIC_MONTH: Price = {
  usd: 0.3,
  unit: "custom metric-month (first 10,000 metrics)",
  source: CLOUDWATCH_PRICING,
  read: "2026-11-27",
};

// ---- Amazon SNS ----

const SNS_PRICING = "https://aws.amazon.com/sns/pricing/";

// The first million requests a month are free per account; not applied (see the header).
export const SNS_REQUESTS_MILLION: Price = {
  usd: 0.5,
  unit: "million API requests (publishes) to standard topics",
  source: SNS_PRICING,
  read: "2026-11-27",
};

export const SNS_EMAIL_100K: Price = {
  usd: 2,
  unit: "100,000 email or email-JSON notifications",
  source: SNS_PRICING,
  read: "2026-11-27",
};

// ---- Amazon S3 (the load balancer's access logs) ----

const S3_PRICING = "https://aws.amazon.com/s3/pricing/";

export const S3_STANDARD_GB_MONTH: Price = {
  usd: 0.023,
  unit: "GB-month of S3 Standard storage (first 50 TB)",
  source: S3_PRICING,
  read: "2026-11-27",
};

export const S3_PUT_1000: Price = {
  usd: 0.005,
  unit: "1,000 PUT, COPY, POST or LIST requests (S3 Standard)",
  source: S3_PRICING,
  read: "2026-11-27",
};

// ---- every price, for listings ----

// https://aws.amazon.com/kms/pricing/: "Each AWS KMS key that you create in AWS KMS costs $1/month
// (prorated hourly)"; with automatic rotation each new backing key adds $1/month (from its first rotation
// a year on: not counted here). One region-independent rate. The alarm topic's key, when alarms.email is set.
export const KMS_KEY_MONTH: Price = {
  usd: 1,
  unit: "key-month",
  source: "https://aws.amazon.com/kms/pricing/",
  read: "2026-11-27",
};

export const PRICES: Readonly<Record<string, Price>> = {
  NAT_GATEWAY_HOUR,
  NAT_GATEWAY_GB,
  PUBLIC_IPV4_HOUR,
  ALB_HOUR,
  ALB_LCU_HOUR,
  FARGATE_VCPU_HOUR,
  FARGATE_GB_HOUR,
  RDS_GP3_GB_MONTH_SINGLE_AZ: RDS_GP3_GB_MONTH.singleAz,
  RDS_GP3_GB_MONTH_MULTI_AZ: RDS_GP3_GB_MONTH.multiAz,
  RDS_BACKUP_GB_MONTH,
  RDS_PROXY_VCPU_HOUR,
  DYNAMODB_WRITE_MILLION,
  DYNAMODB_READ_MILLION,
  DYNAMODB_STORAGE_GB_MONTH,
  DYNAMODB_PITR_GB_MONTH,
  ECR_STORAGE_GB_MONTH,
  LOGS_INGEST_GB,
  LOGS_STORAGE_GB_MONTH,
  VENDED_LOGS_TO_CLOUDWATCH_GB,
  ALARM_METRIC_MONTH,
  HIGH_RESOLUTION_ALARM_METRIC_MONTH,
  DASHBOARD_MONTH,
  CUSTOM_METRIC_MONTH,
  KMS_KEY_MONTH,
  SNS_REQUESTS_MILLION,
  SNS_EMAIL_100K,
  S3_STANDARD_GB_MONTH,
  S3_PUT_1000,
};
