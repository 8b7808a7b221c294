// The Fargate service: a cluster with Container Insights, the task definition of the `webapp` container
// (read-only root filesystem, writable /tmp, health check, logs, credentials as ECS secrets), and the
// service that keeps the tasks in the private subnets behind the target group, rolling back a failing
// deployment. Used by src/main.ts for aws.ecs.Cluster, TaskDefinition and Service.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import { BUILD_PLATFORMS, type Config, DEFAULT_BUILD_PLATFORM } from "../contract/config";
import { budgetOf } from "../contract/connections";
import {
  DEPLOYMENT_MAXIMUM_PERCENT,
  DEPLOYMENT_MINIMUM_HEALTHY_PERCENT,
  HEALTH_CHECK_GRACE_PERIOD_SECONDS,
  HEALTH_CHECK_TIMEOUT_SECONDS,
  healthTolerance,
  RDS_PROXY_POSTGRES_PORT,
} from "../contract/tuning";
import { names } from "./spec";

// ---- tuning (not the mission's numbers) ----

const CONTAINER_NAME = "webapp";
const TMP_VOLUME = "tmp";

// ---- types ----

export interface ContainerRefs {
  readonly repositoryUrl: string;
  readonly logGroupName: string;
  readonly secretArn: string;
  readonly databaseHost: string;
  readonly databaseName: string; // the live database's, which keeps its creation-time name
  readonly sessionsTableName: string;
  readonly imageDigest?: string | undefined; // with service.build: the built image's, "sha256:..."
}

// ---- builders ----

export const clusterArgs = (c: Config): aws.ecs.ClusterArgs => ({
  name: names(c).cluster,
  settings: [{ name: "containerInsights", value: "enabled" }], // FSBP ECS.12; feeds the tasks-at-max alarm
  tags: { Name: names(c).cluster },
});

// Built by the stack (service.build): pinned by digest, so every task of a revision, and a rollback, runs
// exactly the code it names. Otherwise the configured tag, as pushed by hand or by CI.
export const image = (c: Config, repositoryUrl: string, digest?: string): string =>
  digest === undefined ? `${repositoryUrl}:${c.service.imageTag}` : `${repositoryUrl}@${digest}`;

// The architecture the image is built for (linux/amd64 unless service.build says linux/arm64).
export const cpuArchitecture = (c: Config): string =>
  BUILD_PLATFORMS[c.service.build?.platform ?? DEFAULT_BUILD_PLATFORM];

// The one container. Plain values in, a JSON-ready list out: src/main.ts calls it inside apply.
export const containerDefinitions = (c: Config, refs: ContainerRefs): aws.ecs.ContainerDefinition[] => [
  {
    name: CONTAINER_NAME,
    image: image(c, refs.repositoryUrl, refs.imageDigest),
    essential: true,
    portMappings: [{ containerPort: c.service.containerPort, protocol: "tcp" }],
    // Plain settings only; credentials arrive as secrets, resolved by ECS when the task starts.
    environment: [
      // gunicorn reads WEB_CONCURRENCY as its worker count; DB_POOL_SIZE is the most connections one worker
      // may hold (SQLAlchemy: pool_size=DB_POOL_SIZE, max_overflow=0), so the fleet fits the database.
      { name: "PORT", value: String(c.service.containerPort) }, // gunicorn binds 0.0.0.0:$PORT
      { name: "WEB_CONCURRENCY", value: String(c.service.workers) },
      { name: "DB_POOL_SIZE", value: String(budgetOf(c).poolPerWorker) },
      // The proxy's endpoint and port when database.proxy is on (the proxy listens on PostgreSQL's default).
      { name: "DB_HOST", value: refs.databaseHost },
      { name: "DB_PORT", value: String(c.database.proxy ? RDS_PROXY_POSTGRES_PORT : c.database.port) },
      { name: "DB_NAME", value: refs.databaseName },
      { name: "SESSIONS_TABLE", value: refs.sessionsTableName },
      { name: "SESSIONS_TTL_ATTRIBUTE", value: c.sessions.ttlAttribute }, // epoch seconds, DynamoDB's TTL
      { name: "AWS_REGION", value: c.region },
    ],
    secrets: [
      { name: "DB_USERNAME", valueFrom: `${refs.secretArn}:username::` },
      { name: "DB_PASSWORD", valueFrom: `${refs.secretArn}:password::` },
    ],
    readonlyRootFilesystem: true, // FSBP ECS.5; /tmp is the one writable place
    mountPoints: [{ sourceVolume: TMP_VOLUME, containerPath: "/tmp", readOnly: false }],
    linuxParameters: { initProcessEnabled: true }, // reaps zombies, forwards SIGTERM to gunicorn
    // The container probes itself as often as the load balancer does, and gets the same start-up grace.
    // The image's own Python, not curl, which slim images lack.
    healthCheck: {
      command: [
        "CMD",
        "python3",
        "-c",
        `import urllib.request; ` +
          `urllib.request.urlopen("http://localhost:${c.service.containerPort}${c.service.healthCheckPath}", ` +
          `timeout=${HEALTH_CHECK_TIMEOUT_SECONDS - 1})`,
      ],
      interval: c.service.healthCheckIntervalSeconds,
      timeout: HEALTH_CHECK_TIMEOUT_SECONDS,
      // As patient as the load balancer: ECS replaces a task whose container fails this many checks in a row.
      retries: healthTolerance(c.service.healthCheckIntervalSeconds).unhealthyThreshold,
      startPeriod: HEALTH_CHECK_GRACE_PERIOD_SECONDS,
    },
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": refs.logGroupName,
        "awslogs-region": c.region,
        "awslogs-stream-prefix": names(c).taskFamily,
      },
    },
  },
];

