// Log groups and alarms.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as observability from "../src/stack/observability";
import { configOf, devConfig } from "./fixtures/config";

const dev = devConfig();

const groups = suite("logGroups");

groups("owns the app's, the flow logs', RDS's postgresql and Container Insights' log groups, each kept 7 days", () => {
  const group = (name: string) => ({ name, args: { name, retentionInDays: 7, tags: { Name: name } } });
  assert.equal(observability.logGroups(dev), {
    app: group("/ecs/webapp-dev"),
    flowLogs: group("/vpc/flow-logs-dev"),
    database: group("/aws/rds/instance/rds-dev/postgresql"),
    containerInsights: group("/aws/ecs/containerinsights/cluster-dev/performance"),
  });
});

groups("follows logs.retentionDays", () => {
  const longer = observability.logGroups(configOf({ "webapp:logs": { retentionDays: 30 } }));
  assert.is(longer.app.args.retentionInDays, 30);
});

groups.run();

const alarms = suite("alarms");

const refs = { loadBalancerArnSuffix: "app/alb-dev/1", targetGroupArnSuffix: "targetgroup/tg-dev/1", actions: [] };
const built = observability.alarms(dev, refs);
const watched = (what: string, c = dev, actions: string[] = []) =>
  observability.alarms(c, { ...refs, actions }).watch.find((a) => a.name === `${what}-dev`)?.args;

// What every alarm shares: its name as its logical name, missing data counted as fine (no traffic is no
// error), and the topic's actions (none here).
const alarm = (name: string, args: Record<string, unknown>) => ({
  name,
  args: { name, treatMissingData: "notBreaching", alarmActions: [], okActions: [], ...args },
});
// A metric query of one-minute datapoints.
const query = (id: string, namespace: string, metricName: string, dimensions: object, stat: string) => ({
  id,
  metric: { namespace, metricName, dimensions, period: 60, stat },
});
const LB = { LoadBalancer: "app/alb-dev/1" };

