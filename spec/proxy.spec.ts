// The optional RDS Proxy (database.proxy): its builders, its role, its security group, and the program's
// wiring: the tasks reach only the proxy, the database accepts only the proxy, and the proxy reads only the
// database secret.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as data from "../src/stack/data";
import * as firewall from "../src/stack/firewall";
import * as iam from "../src/stack/iam";
import { configOf } from "./fixtures/config";
import { ofType, only, parsed, PROXY, runProgram, target } from "./fixtures/program";

const proxied = configOf({ "webapp:database": { proxy: true } });
const SECRET = "arn:aws:secretsmanager:us-east-2:111122223333:secret:webapp/dev/db-AbCdEf";

const builders = suite("proxyArgs, proxyDefaultTargetGroupArgs and proxyTargetArgs");

builders(
  "the whole proxy: PostgreSQL, TLS required, the secret's credentials without IAM, in the private subnets",
  () => {
    assert.equal(
      data.proxyArgs(proxied, {
        roleArn: "arn:role",
        secretArn: SECRET,
        subnetIds: ["subnet-a", "subnet-b"],
        securityGroupId: "sg-proxy",
      }),
      {
        name: "rds-proxy-dev",
        engineFamily: "POSTGRESQL",
        requireTls: true,
        idleClientTimeout: 1800,
        debugLogging: false,
        roleArn: "arn:role",
        vpcSubnetIds: ["subnet-a", "subnet-b"],
        vpcSecurityGroupIds: ["sg-proxy"],
        auths: [
          {
            authScheme: "SECRETS",
            secretArn: SECRET,
            iamAuth: "DISABLED",
            clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256",
            description: "The database credentials from the existing secret",
          },
        ],
        tags: { Name: "rds-proxy-dev" },
      },
    );
  },
);

// The budget of a db.t3.micro: 67 usable of 81 -> floor(67 / 81 x 100) = 82 %.
builders("its pool takes at most the budget's usable share of max_connections (82 % on a db.t3.micro)", () => {
  assert.equal(data.proxyDefaultTargetGroupArgs(proxied, "rds-proxy-dev"), {
    dbProxyName: "rds-proxy-dev",
    connectionPoolConfig: { maxConnectionsPercent: 82, maxIdleConnectionsPercent: 50, connectionBorrowTimeout: 30 },
  });
  // 2 GiB: 182 max, 182 - 5 - 19 = 158 usable -> floor(86.8) = 86 %.
  const small = configOf({ "webapp:database": { proxy: true, instanceClass: "db.t3.small" } });
  const pool = data.proxyDefaultTargetGroupArgs(small, "p").connectionPoolConfig as { maxConnectionsPercent: number };
  assert.is(pool.maxConnectionsPercent, 86);
});

builders("its target is the stack's database, in the proxy's default target group", () => {
  assert.equal(
    data.proxyTargetArgs({ proxyName: "rds-proxy-dev", targetGroupName: "default", databaseIdentifier: "rds-dev" }),
    { dbProxyName: "rds-proxy-dev", targetGroupName: "default", dbInstanceIdentifier: "rds-dev" },
  );
});

builders.run();

const role = suite("proxyTrustPolicy and proxyRolePolicy");

role("the proxy's role is assumed by RDS and reads exactly the database secret", () => {
  assert.equal(iam.proxyTrustPolicy(), {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AssumedByRds", Effect: "Allow", Principal: { Service: "rds.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  });
  assert.equal(iam.proxyRolePolicy({ secretArn: SECRET, region: "us-east-2", accountId: "111122223333" }), {
    Version: "2012-10-17",
    Statement: [
      { Sid: "ReadTheDatabaseSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET },
    ],
  });
});

role("a secret under a key of the account's own: the proxy may also decrypt it, only through Secrets Manager", () => {
  const policy = iam.proxyRolePolicy({
    secretArn: SECRET,
    secretKmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
    region: "us-east-2",
    accountId: "111122223333",
  });
  assert.equal(policy.Statement[1], {
    Sid: "DecryptTheSecretsKey",
    Effect: "Allow",
    Action: "kms:Decrypt",
    Resource: "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-2.amazonaws.com" } },
  });
});

role("is named rds-proxy-role-<suffix>", () => {
  assert.equal(iam.proxyRole(proxied, "{}"), {
    name: "rds-proxy-role-dev",
    args: {
      name: "rds-proxy-role-dev",
      description: "RDS Proxy: read the database secret",
      assumeRolePolicy: "{}",
      tags: { Name: "rds-proxy-role-dev" },
    },
  });
});

role.run();

const rules = suite("the proxy's security group and rules");

const ids = { alb: "sg-alb", tasks: "sg-tasks", database: "sg-db", proxy: "sg-proxy" };
const summary = (
  specs: {
    args: { securityGroupId?: unknown; referencedSecurityGroupId?: unknown; cidrIpv4?: unknown; fromPort?: unknown };
  }[],
) => specs.map(({ args }) => [args.securityGroupId, args.referencedSecurityGroupId ?? args.cidrIpv4, args.fromPort]);

