// Physical names: every one carries the suffix, and the decoder checks each against its AWS rule.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import { checkedNames, NAME_RULES, type NameParts, nameProblem, resourceNames } from "../src/contract/names";
import { problemsOf } from "./fixtures/config";

const parts = (overrides: Partial<NameParts> = {}): NameParts => ({
  suffix: "dev",
  sessionsTableName: "user-sessions",
  containerPort: 5000,
  engineVersion: "17",
  ...overrides,
});

const resource = suite("resourceNames");

resource("ends every name with the environment suffix, so stacks live side by side", () => {
  const n = resourceNames(parts({ suffix: "pr-42" }));
  const all = Object.values(n).map((v) =>
    typeof v === "function" ? (v as (...a: string[]) => string)("public", "us-east-2a") : v,
  );
  assert.ok(all.length > 30);
  for (const name of all) assert.ok(/-pr-42(-|\/postgresql|\/performance)?$/.test(name), name);
});

resource("every name of the dev stack, as AWS and Pulumi will see it", () => {
  const n = resourceNames(parts());
  const zone = "us-east-2a";
  assert.equal(
    {
      ...n,
      publicSubnet: n.publicSubnet(zone),
      privateSubnet: n.privateSubnet(zone),
      natAddress: n.natAddress(zone),
      natGateway: n.natGateway(zone),
      privateRouteTable: n.privateRouteTable(zone),
      routeTableAssociation: [n.routeTableAssociation("public", zone), n.routeTableAssociation("private", zone)],
      gatewayEndpoint: n.gatewayEndpoint("s3"),
      securityGroupRule: n.securityGroupRule("alb-in-80"),
      listener: n.listener(443),
      listenerRule: n.listenerRule("api"),
      schedule: n.schedule("sale"),
      alarmSubscription: n.alarmSubscription("ops"),
      alarm: n.alarm("alb-5xx"),
    },
    {
      provider: "aws-dev",
      vpc: "vpc-dev",
      internetGateway: "igw-dev",
      publicSubnet: "public-subnet-us-east-2a-dev",
      privateSubnet: "private-subnet-us-east-2a-dev",
      natAddress: "nat-eip-us-east-2a-dev",
      natGateway: "nat-us-east-2a-dev",
      publicRouteTable: "public-rt-dev",
      privateRouteTable: "private-rt-us-east-2a-dev",
      routeTableAssociation: ["rta-public-us-east-2a-dev", "rta-private-us-east-2a-dev"],
      defaultSecurityGroup: "default-sg-dev",
      flowLog: "flow-log-dev",
      flowLogGroup: "/vpc/flow-logs-dev",
      flowLogRole: "flow-logs-role-dev",
      gatewayEndpoint: "s3-endpoint-dev",
      albSecurityGroup: "alb-sg-dev",
      tasksSecurityGroup: "tasks-sg-dev",
      databaseSecurityGroup: "db-sg-dev",
      securityGroupRule: "alb-in-80-dev",
      alb: "alb-dev",
      targetGroup: "tg-5000-dev",
      accessLogsBucketPrefix: "alb-logs-dev-",
      accessLogs: "alb-logs-dev",
      listener: "listener-443-dev",
      listenerRule: "rule-api-dev",
      repository: "webapp-dev",
      repositoryLifecycle: "webapp-lifecycle-dev",
      logGroup: "/ecs/webapp-dev",
      cluster: "cluster-dev",
      containerInsightsLogGroup: "/aws/ecs/containerinsights/cluster-dev/performance",
      taskFamily: "webapp-dev",
      service: "service-dev",
      executionRole: "task-execution-role-dev",
      taskRole: "task-role-dev",
      scalingTarget: "scaling-target-dev",
      scalingPolicy: "cpu-target-dev",
      requestsPolicy: "requests-target-dev",
      schedule: "schedule-sale-dev",
      dashboard: "dashboard-dev",
      alarmTopic: "alarms-dev",
      alarmTopicKey: "alarms-key-dev",
      alarmSubscription: "alarm-email-ops-dev",
      alarm: "alb-5xx-dev",
      database: "rds-dev",
      databaseLogGroup: "/aws/rds/instance/rds-dev/postgresql",
      databaseParameterGroup: "rds-params-postgres17-dev",
      databaseSubnetGroup: "rds-subnets-dev",
      proxy: "rds-proxy-dev",
      proxyRole: "rds-proxy-role-dev",
      proxySecurityGroup: "proxy-sg-dev",
      sessionsTable: "user-sessions-dev",
    },
  );
});

