// The cost model's price rules, one per Pulumi type the stack creates: what each resource is billed for, from
// the list prices in ./prices.ts and the usage profile ./cost.ts passes, with the arithmetic in words. A type
// here is priced; a type in FREE costs nothing, with the reason; any other type is a problem line in the
// estimate, never a silent zero. Pure: no Pulumi, no I/O.
import type { Config } from "../contract/config";
import type { Area, PlannedResource, UsageProfile } from "./cost";
import { CPU_UNITS_PER_VCPU, instanceClassOf, MIB_PER_GIB } from "../contract/limits";
import {
  ALARM_METRIC_MONTH,
  ALB_HOUR,
  ALB_LCU_HOUR,
  CUSTOM_METRIC_MONTH,
  DASHBOARD_MONTH,
  KMS_KEY_MONTH,
  DYNAMODB_PITR_GB_MONTH,
  DYNAMODB_READ_MILLION,
  DYNAMODB_STORAGE_GB_MONTH,
  DYNAMODB_WRITE_MILLION,
  ECR_STORAGE_GB_MONTH,
  FARGATE_GB_HOUR,
  FARGATE_VCPU_HOUR,
  HIGH_RESOLUTION_ALARM_METRIC_MONTH,
  LOGS_INGEST_GB,
  LOGS_STORAGE_GB_MONTH,
  NAT_GATEWAY_GB,
  NAT_GATEWAY_HOUR,
  type Price,
  PUBLIC_IPV4_HOUR,
  RDS_BACKUP_GB_MONTH,
  RDS_GP3_GB_MONTH,
  RDS_INSTANCE_HOUR,
  RDS_PROXY_MIN_VCPUS,
  RDS_PROXY_VCPU_HOUR,
  S3_PUT_1000,
  S3_STANDARD_GB_MONTH,
  SNS_EMAIL_100K,
  SNS_REQUESTS_MILLION,
  VENDED_LOGS_TO_CLOUDWATCH_GB,
  HOURS_PER_MONTH,
} from "./prices";

const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

// Metrics that standard Container Insights publishes for a Fargate cluster, counted by dimension set from
// the metric table in https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
// (cluster: CPU, memory, network, storage and ephemeral-storage pairs plus ServiceCount and TaskCount;
// service: the same ten plus deployment, desired, pending, running and task-set counts; task family: the ten).
export const CONTAINER_INSIGHTS_METRICS = { perCluster: 12, perService: 15, perTaskFamily: 10 } as const;

// A target-tracking policy creates and owns two CloudWatch alarms (scale out, scale in), one if scale-in is
// off: https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html
const TARGET_TRACKING_ALARMS = 2;

// An Application Load Balancer writes one access-log object per node every 5 minutes:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html
const ACCESS_LOG_OBJECTS_PER_NODE_HOUR = 12;

// Types that cost nothing to have, each with the reason. Everything else must be priced below.
export const FREE: Readonly<Record<string, string>> = {
  "pulumi:providers:aws": "Pulumi's provider configuration, not an AWS resource",
  "pulumi:pulumi:Stack": "Pulumi's stack, not an AWS resource",
  "pulumi:providers:docker-build": "Pulumi's provider configuration, not an AWS resource",
  "docker-build:index:Image": "built on the deploying machine; what it pushes is priced as the repository's storage",
  "aws:ec2/vpc:Vpc": "no charge for a VPC",
  "aws:ec2/subnet:Subnet": "no charge for subnets",
  "aws:ec2/routeTable:RouteTable": "no charge for route tables",
  "aws:ec2/route:Route": "no charge for routes",
  "aws:ec2/routeTableAssociation:RouteTableAssociation": "no charge for route table associations",
  "aws:ec2/internetGateway:InternetGateway": "no charge for an internet gateway (data out is not modelled)",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "no charge for security groups",
  "aws:ec2/securityGroup:SecurityGroup": "no charge for security groups",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "no charge for security group rules",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "no charge for security group rules",
  "aws:iam/role:Role": "IAM is free",
  "aws:iam/rolePolicy:RolePolicy": "IAM is free",
  "aws:iam/policy:Policy": "IAM is free",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM is free",
  "aws:lb/targetGroup:TargetGroup": "billed through the load balancer's LCUs",
  "aws:lb/listener:Listener": "billed through the load balancer's LCUs",
  "aws:lb/listenerRule:ListenerRule": "rule evaluations are billed through the load balancer's LCUs",
  "aws:appautoscaling/target:Target": "no charge for Application Auto Scaling on ECS",
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": "no charge for lifecycle policies (they lower storage)",
  "aws:rds/subnetGroup:SubnetGroup": "no charge for DB subnet groups",
  "aws:rds/parameterGroup:ParameterGroup": "no charge for DB parameter groups",
  "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": "billed through the proxy's vCPU hours",
  "aws:rds/proxyTarget:ProxyTarget": "billed through the proxy's vCPU hours",
  "aws:s3/bucketPolicy:BucketPolicy": "bucket controls are free",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "bucket controls are free",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "bucket controls are free",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "SSE-S3 encryption is free",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "no charge for expiration rules",
  "aws:sns/topicPolicy:TopicPolicy": "no charge for topic policies",
};

