// IAM: who may assume each role, and exactly what it may do.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as iam from "../src/stack/iam";
import { devConfig } from "./fixtures/config";

const dev = devConfig();
const refs = {
  repositoryArn: "arn:aws:ecr:us-east-2:111122223333:repository/webapp-dev",
  logGroupArn: "arn:aws:logs:us-east-2:111122223333:log-group:/ecs/webapp-dev",
  secretArn: "arn:aws:secretsmanager:us-east-2:111122223333:secret:webapp/dev/db-AbCdEf",
};

const trust = suite("trustPolicy");

trust("lets only the named service assume the role, and only for this account (confused deputy)", () => {
  assert.equal(iam.trustPolicy(iam.ECS_TASKS, "111122223333"), {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AssumedByTheServiceForThisAccountOnly",
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
      },
    ],
  });
});

trust("the flow-logs role is assumed by VPC Flow Logs' service principal, or no flow log is delivered", () => {
  assert.equal(iam.trustPolicy(iam.VPC_FLOW_LOGS, "111122223333").Statement[0]?.Principal, {
    Service: "vpc-flow-logs.amazonaws.com",
  });
});

trust.run();

const roles = suite("roles");

roles("names a separate execution role, task role and flow-logs role, each saying whom it serves", () => {
  const built = iam.roles(dev, { ecsTasks: "ecs-trust", flowLogs: "flow-trust" });
  assert.equal(built, {
    execution: {
      name: "task-execution-role-dev",
      args: {
        name: "task-execution-role-dev",
        description: "ECS agent: pull the image, write logs, read the database secret",
        assumeRolePolicy: "ecs-trust",
        tags: { Name: "task-execution-role-dev" },
      },
    },
    task: {
      name: "task-role-dev",
      args: {
        name: "task-role-dev",
        description: "The webapp container: the sessions table",
        assumeRolePolicy: "ecs-trust",
        tags: { Name: "task-role-dev" },
      },
    },
    flowLogs: {
      name: "flow-logs-role-dev",
      args: {
        name: "flow-logs-role-dev",
        description: "VPC flow logs: write the flow-log group",
        assumeRolePolicy: "flow-trust",
        tags: { Name: "flow-logs-role-dev" },
      },
    },
  });
});

roles.run();

const execution = suite("executionRolePolicy");

execution("pulls only this repository, writes only this log group, reads only this secret", () => {
  const policy = iam.executionRolePolicy({ ...refs, region: "us-east-2", accountId: "123456789012" });
  assert.is(policy.Version, "2012-10-17");
  assert.equal(policy.Statement, [
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
      // The group-level form: it also covers the group's streams.
      Resource: `${refs.logGroupArn}:*`,
    },
    {
      Sid: "ReadTheDatabaseSecret",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: refs.secretArn,
    },
  ]);
});

const keyStatement = (secretKmsKeyId: string) =>
  iam
    .executionRolePolicy({ ...refs, secretKmsKeyId, region: "us-east-2", accountId: "123456789012" })
    .Statement.find((s) => s.Sid === "DecryptTheSecretsKey");

execution("a secret under a customer-managed key: kms:Decrypt on that key, only through Secrets Manager here", () => {
  const arn = "arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const expected = {
    Sid: "DecryptTheSecretsKey",
    Effect: "Allow",
    Action: "kms:Decrypt",
    Resource: arn,
    Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-2.amazonaws.com" } },
  };
  assert.equal(keyStatement(arn), expected);
  // getSecret may return the bare key id: the statement names the same key.
  assert.equal(keyStatement("1234abcd-12ab-34cd-56ef-1234567890ab"), expected);
});

execution("a key named by its alias: the account's keys that carry that alias, through Secrets Manager", () => {
  const expected = {
    Sid: "DecryptTheSecretsKey",
    Effect: "Allow",
    Action: "kms:Decrypt",
    Resource: "arn:aws:kms:us-east-2:123456789012:key/*",
    Condition: {
      StringEquals: { "kms:ViaService": "secretsmanager.us-east-2.amazonaws.com" },
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/webapp-secrets" },
    },
  };
  assert.equal(keyStatement("alias/webapp-secrets"), expected);
  // The alias's ARN names the same alias.
  assert.equal(keyStatement("arn:aws:kms:us-east-2:123456789012:alias/webapp-secrets"), expected);
});

execution("a key id that merely contains alias/ is a key, not an alias", () => {
  assert.is(keyStatement("key-alias/x")?.Resource, "arn:aws:kms:us-east-2:123456789012:key/key-alias/x");
});

execution("the AWS-managed key needs no statement", () => {
  assert.is(keyStatement(""), undefined);
  assert.is(
    iam
      .executionRolePolicy({ ...refs, region: "us-east-2", accountId: "1" })
      .Statement.some((s) => s.Sid.includes("Decrypt")),
    false,
  );
});

execution.run();

const task = suite("taskRolePolicy");

task(
  "may read and write session items: exactly GetItem, PutItem, UpdateItem, DeleteItem, Query and the batch and condition-check forms, on the table and its indexes",
  () => {
    assert.equal(iam.taskRolePolicy({ tableArn: "arn:aws:dynamodb:us-east-2:1:table/user-sessions-dev" }), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "SessionItems",
          Effect: "Allow",
          Action: [
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query",
            "dynamodb:BatchGetItem",
            "dynamodb:BatchWriteItem",
            "dynamodb:ConditionCheckItem",
          ],
          Resource: [
            "arn:aws:dynamodb:us-east-2:1:table/user-sessions-dev",
            "arn:aws:dynamodb:us-east-2:1:table/user-sessions-dev/index/*",
          ],
        },
      ],
    });
  },
);

task("allows item-level actions on the sessions table and its indexes, and nothing else", () => {
  const [statement, ...rest] = iam.taskRolePolicy({
    tableArn: "arn:aws:dynamodb:us-east-2:1:table/user-sessions-dev",
  }).Statement;
  assert.is(rest.length, 0);
  assert.equal(statement?.Resource, [
    "arn:aws:dynamodb:us-east-2:1:table/user-sessions-dev",
    "arn:aws:dynamodb:us-east-2:1:table/user-sessions-dev/index/*",
  ]);
  const actions = statement?.Action as string[];
  assert.ok(actions.every((a) => a.startsWith("dynamodb:") && !a.includes("*")));
  assert.not.ok(
    actions.some((a) => /Scan|Table|Backup/.test(a)),
    "no scans or table administration",
  );
});

task.run();

const flow = suite("flowLogsRolePolicy");

flow("writes only the flow-log group, in the group-level form its actions need", () => {
  const policy = iam.flowLogsRolePolicy({ logGroupArn: "arn:lg", region: "us-east-2", accountId: "1" });
  assert.is(policy.Version, "2012-10-17");
  assert.equal(policy.Statement[0], {
    Sid: "WriteTheFlowLogGroup",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
    Resource: "arn:lg:*",
  });
});

flow("may list the account's log groups in the region: DescribeLogGroups cannot be scoped to one", () => {
  const [, describe, ...rest] = iam.flowLogsRolePolicy({
    logGroupArn: "arn:lg",
    region: "us-east-2",
    accountId: "1",
  }).Statement;
  assert.is(rest.length, 0);
  assert.equal(describe, {
    Sid: "FindTheFlowLogGroup",
    Effect: "Allow",
    Action: "logs:DescribeLogGroups",
    Resource: "arn:aws:logs:us-east-2:1:log-group:*",
  });
});

flow.run();
