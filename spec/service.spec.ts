// The Fargate service: cluster, container, task definition, service, and its auto scaling.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as scaling from "../src/stack/scaling";
import * as service from "../src/stack/service";
import { configOf, devConfig } from "./fixtures/config";

const dev = devConfig();
const refs = {
  repositoryUrl: "111122223333.dkr.ecr.us-east-2.amazonaws.com/webapp-dev",
  logGroupName: "/ecs/webapp-dev",
  secretArn: "arn:aws:secretsmanager:us-east-2:111122223333:secret:webapp/dev/db-AbCdEf",
  databaseHost: "rds-dev.abc.us-east-2.rds.amazonaws.com",
  databaseName: "webapp_live",
  sessionsTableName: "user-sessions-dev",
};
const [container] = service.containerDefinitions(dev, refs);
// A container's plain environment, by name.
const envOf = (c: typeof container): Record<string, string | undefined> =>
  Object.fromEntries((c?.environment ?? []).map((e) => [e.name as string, e.value as string | undefined]));

const cluster = suite("clusterArgs");

cluster("is cluster-<suffix>, with Container Insights on", () => {
  assert.equal(service.clusterArgs(dev), {
    name: "cluster-dev",
    settings: [{ name: "containerInsights", value: "enabled" }],
    tags: { Name: "cluster-dev" },
  });
});

cluster.run();

const containers = suite("containerDefinitions");

containers(
  "the whole webapp container: essential, its image, port, settings, secrets, filesystem, init, health check and logs",
  () => {
    assert.equal(service.containerDefinitions(dev, refs), [
      {
        name: "webapp",
        image: "111122223333.dkr.ecr.us-east-2.amazonaws.com/webapp-dev:latest",
        essential: true,
        portMappings: [{ containerPort: 5000, protocol: "tcp" }],
        environment: [
          { name: "PORT", value: "5000" },
          { name: "WEB_CONCURRENCY", value: "2" },
          { name: "DB_POOL_SIZE", value: "1" },
          { name: "DB_HOST", value: "rds-dev.abc.us-east-2.rds.amazonaws.com" },
          { name: "DB_PORT", value: "5432" },
          { name: "DB_NAME", value: "webapp_live" },
          { name: "SESSIONS_TABLE", value: "user-sessions-dev" },
          { name: "SESSIONS_TTL_ATTRIBUTE", value: "expiry" },
          { name: "AWS_REGION", value: "us-east-2" },
        ],
        secrets: [
          { name: "DB_USERNAME", valueFrom: `${refs.secretArn}:username::` },
          { name: "DB_PASSWORD", valueFrom: `${refs.secretArn}:password::` },
        ],
        readonlyRootFilesystem: true,
        mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
        // Without an init process, gunicorn never sees the SIGTERM of a deployment and is killed after 30 s.
        linuxParameters: { initProcessEnabled: true },
        healthCheck: {
          command: [
            "CMD",
            "python3",
            "-c",
            'import urllib.request; urllib.request.urlopen("http://localhost:5000/health", timeout=4)',
          ],
          interval: 30,
          timeout: 5,
          retries: 6, // as patient as the load balancer: 6 x 30 s = 180 s, a new task's way to healthy
          startPeriod: 60,
        },
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": "/ecs/webapp-dev",
            "awslogs-region": "us-east-2",
            "awslogs-stream-prefix": "webapp-dev",
          },
        },
      },
    ]);
  },
);

containers("runs this stack's repository image at the configured tag, on port 5000", () => {
  assert.is(container?.image, `${refs.repositoryUrl}:latest`);
  assert.equal(container?.portMappings, [{ containerPort: 5000, protocol: "tcp" }]);
  assert.is(service.image(configOf({ "webapp:service": { imageTag: "abc123" } }), "repo"), "repo:abc123");
});

containers("passes credentials only as ECS secrets from the secret's JSON keys", () => {
  assert.equal(container?.secrets, [
    { name: "DB_USERNAME", valueFrom: `${refs.secretArn}:username::` },
    { name: "DB_PASSWORD", valueFrom: `${refs.secretArn}:password::` },
  ]);
});

containers("passes the plain settings as environment, the live database's name among them", () => {
  assert.equal(container?.environment, [
    { name: "PORT", value: "5000" },
    // gunicorn's worker count, and the most connections each worker may hold (the connection budget).
    { name: "WEB_CONCURRENCY", value: "2" },
    { name: "DB_POOL_SIZE", value: "1" },
    { name: "DB_HOST", value: refs.databaseHost },
    { name: "DB_PORT", value: "5432" },
    // The instance's own name, which a later edit of database.name does not change (ignoreChanges).
    { name: "DB_NAME", value: "webapp_live" },
    { name: "SESSIONS_TABLE", value: "user-sessions-dev" },
    { name: "SESSIONS_TTL_ATTRIBUTE", value: "expiry" },
    { name: "AWS_REGION", value: "us-east-2" },
  ]);
});