// ---- pricing by type ----

export interface Context {
  readonly config: Config;
  readonly usage: UsageProfile;
  readonly resources: readonly PlannedResource[];
}

// A charge at the floor and at maxTasks; the two differ only for what follows the fleet's load.
export interface Line {
  readonly resource: string;
  readonly type: string;
  readonly area: Area;
  readonly what: string;
  readonly floor: number;
  readonly max: number;
  readonly basis: string;
}

interface Priced {
  readonly lines: readonly Line[];
  readonly problems: readonly string[];
}

type Pricer = (r: PlannedResource, c: Context) => Priced;

export const priceOf = (r: PlannedResource, c: Context): Priced => {
  const pricer = own(PRICERS, r.type);
  if (pricer !== undefined) return pricer(r, c);
  return own(FREE, r.type) !== undefined ? none : { lines: [], problems: [`no price for ${r.type}`] };
};

const natGateway: Pricer = (r, c) => {
  const gateways = ofType(c, r.type).length;
  const gb = c.usage.natGbPerMonth / gateways;
  return priced(
    steady(r, "network", "NAT gateway hours", hours(NAT_GATEWAY_HOUR), `730 h × ${rate(NAT_GATEWAY_HOUR)}`),
    steady(
      r,
      "network",
      "data processed",
      gb * NAT_GATEWAY_GB.usd,
      `${num(gb)} GB (${num(c.usage.natGbPerMonth)} GB over ${plural(gateways, "gateway")}) × ${rate(NAT_GATEWAY_GB)}`,
    ),
  );
};

const elasticIp: Pricer = (r) =>
  priced(steady(r, "network", "public IPv4", hours(PUBLIC_IPV4_HOUR), `1 address × 730 h × ${rate(PUBLIC_IPV4_HOUR)}`));

// Gateway endpoints (S3, DynamoDB) are free; interface endpoints are not priced here.
const vpcEndpoint: Pricer = (r) =>
  text(r.inputs.vpcEndpointType) === "Interface" ? problem("no price for interface VPC endpoints") : none;

// Delivery of flow-log records is billed as vended logs; the destination group bills their storage.
const flowLog: Pricer = (r, c) => {
  const destination = text(r.inputs.logDestinationType) ?? "cloud-watch-logs";
  if (destination !== "cloud-watch-logs") return problem(`no price for flow logs delivered to ${destination}`);
  const gb = c.usage.flowLogGbPerMonth;
  return priced(
    steady(
      r,
      "network",
      "flow log delivery",
      gb * VENDED_LOGS_TO_CLOUDWATCH_GB.usd,
      `${num(gb)} GB × ${rate(VENDED_LOGS_TO_CLOUDWATCH_GB)}`,
    ),
  );
};