rules(
  "the tasks reach the proxy on 5432, the proxy the database on its port; the database accepts only the proxy",
  () => {
    const custom = configOf({ "webapp:database": { proxy: true, port: 6432 } });
    assert.equal(summary(firewall.ingressRules(custom, ids)), [
      ["sg-alb", "0.0.0.0/0", 80],
      ["sg-tasks", "sg-alb", 5000],
      ["sg-proxy", "sg-tasks", 5432], // the proxy listens on PostgreSQL's default port, whatever the database's
      ["sg-db", "sg-proxy", 6432],
    ]);
    assert.equal(summary(firewall.egressRules(custom, ids)), [
      ["sg-alb", "sg-tasks", 5000],
      ["sg-tasks", "0.0.0.0/0", 443],
      ["sg-tasks", "sg-proxy", 5432],
      ["sg-proxy", "sg-db", 6432],
    ]);
  },
);

rules("a group of its own, described; the database's group keeps its description (a new one would replace it)", () => {
  const groups = firewall.securityGroups(proxied, "vpc-1");
  assert.equal(groups.proxy, {
    name: "proxy-sg-dev",
    args: {
      name: "proxy-sg-dev",
      description: "RDS Proxy: PostgreSQL from the tasks only, to the database only",
      vpcId: "vpc-1",
      tags: { Name: "proxy-sg-dev" },
    },
  });
  // Unchanged by the proxy: a new description would replace the database's group, which AWS refuses in use.
  assert.is(groups.database.args.description, firewall.securityGroups(configOf({}), "vpc-1").database.args.description);
  assert.is(firewall.securityGroups(configOf({}), "vpc-1").proxy, undefined);
});

rules.run();

const program = suite("the program with database.proxy");

program("creates the proxy, its default target group, its target on the database, its role and its group", async () => {
  const sim = await runProgram(PROXY);
  const proxy = only(sim, "aws:rds/proxy:Proxy");
  const group = only(sim, "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup");
  const tgt = only(sim, "aws:rds/proxyTarget:ProxyTarget");
  assert.is(group.inputs.dbProxyName, proxy.inputs.name);
  assert.equal(
    [tgt.inputs.dbProxyName, tgt.inputs.targetGroupName, tgt.inputs.dbInstanceIdentifier],
    ["rds-proxy-dev", "default", only(sim, "aws:rds/instance:Instance").inputs.identifier],
  );
  assert.is(target(sim, proxy.inputs.roleArn).name, "rds-proxy-role-dev");
  assert.equal(
    (proxy.inputs.vpcSecurityGroupIds ?? []).map((id) => target(sim, id).name),
    ["proxy-sg-dev"],
  );
});

program("the database accepts connections only from the proxy, and the tasks reach only the proxy", async () => {
  const sim = await runProgram(PROXY);
  const groupName = (id: unknown) => target(sim, id).name;
  const into = (group: string) =>
    ofType(sim, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .filter((r) => groupName(r.inputs.securityGroupId) === group)
      .map((r) =>
        r.inputs.referencedSecurityGroupId === undefined
          ? r.inputs.cidrIpv4
          : groupName(r.inputs.referencedSecurityGroupId),
      );
  assert.equal(into("db-sg-dev"), ["proxy-sg-dev"]);
  assert.equal(into("proxy-sg-dev"), ["tasks-sg-dev"]);
  const outOfTasks = ofType(sim, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
    .filter((r) => groupName(r.inputs.securityGroupId) === "tasks-sg-dev")
    .map((r) => r.inputs.cidrIpv4 ?? groupName(r.inputs.referencedSecurityGroupId));
  assert.equal(outOfTasks, ["0.0.0.0/0", "proxy-sg-dev"]);
});

program("the proxy is created only once its role may read the secret", async () => {
  const sim = await runProgram(PROXY);
  const proxy = only(sim, "aws:rds/proxy:Proxy");
  assert.equal(proxy.options.dependsOn, ["rds-proxy-role-dev"]);
  const policy = sim.resources.find(
    (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "rds-proxy-role-dev",
  );
  assert.equal(parsed<{ Statement: unknown[] }>(policy?.inputs.policy as string).Statement, [
    {
      Sid: "ReadTheDatabaseSecret",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: "arn:aws:secretsmanager:us-east-2:123456789012:secret:webapp/dev/db-PLHLDR",
    },
  ]);
});

program("without the proxy there is none of it", async () => {
  const sim = await runProgram();
  assert.equal(
    sim.resources.filter((r) => r.type.startsWith("aws:rds/proxy") || r.name.includes("proxy")).map((r) => r.name),
    [],
  );
});

program.run();
