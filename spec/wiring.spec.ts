// The whole program under mocks: how the resources point at each other, and where the database
// credentials go (and do not go).
import { suite } from "uvu";
import * as assert from "uvu/assert";

import { PLACEHOLDER, type RegisteredResource, simulate } from "../src/plan/simulate";
import { devStackValues } from "./fixtures/config";
import { containersOf, failure, only, ofType, parsed, runProgram, target, TYPES } from "./fixtures/program";

const wiring = suite("wiring");

wiring("service -> target group <- listener rules -> listener -> load balancer -> public subnets", async () => {
  const sim = await runProgram();
  const [registration] = only(sim, TYPES.service).inputs.loadBalancers ?? [];
  const targetGroup = target(sim, registration?.targetGroupArn);
  assert.is(targetGroup.type, TYPES.targetGroup);
  const rules = ofType(sim, TYPES.listenerRule);
  assert.is(rules.length, 2);
  for (const rule of rules) {
    assert.is(target(sim, rule.inputs.actions[0]?.targetGroupArn), targetGroup);
    const listener = target(sim, rule.inputs.listenerArn);
    const alb = target(sim, listener.inputs.loadBalancerArn);
    assert.is(alb.type, TYPES.loadBalancer);
    assert.equal(
      (alb.inputs.subnets as string[]).map((id) => target(sim, id).name),
      ["public-subnet-us-east-2a-dev", "public-subnet-us-east-2b-dev"],
    );
  }
});

wiring("the service runs in the private subnets, one per zone", async () => {
  const sim = await runProgram();
  const network = only(sim, TYPES.service).inputs.networkConfiguration;
  assert.ok(network, "the service has a network configuration");
  assert.equal(
    network.subnets.map((id) => target(sim, id).inputs.availabilityZone),
    ["us-east-2a", "us-east-2b"],
  );
  assert.ok(network.subnets.every((id) => target(sim, id).name.startsWith("private-")));
  assert.is(network.assignPublicIp, false);
});

wiring("the container image comes from this stack's own repository", async () => {
  const sim = await runProgram();
  const repository = only(sim, TYPES.repository);
  const [container] = containersOf(only(sim, TYPES.taskDefinition));
  assert.is(
    container?.image,
    `${PLACEHOLDER.account}.dkr.ecr.us-east-2.amazonaws.com/${String(repository.inputs.name)}:latest`,
  );
});

wiring(
  "the service waits for the listener rules and leaves the desired count to auto scaling after creation",
  async () => {
    const sim = await runProgram();
    const service = only(sim, TYPES.service);
    const rules = ofType(sim, TYPES.listenerRule).map((r) => r.name);
    assert.ok(rules.length > 0);
    for (const rule of rules) assert.ok(service.options.dependsOn.includes(rule), rule);
    assert.ok(service.options.dependsOn.includes("task-execution-role-dev"), "the execution role's policy");
    assert.equal(service.options.ignoreChanges, ["desiredCount"]);
  },
);

wiring(
  "each role is assumed by the service that uses it: ECS tasks run as two, VPC Flow Logs delivers as one",
  async () => {
    const sim = await runProgram();
    const assumedBy = (roleArn: unknown) =>
      parsed<{ Statement: { Principal: unknown }[] }>(
        target(sim, roleArn).inputs.assumeRolePolicy as string,
      ).Statement.map((s) => s.Principal);
    const task = only(sim, TYPES.taskDefinition).inputs;
    assert.equal(assumedBy(task.executionRoleArn), [{ Service: "ecs-tasks.amazonaws.com" }]);
    assert.equal(assumedBy(task.taskRoleArn), [{ Service: "ecs-tasks.amazonaws.com" }]);
    assert.equal(assumedBy(only(sim, "aws:ec2/flowLog:FlowLog").inputs.iamRoleArn), [
      { Service: "vpc-flow-logs.amazonaws.com" },
    ]);
  },
);

