// Log groups and alarms.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as observability from "../src/stack/observability";
import { configOf, devConfig } from "./fixtures/config";

const dev = devConfig();

const groups = suite("logGroups");

groups("owns the app's, the flow logs', RDS's postgresql and Container Insights' log groups, each kept 7 days", () => {
  const built = observability.logGroups(dev);
  assert.equal(
    Object.values(built).map((g) => [g.args.name, g.args.retentionInDays]),
    [
      ["/ecs/webapp-dev", 7],
      ["/vpc/flow-logs-dev", 7],
      ["/aws/rds/instance/rds-dev/postgresql", 7],
      ["/aws/ecs/containerinsights/cluster-dev/performance", 7],
    ],
  );
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

alarms("5xx: sums the load balancer's and the app's 5xx responses of this load balancer", () => {
  const queries = built.rollback.args.metricQueries as {
    id: string;
    expression?: string;
    metric?: { metricName: string; dimensions: unknown };
  }[];
  assert.is(built.rollback.name, "alb-5xx-dev");
  assert.equal(
    queries.map((q) => q.metric?.metricName ?? q.expression),
    ["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "FILL(elb, 0) + FILL(target, 0)"],
  );
  assert.equal(queries[0]?.metric?.dimensions, { LoadBalancer: "app/alb-dev/1" });
  assert.is(built.rollback.args.treatMissingData, "notBreaching");
});

alarms("watches, besides 5xx: unhealthy targets, the fleet at its maximum, and the data tier", () => {
  assert.equal(
    built.watch.map((a) => a.name),
    ["unhealthy-targets-dev", "tasks-at-max-dev", "rds-cpu-high-dev", "rds-storage-low-dev", "sessions-throttled-dev"],
  );
});

alarms("unhealthy targets: fires when any target of this target group fails its health check", () => {
  const args = watched("unhealthy-targets");
  assert.equal(
    [args?.metricName, args?.dimensions, args?.threshold, args?.comparisonOperator],
    [
      "UnHealthyHostCount",
      { LoadBalancer: "app/alb-dev/1", TargetGroup: "targetgroup/tg-dev/1" },
      1,
      "GreaterThanOrEqualToThreshold",
    ],
  );
});

alarms("at max: fires when the service has been pinned at scaling.maxTasks", () => {
  const args = watched("tasks-at-max");
  assert.equal(
    [args?.namespace, args?.metricName, args?.dimensions, args?.threshold],
    ["ECS/ContainerInsights", "RunningTaskCount", { ClusterName: "cluster-dev", ServiceName: "service-dev" }, 10],
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
  const args = watched("rds-cpu-high");
  assert.equal(
    [args?.namespace, args?.metricName, args?.dimensions, args?.statistic, args?.threshold, args?.evaluationPeriods],
    ["AWS/RDS", "CPUUtilization", { DBInstanceIdentifier: "rds-dev" }, "Average", 80, 5],
  );
  assert.is(args?.comparisonOperator, "GreaterThanThreshold");
});

alarms("database storage: below a tenth of the allocated GiB, in bytes", () => {
  const args = watched("rds-storage-low");
  // 20 GiB x 1024^3 bytes x 0.1 = 2,147,483,648 bytes.
  assert.equal(
    [args?.metricName, args?.statistic, args?.comparisonOperator, args?.threshold],
    ["FreeStorageSpace", "Minimum", "LessThanThreshold", 2_147_483_648],
  );
  const bigger = watched("rds-storage-low", configOf({ "webapp:database": { allocatedStorageGb: 100 } }));
  assert.is(bigger?.threshold, 10_737_418_240); // 100 x 1024^3 x 0.1
});

alarms("sessions throttled: any throttled read or write on the sessions table", () => {
  const args = watched("sessions-throttled");
  const queries = args?.metricQueries as {
    metric?: { metricName: string; dimensions: unknown };
    expression?: string;
  }[];
  assert.equal(
    queries.map((q) => q.metric?.metricName ?? q.expression),
    ["ReadThrottleEvents", "WriteThrottleEvents", "FILL(reads, 0) + FILL(writes, 0)"],
  );
  assert.equal(queries[0]?.metric?.dimensions, { TableName: "user-sessions-dev" });
  assert.equal([args?.comparisonOperator, args?.threshold], ["GreaterThanThreshold", 0]);
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

dashboard("shows what a sale day needs: the edge, the fleet, the data tier", () => {
  assert.equal(
    body.widgets.map((w) => w.properties.title),
    [
      "Requests",
      "5xx responses",
      "Target response time (s)",
      "Healthy and unhealthy tasks",
      "Running vs desired tasks",
      "Service CPU and memory (%)",
      "Database CPU (%)",
      "Database connections",
      "Database free storage (bytes)",
      "Sessions table throttles",
    ],
  );
});

dashboard("reads the p50 and p99 response time of this load balancer", () => {
  assert.equal(widget("Target response time (s)")?.metrics, [
    ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", "app/alb-dev/1", { stat: "p50" }],
    ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", "app/alb-dev/1", { stat: "p99" }],
  ]);
});

dashboard("draws the CPU target and maxTasks as lines, so the fleet's headroom is visible", () => {
  assert.equal(widget("Service CPU and memory (%)")?.annotations, { horizontal: [{ label: "CPU target", value: 70 }] });
  assert.equal(widget("Running vs desired tasks")?.annotations, { horizontal: [{ label: "maxTasks", value: 10 }] });
  assert.equal(widget("Running vs desired tasks")?.metrics, [
    [
      "ECS/ContainerInsights",
      "RunningTaskCount",
      "ClusterName",
      "cluster-dev",
      "ServiceName",
      "service-dev",
      { stat: "Average" },
    ],
    [
      "ECS/ContainerInsights",
      "DesiredTaskCount",
      "ClusterName",
      "cluster-dev",
      "ServiceName",
      "service-dev",
      { stat: "Average" },
    ],
  ]);
});

dashboard("lays ten widgets on the 24-unit grid, three to a row, none overlapping", () => {
  const cells = body.widgets.map((w) => `${w.x},${w.y}`);
  assert.is(new Set(cells).size, body.widgets.length);
  for (const w of body.widgets) assert.ok(w.x + w.width <= 24, w.properties.title);
  assert.equal(body.widgets[3], { ...body.widgets[3], x: 0, y: 6, width: 8, height: 6 });
});

dashboard("is named dashboard-<suffix>, in the stack's region", () => {
  assert.is(observability.dashboardArgs(dev, "{}").dashboardName, "dashboard-dev");
  for (const w of body.widgets) assert.is(w.properties.region, "us-east-2");
});

dashboard.run();
