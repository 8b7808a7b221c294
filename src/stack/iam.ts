// Least-privilege IAM: who may assume each role (with a confused-deputy guard) and exactly what it may
// do. The execution role lets ECS pull this repository's image, write this log group and read this one
// secret; the task role lets the app touch items of the sessions table and nothing else; the flow-logs
// role may only write its own log group. Documents take plain ARNs: src/main.ts calls these inside apply.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import type { Config } from "../contract/config";
import { type PolicyDocument, type PolicyStatement, type Spec, names, spec } from "./spec";

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

// RDS Proxy's role: AWS's own setup (and the role the console creates) trusts the service without a
// source condition; RDS documents no aws:SourceAccount on the proxy's AssumeRole, and a condition the
// service does not send would leave the proxy unable to read its secret.
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html
export const proxyTrustPolicy = (): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [{ Sid: "AssumedByRds", Effect: "Allow", Principal: { Service: RDS }, Action: "sts:AssumeRole" }],
});

export const ECS_TASKS = "ecs-tasks.amazonaws.com";
export const RDS = "rds.amazonaws.com";
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

// With database.proxy: the role RDS Proxy assumes to read the database secret.
export const proxyRole = (c: Config, assumeRolePolicy: Input<string>): Spec<aws.iam.RoleArgs> => {
  const name = names(c).proxyRole;
  return spec(name, {
    name,
    description: "RDS Proxy: read the database secret",
    assumeRolePolicy,
    tags: { Name: name },
  });
};

// The database secret and where it lives, for the statements that read it.
export interface SecretRefs {
  readonly secretArn: string;
  // The customer-managed key that encrypts the secret, if any (getSecret's kmsKeyId: an id, an ARN or
  // an alias); absent or empty for the AWS-managed key, which needs no statement.
  readonly secretKmsKeyId?: string | undefined;
  readonly region: string;
  readonly accountId: string;
}

// The proxy reads exactly the database secret (and decrypts it, under a key of the account's own).
export const proxyRolePolicy = (refs: SecretRefs): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: readTheSecret(refs),
});

export const executionRolePolicy = (
  refs: SecretRefs & { readonly repositoryArn: string; readonly logGroupArn: string },
): PolicyDocument => ({
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
      Resource: logGroupAndStreams(refs.logGroupArn),
    },
    ...readTheSecret(refs),
  ],
});

// Exactly the database secret, and its key when it is one of the account's own: what the ECS agent and RDS
// Proxy each need to read the credentials.
const readTheSecret = (refs: SecretRefs): PolicyStatement[] => [
  { Sid: "ReadTheDatabaseSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: refs.secretArn },
  ...secretKeyStatements(refs),
];

// A secret under a customer-managed key is unreadable without kms:Decrypt on that key, and every task
// start fails. Scoped to Secrets Manager's use of the key in this region.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
const secretKeyStatements = (refs: Omit<SecretRefs, "secretArn">): PolicyStatement[] => {
  const key = refs.secretKmsKeyId ?? "";
  if (key === "") return [];
  const viaSecretsManager = { StringEquals: { "kms:ViaService": `secretsmanager.${refs.region}.amazonaws.com` } };
  const keys = `arn:aws:kms:${refs.region}:${refs.accountId}:key`;
  // An alias names no key ARN a policy can hold: allow the account's keys that carry that alias.
  const alias = /(?:^|:)(alias\/.+)$/.exec(key)?.[1];
  return [
    alias === undefined
      ? {
          Sid: "DecryptTheSecretsKey",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: key.startsWith("arn:") ? key : `${keys}/${key}`,
          Condition: viaSecretsManager,
        }
      : {
          Sid: "DecryptTheSecretsKey",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: `${keys}/*`,
          Condition: { ...viaSecretsManager, "ForAnyValue:StringEquals": { "kms:ResourceAliases": alias } },
        },
  ];
};

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

// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html: the actions AWS documents
// for delivery, each scoped as narrowly as IAM allows.
export const flowLogsRolePolicy = (refs: {
  logGroupArn: string;
  region: string;
  accountId: string;
}): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "WriteTheFlowLogGroup",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: logGroupAndStreams(refs.logGroupArn),
    },
    {
      // A list action: IAM cannot scope it to one group, only to the account's groups in the region.
      Sid: "FindTheFlowLogGroup",
      Effect: "Allow",
      Action: "logs:DescribeLogGroups",
      Resource: `arn:aws:logs:${refs.region}:${refs.accountId}:log-group:*`,
    },
  ],
});

// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html:
// group-level actions are authorized on `log-group:NAME:*`, which also covers its streams.
const logGroupAndStreams = (logGroupArn: string): string => `${logGroupArn}:*`;
