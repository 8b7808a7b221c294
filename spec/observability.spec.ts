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

alarms("5xx: more than 10 a minute from the load balancer and the app together, 3 minutes running", () => {
  assert.equal(
    built.rollback,
    alarm("alb-5xx-dev", {
      alarmDescription: "More than 10 5xx responses a minute (load balancer and app) for 3 minutes",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 10,
      evaluationPeriods: 3,
      metricQueries: [
        query("elb", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", LB, "Sum"),
        query("target", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", LB, "Sum"),
        { id: "errors", expression: "FILL(elb, 0) + FILL(target, 0)", label: "5xx responses", returnData: true },
      ],
    }),
  );
});

alarms("watches, besides 5xx: unhealthy targets, the fleet at its maximum, and the data tier", () => {
  assert.equal(
    built.watch.map((a) => a.name),
    ["unhealthy-targets-dev", "tasks-at-max-dev", "rds-cpu-high-dev", "rds-storage-low-dev", "sessions-throttled-dev"],
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
  assert.is(watched("tasks-at-max", configOf({ "webapp:scaling": { maxTasks: 20 } }))?.threshold, 20);
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

alarms("database storage: below a tenth of the allocated GiB, in bytes", () => {
  assert.equal(
    built.watch[3],
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
    built.watch[4],
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

alarms("without a topic no alarm has actions; with one, every alarm reports to it in ALARM and back to OK", () => {
  for (const a of [built.rollback, ...built.watch]) assert.equal([a.args.alarmActions, a.args.okActions], [[], []]);
  const notifying = observability.alarms(dev, { ...refs, actions: ["arn:topic"] });
  for (const a of [notifying.rollback, ...notifying.watch]) {
    assert.equal([a.args.alarmActions, a.args.okActions], [["arn:topic"], ["arn:topic"]], a.name);
  }
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

dashboard("each widget is a one-minute time series; only the fleet's two carry lines", () => {
  for (const w of body.widgets) {
    const { title, annotations, region, view, period } = w.properties;
    assert.equal([w.type, region, view, period], ["metric", "us-east-2", "timeSeries", 60], title);
    const lined = ["Running vs desired tasks", "Service CPU and memory (%)"].includes(title);
    assert.is(annotations !== undefined, lined, title);
  }
});

dashboard("draws the CPU target and maxTasks as lines, so the fleet's headroom is visible", () => {
  assert.equal(widget("Service CPU and memory (%)")?.annotations, { horizontal: [{ label: "CPU target", value: 70 }] });
  assert.equal(widget("Running vs desired tasks")?.annotations, { horizontal: [{ label: "maxTasks", value: 10 }] });
});

dashboard("lays ten 8 x 6 widgets on the 24-unit grid, three to a row, in reading order", () => {
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
    ],
  );
});

dashboard("is named dashboard-<suffix> and carries the body it is given", () => {
  assert.equal(observability.dashboardArgs(dev, "{}"), { dashboardName: "dashboard-dev", dashboardBody: "{}" });
});

dashboard.run();