const loadBalancer: Pricer = (r, c) => {
  const kind = text(r.inputs.loadBalancerType) ?? "application";
  if (kind !== "application") return problem(`no price for ${kind} load balancers`);
  // One node, and so one public address and one access-log object stream, per subnet (zone).
  const nodes = list(r.inputs.subnets).length + list(r.inputs.subnetMappings).length;
  const { albLcusQuiet: quiet, albLcusPeak: peak } = c.usage;
  const internetFacing = r.inputs.internal !== true;
  const accessLogs = field(r.inputs, "accessLogs", "enabled") === true;
  const puts = nodes * ACCESS_LOG_OBJECTS_PER_NODE_HOUR * HOURS_PER_MONTH;
  return priced(
    steady(r, "edge", "load balancer hours", hours(ALB_HOUR), `730 h × ${rate(ALB_HOUR)}`),
    line(
      r,
      "edge",
      "LCUs",
      quiet * hours(ALB_LCU_HOUR),
      peak * hours(ALB_LCU_HOUR),
      `${num(quiet)} LCU × 730 h × ${rate(ALB_LCU_HOUR)} (${num(peak)} LCU an hour at maxTasks)`,
    ),
    ...(internetFacing
      ? [
          steady(
            r,
            "edge",
            "public IPv4",
            nodes * hours(PUBLIC_IPV4_HOUR),
            `${plural(nodes, "node")} × 730 h × ${rate(PUBLIC_IPV4_HOUR)}`,
          ),
        ]
      : []),
    ...(accessLogs
      ? [
          steady(
            r,
            "edge",
            "access log PUTs",
            (puts / 1000) * S3_PUT_1000.usd,
            `${plural(nodes, "node")} × ${num(ACCESS_LOG_OBJECTS_PER_NODE_HOUR)} objects/h × 730 h = ` +
              `${num(puts)} PUTs × ${rate(S3_PUT_1000)}`,
          ),
        ]
      : []),
  );
};

// Task size and count come from the contract: a Fargate service runs service.cpu/memory tasks between
// scaling.minTasks and scaling.maxTasks. Deployments briefly run extra tasks; that is not modelled.
const ecsService: Pricer = (r, c) => {
  const launchType = text(r.inputs.launchType) ?? "FARGATE";
  if (launchType !== "FARGATE") return problem(`no price for ECS launch type ${launchType}`);
  const providers = list(r.inputs.capacityProviderStrategies).map((s) => text(field(s, "capacityProvider")) ?? "");
  const other = providers.find((p) => p !== "FARGATE");
  if (other !== undefined) return problem(`no price for the ECS capacity provider ${other}`);
  const { vcpu, gb } = taskSize(c.config);
  const perTask = perTaskHour(c.config);
  const { minTasks, maxTasks } = c.config.scaling;
  return priced(
    line(
      r,
      "service",
      "Fargate tasks",
      minTasks * HOURS_PER_MONTH * perTask,
      maxTasks * HOURS_PER_MONTH * perTask,
      `${plural(minTasks, "task")} × 730 h × (${num(vcpu)} vCPU × ${rate(FARGATE_VCPU_HOUR)} + ${num(gb)} GB × ` +
        `${rate(FARGATE_GB_HOUR)}) (${plural(maxTasks, "task")} at maxTasks)`,
    ),
  );
};

// A scheduled action that raises the floor above scaling.minTasks holds the extra tasks until the next
// scheduled action (a pre-scaled sale). Only one-time at(...) schedules have a duration to count; a
// recurring cron(...) raise is named in the basis and not counted. The action itself costs nothing.
const scheduledAction: Pricer = (r, c) => {
  const floor = Number(field(r.inputs, "scalableTargetAction", "minCapacity"));
  const extra = floor - c.config.scaling.minTasks;
  const starts = atSeconds(r.inputs.schedule);
  if (!(extra > 0)) return none; // no raise (or no range given): nothing held
  if (starts === undefined) {
    return priced(steady(r, "scaling", "scheduled floor", 0, `${text(r.inputs.schedule) ?? "?"} recurs: not counted`));
  }
  const next = ofType(c, "aws:appautoscaling/scheduledAction:ScheduledAction")
    .map((s) => atSeconds(s.inputs.schedule))
    .filter((t): t is number => t !== undefined && t > starts)
    .sort((a, b) => a - b)[0];
  const hours = Math.min(next === undefined ? HOURS_PER_MONTH : (next - starts) / 3600, HOURS_PER_MONTH);
  const usd = extra * hours * perTaskHour(c.config);
  return priced(
    steady(
      r,
      "scaling",
      "scheduled floor",
      usd,
      `${plural(extra, "task")} above minTasks × ${num(hours)} h until the next schedule × $${num(perTaskHour(c.config))} a task-hour`,
    ),
  );
};

