// Logs and alarms: the log groups the stack owns (the app's, the VPC flow logs', and RDS's exported
// PostgreSQL log, created before RDS would create a never-expiring one), and the CloudWatch alarms an
// operator must hear about, and the sale-day dashboard. Used by src/main.ts for aws.cloudwatch.LogGroup,
// MetricAlarm and Dashboard.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import type { Config } from "../contract/config";
import { budgetOf } from "../contract/connections";
import { instanceClassOf } from "../contract/limits";
import { type Spec, names, spec } from "./spec";

// ---- tuning (not the mission's numbers) ----

const ALARM_PERIOD_SECONDS = 60;
const ALARM_EVALUATION_PERIODS = 3; // three bad minutes in a row, not one blip
// The rollback alarm judges a rate, not a count: 10 errors a minute is an outage at 20 requests a minute and
// noise at 100 000. Above 5 % of the requests for three minutes is a failing deployment at any volume.
export const SERVER_ERROR_PERCENT = 5;
// A minute with fewer requests than this is too few to judge (one error would be 2 % or more); the rate
// reads 0 then. A deployment at night is still guarded by the health checks and the circuit breaker.
export const MIN_REQUESTS_TO_JUDGE = 50;
const AT_MAX_EVALUATION_PERIODS = 15; // a quarter of an hour pinned at the ceiling is not a spike
// The data tier. A database over 80 % CPU for 5 minutes is CPU-bound: queries queue and slow. On a T class
// RDS runs in Unlimited mode, so CPU above the baseline is never refused but billed as surplus credits
// (CPUSurplusCreditsCharged, on the dashboard): the alarm also means the bill is growing.
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Types.html
const DATABASE_CPU_PERCENT = 80;
const DATABASE_CPU_EVALUATION_PERIODS = 5;
const DATABASE_FREE_STORAGE_FRACTION = 0.1; // alarm below a tenth of the allocated storage
const BYTES_PER_GIB = 1024 ** 3;
// OK notifications only where the recovery is news: the data tier's alarms (rds-*, sessions-*), which no
// automation clears during a sale (an operator scales the database or the table, and the OK says it
// worked). The fleet's alarms (5xx, unhealthy targets, the fleet at its maximum) go back to OK on their
// own as auto scaling catches up, many times in a sale: an email each time would bury the ALARMs.
const notifiesOk = (what: string): boolean => what.startsWith("rds-") || what.startsWith("sessions-");
// Connections: alarm at 80 % of the server's max_connections, before the reserved slots are all that is left.
const DATABASE_CONNECTIONS_FRACTION = 0.8;
// Memory: below a tenth of the class's memory the engine's caches are gone and it swaps.
const DATABASE_FREEABLE_MEMORY_FRACTION = 0.1;
// A 24-unit wide grid: three 8 x 6 widgets a row.
const DASHBOARD_COLUMNS = 3;
const DASHBOARD_WIDGET_WIDTH = 8;
const DASHBOARD_WIDGET_HEIGHT = 6;

// ---- builders ----

// The groups AWS services would otherwise create on their own (RDS's export, Container Insights) are
// created first by the stack, so they have a retention and go away on destroy.
export const logGroups = (c: Config) => {
  const n = names(c);
  const group = (name: string): Spec<aws.cloudwatch.LogGroupArgs> =>
    spec(name, { name, retentionInDays: c.logs.retentionDays, tags: { Name: name } });
  return {
    app: group(n.logGroup),
    flowLogs: group(n.flowLogGroup),
    database: group(n.databaseLogGroup),
    containerInsights: group(n.containerInsightsLogGroup),
  };
};

export interface AlarmRefs {
  readonly loadBalancerArnSuffix: Input<string>;
  readonly targetGroupArnSuffix: Input<string>;
  // Where every alarm reports in ALARM (and the data tier's back to OK): the alarm topic, or none.
  readonly actions: readonly Input<string>[];
}