alarms("5xx: more than 5 % of the requests, from the load balancer and the app together, 3 minutes running", () => {
  assert.equal(
    built.rollback,
    alarm("alb-5xx-dev", {
      alarmDescription:
        "More than 5 % of requests answered 5xx (load balancer and app) for 3 minutes, in minutes of at least 50 requests",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 5,
      evaluationPeriods: 3,
      metricQueries: [
        query("elb", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", LB, "Sum"),
        query("target", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", LB, "Sum"),
        query("requests", "AWS/ApplicationELB", "RequestCount", LB, "Sum"),
        {
          id: "rate",
          expression:
            "IF(FILL(requests, 0) + FILL(elb, 0) >= 50, 100 * (FILL(elb, 0) + FILL(target, 0)) / (FILL(requests, 0) + FILL(elb, 0)), 0)",
          label: "5xx % of requests",
          returnData: true,
        },
      ],
    }),
  );
});

// The alarm breaches above 5 (%): what that means at a quiet minute and at a sale's.
const fires = (m: { requests: number; elb5xx: number; target5xx: number }) =>
  observability.serverErrorRatePercent(m) > (built.rollback.args.threshold as number);

alarms("at 100 requests a minute, 6 errors roll a deployment back and 5 do not", () => {
  assert.ok(fires({ requests: 100, elb5xx: 0, target5xx: 6 })); // 6 / 100 = 6 %
  assert.not.ok(fires({ requests: 100, elb5xx: 0, target5xx: 5 })); // 5 % is not above 5 %
});

alarms("at 100 000 requests a minute, 10 errors are noise (0.01 %) and 5 001 a failure", () => {
  assert.not.ok(fires({ requests: 100_000, elb5xx: 0, target5xx: 10 }));
  assert.ok(fires({ requests: 100_000, elb5xx: 0, target5xx: 5_001 }));
});

alarms("a minute of fewer than 50 requests is not judged: 10 errors in 40 requests read as 0 %", () => {
  assert.is(observability.serverErrorRatePercent({ requests: 40, elb5xx: 0, target5xx: 10 }), 0);
  assert.is(observability.serverErrorRatePercent({ requests: 50, elb5xx: 0, target5xx: 10 }), 20);
});

// A 503 for want of a healthy target is not in RequestCount: counted in the denominator, a fleet with no
// healthy task reads 100 %, not infinity or 0.
alarms("the load balancer's own 5xx count as requests too: no healthy task at all reads as 100 %", () => {
  assert.is(observability.serverErrorRatePercent({ requests: 0, elb5xx: 500, target5xx: 0 }), 100);
  assert.ok(fires({ requests: 0, elb5xx: 500, target5xx: 0 }));
});

alarms("watches, besides 5xx: unhealthy targets, the fleet at its maximum, and the data tier", () => {
  assert.equal(
    built.watch.map((a) => a.name),
    [
      "unhealthy-targets-dev",
      "tasks-at-max-dev",
      "rds-cpu-high-dev",
      "rds-connections-high-dev",
      "rds-memory-low-dev",
      "rds-storage-low-dev",
      "sessions-throttled-dev",
    ],
  );
});

// A single-metric alarm of one-minute periods.
const single = (args: {
  alarmDescription: string;
  namespace: string;
  metricName: string;
  dimensions: object;
  statistic: string;
  evaluationPeriods: number;
  comparisonOperator: string;
  threshold: number;
}) => ({ ...args, period: 60 });

alarms("unhealthy targets: any target of this target group failing its health check, 3 minutes running", () => {
  assert.equal(
    built.watch[0],
    alarm(
      "unhealthy-targets-dev",
      single({
        alarmDescription: "A task failed the load balancer's health check for 3 minutes",
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { ...LB, TargetGroup: "targetgroup/tg-dev/1" },
        statistic: "Maximum",
        evaluationPeriods: 3,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
      }),
    ),
  );
});

alarms("at max: every task counted for 15 minutes was running at scaling.maxTasks", () => {
  assert.equal(
    built.watch[1],
    alarm(
      "tasks-at-max-dev",
      single({
        alarmDescription:
          "The service has run at its maximum of 10 tasks for 15 minutes: raise scaling.maxTasks or look at load",
        namespace: "ECS/ContainerInsights",
        metricName: "RunningTaskCount",
        dimensions: { ClusterName: "cluster-dev", ServiceName: "service-dev" },
        statistic: "Minimum",
        evaluationPeriods: 15,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 10,
      }),
    ),
  );
  const twenty = configOf({ "webapp:scaling": { maxTasks: 20 }, "webapp:service": { workers: 1 } });
  assert.is(watched("tasks-at-max", twenty)?.threshold, 20);
});

alarms("no at-max alarm when minTasks == maxTasks: a fleet that cannot scale would sit in ALARM forever", () => {
  const fixed = configOf({ "webapp:scaling": { minTasks: 3, maxTasks: 3 }, "webapp:service": { desiredCount: 3 } });
  assert.is(watched("tasks-at-max", fixed), undefined);
  const oneRoom = configOf({ "webapp:scaling": { minTasks: 3, maxTasks: 4 }, "webapp:service": { desiredCount: 3 } });
  assert.is(watched("tasks-at-max", oneRoom)?.threshold, 4);
});

alarms("database CPU: over 80 % on average for 5 minutes on this instance", () => {
  assert.equal(
    built.watch[2],
    alarm(
      "rds-cpu-high-dev",
      single({
        alarmDescription: "The database's CPU has averaged over 80 % for 5 minutes",
        namespace: "AWS/RDS",
        metricName: "CPUUtilization",
        dimensions: { DBInstanceIdentifier: "rds-dev" },
        statistic: "Average",
        evaluationPeriods: 5,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 80,
      }),
    ),
  );
});

// max_connections on a db.t3.micro is 81 (the connection budget): 80 % is 64.8 -> 64.
alarms("database connections: above 80 % of the server's max_connections (64 of 81 on a db.t3.micro)", () => {
  assert.equal(
    watched("rds-connections-high"),
    alarm(
      "rds-connections-high-dev",
      single({
        alarmDescription:
          "The database holds more than 80 % of its 81 connections (max_connections on db.t3.micro): the fleet's pools are near the budget",
        namespace: "AWS/RDS",
        metricName: "DatabaseConnections",
        dimensions: { DBInstanceIdentifier: "rds-dev" },
        statistic: "Maximum",
        evaluationPeriods: 3,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 64,
      }),
    ).args,
  );
  // 2 GiB: 182 connections, 80 % = 145.6 -> 145.
  const small = configOf({ "webapp:database": { instanceClass: "db.t3.small" } });
  assert.is(watched("rds-connections-high", small)?.threshold, 145);
});

alarms("database memory: below a tenth of the class's memory for 3 minutes, in bytes", () => {
  assert.equal(
    watched("rds-memory-low"),
    alarm(
      "rds-memory-low-dev",
      single({
        alarmDescription:
          "Less than 10 % of the db.t3.micro's 1 GiB is free for 3 minutes: the engine is out of cache and may swap",
        namespace: "AWS/RDS",
        metricName: "FreeableMemory",
        dimensions: { DBInstanceIdentifier: "rds-dev" },
        statistic: "Minimum",
        evaluationPeriods: 3,
        comparisonOperator: "LessThanThreshold",
        threshold: 107_374_182.4, // 1 GiB x 1024^3 bytes x 0.1
      }),
    ).args,
  );
  const large = configOf({ "webapp:database": { instanceClass: "db.r6g.large" } });
  assert.is(watched("rds-memory-low", large)?.threshold, 1_717_986_918.4); // 16 GiB x 1024^3 x 0.1
});

alarms("database storage: below a tenth of the allocated GiB, in bytes", () => {
  assert.equal(
    built.watch.find((a) => a.name === "rds-storage-low-dev"),
    alarm(
      "rds-storage-low-dev",
      single({
        alarmDescription: "Less than 10 % of the database's 20 GiB is free",
        namespace: "AWS/RDS",
        metricName: "FreeStorageSpace",
        dimensions: { DBInstanceIdentifier: "rds-dev" },
        statistic: "Minimum",
        evaluationPeriods: 1,
        comparisonOperator: "LessThanThreshold",
        threshold: 2_147_483_648, // 20 GiB x 1024^3 bytes x 0.1
      }),
    ),
  );
  const bigger = watched("rds-storage-low", configOf({ "webapp:database": { allocatedStorageGb: 100 } }));
  assert.is(bigger?.threshold, 10_737_418_240); // 100 x 1024^3 x 0.1
});

alarms("sessions throttled: any throttled read or write on the sessions table", () => {
  const table = { TableName: "user-sessions-dev" };
  assert.equal(
    built.watch.find((a) => a.name === "sessions-throttled-dev"),
    alarm("sessions-throttled-dev", {
      alarmDescription: "The sessions table throttled reads or writes",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      metricQueries: [
        query("reads", "AWS/DynamoDB", "ReadThrottleEvents", table, "Sum"),
        query("writes", "AWS/DynamoDB", "WriteThrottleEvents", table, "Sum"),
        {
          id: "throttled",
          expression: "FILL(reads, 0) + FILL(writes, 0)",
          label: "throttled requests",
          returnData: true,
        },
      ],
    }),
  );
});

alarms("without a topic no alarm has actions; with one, every alarm reports ALARM to it, only the data tier OK", () => {
  for (const a of [built.rollback, ...built.watch]) assert.equal([a.args.alarmActions, a.args.okActions], [[], []]);
  const notifying = observability.alarms(dev, { ...refs, actions: ["arn:topic"] });
  for (const a of [notifying.rollback, ...notifying.watch]) {
    const dataTier = /^(rds|sessions)-/.test(a.name);
    assert.equal([a.args.alarmActions, a.args.okActions], [["arn:topic"], dataTier ? ["arn:topic"] : []], a.name);
  }
  // A sale's flapping fleet alarms send no OK emails.
  assert.equal(notifying.rollback.args.okActions, []);
});

alarms.run();

const dashboard = suite("dashboardBody");

const body = observability.dashboardBody(dev, { loadBalancerArnSuffix: "app/alb-dev/1", targetGroupArnSuffix: "tg/1" });
const widget = (title: string) => body.widgets.find((w) => w.properties.title === title)?.properties;

dashboard("shows what a sale day needs, left to right: the edge, the fleet, the data tier", () => {
  const lb = ["LoadBalancer", "app/alb-dev/1"];
  const tg = [...lb, "TargetGroup", "tg/1"];
  const service = ["ClusterName", "cluster-dev", "ServiceName", "service-dev"];
  const db = ["DBInstanceIdentifier", "rds-dev"];
  const table = ["TableName", "user-sessions-dev"];
  assert.equal(
    body.widgets.map((w) => [w.properties.title, w.properties.metrics]),
    [
      ["Requests", [["AWS/ApplicationELB", "RequestCount", ...lb, { stat: "Sum" }]]],
      [
        "5xx responses",
        [
          ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...lb, { stat: "Sum" }],
          ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...lb, { stat: "Sum" }],
        ],
      ],
      [
        "Target response time (s)",
        [
          ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p50" }],
          ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p99" }],
        ],
      ],
      [
        "Healthy and unhealthy tasks",
        [
          ["AWS/ApplicationELB", "HealthyHostCount", ...tg, { stat: "Minimum" }],
          ["AWS/ApplicationELB", "UnHealthyHostCount", ...tg, { stat: "Maximum" }],
        ],
      ],
      [
        "Running vs desired tasks",
        [
          ["ECS/ContainerInsights", "RunningTaskCount", ...service, { stat: "Average" }],
          ["ECS/ContainerInsights", "DesiredTaskCount", ...service, { stat: "Average" }],
        ],
      ],
      [
        "Service CPU and memory (%)",
        [
          ["AWS/ECS", "CPUUtilization", ...service, { stat: "Average" }],
          ["AWS/ECS", "MemoryUtilization", ...service, { stat: "Average" }],
        ],
      ],
      ["Database CPU (%)", [["AWS/RDS", "CPUUtilization", ...db, { stat: "Average" }]]],
      ["Database connections", [["AWS/RDS", "DatabaseConnections", ...db, { stat: "Maximum" }]]],
      ["Database freeable memory (bytes)", [["AWS/RDS", "FreeableMemory", ...db, { stat: "Minimum" }]]],
      ["Database CPU credits charged", [["AWS/RDS", "CPUSurplusCreditsCharged", ...db, { stat: "Sum" }]]],
      ["Database free storage (bytes)", [["AWS/RDS", "FreeStorageSpace", ...db, { stat: "Minimum" }]]],
      [
        "Sessions table throttles",
        [
          ["AWS/DynamoDB", "ReadThrottleEvents", ...table, { stat: "Sum" }],
          ["AWS/DynamoDB", "WriteThrottleEvents", ...table, { stat: "Sum" }],
        ],
      ],
    ],
  );
});