// The start of a one-time schedule, in seconds since the epoch (time zones shift all of them alike).
const atSeconds = (schedule: unknown): number | undefined => {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(text(schedule) ?? "");
  if (at === null) return undefined;
  const [y, mo, d, h, mi, s] = at.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
};

const taskSize = (config: Config): { vcpu: number; gb: number } => ({
  vcpu: config.service.cpu / CPU_UNITS_PER_VCPU,
  gb: config.service.memory / MIB_PER_GIB,
});

// One task's Fargate price an hour (Linux/x86).
const perTaskHour = (config: Config): number => {
  const { vcpu, gb } = taskSize(config);
  return vcpu * FARGATE_VCPU_HOUR.usd + gb * FARGATE_GB_HOUR.usd;
};

// A task definition costs nothing, but only Linux/x86 Fargate is priced.
const taskDefinition: Pricer = (r) => {
  const os = text(field(r.inputs, "runtimePlatform", "operatingSystemFamily")) ?? "LINUX";
  const cpu = text(field(r.inputs, "runtimePlatform", "cpuArchitecture")) ?? "X86_64";
  return os === "LINUX" && cpu === "X86_64" ? none : problem(`no price for Fargate ${os}/${cpu}`);
};

const cluster: Pricer = (r, c) => {
  const insights = list(r.inputs.settings).find((s) => field(s, "name") === "containerInsights");
  const mode = text(field(insights, "value")) ?? "disabled";
  if (mode === "disabled") return none;
  if (mode !== "enabled") return problem(`no price for Container Insights ${mode}`);
  const services = ofType(c, "aws:ecs/service:Service").length;
  const families = ofType(c, "aws:ecs/taskDefinition:TaskDefinition").length;
  const m = CONTAINER_INSIGHTS_METRICS;
  const metrics = m.perCluster + services * m.perService + families * m.perTaskFamily;
  return priced(
    steady(
      r,
      "observability",
      "Container Insights metrics",
      metrics * CUSTOM_METRIC_MONTH.usd,
      `(${num(m.perCluster)} + ${plural(services, "service")} × ${num(m.perService)} + ` +
        `${plural(families, "task definition")} × ${num(m.perTaskFamily)}) = ${plural(metrics, "metric")} × ${rate(CUSTOM_METRIC_MONTH)}`,
    ),
  );
};

const targetTrackingPolicy: Pricer = (r) => {
  if (text(r.inputs.policyType) !== "TargetTrackingScaling") return none; // step policies use our own alarms
  const scaleInOff = field(r.inputs, "targetTrackingScalingPolicyConfiguration", "disableScaleIn") === true;
  const alarms = scaleInOff ? TARGET_TRACKING_ALARMS - 1 : TARGET_TRACKING_ALARMS;
  return priced(
    steady(
      r,
      "scaling",
      "target-tracking alarms",
      alarms * ALARM_METRIC_MONTH.usd,
      `${plural(alarms, "alarm")} created by the policy × ${rate(ALARM_METRIC_MONTH)}`,
    ),
  );
};