// The alarms. `rollback` (5xx) also guards deployments: the service rolls back when it fires. `watch` are
// the rest: unhealthy targets, the fleet pinned at its maximum, and the data tier.
export const alarms = (
  c: Config,
  refs: AlarmRefs,
): { rollback: Spec<aws.cloudwatch.MetricAlarmArgs>; watch: Spec<aws.cloudwatch.MetricAlarmArgs>[] } => {
  const n = names(c);
  const budget = budgetOf(c);
  const lb = { LoadBalancer: refs.loadBalancerArnSuffix };
  const metric = (namespace: string, metricName: string, dimensions: Record<string, Input<string>>, stat: string) => ({
    metric: { namespace, metricName, dimensions, period: ALARM_PERIOD_SECONDS, stat },
  });
  const alarm = (what: string, args: aws.cloudwatch.MetricAlarmArgs) =>
    spec(n.alarm(what), {
      name: n.alarm(what),
      treatMissingData: "notBreaching",
      alarmActions: [...refs.actions],
      okActions: notifiesOk(what) ? [...refs.actions] : [],
      ...args,
    });
  return {
    rollback: alarm("alb-5xx", {
      alarmDescription:
        `More than ${SERVER_ERROR_PERCENT} % of requests answered 5xx (load balancer and app) ` +
        `for ${ALARM_EVALUATION_PERIODS} minutes, in minutes of at least ${MIN_REQUESTS_TO_JUDGE} requests`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: SERVER_ERROR_PERCENT,
      evaluationPeriods: ALARM_EVALUATION_PERIODS,
      metricQueries: [
        { id: "elb", ...metric("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", lb, "Sum") },
        { id: "target", ...metric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", lb, "Sum") },
        { id: "requests", ...metric("AWS/ApplicationELB", "RequestCount", lb, "Sum") },
        { id: "rate", expression: SERVER_ERROR_RATE_EXPRESSION, label: "5xx % of requests", returnData: true },
      ],
    }),
    watch: [
      alarm("unhealthy-targets", {
        alarmDescription: `A task failed the load balancer's health check for ${ALARM_EVALUATION_PERIODS} minutes`,
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { ...lb, TargetGroup: refs.targetGroupArnSuffix },
        statistic: "Maximum",
        period: ALARM_PERIOD_SECONDS,
        evaluationPeriods: ALARM_EVALUATION_PERIODS,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
      }),
      // None when minTasks == maxTasks: a fleet that cannot scale would sit at its maximum, in ALARM, forever.
      ...(c.scaling.minTasks === c.scaling.maxTasks
        ? []
        : [
            alarm("tasks-at-max", {
              alarmDescription:
                `The service has run at its maximum of ${c.scaling.maxTasks} tasks for ` +
                `${AT_MAX_EVALUATION_PERIODS} minutes: raise scaling.maxTasks or look at load`,
              namespace: "ECS/ContainerInsights",
              metricName: "RunningTaskCount",
              dimensions: { ClusterName: n.cluster, ServiceName: n.service },
              statistic: "Minimum",
              period: ALARM_PERIOD_SECONDS,
              evaluationPeriods: AT_MAX_EVALUATION_PERIODS,
              comparisonOperator: "GreaterThanOrEqualToThreshold",
              threshold: c.scaling.maxTasks,
            }),
          ]),
      alarm("rds-cpu-high", {
        alarmDescription: `The database's CPU has averaged over ${DATABASE_CPU_PERCENT} % for ${DATABASE_CPU_EVALUATION_PERIODS} minutes`,
        namespace: "AWS/RDS",
        metricName: "CPUUtilization",
        dimensions: { DBInstanceIdentifier: n.database },
        statistic: "Average",
        period: ALARM_PERIOD_SECONDS,
        evaluationPeriods: DATABASE_CPU_EVALUATION_PERIODS,
        comparisonOperator: "GreaterThanThreshold",
        threshold: DATABASE_CPU_PERCENT,
      }),
      alarm("rds-connections-high", {
        alarmDescription:
          `The database holds more than ${DATABASE_CONNECTIONS_FRACTION * 100} % of its ` +
          `${budget.maxConnections} connections (max_connections on ${c.database.instanceClass}): the fleet's pools are near the budget`,
        namespace: "AWS/RDS",
        metricName: "DatabaseConnections",
        dimensions: { DBInstanceIdentifier: n.database },
        statistic: "Maximum",
        period: ALARM_PERIOD_SECONDS,
        evaluationPeriods: ALARM_EVALUATION_PERIODS,
        comparisonOperator: "GreaterThanThreshold",
        threshold: Math.floor(budget.maxConnections * DATABASE_CONNECTIONS_FRACTION),
      }),
      alarm("rds-memory-low", {
        alarmDescription:
          `Less than ${DATABASE_FREEABLE_MEMORY_FRACTION * 100} % of the ` +
          `${c.database.instanceClass}'s ${budget.memoryGib} GiB is free for ${ALARM_EVALUATION_PERIODS} ` +
          `minutes: the engine is out of cache and may swap`,
        namespace: "AWS/RDS",
        metricName: "FreeableMemory",
        dimensions: { DBInstanceIdentifier: n.database },
        statistic: "Minimum",
        period: ALARM_PERIOD_SECONDS,
        evaluationPeriods: ALARM_EVALUATION_PERIODS,
        comparisonOperator: "LessThanThreshold",
        threshold: budget.memoryGib * BYTES_PER_GIB * DATABASE_FREEABLE_MEMORY_FRACTION, // bytes
      }),
      alarm("rds-storage-low", {
        alarmDescription:
          `Less than ${DATABASE_FREE_STORAGE_FRACTION * 100} % of the database's ` +
          `${c.database.allocatedStorageGb} GiB is free`,
        namespace: "AWS/RDS",
        metricName: "FreeStorageSpace",
        dimensions: { DBInstanceIdentifier: n.database },
        statistic: "Minimum",
        period: ALARM_PERIOD_SECONDS,
        evaluationPeriods: 1,
        comparisonOperator: "LessThanThreshold",
        threshold: c.database.allocatedStorageGb * BYTES_PER_GIB * DATABASE_FREE_STORAGE_FRACTION, // bytes
      }),
      alarm("sessions-throttled", {
        alarmDescription: "The sessions table throttled reads or writes",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 1,
        metricQueries: [
          { id: "reads", ...metric("AWS/DynamoDB", "ReadThrottleEvents", { TableName: n.sessionsTable }, "Sum") },
          { id: "writes", ...metric("AWS/DynamoDB", "WriteThrottleEvents", { TableName: n.sessionsTable }, "Sum") },
          {
            id: "throttled",
            expression: "FILL(reads, 0) + FILL(writes, 0)",
            label: "throttled requests",
            returnData: true,
          },
        ],
      }),
    ],
  };
};

// The rollback alarm's metric math: 5xx (the load balancer's own and the app's) as a percentage of what
// reached the load balancer, 0 in a minute with too few requests to judge. The load balancer's own 5xx
// (a 503 with no healthy target) are not all in RequestCount, so they are added to the denominator: a
// rate can never exceed 100 %, and a fleet with no healthy task still reads as failing.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html (IF, FILL)
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
export const SERVER_ERROR_RATE_EXPRESSION =
  `IF(FILL(requests, 0) + FILL(elb, 0) >= ${MIN_REQUESTS_TO_JUDGE}, ` +
  `100 * (FILL(elb, 0) + FILL(target, 0)) / (FILL(requests, 0) + FILL(elb, 0)), 0)`;

// What the expression computes for one minute, for the tests and the README: the same arithmetic.
export const serverErrorRatePercent = (minute: { requests: number; elb5xx: number; target5xx: number }): number => {
  const seen = minute.requests + minute.elb5xx;
  return seen >= MIN_REQUESTS_TO_JUDGE ? (100 * (minute.elb5xx + minute.target5xx)) / seen : 0;
};

// ---- the sale-day dashboard ----

export const dashboardArgs = (c: Config, dashboardBody: Input<string>): aws.cloudwatch.DashboardArgs => ({
  dashboardName: names(c).dashboard,
  dashboardBody,
});

// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
// What to watch on the day, left to right: the edge, the fleet, the data tier. Plain values (the ARN
// suffixes of the load balancer and target group): src/main.ts calls it inside apply.
export const dashboardBody = (c: Config, refs: { loadBalancerArnSuffix: string; targetGroupArnSuffix: string }) => {
  const n = names(c);
  const lb = ["LoadBalancer", refs.loadBalancerArnSuffix];
  const tg = [...lb, "TargetGroup", refs.targetGroupArnSuffix];
  const service = ["ClusterName", n.cluster, "ServiceName", n.service];
  const db = ["DBInstanceIdentifier", n.database];
  const budget = budgetOf(c);
  const table = ["TableName", n.sessionsTable];
  const widgets: { title: string; metrics: unknown[][]; annotations?: unknown }[] = [
    { title: "Requests", metrics: [["AWS/ApplicationELB", "RequestCount", ...lb, { stat: "Sum" }]] },
    {
      title: "5xx responses",
      metrics: [
        ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...lb, { stat: "Sum" }],
        ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...lb, { stat: "Sum" }],
      ],
    },
    {
      title: "Target response time (s)",
      metrics: [
        ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p50" }],
        ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p99" }],
      ],
    },
    {
      title: "Healthy and unhealthy tasks",
      metrics: [
        ["AWS/ApplicationELB", "HealthyHostCount", ...tg, { stat: "Minimum" }],
        ["AWS/ApplicationELB", "UnHealthyHostCount", ...tg, { stat: "Maximum" }],
      ],
    },
    {
      title: "Running vs desired tasks",
      metrics: [
        ["ECS/ContainerInsights", "RunningTaskCount", ...service, { stat: "Average" }],
        ["ECS/ContainerInsights", "DesiredTaskCount", ...service, { stat: "Average" }],
      ],
      annotations: { horizontal: [{ label: "maxTasks", value: c.scaling.maxTasks }] },
    },
    {
      title: "Service CPU and memory (%)",
      metrics: [
        ["AWS/ECS", "CPUUtilization", ...service, { stat: "Average" }],
        ["AWS/ECS", "MemoryUtilization", ...service, { stat: "Average" }],
      ],
      annotations: { horizontal: [{ label: "CPU target", value: c.scaling.cpuTargetPercent }] },
    },
    { title: "Database CPU (%)", metrics: [["AWS/RDS", "CPUUtilization", ...db, { stat: "Average" }]] },
    {
      title: "Database connections",
      metrics: [["AWS/RDS", "DatabaseConnections", ...db, { stat: "Maximum" }]],
      annotations: {
        horizontal: [
          { label: "max_connections", value: budget.maxConnections },
          { label: "usable by the app", value: budget.usableConnections },
        ],
      },
    },
    {
      title: "Database freeable memory (bytes)",
      metrics: [["AWS/RDS", "FreeableMemory", ...db, { stat: "Minimum" }]],
    },
    // T classes run Unlimited on RDS: CPU past the baseline is billed as surplus credits.
    ...(instanceClassOf(c.database.instanceClass)?.burstable === true
      ? [
          {
            title: "Database CPU credits charged",
            metrics: [["AWS/RDS", "CPUSurplusCreditsCharged", ...db, { stat: "Sum" }]],
          },
        ]
      : []),
    // The proxy: clients it serves, and how long they wait for one of its pooled connections.
    ...(c.database.proxy
      ? [
          {
            title: "Proxy client connections",
            metrics: [["AWS/RDS", "ClientConnections", "ProxyName", n.proxy, { stat: "Maximum" }]],
          },
          {
            title: "Proxy connection borrow latency (µs)",
            metrics: [["AWS/RDS", "DatabaseConnectionsBorrowLatency", "ProxyName", n.proxy, { stat: "p99" }]],
          },
        ]
      : []),
    { title: "Database free storage (bytes)", metrics: [["AWS/RDS", "FreeStorageSpace", ...db, { stat: "Minimum" }]] },
    {
      title: "Sessions table throttles",
      metrics: [
        ["AWS/DynamoDB", "ReadThrottleEvents", ...table, { stat: "Sum" }],
        ["AWS/DynamoDB", "WriteThrottleEvents", ...table, { stat: "Sum" }],
      ],
    },
  ];
  return {
    widgets: widgets.map((w, i) => ({
      type: "metric",
      x: (i % DASHBOARD_COLUMNS) * DASHBOARD_WIDGET_WIDTH,
      y: Math.floor(i / DASHBOARD_COLUMNS) * DASHBOARD_WIDGET_HEIGHT,
      width: DASHBOARD_WIDGET_WIDTH,
      height: DASHBOARD_WIDGET_HEIGHT,
      properties: {
        title: w.title,
        region: c.region,
        view: "timeSeries",
        period: ALARM_PERIOD_SECONDS,
        metrics: w.metrics,
        annotations: w.annotations, // JSON leaves it out where there is none
      },
    })),
  };
};