dashboard("each widget is a one-minute time series; only the fleet's two and the connections carry lines", () => {
  for (const w of body.widgets) {
    const { title, annotations, region, view, period } = w.properties;
    assert.equal([w.type, region, view, period], ["metric", "us-east-2", "timeSeries", 60], title);
    const lined = ["Running vs desired tasks", "Service CPU and memory (%)", "Database connections"].includes(title);
    assert.is(annotations !== undefined, lined, title);
  }
});

dashboard("draws the CPU target and maxTasks as lines, so the fleet's headroom is visible", () => {
  assert.equal(widget("Service CPU and memory (%)")?.annotations, { horizontal: [{ label: "CPU target", value: 70 }] });
  assert.equal(widget("Running vs desired tasks")?.annotations, { horizontal: [{ label: "maxTasks", value: 10 }] });
});

// The connection budget of a db.t3.micro: 81 max_connections, 67 usable by the app.
dashboard("draws the server's max_connections and the app's usable share over the database's connections", () => {
  assert.equal(widget("Database connections")?.annotations, {
    horizontal: [
      { label: "max_connections", value: 81 },
      { label: "usable by the app", value: 67 },
    ],
  });
});

const titlesOf = (c: Parameters<typeof observability.dashboardBody>[0]) =>
  observability
    .dashboardBody(c, { loadBalancerArnSuffix: "app/alb-dev/1", targetGroupArnSuffix: "targetgroup/tg-dev/1" })
    .widgets.map((w) => w.properties.title);