const database: Pricer = (r, c) => {
  const engine = text(r.inputs.engine) ?? "postgres";
  if (engine !== "postgres") return problem(`no price for RDS engine ${engine}`);
  const instanceClass = text(r.inputs.instanceClass) ?? "";
  const multiAz = r.inputs.multiAz === true;
  const deployment = multiAz ? "multiAz" : "singleAz";
  const storageType = text(r.inputs.storageType) ?? "gp2";
  const storageGb = number(r.inputs.allocatedStorage) ?? 0;
  const retentionDays = number(r.inputs.backupRetentionPeriod) ?? 0;
  const instance = own(RDS_INSTANCE_HOUR, instanceClass)?.[deployment];
  // Automated backups: one full copy of the data plus each day's changes, free up to the provisioned size.
  const backupGb = retentionDays > 0 ? c.usage.databaseUsedGb + c.usage.databaseChangeGbPerDay * retentionDays : 0;
  const billableBackupGb = Math.max(0, backupGb - storageGb);
  const storage = RDS_GP3_GB_MONTH[deployment];
  return {
    lines: [
      ...(instance === undefined
        ? []
        : [steady(r, "data", "instance hours", hours(instance), `${instanceClass} × 730 h × ${rate(instance)}`)]),
      ...(storageType === "gp3"
        ? [steady(r, "data", "storage", storageGb * storage.usd, `${num(storageGb)} GB × ${rate(storage)}`)]
        : []),
      steady(
        r,
        "data",
        "backup storage",
        billableBackupGb * RDS_BACKUP_GB_MONTH.usd,
        `${num(backupGb)} GB of backups (${num(c.usage.databaseUsedGb)} GB + ${num(retentionDays)} days × ` +
          `${num(c.usage.databaseChangeGbPerDay)} GB) − ${num(storageGb)} GB free = ${num(billableBackupGb)} ` +
          `GB × ${rate(RDS_BACKUP_GB_MONTH)}`,
      ),
    ],
    problems: [
      ...(instance === undefined
        ? [`no price for ${instanceClass === "" ? "an RDS instance without a class" : instanceClass}`]
        : []),
      ...(storageType === "gp3" ? [] : [`no price for RDS storage type ${storageType}`]),
      ...(r.inputs.iops === undefined && r.inputs.storageThroughput === undefined
        ? []
        : ["no price for provisioned gp3 IOPS or throughput"]),
    ],
  };
};

// RDS Proxy: the vCPUs of the instance behind it (at least two), every hour.
const proxy: Pricer = (r, c) => {
  const instanceClass = c.config.database.instanceClass;
  const vcpu = instanceClassOf(instanceClass)?.vcpu;
  if (vcpu === undefined) return problem(`no vCPU count for ${instanceClass}, so no price for its proxy`);
  const billed = Math.max(vcpu, RDS_PROXY_MIN_VCPUS);
  return priced(
    steady(
      r,
      "data",
      "proxy vCPU hours",
      billed * hours(RDS_PROXY_VCPU_HOUR),
      `${plural(billed, "vCPU")} (${instanceClass}: ${num(vcpu)}, at least ${num(RDS_PROXY_MIN_VCPUS)}) × 730 ` +
        `h × ${rate(RDS_PROXY_VCPU_HOUR)}`,
    ),
  );
};

const table: Pricer = (r, c) => {
  const mode = text(r.inputs.billingMode) ?? "PROVISIONED";
  if (mode !== "PAY_PER_REQUEST") return problem(`no price for DynamoDB ${mode} capacity`);
  const u = c.usage;
  const pitr = field(r.inputs, "pointInTimeRecovery", "enabled") === true;
  return priced(
    steady(
      r,
      "data",
      "writes",
      u.dynamoWriteMillionsPerMonth * DYNAMODB_WRITE_MILLION.usd,
      `${num(u.dynamoWriteMillionsPerMonth)} million WRU × ${rate(DYNAMODB_WRITE_MILLION)}`,
    ),
    steady(
      r,
      "data",
      "reads",
      u.dynamoReadMillionsPerMonth * DYNAMODB_READ_MILLION.usd,
      `${num(u.dynamoReadMillionsPerMonth)} million RRU × ${rate(DYNAMODB_READ_MILLION)}`,
    ),
    steady(
      r,
      "data",
      "storage",
      u.dynamoStorageGb * DYNAMODB_STORAGE_GB_MONTH.usd,
      `${num(u.dynamoStorageGb)} GB × ${rate(DYNAMODB_STORAGE_GB_MONTH)}`,
    ),
    ...(pitr
      ? [
          steady(
            r,
            "data",
            "point-in-time recovery",
            u.dynamoStorageGb * DYNAMODB_PITR_GB_MONTH.usd,
            `${num(u.dynamoStorageGb)} GB × ${rate(DYNAMODB_PITR_GB_MONTH)}`,
          ),
        ]
      : []),
  );
};

// The lifecycle policy keeps registry.keepImages images.
const repository: Pricer = (r, c) => {
  const images = c.config.registry.keepImages;
  const gb = images * c.usage.imageSizeGb;
  return priced(
    steady(
      r,
      "registry",
      "image storage",
      gb * ECR_STORAGE_GB_MONTH.usd,
      `${plural(images, "image")} × ${num(c.usage.imageSizeGb)} GB × ${rate(ECR_STORAGE_GB_MONTH)}`,
    ),
  );
};