containers("logs with awslogs to the stack's group in us-east-2, streams prefixed by the task family", () => {
  assert.equal(container?.logConfiguration, {
    logDriver: "awslogs",
    options: {
      "awslogs-group": "/ecs/webapp-dev",
      "awslogs-region": "us-east-2",
      "awslogs-stream-prefix": "webapp-dev",
    },
  });
});

containers("has a read-only root filesystem with /tmp mounted from a task volume", () => {
  assert.is(container?.readonlyRootFilesystem, true);
  assert.equal(container?.mountPoints, [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
  assert.is(container?.privileged, undefined);
});

containers("checks its own health with the image's Python against the health path, after a start period", () => {
  const check = container?.healthCheck as { command: string[]; startPeriod: number };
  assert.equal(check.command.slice(0, 3), ["CMD", "python3", "-c"]);
  assert.match(check.command[3] ?? "", "http://localhost:5000/health");
  assert.ok(check.startPeriod > 0);
});

containers("probes the configured port and path, and the database port it is given", () => {
  const [custom] = service.containerDefinitions(
    configOf({
      "webapp:service": { containerPort: 8080, healthCheckPath: "/healthz" },
      "webapp:database": { port: 6432 },
    }),
    refs,
  );
  assert.match((custom?.healthCheck as { command: string[] }).command[3] ?? "", '"http://localhost:8080/healthz"');
  assert.equal(custom?.portMappings, [{ containerPort: 8080, protocol: "tcp" }]);
  assert.equal(
    custom?.environment?.find((e) => e.name === "DB_PORT"),
    { name: "DB_PORT", value: "6432" },
  );
});

containers("with the proxy: the database host it is given (the proxy's endpoint) on PostgreSQL's 5432", () => {
  const [proxied] = service.containerDefinitions(configOf({ "webapp:database": { port: 6432, proxy: true } }), {
    ...refs,
    databaseHost: "rds-proxy-dev.proxy-abc.us-east-2.rds.amazonaws.com",
  });
  const env = envOf(proxied);
  assert.equal(
    [env.DB_HOST, env.DB_PORT, env.DB_POOL_SIZE],
    ["rds-proxy-dev.proxy-abc.us-east-2.rds.amazonaws.com", "5432", "5"],
  );
});

containers("hands gunicorn its workers and each worker its share of the connections", () => {
  const [one] = service.containerDefinitions(configOf({ "webapp:service": { workers: 1 } }), refs);
  const env = envOf(one);
  // 67 usable / (20 tasks x 1 worker) = 3.35 -> 3.
  assert.equal([env.WEB_CONCURRENCY, env.DB_POOL_SIZE], ["1", "3"]);
});

containers("probes itself as often as the load balancer does", () => {
  assert.is((container?.healthCheck as { interval: number }).interval, 30);
  const [fast] = service.containerDefinitions(configOf({ "webapp:service": { healthCheckIntervalSeconds: 15 } }), refs);
  // 15 s: a new task takes 150 s to turn healthy, so 10 retries.
  assert.equal(fast?.healthCheck, { ...fast?.healthCheck, interval: 15, retries: 10 });
});

containers.run();

const task = suite("taskDefinitionArgs");

task("the whole task definition: Linux on X86_64 (the image's platform), its containers and the /tmp volume", () => {
  assert.equal(
    service.taskDefinitionArgs(dev, { containerDefinitions: "[{}]", executionRoleArn: "exec", taskRoleArn: "task" }),
    {
      family: "webapp-dev",
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "512",
      memory: "1024",
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      executionRoleArn: "exec",
      taskRoleArn: "task",
      containerDefinitions: "[{}]",
      volumes: [{ name: "tmp" }],
      tags: { Name: "webapp-dev" },
    },
  );
});

task("sizes the task from service.cpu and service.memory", () => {
  const big = service.taskDefinitionArgs(configOf({ "webapp:service": { cpu: 1024, memory: 3072 } }), {
    containerDefinitions: "[]",
    executionRoleArn: "e",
    taskRoleArn: "t",
  });
  assert.equal([big.cpu, big.memory], ["1024", "3072"]);
});

task(
  "is a Fargate awsvpc task of 512 CPU / 1024 MiB in family webapp-<suffix>, with separate execution and task roles",
  () => {
    const args = service.taskDefinitionArgs(dev, {
      containerDefinitions: "[]",
      executionRoleArn: "exec",
      taskRoleArn: "task",
    });
    assert.equal(
      [
        args.family,
        args.requiresCompatibilities,
        args.networkMode,
        args.cpu,
        args.memory,
        args.executionRoleArn,
        args.taskRoleArn,
        args.volumes,
      ],
      ["webapp-dev", ["FARGATE"], "awsvpc", "512", "1024", "exec", "task", [{ name: "tmp" }]],
    );
  },
);

task.run();

const svc = suite("serviceArgs");

const args = service.serviceArgs(dev, {
  clusterArn: "cluster",
  taskDefinitionArn: "td",
  subnetIds: ["priv-a", "priv-b"],
  securityGroupId: "sg-tasks",
  targetGroupArn: "tg",
  rollbackAlarmName: "alb-5xx-dev",
});

svc("the whole service: its cluster, task definition, placement, target group, deployment rules and tags", () => {
  assert.equal(args, {
    name: "service-dev",
    cluster: "cluster",
    taskDefinition: "td",
    desiredCount: 2,
    launchType: "FARGATE",
    platformVersion: "LATEST",
    networkConfiguration: { subnets: ["priv-a", "priv-b"], securityGroups: ["sg-tasks"], assignPublicIp: false },
    loadBalancers: [{ targetGroupArn: "tg", containerName: "webapp", containerPort: 5000 }],
    healthCheckGracePeriodSeconds: 60,
    deploymentMinimumHealthyPercent: 100,
    deploymentMaximumPercent: 200,
    deploymentCircuitBreaker: { enable: true, rollback: true },
    alarms: { alarmNames: ["alb-5xx-dev"], enable: true, rollback: true },
    availabilityZoneRebalancing: "ENABLED",
    // Tasks carry the service's tags (and the provider's defaults), so cost reports see them.
    propagateTags: "SERVICE",
    enableEcsManagedTags: true,
    waitForSteadyState: false,
    tags: { Name: "service-dev" },
  });
});

svc("runs 2 Fargate tasks on the latest platform in the private subnets, without public IPs", () => {
  assert.equal([args.desiredCount, args.launchType, args.platformVersion], [2, "FARGATE", "LATEST"]);
  assert.equal(args.networkConfiguration, {
    subnets: ["priv-a", "priv-b"],
    securityGroups: ["sg-tasks"],
    assignPublicIp: false,
  });
});

svc("registers the webapp container's port with the target group", () => {
  assert.equal(args.loadBalancers, [{ targetGroupArn: "tg", containerName: "webapp", containerPort: 5000 }]);
});

svc("deploys without dropping below the desired count and rolls back on failed health or the 5xx alarm", () => {
  assert.equal([args.deploymentMinimumHealthyPercent, args.deploymentMaximumPercent], [100, 200]);
  assert.equal(args.deploymentCircuitBreaker, { enable: true, rollback: true });
  assert.equal(args.alarms, { alarmNames: ["alb-5xx-dev"], enable: true, rollback: true });
  assert.ok((args.healthCheckGracePeriodSeconds as number) >= 30);
  assert.is(args.availabilityZoneRebalancing, "ENABLED");
});

svc("does not wait for steady state unless told to (the first up has no image yet)", () => {
  assert.is(args.waitForSteadyState, false);
  const waiting = service.serviceArgs(configOf({ "webapp:service": { waitForSteadyState: true } }), {
    clusterArn: "c",
    taskDefinitionArn: "t",
    subnetIds: [],
    securityGroupId: "s",
    targetGroupArn: "g",
    rollbackAlarmName: "a",
  });
  assert.is(waiting.waitForSteadyState, true);
});

svc.run();

const scale = suite("scalableTargetArgs and cpuPolicyArgs");

scale("scale the service's desired count between 2 and 10 tasks", () => {
  assert.equal(scaling.scalableTargetArgs(dev), {
    serviceNamespace: "ecs",
    scalableDimension: "ecs:service:DesiredCount",
    resourceId: "service/cluster-dev/service-dev",
    minCapacity: 2,
    maxCapacity: 10,
    tags: { Name: "scaling-target-dev" },
  });
});

scale("track 70 % average CPU with 300 s cooldowns both ways", () => {
  const policy = scaling.cpuPolicyArgs(dev);
  assert.equal([policy.policyType, policy.resourceId], ["TargetTrackingScaling", "service/cluster-dev/service-dev"]);
  assert.equal(policy.targetTrackingScalingPolicyConfiguration, {
    predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
    targetValue: 70,
    scaleInCooldown: 300,
    scaleOutCooldown: 300,
  });
});

scale("follow the scaling config", () => {
  const c = configOf({
    "webapp:scaling": { minTasks: 3, maxTasks: 30, cpuTargetPercent: 55, cooldownSeconds: 120 },
    "webapp:service": { desiredCount: 3, workers: 1 },
    "webapp:database": { instanceClass: "db.t3.small" },
  });
  assert.equal([scaling.scalableTargetArgs(c).minCapacity, scaling.scalableTargetArgs(c).maxCapacity], [3, 30]);
  const tracking = scaling.cpuPolicyArgs(c).targetTrackingScalingPolicyConfiguration as {
    targetValue: number;
    scaleInCooldown: number;
  };
  assert.equal([tracking.targetValue, tracking.scaleInCooldown], [55, 120]);
});

scale.run();
