// Security groups, one per tier, and the rules between them: the internet reaches only the load balancer
// (80, and 443 with TLS); the load balancer reaches only the tasks on the container port; the tasks reach
// only AWS APIs over 443 and the database on its port; the database reaches nothing. With the RDS Proxy
// (database.proxy) the proxy sits between them: the tasks reach only the proxy, the database accepts only
// the proxy, and the proxy reaches only the database.
// Rules are separate resources (aws.vpc.SecurityGroupIngressRule / EgressRule) so groups can refer to
// each other without a cycle. Used by src/main.ts.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import type { Config } from "../contract/config";
import { ANYWHERE, HTTP_PORT, HTTPS_PORT, RDS_PROXY_POSTGRES_PORT } from "../contract/tuning";
import { type Spec, names, spec } from "./spec";

// ---- types ----

export interface TierGroups<A> {
  readonly alb: A;
  readonly tasks: A;
  readonly database: A;
  readonly proxy?: A; // with database.proxy only
}

// ---- builders ----

// The groups themselves carry no rules; the provider removes AWS's default allow-all egress on creation.
export const securityGroups = (c: Config, vpcId: Input<string>): TierGroups<Spec<aws.ec2.SecurityGroupArgs>> => {
  const n = names(c);
  const group = (name: string, description: string) => spec(name, { name, description, vpcId, tags: { Name: name } });
  return {
    alb: group(n.albSecurityGroup, "Load balancer: HTTP(S) from the internet, to the tasks only"),
    tasks: group(n.tasksSecurityGroup, "Fargate tasks: the container port from the load balancer only"),
    // A group's description is fixed at creation: a new one replaces the group, which AWS refuses while the
    // database uses it. So it stays as first written when database.proxy moves its peer to the proxy.
    database: group(n.databaseSecurityGroup, "RDS PostgreSQL: the database port from the tasks only"),
    ...(c.database.proxy
      ? { proxy: group(n.proxySecurityGroup, "RDS Proxy: PostgreSQL from the tasks only, to the database only") }
      : {}),
  };
};

// Whom each tier accepts.
export const ingressRules = (
  c: Config,
  ids: TierGroups<Input<string>>,
): Spec<aws.vpc.SecurityGroupIngressRuleArgs>[] => {
  const rule = ruleSpec(c);
  return [
    ...listenerPorts(c).map((port) =>
      rule(`alb-in-${port}`, {
        securityGroupId: ids.alb,
        cidrIpv4: ANYWHERE,
        port,
        description: "Clients on the internet",
      }),
    ),
    rule("tasks-in-from-alb", {
      securityGroupId: ids.tasks,
      referencedSecurityGroupId: ids.alb,
      port: c.service.containerPort,
      description: "Requests and health checks from the load balancer",
    }),
    ...(ids.proxy === undefined
      ? [
          rule("db-in-from-tasks", {
            securityGroupId: ids.database,
            referencedSecurityGroupId: ids.tasks,
            port: c.database.port,
            description: "PostgreSQL from the tasks",
          }),
        ]
      : [
          rule("proxy-in-from-tasks", {
            securityGroupId: ids.proxy,
            referencedSecurityGroupId: ids.tasks,
            port: RDS_PROXY_POSTGRES_PORT,
            description: "PostgreSQL from the tasks, to the proxy",
          }),
          rule("db-in-from-proxy", {
            securityGroupId: ids.database,
            referencedSecurityGroupId: ids.proxy,
            port: c.database.port,
            description: "PostgreSQL from the proxy",
          }),
        ]),
  ];
};

// Whom each tier may reach. The database group has no egress at all.
export const egressRules = (c: Config, ids: TierGroups<Input<string>>): Spec<aws.vpc.SecurityGroupEgressRuleArgs>[] => {
  const rule = ruleSpec(c);
  return [
    rule("alb-out-to-tasks", {
      securityGroupId: ids.alb,
      referencedSecurityGroupId: ids.tasks,
      port: c.service.containerPort,
      description: "Forward to the tasks",
    }),
    rule("tasks-out-https", {
      securityGroupId: ids.tasks,
      cidrIpv4: ANYWHERE,
      port: HTTPS_PORT,
      description: "AWS APIs (ECR, CloudWatch Logs, Secrets Manager, DynamoDB) via NAT or endpoints",
    }),
    ...(ids.proxy === undefined
      ? [
          rule("tasks-out-to-db", {
            securityGroupId: ids.tasks,
            referencedSecurityGroupId: ids.database,
            port: c.database.port,
            description: "PostgreSQL",
          }),
        ]
      : [
          rule("tasks-out-to-proxy", {
            securityGroupId: ids.tasks,
            referencedSecurityGroupId: ids.proxy,
            port: RDS_PROXY_POSTGRES_PORT,
            description: "PostgreSQL, through the proxy",
          }),
          rule("proxy-out-to-db", {
            securityGroupId: ids.proxy,
            referencedSecurityGroupId: ids.database,
            port: c.database.port,
            description: "PostgreSQL, the proxy's pool",
          }),
        ]),
  ];
};

// The ports the load balancer listens on: 80, and 443 when a certificate is configured.
const listenerPorts = (c: Config): number[] => (c.tls.certificateArn ? [HTTP_PORT, HTTPS_PORT] : [HTTP_PORT]);

// ---- helpers ----

type RuleArgs = { securityGroupId: Input<string>; port: number; description: string } & (
  | { cidrIpv4: string; referencedSecurityGroupId?: never }
  | { referencedSecurityGroupId: Input<string>; cidrIpv4?: never }
);

// One TCP port per rule: nothing here opens a range or all protocols.
const ruleSpec =
  (c: Config) =>
  (
    what: string,
    { port, ...rest }: RuleArgs,
  ): Spec<aws.vpc.SecurityGroupIngressRuleArgs & aws.vpc.SecurityGroupEgressRuleArgs> => {
    const name = names(c).securityGroupRule(what);
    return spec(name, { ...rest, ipProtocol: "tcp", fromPort: port, toPort: port, tags: { Name: name } });
  };