// Storage at steady state holds retentionInDays of ingestion. Stored size is taken as ingested size:
// CloudWatch compresses archived logs, so this errs high.
const logGroup: Pricer = (r, c) => {
  const name = text(r.inputs.name) ?? r.name;
  const vended = ofType(c, "aws:ec2/flowLog:FlowLog").some((f) => isLogGroupArnOf(text(f.inputs.logDestination), name));
  const gb = vended
    ? c.usage.flowLogGbPerMonth
    : name.startsWith("/aws/rds/")
      ? c.usage.databaseLogGbPerMonth
      : name.startsWith("/aws/ecs/containerinsights/")
        ? c.usage.containerInsightsLogGbPerMonth
        : c.usage.appLogGbPerMonth;
  const retentionDays = number(r.inputs.retentionInDays);
  const ingestion = vended
    ? [] // billed on delivery, by the flow log
    : [steady(r, "observability", "log ingestion", gb * LOGS_INGEST_GB.usd, `${num(gb)} GB × ${rate(LOGS_INGEST_GB)}`)];
  if (retentionDays === undefined || retentionDays <= 0)
    return { lines: ingestion, problems: [`no steady-state storage for log group ${name}: its logs never expire`] };
  const storedGb = (gb * retentionDays) / DAYS_PER_MONTH;
  return priced(
    ...ingestion,
    steady(
      r,
      "observability",
      "log storage",
      storedGb * LOGS_STORAGE_GB_MONTH.usd,
      `${num(gb)} GB × ${plural(retentionDays, "day")} / ${num(DAYS_PER_MONTH)} days = ${num(storedGb)} GB × ` +
        rate(LOGS_STORAGE_GB_MONTH),
    ),
  );
};

const metricAlarm: Pricer = (r) => {
  const queries = list(r.inputs.metricQueries);
  // A metric-math alarm is billed for each metric it reads; the expression itself is not a metric.
  const periods =
    queries.length > 0
      ? queries.flatMap((q) => (isRecord(field(q, "metric")) ? [number(field(q, "metric", "period")) ?? 60] : []))
      : [number(r.inputs.period) ?? 60];
  const highResolution = periods.some((p) => p < 60);
  const price = highResolution ? HIGH_RESOLUTION_ALARM_METRIC_MONTH : ALARM_METRIC_MONTH;
  return priced(
    steady(
      r,
      "observability",
      "alarm metrics",
      periods.length * price.usd,
      `${plural(periods.length, "metric")} × ${rate(price)}`,
    ),
  );
};

const dashboard: Pricer = (r) =>
  priced(
    steady(
      r,
      "observability",
      "dashboard",
      DASHBOARD_MONTH.usd,
      `1 × ${rate(DASHBOARD_MONTH)} (the account's first 3 are free; not applied)`,
    ),
  );

const kmsKey: Pricer = (r) =>
  priced(
    steady(
      r,
      "observability",
      "key",
      KMS_KEY_MONTH.usd,
      `1 × ${rate(KMS_KEY_MONTH)} (rotations from year two not counted)`,
    ),
  );

const topic: Pricer = (r, c) => {
  const publishes = c.usage.snsPublishesPerMonth;
  return priced(
    steady(
      r,
      "observability",
      "publishes",
      (publishes / 1e6) * SNS_REQUESTS_MILLION.usd,
      `${num(publishes)} publishes × ${rate(SNS_REQUESTS_MILLION)}`,
    ),
  );
};

const topicSubscription: Pricer = (r, c) => {
  const protocol = text(r.inputs.protocol) ?? "";
  if (["sqs", "lambda", "firehose"].includes(protocol)) return none; // deliveries to AWS services are free
  if (protocol !== "email" && protocol !== "email-json") return problem(`no price for SNS ${protocol} deliveries`);
  const publishes = c.usage.snsPublishesPerMonth;
  return priced(
    steady(
      r,
      "observability",
      "email notifications",
      (publishes / 1e5) * SNS_EMAIL_100K.usd,
      `${num(publishes)} emails × ${rate(SNS_EMAIL_100K)}`,
    ),
  );
};