dashboard("shows CPU credits charged only for a T class (RDS runs them Unlimited; others have no credits)", () => {
  assert.ok(titlesOf(dev).includes("Database CPU credits charged"));
  assert.not.ok(
    titlesOf(configOf({ "webapp:database": { instanceClass: "db.m7g.large" } })).includes(
      "Database CPU credits charged",
    ),
  );
});

dashboard("with the proxy: its client connections and the p99 wait for a pooled connection, by proxy name", () => {
  const proxied = configOf({ "webapp:database": { proxy: true } });
  const widgets = observability.dashboardBody(proxied, {
    loadBalancerArnSuffix: "app/alb-dev/1",
    targetGroupArnSuffix: "targetgroup/tg-dev/1",
  }).widgets;
  const metricsOf = (title: string) => widgets.find((w) => w.properties.title === title)?.properties.metrics;
  assert.equal(metricsOf("Proxy client connections"), [
    ["AWS/RDS", "ClientConnections", "ProxyName", "rds-proxy-dev", { stat: "Maximum" }],
  ]);
  assert.equal(metricsOf("Proxy connection borrow latency (µs)"), [
    ["AWS/RDS", "DatabaseConnectionsBorrowLatency", "ProxyName", "rds-proxy-dev", { stat: "p99" }],
  ]);
  assert.not.ok(titlesOf(dev).some((t) => t.startsWith("Proxy")));
});

dashboard("lays twelve 8 x 6 widgets on the 24-unit grid, three to a row, in reading order", () => {
  assert.equal(
    body.widgets.map((w) => [w.x, w.y, w.width, w.height]),
    [
      [0, 0, 8, 6],
      [8, 0, 8, 6],
      [16, 0, 8, 6],
      [0, 6, 8, 6],
      [8, 6, 8, 6],
      [16, 6, 8, 6],
      [0, 12, 8, 6],
      [8, 12, 8, 6],
      [16, 12, 8, 6],
      [0, 18, 8, 6],
      [8, 18, 8, 6],
      [16, 18, 8, 6],
    ],
  );
});

dashboard("is named dashboard-<suffix> and carries the body it is given", () => {
  assert.equal(observability.dashboardArgs(dev, "{}"), { dashboardName: "dashboard-dev", dashboardBody: "{}" });
});

dashboard.run();
