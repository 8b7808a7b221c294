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

const built = observability.alarms(dev, {
  loadBalancerArnSuffix: "app/alb-dev/1",
  targetGroupArnSuffix: "targetgroup/tg-dev/1",
});

alarms("5xx: sums the load balancer's and the app's 5xx responses of this load balancer", () => {
  const queries = built.serverErrors.args.metricQueries as {
    id: string;
    expression?: string;
    metric?: { metricName: string; dimensions: unknown };
  }[];
  assert.equal(
    queries.map((q) => q.metric?.metricName ?? q.expression),
    ["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "FILL(elb, 0) + FILL(target, 0)"],
  );
  assert.equal(queries[0]?.metric?.dimensions, { LoadBalancer: "app/alb-dev/1" });
  assert.is(built.serverErrors.args.treatMissingData, "notBreaching");
});

alarms("unhealthy targets: fires when any target of this target group fails its health check", () => {
  const args = built.unhealthyTargets.args;
  assert.equal(
    [args.metricName, args.dimensions, args.threshold, args.comparisonOperator],
    [
      "UnHealthyHostCount",
      { LoadBalancer: "app/alb-dev/1", TargetGroup: "targetgroup/tg-dev/1" },
      1,
      "GreaterThanOrEqualToThreshold",
    ],
  );
});

alarms("at max: fires when the service has been pinned at scaling.maxTasks", () => {
  assert.ok(built.atMaxTasks);
  const args = built.atMaxTasks.args;
  assert.equal(
    [args.namespace, args.metricName, args.dimensions, args.threshold],
    ["ECS/ContainerInsights", "RunningTaskCount", { ClusterName: "cluster-dev", ServiceName: "service-dev" }, 10],
  );
  const bigger = observability.alarms(configOf({ "webapp:scaling": { maxTasks: 20 } }), {
    loadBalancerArnSuffix: "a",
    targetGroupArnSuffix: "t",
  });
  assert.is(bigger.atMaxTasks?.args.threshold, 20);
});

alarms("no at-max alarm when minTasks == maxTasks: a fleet that cannot scale would sit in ALARM forever", () => {
  const fixed = observability.alarms(
    configOf({ "webapp:scaling": { minTasks: 3, maxTasks: 3 }, "webapp:service": { desiredCount: 3 } }),
    {
      loadBalancerArnSuffix: "a",
      targetGroupArnSuffix: "t",
    },
  );
  assert.is(fixed.atMaxTasks, undefined);
  const oneRoom = observability.alarms(
    configOf({ "webapp:scaling": { minTasks: 3, maxTasks: 4 }, "webapp:service": { desiredCount: 3 } }),
    { loadBalancerArnSuffix: "a", targetGroupArnSuffix: "t" },
  );
  assert.is(oneRoom.atMaxTasks?.args.threshold, 4);
});

alarms.run();
