// Logs and alarms: the log groups the stack owns (the app's, the VPC flow logs', and RDS's exported
// PostgreSQL log, created before RDS would create a never-expiring one), and the CloudWatch alarms an
// operator must hear about, and the sale-day dashboard. Used by src/main.ts for aws.cloudwatch.LogGroup,
// MetricAlarm and Dashboard.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import type { Config } from "../contract/config";
import { type Spec, names, spec } from "./spec";

// ---- tuning (not the mission's numbers) ----

const ALARM_PERIOD_SECONDS = 60;
const ALARM_EVALUATION_PERIODS = 3; // three bad minutes in a row, not one blip
const SERVER_ERRORS_PER_MINUTE = 10; // 5xx from the load balancer and the app, summed
const AT_MAX_EVALUATION_PERIODS = 15; // a quarter of an hour pinned at the ceiling is not a spike
// The data tier: a db.t3.micro over 80 % for 5 minutes is spending CPU credits it may not have.
const DATABASE_CPU_PERCENT = 80;
const DATABASE_CPU_EVALUATION_PERIODS = 5;
const DATABASE_FREE_STORAGE_FRACTION = 0.1; // alarm below a tenth of the allocated storage
const BYTES_PER_GIB = 1024 ** 3;
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
  // Where every alarm reports, in ALARM and back to OK: the alarm topic, or none (no notifications).
  readonly actions: readonly Input<string>[];
}

// The alarms. `rollback` (5xx) also guards deployments: the service rolls back when it fires. `watch` are
// the rest: unhealthy targets, the fleet pinned at its maximum, and the data tier.
export const alarms = (
  c: Config,
  refs: AlarmRefs,
): { rollback: Spec<aws.cloudwatch.MetricAlarmArgs>; watch: Spec<aws.cloudwatch.MetricAlarmArgs>[] } => {
  const n = names(c);
  const lb = { LoadBalancer: refs.loadBalancerArnSuffix };
  const metric = (namespace: string, metricName: string, dimensions: Record<string, Input<string>>, stat: string) => ({
    metric: { namespace, metricName, dimensions, period: ALARM_PERIOD_SECONDS, stat },
  });
  const alarm = (what: string, args: aws.cloudwatch.MetricAlarmArgs) =>
    spec(n.alarm(what), {
      name: n.alarm(what),
      treatMissingData: "notBreaching",
      alarmActions: [...refs.actions],
      okActions: [...refs.actions],
      ...args,
    });
  return {
    rollback: alarm("alb-5xx", {
      alarmDescription: `More than ${SERVER_ERRORS_PER_MINUTE} 5xx responses a minute (load balancer and app) for ${ALARM_EVALUATION_PERIODS} minutes`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: SERVER_ERRORS_PER_MINUTE,
      evaluationPeriods: ALARM_EVALUATION_PERIODS,
      metricQueries: [
        { id: "elb", ...metric("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", lb, "Sum") },
        { id: "target", ...metric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", lb, "Sum") },
        { id: "errors", expression: "FILL(elb, 0) + FILL(target, 0)", label: "5xx responses", returnData: true },
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
              alarmDescription: `The service has run at its maximum of ${c.scaling.maxTasks} tasks for ${AT_MAX_EVALUATION_PERIODS} minutes: raise scaling.maxTasks or look at load`,
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
      alarm("rds-storage-low", {
        alarmDescription: `Less than ${DATABASE_FREE_STORAGE_FRACTION * 100} % of the database's ${c.database.allocatedStorageGb} GiB is free`,
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
    { title: "Database connections", metrics: [["AWS/RDS", "DatabaseConnections", ...db, { stat: "Maximum" }]] },
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