// The access-log bucket: its lifecycle rule expires objects after logs.retentionDays.
const bucket: Pricer = (r, c) => {
  const gb = c.usage.accessLogGbPerMonth;
  const days = c.config.logs.retentionDays;
  const storedGb = (gb * days) / DAYS_PER_MONTH;
  return priced(
    steady(
      r,
      "edge",
      "access log storage",
      storedGb * S3_STANDARD_GB_MONTH.usd,
      `${num(gb)} GB × ${plural(days, "day")} / ${num(DAYS_PER_MONTH)} days = ${num(storedGb)} GB × ${rate(S3_STANDARD_GB_MONTH)}`,
    ),
  );
};

const PRICERS: Readonly<Record<string, Pricer>> = {
  "aws:ec2/natGateway:NatGateway": natGateway,
  "aws:ec2/eip:Eip": elasticIp,
  "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
  "aws:ec2/flowLog:FlowLog": flowLog,
  "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:ecs/service:Service": ecsService,
  "aws:ecs/taskDefinition:TaskDefinition": taskDefinition,
  "aws:ecs/cluster:Cluster": cluster,
  "aws:appautoscaling/policy:Policy": targetTrackingPolicy,
  "aws:rds/instance:Instance": database,
  "aws:rds/proxy:Proxy": proxy,
  "aws:dynamodb/table:Table": table,
  "aws:ecr/repository:Repository": repository,
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
  "aws:cloudwatch/dashboard:Dashboard": dashboard,
  "aws:sns/topic:Topic": topic,
  "aws:kms/key:Key": kmsKey,
  "aws:appautoscaling/scheduledAction:ScheduledAction": scheduledAction,
  "aws:sns/topicSubscription:TopicSubscription": topicSubscription,
  "aws:s3/bucket:Bucket": bucket,
};

// Every type with a price rule (some of which are free in one form: gateway endpoints, step policies).
export const PRICED_TYPES: readonly string[] = Object.keys(PRICERS);

// Whether the model prices a type, knows it to be free, or neither (a problem when it appears in a plan).
export const coverageOf = (type: string): "priced" | "free" | undefined =>
  own(PRICERS, type) !== undefined ? "priced" : own(FREE, type) !== undefined ? "free" : undefined;

// ---- helpers ----

const none: Priced = { lines: [], problems: [] };

const problem = (message: string): Priced => ({ lines: [], problems: [message] });

const priced = (...lines: Line[]): Priced => ({ lines, problems: [] });

const line = (r: PlannedResource, area: Area, what: string, floor: number, max: number, basis: string): Line => ({
  resource: r.name,
  type: r.type,
  area,
  what,
  floor,
  max,
  basis,
});

// A charge that does not follow the fleet's load.
const steady = (r: PlannedResource, area: Area, what: string, usd: number, basis: string): Line =>
  line(r, area, what, usd, usd, basis);

const hours = (price: Price): number => HOURS_PER_MONTH * price.usd;

const ofType = (c: Context, type: string): readonly PlannedResource[] => c.resources.filter((r) => r.type === type);

// A record's own entry: a resource type or class name must never find Object.prototype's members.
const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

const isLogGroupArnOf = (arn: string | undefined, name: string): boolean =>
  arn !== undefined && (arn.endsWith(`:log-group:${name}`) || arn.endsWith(`:log-group:${name}:*`));

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u);

const field = (value: unknown, ...path: readonly string[]): unknown =>
  path.reduce<unknown>((v, key) => (isRecord(v) ? v[key] : undefined), value);

const text = (u: unknown): string | undefined => (typeof u === "string" ? u : undefined);

// The offline plan records some numbers as strings ("512"); both spellings count.
const number = (u: unknown): number | undefined => {
  const n = typeof u === "number" ? u : typeof u === "string" && u.trim() !== "" ? Number(u) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

const list = (u: unknown): readonly unknown[] => (Array.isArray(u) ? (u as unknown[]) : []);

// "$0.045/NAT gateway-hour": the unit without its parenthetical detail, cents shown as cents.
const rate = (price: Price): string => {
  const usd = Number.isInteger(price.usd * 10) ? price.usd.toFixed(2) : String(price.usd);
  return `$${usd}/${price.unit.replace(/ \([^)]*\)/g, "")}`;
};

const num = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 4 });

const plural = (n: number, noun: string): string => `${num(n)} ${noun}${n === 1 ? "" : "s"}`;