export const taskDefinitionArgs = (
  c: Config,
  refs: { containerDefinitions: Input<string>; executionRoleArn: Input<string>; taskRoleArn: Input<string> },
): aws.ecs.TaskDefinitionArgs => ({
  family: names(c).taskFamily,
  requiresCompatibilities: ["FARGATE"],
  networkMode: "awsvpc",
  cpu: String(c.service.cpu),
  memory: String(c.service.memory),
  runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: cpuArchitecture(c) },
  executionRoleArn: refs.executionRoleArn,
  taskRoleArn: refs.taskRoleArn,
  containerDefinitions: refs.containerDefinitions,
  volumes: [{ name: TMP_VOLUME }], // task-scoped scratch space for the read-only container
  tags: { Name: names(c).taskFamily },
});

export const serviceArgs = (
  c: Config,
  refs: {
    clusterArn: Input<string>;
    taskDefinitionArn: Input<string>;
    subnetIds: readonly Input<string>[];
    securityGroupId: Input<string>;
    targetGroupArn: Input<string>;
    rollbackAlarmName: Input<string>;
  },
): aws.ecs.ServiceArgs => ({
  name: names(c).service,
  cluster: refs.clusterArn,
  taskDefinition: refs.taskDefinitionArn,
  desiredCount: c.service.desiredCount, // at creation; auto scaling owns it afterwards (ignoreChanges)
  launchType: "FARGATE",
  platformVersion: "LATEST",
  networkConfiguration: { subnets: [...refs.subnetIds], securityGroups: [refs.securityGroupId], assignPublicIp: false },
  loadBalancers: [
    { targetGroupArn: refs.targetGroupArn, containerName: CONTAINER_NAME, containerPort: c.service.containerPort },
  ],
  healthCheckGracePeriodSeconds: HEALTH_CHECK_GRACE_PERIOD_SECONDS,
  deploymentMinimumHealthyPercent: DEPLOYMENT_MINIMUM_HEALTHY_PERCENT,
  deploymentMaximumPercent: DEPLOYMENT_MAXIMUM_PERCENT,
  deploymentCircuitBreaker: { enable: true, rollback: true },
  // A deployment that drives the 5xx alarm rolls back, as AWS Copilot does.
  alarms: { alarmNames: [refs.rollbackAlarmName], enable: true, rollback: true },
  availabilityZoneRebalancing: "ENABLED",
  propagateTags: "SERVICE",
  enableEcsManagedTags: true,
  // The repository is empty before the first push: waiting would hang the first `pulumi up`.
  waitForSteadyState: c.service.waitForSteadyState,
  tags: { Name: names(c).service },
});
