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

egress.run();
