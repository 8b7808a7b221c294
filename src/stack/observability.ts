// Logs and alarms: the log groups the stack owns (the app's, the VPC flow logs', and RDS's exported
// PostgreSQL log, created before RDS would create a never-expiring one), and the CloudWatch alarms an
// operator must hear about. Used by src/main.ts for aws.cloudwatch.LogGroup and MetricAlarm.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import type { Config } from "../contract/config";
import { type Spec, names, spec } from "./spec";

// ---- tuning (not the mission's numbers) ----

const ALARM_PERIOD_SECONDS = 60;
const ALARM_EVALUATION_PERIODS = 3; // three bad minutes in a row, not one blip
const SERVER_ERRORS_PER_MINUTE = 10; // 5xx from the load balancer and the app, summed
const AT_MAX_EVALUATION_PERIODS = 15; // a quarter of an hour pinned at the ceiling is not a spike

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
}

// The alarms, by role. `serverErrors` also guards deployments: the service rolls back when it fires.
export const alarms = (
  c: Config,
  refs: AlarmRefs,
): {
  serverErrors: Spec<aws.cloudwatch.MetricAlarmArgs>;
  unhealthyTargets: Spec<aws.cloudwatch.MetricAlarmArgs>;
  // None when minTasks == maxTasks: a fleet that cannot scale would sit at its maximum, in ALARM, forever.
  atMaxTasks: Spec<aws.cloudwatch.MetricAlarmArgs> | undefined;
} => {
  const n = names(c);
  const lb = { LoadBalancer: refs.loadBalancerArnSuffix };
  const count = (id: string, metricName: string) => ({
    id,
    metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: lb, period: ALARM_PERIOD_SECONDS, stat: "Sum" },
  });
  return {
    serverErrors: spec(n.alarm("alb-5xx"), {
      name: n.alarm("alb-5xx"),
      alarmDescription: `More than ${SERVER_ERRORS_PER_MINUTE} 5xx responses a minute (load balancer and app) for ${ALARM_EVALUATION_PERIODS} minutes`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: SERVER_ERRORS_PER_MINUTE,
      evaluationPeriods: ALARM_EVALUATION_PERIODS,
      treatMissingData: "notBreaching",
      metricQueries: [
        count("elb", "HTTPCode_ELB_5XX_Count"),
        count("target", "HTTPCode_Target_5XX_Count"),
        { id: "errors", expression: "FILL(elb, 0) + FILL(target, 0)", label: "5xx responses", returnData: true },
      ],
    }),
    unhealthyTargets: spec(n.alarm("unhealthy-targets"), {
      name: n.alarm("unhealthy-targets"),
      alarmDescription: `A task failed the load balancer's health check for ${ALARM_EVALUATION_PERIODS} minutes`,
      namespace: "AWS/ApplicationELB",
      metricName: "UnHealthyHostCount",
      dimensions: { ...lb, TargetGroup: refs.targetGroupArnSuffix },
      statistic: "Maximum",
      period: ALARM_PERIOD_SECONDS,
      evaluationPeriods: ALARM_EVALUATION_PERIODS,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      treatMissingData: "notBreaching",
    }),
    atMaxTasks:
      c.scaling.minTasks === c.scaling.maxTasks
        ? undefined
        : spec(n.alarm("tasks-at-max"), {
            name: n.alarm("tasks-at-max"),
            alarmDescription: `The service has run at its maximum of ${c.scaling.maxTasks} tasks for ${AT_MAX_EVALUATION_PERIODS} minutes: raise scaling.maxTasks or look at load`,
            namespace: "ECS/ContainerInsights",
            metricName: "RunningTaskCount",
            dimensions: { ClusterName: n.cluster, ServiceName: n.service },
            statistic: "Minimum",
            period: ALARM_PERIOD_SECONDS,
            evaluationPeriods: AT_MAX_EVALUATION_PERIODS,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: c.scaling.maxTasks,
            treatMissingData: "notBreaching",
          }),
  };
};