wiring("exports where the app answers and what an operator needs", async () => {
  const { outputs } = await runProgram();
  assert.is(outputs.albDnsName, "alb-dev-0000000000.us-east-2.elb.amazonaws.com");
  assert.is(outputs.appUrl, "http://alb-dev-0000000000.us-east-2.elb.amazonaws.com");
  assert.equal(
    [
      outputs.ecrRepositoryUrl,
      outputs.clusterName,
      outputs.serviceName,
      outputs.logGroupName,
      outputs.dbName,
      outputs.sessionsTableName,
    ],
    [
      `${PLACEHOLDER.account}.dkr.ecr.us-east-2.amazonaws.com/webapp-dev`,
      "cluster-dev",
      "service-dev",
      "/ecs/webapp-dev",
      "webapp",
      "user-sessions-dev",
    ],
  );
  assert.match(String(outputs.dbEndpoint), /^rds-dev\..+:5432$/);
  assert.match(String(outputs.dbSecretArn), /^arn:aws:secretsmanager:us-east-2:\d{12}:secret:webapp\/dev\/db-/);
});

wiring("with a certificate, the app URL is https", async () => {
  const { outputs } = await runProgram({
    "webapp:tls": { certificateArn: "arn:aws:acm:us-east-2:123456789012:certificate/abc" },
  });
  assert.match(String(outputs.appUrl), /^https:\/\//);
});

wiring.run();

const secrets = suite("credentials");

secrets("the password from the secret appears in no registered resource but the RDS instance's password", async () => {
  const sim = await runProgram();
  const carriers = sim.resources.filter((r) => JSON.stringify(r.inputs).includes(PLACEHOLDER.password));
  assert.equal(
    carriers.map((r) => r.type),
    [TYPES.database],
  );
  // Read untyped: a secret reaches the engine wrapped, its value beside Pulumi's secret signature.
  const database: RegisteredResource = only(sim, TYPES.database);
  const { password, ...rest } = database.inputs;
  assert.not.ok(JSON.stringify(rest).includes(PLACEHOLDER.password));
  const secret = password as { readonly value: unknown };
  assert.is(secret.value, PLACEHOLDER.password, "the password reaches RDS");
  assert.ok(Object.keys(secret).length > 1, "as a Pulumi secret, encrypted in the state");
});

secrets(
  "the task definition's secrets point at the looked-up secret's ARN with the username and password keys",
  async () => {
    const sim = await runProgram();
    const secretLookup = sim.calls.find((c) => c.token === "aws:secretsmanager/getSecret:getSecret");
    assert.equal(secretLookup?.inputs, { name: "webapp/dev/db" });
    const [container] = containersOf(only(sim, TYPES.taskDefinition));
    const arn = `arn:aws:secretsmanager:us-east-2:${PLACEHOLDER.account}:secret:webapp/dev/db-PLHLDR`;
    assert.equal(container?.secrets, [
      { name: "DB_USERNAME", valueFrom: `${arn}:username::` },
      { name: "DB_PASSWORD", valueFrom: `${arn}:password::` },
    ]);
  },
);

secrets("the stack creates no secret, secret version or rotation", async () => {
  const sim = await runProgram();
  assert.equal(
    sim.resources.filter((r) => r.type.startsWith("aws:secretsmanager/")),
    [],
  );
});

secrets(
  "a missing secret stops the run with its name and the command that creates it, before any AWS resource",
  async () => {
    const failed = await failure(
      simulate({
        stack: "dev",
        config: devStackValues(),
        answer: (call) => {
          if (call.token === "aws:secretsmanager/getSecret:getSecret")
            throw new Error("ResourceNotFoundException: Secrets Manager can't find the specified secret.");
          return undefined;
        },
      }),
    );
    assert.is((failed.reason as Error).constructor.name, "RunError");
    assert.match(
      failed.message,
      'the database secret "webapp/dev/db" could not be read in us-east-2 (ResourceNotFoundException',
    );
    assert.match(failed.message, "aws secretsmanager create-secret --region us-east-2 --name webapp/dev/db");
    assert.equal(
      failed.registered.filter((r) => r.type.startsWith("aws:")),
      [],
    );
  },
);

secrets("a secret RDS would refuse stops the run with the rule, not the value", async () => {
  const failed = await failure(
    simulate({
      stack: "dev",
      config: devStackValues(),
      answer: (call) =>
        call.token === "aws:secretsmanager/getSecretVersion:getSecretVersion"
          ? {
              arn: "x",
              versionId: "v",
              secretString: JSON.stringify({ username: "admin", password: "a-very@bad-password" }),
            }
          : undefined,
    }),
  );
  assert.match(failed.message, 'the secret "webapp/dev/db" has a username RDS refuses');
  assert.not.match(failed.message, "a-very@bad-password");
  assert.equal(
    failed.registered.filter((r) => r.type.startsWith("aws:")),
    [],
  );
});

secrets.run();
