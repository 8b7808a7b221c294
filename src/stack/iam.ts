// Least-privilege IAM: who may assume each role (with a confused-deputy guard) and exactly what it may
// do. The execution role lets ECS pull this repository's image, write this log group and read this one
// secret; the task role lets the app touch items of the sessions table and nothing else; the flow-logs
// role may only write its own log group. Documents take plain ARNs: src/main.ts calls these inside apply.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import type { Config } from "../contract/config";
import { type Spec, names, spec } from "./spec";

// ---- types ----

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[]; // absent in trust policies
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

// ---- builders ----

// The app's item-level access to the sessions table; no Scan, no table administration.
const SESSION_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:Query",
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
] as const;

// Only this service, acting for this account, may assume the role.
export const trustPolicy = (service: string, accountId: string): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AssumedByTheServiceForThisAccountOnly",
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ],
});

export const ECS_TASKS = "ecs-tasks.amazonaws.com";
export const VPC_FLOW_LOGS = "vpc-flow-logs.amazonaws.com";

export const roles = (c: Config, assumeRolePolicies: { ecsTasks: Input<string>; flowLogs: Input<string> }) => {
  const n = names(c);
  const role = (name: string, description: string, assumeRolePolicy: Input<string>): Spec<aws.iam.RoleArgs> =>
    spec(name, { name, description, assumeRolePolicy, tags: { Name: name } });
  return {
    execution: role(
      n.executionRole,
      "ECS agent: pull the image, write logs, read the database secret",
      assumeRolePolicies.ecsTasks,
    ),
    task: role(n.taskRole, "The webapp container: the sessions table", assumeRolePolicies.ecsTasks),
    flowLogs: role(n.flowLogRole, "VPC flow logs: write the flow-log group", assumeRolePolicies.flowLogs),
  };
};

export const executionRolePolicy = (refs: {
  repositoryArn: string;
  logGroupArn: string;
  secretArn: string;
}): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [
    // The one action ECR cannot scope to a repository.
    { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "PullThisRepository",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      Resource: refs.repositoryArn,
    },
    {
      Sid: "WriteThisLogGroup",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${refs.logGroupArn}:log-stream:*`,
    },
    {
      Sid: "ReadTheDatabaseSecret",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: refs.secretArn,
    },
  ],
});

export const taskRolePolicy = (refs: { tableArn: string }): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "SessionItems",
      Effect: "Allow",
      Action: SESSION_TABLE_ACTIONS,
      Resource: [refs.tableArn, `${refs.tableArn}/index/*`],
    },
  ],
});

export const flowLogsRolePolicy = (refs: { logGroupArn: string }): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "WriteTheFlowLogGroup",
      Effect: "Allow",
      // The minimum AWS documents for flow-log delivery, scoped to the one group.
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
      Resource: [refs.logGroupArn, `${refs.logGroupArn}:log-stream:*`],
    },
  ],
});