resource("names the sessions table <tableName>-<suffix>", () => {
  assert.is(resourceNames(parts()).sessionsTable, "user-sessions-dev");
});

resource("names the image repository webapp-<suffix>, so the image reads webapp:latest", () => {
  assert.is(resourceNames(parts()).repository, "webapp-dev");
});

resource("the target group's name carries its port, so a port change makes a new group beside the old one", () => {
  assert.is(resourceNames(parts()).targetGroup, "tg-5000-dev");
  assert.is(resourceNames(parts({ containerPort: 8080 })).targetGroup, "tg-8080-dev");
});

resource("the parameter group's name carries its engine family, so a major upgrade makes a new group first", () => {
  assert.is(resourceNames(parts()).databaseParameterGroup, "rds-params-postgres17-dev");
  assert.is(resourceNames(parts({ engineVersion: "18" })).databaseParameterGroup, "rds-params-postgres18-dev");
});

resource.run();

const checked = suite("checkedNames");

checked("checks each name AWS validates against its own rule, blaming the key that makes it", () => {
  assert.equal(
    checkedNames(resourceNames(parts())).map(({ key, name, rule }) => [key, name, rule.what]),
    [
      ["environmentSuffix", "alb-dev", "load balancer name"],
      ["environmentSuffix", "tg-5000-dev", "target group name"],
      ["environmentSuffix", "alb-logs-dev-", "access-log bucket prefix"],
      ["environmentSuffix", "rds-dev", "database identifier"],
      ["environmentSuffix", "rds-params-postgres17-dev", "database parameter group name"],
      ["environmentSuffix", "rds-subnets-dev", "database subnet group name"],
      ["environmentSuffix", "rds-proxy-dev", "database proxy name"],
      ["environmentSuffix", "rds-proxy-role-dev", "IAM role name"],
      ["environmentSuffix", "webapp-dev", "image repository name"],
      ["environmentSuffix", "cluster-dev", "ECS name"],
      ["environmentSuffix", "service-dev", "ECS name"],
      ["environmentSuffix", "webapp-dev", "ECS name"],
      ["environmentSuffix", "task-execution-role-dev", "IAM role name"],
      ["environmentSuffix", "task-role-dev", "IAM role name"],
      ["environmentSuffix", "flow-logs-role-dev", "IAM role name"],
      ["environmentSuffix", "alb-sg-dev", "security group name"],
      ["environmentSuffix", "/ecs/webapp-dev", "log group name"],
      ["environmentSuffix", "/vpc/flow-logs-dev", "log group name"],
      ["environmentSuffix", "/aws/rds/instance/rds-dev/postgresql", "log group name"],
      ["environmentSuffix", "/aws/ecs/containerinsights/cluster-dev/performance", "log group name"],
      ["sessions.tableName", "user-sessions-dev", "DynamoDB table name"],
      ["environmentSuffix", "dashboard-dev", "dashboard name"],
      ["environmentSuffix", "alarms-dev", "SNS topic name"],
    ],
  );
});

checked("a 16-character suffix keeps every checked name within its AWS rule, even with a 5-digit port", () => {
  for (const { name, rule } of checkedNames(
    resourceNames(parts({ suffix: "pr-1234567890123", containerPort: 65535 })),
  )) {
    assert.is(nameProblem(name, rule), undefined, `${rule.what} ${name}`);
  }
});

