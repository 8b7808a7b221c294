// The Fargate service: a cluster with Container Insights, the task definition of the `webapp` container
// (read-only root filesystem, writable /tmp, health check, logs, credentials as ECS secrets), and the
// service that keeps the tasks in the private subnets behind the target group, rolling back a failing
// deployment. Used by src/main.ts for aws.ecs.Cluster, TaskDefinition and Service.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import type { Config } from "../contract/config";
import { HEALTH_CHECK_GRACE_PERIOD_SECONDS, HEALTH_CHECK_TIMEOUT_SECONDS } from "../contract/tuning";
import { names } from "./spec";

// ---- tuning (not the mission's numbers) ----

const CONTAINER_NAME = "webapp";
const TMP_VOLUME = "tmp";
// The container probes itself as often as the load balancer does, and gets the same start-up grace.
const CONTAINER_HEALTH_CHECK_RETRIES = 3;
// Deployments: never below the desired count, up to twice it while new tasks start.
const DEPLOYMENT_MINIMUM_HEALTHY_PERCENT = 100;
const DEPLOYMENT_MAXIMUM_PERCENT = 200;

// ---- types ----

export interface ContainerRefs {
  readonly repositoryUrl: string;
  readonly logGroupName: string;
  readonly secretArn: string;
  readonly databaseHost: string;
  readonly databaseName: string; // the live database's, which keeps its creation-time name
  readonly sessionsTableName: string;
}

// ---- builders ----

export const clusterArgs = (c: Config): aws.ecs.ClusterArgs => ({
  name: names(c).cluster,
  settings: [{ name: "containerInsights", value: "enabled" }], // FSBP ECS.12; feeds the tasks-at-max alarm
  tags: { Name: names(c).cluster },
});

export const image = (c: Config, repositoryUrl: string): string => `${repositoryUrl}:${c.service.imageTag}`;

// The one container. Plain values in, a JSON-ready list out: src/main.ts calls it inside apply.
export const containerDefinitions = (c: Config, refs: ContainerRefs): aws.ecs.ContainerDefinition[] => [
  {
    name: CONTAINER_NAME,
    image: image(c, refs.repositoryUrl),
    essential: true,
    portMappings: [{ containerPort: c.service.containerPort, protocol: "tcp" }],
    // Plain settings only; credentials arrive as secrets, resolved by ECS when the task starts.
    environment: [
      { name: "DB_HOST", value: refs.databaseHost },
      { name: "DB_PORT", value: String(c.database.port) },
      { name: "DB_NAME", value: refs.databaseName },
      { name: "SESSIONS_TABLE", value: refs.sessionsTableName },
      { name: "AWS_REGION", value: c.region },
    ],
    secrets: [
      { name: "DB_USERNAME", valueFrom: `${refs.secretArn}:username::` },
      { name: "DB_PASSWORD", valueFrom: `${refs.secretArn}:password::` },
    ],
    readonlyRootFilesystem: true, // FSBP ECS.5; /tmp is the one writable place
    mountPoints: [{ sourceVolume: TMP_VOLUME, containerPath: "/tmp", readOnly: false }],
    linuxParameters: { initProcessEnabled: true }, // reaps zombies, forwards SIGTERM to gunicorn
    // The image's own Python, not curl, which slim images lack.
    healthCheck: {
      command: [
        "CMD",
        "python3",
        "-c",
        `import urllib.request; urllib.request.urlopen("http://localhost:${c.service.containerPort}${c.service.healthCheckPath}", timeout=${HEALTH_CHECK_TIMEOUT_SECONDS - 1})`,
      ],
      interval: c.service.healthCheckIntervalSeconds,
      timeout: HEALTH_CHECK_TIMEOUT_SECONDS,
      retries: CONTAINER_HEALTH_CHECK_RETRIES,
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
  runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
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
