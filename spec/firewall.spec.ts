// Security groups: one per tier; each accepts only the tier in front of it, on one port.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as firewall from "../src/stack/firewall";
import { configOf, devConfig } from "./fixtures/config";

const dev = devConfig();
const ids = { alb: "sg-alb", tasks: "sg-tasks", database: "sg-db" };
const summary = (
  rules: {
    args: {
      securityGroupId?: unknown;
      cidrIpv4?: unknown;
      referencedSecurityGroupId?: unknown;
      ipProtocol?: unknown;
      fromPort?: unknown;
      toPort?: unknown;
    };
  }[],
) =>
  rules.map(({ args }) => [
    args.securityGroupId,
    args.cidrIpv4 ?? args.referencedSecurityGroupId,
    args.ipProtocol,
    args.fromPort,
    args.toPort,
  ]);

const groups = suite("securityGroups");

groups("one named group per tier in the VPC, with no inline rules", () => {
  const built = firewall.securityGroups(dev, "vpc-1");
  assert.equal(
    [built.alb, built.tasks, built.database].map((g) => [
      g.name,
      g.args.vpcId,
      "ingress" in g.args || "egress" in g.args,
    ]),
    [
      ["alb-sg-dev", "vpc-1", false],
      ["tasks-sg-dev", "vpc-1", false],
      ["db-sg-dev", "vpc-1", false],
    ],
  );
});

groups("each group says what it lets in; AWS replaces a group whose description changes", () => {
  const built = firewall.securityGroups(dev, "vpc-1");
  assert.equal(built.alb, {
    name: "alb-sg-dev",
    args: {
      name: "alb-sg-dev",
      description: "Load balancer: HTTP(S) from the internet, to the tasks only",
      vpcId: "vpc-1",
      tags: { Name: "alb-sg-dev" },
    },
  });
  assert.equal(
    [built.tasks.args.description, built.database.args.description],
    [
      "Fargate tasks: the container port from the load balancer only",
      "RDS PostgreSQL: the database port from the tasks only",
    ],
  );
  assert.equal([built.tasks.args.tags, built.database.args.tags], [{ Name: "tasks-sg-dev" }, { Name: "db-sg-dev" }]);
});

groups.run();

const ingress = suite("ingressRules");

ingress(
  "the internet reaches only the load balancer, on 80; tasks accept 5000 only from the load balancer; the database 5432 only from the tasks",
  () => {
    assert.equal(summary(firewall.ingressRules(dev, ids)), [
      ["sg-alb", "0.0.0.0/0", "tcp", 80, 80],
      ["sg-tasks", "sg-alb", "tcp", 5000, 5000],
      ["sg-db", "sg-tasks", "tcp", 5432, 5432],
    ]);
  },
);

ingress("with a certificate the load balancer also accepts 443", () => {
  const tls = configOf({ "webapp:tls": { certificateArn: "arn:aws:acm:us-east-2:123456789012:certificate/abc" } });
  assert.equal(
    summary(firewall.ingressRules(tls, ids)).filter(([group]) => group === "sg-alb"),
    [
      ["sg-alb", "0.0.0.0/0", "tcp", 80, 80],
      ["sg-alb", "0.0.0.0/0", "tcp", 443, 443],
    ],
  );
});

ingress("each rule is one TCP port, named after what it allows, described and tagged", () => {
  assert.equal(firewall.ingressRules(dev, ids), [
    {
      name: "alb-in-80-dev",
      args: {
        securityGroupId: "sg-alb",
        cidrIpv4: "0.0.0.0/0",
        description: "Clients on the internet",
        ipProtocol: "tcp",
        fromPort: 80,
        toPort: 80,
        tags: { Name: "alb-in-80-dev" },
      },
    },
    {
      name: "tasks-in-from-alb-dev",
      args: {
        securityGroupId: "sg-tasks",
        referencedSecurityGroupId: "sg-alb",
        description: "Requests and health checks from the load balancer",
        ipProtocol: "tcp",
        fromPort: 5000,
        toPort: 5000,
        tags: { Name: "tasks-in-from-alb-dev" },
      },
    },
    {
      name: "db-in-from-tasks-dev",
      args: {
        securityGroupId: "sg-db",
        referencedSecurityGroupId: "sg-tasks",
        description: "PostgreSQL from the tasks",
        ipProtocol: "tcp",
        fromPort: 5432,
        toPort: 5432,
        tags: { Name: "db-in-from-tasks-dev" },
      },
    },
  ]);
});

ingress("with a certificate, the two internet rules have their own logical names (one URN each)", () => {
  const tls = configOf({ "webapp:tls": { certificateArn: "arn:aws:acm:us-east-2:123456789012:certificate/abc" } });
  assert.equal(
    firewall.ingressRules(tls, ids).map((r) => r.name),
    ["alb-in-80-dev", "alb-in-443-dev", "tasks-in-from-alb-dev", "db-in-from-tasks-dev"],
  );
});

ingress("follows the configured container port", () => {
  const custom = configOf({ "webapp:service": { containerPort: 8080 } });
  assert.equal(summary(firewall.ingressRules(custom, ids))[1], ["sg-tasks", "sg-alb", "tcp", 8080, 8080]);
});

ingress.run();

const egress = suite("egressRules");

egress(
  "the load balancer reaches only the tasks; tasks reach 443 and the database; the database reaches nothing",
  () => {
    assert.equal(summary(firewall.egressRules(dev, ids)), [
      ["sg-alb", "sg-tasks", "tcp", 5000, 5000],
      ["sg-tasks", "0.0.0.0/0", "tcp", 443, 443],
      ["sg-tasks", "sg-db", "tcp", 5432, 5432],
    ]);
  },
);

egress("each rule is named after where it goes, described and tagged", () => {
  assert.equal(
    firewall.egressRules(dev, ids).map((r) => [r.name, r.args.description, r.args.tags]),
    [
      ["alb-out-to-tasks-dev", "Forward to the tasks", { Name: "alb-out-to-tasks-dev" }],
      [
        "tasks-out-https-dev",
        "AWS APIs (ECR, CloudWatch Logs, Secrets Manager, DynamoDB) via NAT or endpoints",
        { Name: "tasks-out-https-dev" },
      ],
      ["tasks-out-to-db-dev", "PostgreSQL", { Name: "tasks-out-to-db-dev" }],
    ],
  );
});

egress("follows the configured container and database ports", () => {
  const custom = configOf({ "webapp:service": { containerPort: 8080 }, "webapp:database": { port: 6432 } });
  assert.equal(summary(firewall.egressRules(custom, ids)), [
    ["sg-alb", "sg-tasks", "tcp", 8080, 8080],
    ["sg-tasks", "0.0.0.0/0", "tcp", 443, 443],
    ["sg-tasks", "sg-db", "tcp", 6432, 6432],
  ]);
  assert.equal(summary(firewall.ingressRules(custom, ids))[2], ["sg-db", "sg-tasks", "tcp", 6432, 6432]);
});

egress.run();