checked("a suffix over every short limit is blamed once per name it breaks", () => {
  const lines = problemsOf({ "webapp:environmentSuffix": "a-suffix-of-twenty-nine-chars" });
  assert.equal(
    lines.map((l) => /the (.+?) "/.exec(l)?.[1]),
    ["load balancer name", "target group name", "access-log bucket prefix"],
  );
});

checked("a long table name is blamed on sessions.tableName, not on the suffix", () => {
  const lines = problemsOf({ "webapp:sessions": { tableName: "t".repeat(252) } });
  assert.equal(lines.length, 1);
  assert.ok(lines[0]?.startsWith("webapp:sessions.tableName: expected a value that keeps the DynamoDB table name"));
});

checked.run();

const problem = suite("nameProblem");

problem("tells length from pattern", () => {
  assert.is(nameProblem("a".repeat(33), NAME_RULES.loadBalancer), "length");
  assert.is(nameProblem("internal-alb", NAME_RULES.loadBalancer), "pattern");
  assert.is(nameProblem("alb-dev", NAME_RULES.loadBalancer), undefined);
});

problem("follows AWS's rules for RDS identifiers: a letter first, no double or trailing hyphen", () => {
  assert.is(nameProblem("rds-dev", NAME_RULES.rdsInstance), undefined);
  assert.is(nameProblem("1rds", NAME_RULES.rdsInstance), "pattern");
  assert.is(nameProblem("rds--dev", NAME_RULES.rdsInstance), "pattern");
  assert.is(nameProblem("rds-", NAME_RULES.rdsInstance), "pattern");
});

problem("keeps log groups out of the aws/ namespace but allows /aws/rds/...", () => {
  assert.is(nameProblem("aws/x", NAME_RULES.logGroup), "pattern");
  assert.is(nameProblem("/aws/rds/instance/rds-dev/postgresql", NAME_RULES.logGroup), undefined);
});

// Each rule at its edges: the longest name it takes and one character more, and the characters just
// inside and just outside its pattern.
const verdicts = (rule: keyof typeof NAME_RULES, candidates: string[]) =>
  candidates.map((name) => nameProblem(name, NAME_RULES[rule]) ?? "ok");

problem("load balancer: 32 characters, letters, digits and inner hyphens, not internal-", () => {
  assert.equal(verdicts("loadBalancer", ["a".repeat(32), "a".repeat(33)]), ["ok", "length"]);
  assert.equal(verdicts("loadBalancer", ["a", "A-1", "internal", "-alb", "alb-", "alb_dev", "internal-alb"]), [
    "ok",
    "ok",
    "ok",
    "pattern",
    "pattern",
    "pattern",
    "pattern",
  ]);
});

problem("target group: 32 characters, letters, digits and inner hyphens", () => {
  assert.equal(verdicts("targetGroup", ["t".repeat(32), "t".repeat(33)]), ["ok", "length"]);
  assert.equal(verdicts("targetGroup", ["T", "tg-1", "-tg", "tg-", "tg.1", ""]), [
    "ok",
    "ok",
    "pattern",
    "pattern",
    "pattern",
    "pattern",
  ]);
});

problem("bucket prefix: 37 characters (the provider appends 26), lowercase, digits, dots and hyphens", () => {
  assert.equal(verdicts("bucketPrefix", ["b".repeat(37), "b".repeat(38)]), ["ok", "length"]);
  assert.equal(verdicts("bucketPrefix", ["alb-logs-dev-", "a.b", "0x", "-alb", ".alb", "Alb", "alb_logs"]), [
    "ok",
    "ok",
    "ok",
    "pattern",
    "pattern",
    "pattern",
    "pattern",
  ]);
});

problem("database identifier: 63 characters, a letter first, single inner hyphens", () => {
  assert.equal(verdicts("rdsInstance", ["r".repeat(63), "r".repeat(64)]), ["ok", "length"]);
  assert.equal(verdicts("rdsInstance", ["r1", "r-1", "r", "R1", "r_1", "r1-"]), [
    "ok",
    "ok",
    "pattern",
    "pattern",
    "pattern",
    "pattern",
  ]);
});

problem("database proxy: 63 characters, a lowercase letter first, single hyphens, no trailing hyphen", () => {
  assert.equal(verdicts("rdsProxy", ["p".repeat(63), "p".repeat(64)]), ["ok", "length"]);
  assert.equal(verdicts("rdsProxy", ["rds-proxy-dev", "p1", "1p", "p--1", "p-", "P1", "p_1"]), [
    "ok",
    "ok",
    "pattern",
    "pattern",
    "pattern",
    "pattern",
    "pattern",
  ]);
});

problem("parameter group: 255 characters, a letter first, dots allowed, single hyphens, no trailing hyphen", () => {
  assert.equal(verdicts("rdsParameterGroup", ["p".repeat(255), "p".repeat(256)]), ["ok", "length"]);
  assert.equal(verdicts("rdsParameterGroup", ["p1", "p.", "p-1.2", "1p", "p--1", "p-", "P1"]), [
    "ok",
    "ok",
    "ok",
    "pattern",
    "pattern",
    "pattern",
    "pattern",
  ]);
});

problem("subnet group: 255 characters of lowercase, digits, spaces, dots, underscores and hyphens, not default", () => {
  assert.equal(verdicts("rdsSubnetGroup", ["s".repeat(255), "s".repeat(256)]), ["ok", "length"]);
  assert.equal(verdicts("rdsSubnetGroup", ["a b_c.d-e", "defaults", "default", "Subnets", ""]), [
    "ok",
    "ok",
    "pattern",
    "pattern",
    "pattern",
  ]);
});

problem("image repository: 256 characters, lowercase parts joined by single . _ - or /", () => {
  assert.equal(verdicts("ecrRepository", ["e".repeat(256), "e".repeat(257)]), ["ok", "length"]);
  assert.equal(verdicts("ecrRepository", ["team/webapp-dev", "a.b_c", "a--b", "a/", "/a", "Webapp", "a_"]), [
    "ok",
    "ok",
    "pattern",
    "pattern",
    "pattern",
    "pattern",
    "pattern",
  ]);
});

problem("ECS names: 255 letters, digits, hyphens and underscores", () => {
  assert.equal(verdicts("ecs", ["c".repeat(255), "c".repeat(256)]), ["ok", "length"]);
  assert.equal(verdicts("ecs", ["Cluster_1-dev", "cluster.dev", "cluster dev", ""]), [
    "ok",
    "pattern",
    "pattern",
    "pattern",
  ]);
});

problem("IAM roles: 64 characters of letters, digits and + = , . @ _ -", () => {
  assert.equal(verdicts("iamRole", ["r".repeat(64), "r".repeat(65)]), ["ok", "length"]);
  assert.equal(verdicts("iamRole", ["Role+=,.@_-1", "role/dev", "role dev", ""]), [
    "ok",
    "pattern",
    "pattern",
    "pattern",
  ]);
});

problem("security groups: 255 printable characters, not starting with sg-", () => {
  assert.equal(verdicts("securityGroup", ["g".repeat(255), "g".repeat(256)]), ["ok", "length"]);
  assert.equal(verdicts("securityGroup", ["alb sg ~!", "my-sg-1", "sg-alb", "tab\tsg", "é"]), [
    "ok",
    "ok",
    "pattern",
    "pattern",
    "pattern",
  ]);
});

problem("log groups: 512 characters of letters, digits and . - _ / #", () => {
  assert.equal(verdicts("logGroup", ["l".repeat(512), "l".repeat(513)]), ["ok", "length"]);
  assert.equal(verdicts("logGroup", ["/ecs/app#1.x_y-z", "awsx/logs", "/ecs/app logs", "/ecs/app:1"]), [
    "ok",
    "ok",
    "pattern",
    "pattern",
  ]);
});

problem("DynamoDB tables: 3 to 255 letters, digits, underscores, dots and hyphens", () => {
  assert.equal(verdicts("dynamodbTable", ["t".repeat(255), "t".repeat(256)]), ["ok", "length"]);
  assert.equal(verdicts("dynamodbTable", ["a.b", "A_1-b", "ab", "a b", "a/b"]), [
    "ok",
    "ok",
    "pattern",
    "pattern",
    "pattern",
  ]);
});

problem("dashboards: 255 and SNS topics: 256 letters, digits, hyphens and underscores", () => {
  assert.equal(verdicts("dashboard", ["d".repeat(255), "d".repeat(256)]), ["ok", "length"]);
  assert.equal(verdicts("snsTopic", ["t".repeat(256), "t".repeat(257)]), ["ok", "length"]);
  for (const rule of ["dashboard", "snsTopic"] as const) {
    assert.equal(verdicts(rule, ["Alarms_1-dev", "alarms.dev", "alarms dev", ""]), [
      "ok",
      "pattern",
      "pattern",
      "pattern",
    ]);
  }
});

problem(
  "secrets: 512 characters of letters, digits and / _ + = . @ -, not ending in a hyphen and six characters",
  () => {
    assert.equal(verdicts("secret", ["s".repeat(512), "s".repeat(513)]), ["ok", "length"]);
    assert.equal(
      verdicts("secret", ["webapp/dev/db", "a+b=c.d@e_f", "db-abc12", "db-abc1234", "db-abc123", "db abc", "db:1"]),
      ["ok", "ok", "ok", "ok", "pattern", "pattern", "pattern"],
    );
  },
);

problem.run();
