// The security bar as CrossGuard policies: one policy per rule that a resource's inputs or the stack's
// graph can judge, each named after its rule, citing its source, and enforced `mandatory` (must never
// ship) or `advisory` (a deliberate exception the stack documents, or a floor a user may raise). Plain
// values: policy/index.ts serves them as the pack, policy/evaluate.ts runs them offline for the plan and
// the tests. Nothing here loads Pulumi: types only, and each type is checked by hand on `args.type`
// (`validateResourceOfType` needs the @pulumi/aws resource classes, which load the Pulumi runtime).
//
// Sources: AWS Security Hub's Foundational Security Best Practices (FSBP ids:
// https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html), checkov (CKV_*), trivy
// (AVD-*), and the AWS service guides named in each description.
import type {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

import {
  type Container,
  type Document,
  MalformedDocument,
  actionsOf,
  allows,
  conditionKeys,
  containersOf,
  documentsOf,
  isWildcardAction,
  managedPolicyAttachments,
  resourcesOf,
  roleStatements,
  secretArnOf,
  servicePrincipals,
} from "./documents";
import {
  BUCKETS,
  LISTENER_RULES,
  LISTENERS,
  LOAD_BALANCERS,
  type Props,
  type Rule,
  T,
  type Token,
  allProtocols,
  attachedTo,
  describeRule,
  groupsOf,
  list,
  ofType,
  propsOf,
  publicSubnets,
  referrers,
  refs,
  rulesDefinedBy,
  rulesOfGroup,
  singleTcpPort,
  tierOf,
  toInternet,
} from "./graph";

// ---- types ----

export const PACK_NAME = "webapp-security-bar";

export type Policy = ResourceValidationPolicy | StackValidationPolicy;

// ---- the bar's values (each a policy's default config where a user may differ) ----

export const DEFAULTS: {
  readonly internetIngressPorts: readonly number[];
  readonly internetEgressPorts: readonly number[];
  readonly tlsPolicies: readonly string[];
  readonly actionsOnAnyResource: readonly string[];
  readonly trustedServices: readonly string[];
  readonly logRetentionDays: number;
  readonly backupRetentionDays: number;
} = {
  // FSBP EC2.18's default authorized ports: what a web load balancer serves.
  internetIngressPorts: [80, 443],
  // Tasks reach AWS APIs (ECR, Logs, Secrets Manager, DynamoDB) over HTTPS and nothing else.
  internetEgressPorts: [443],
  // TLS 1.3 and 1.2 only; accepted by every scanner the bar cites.
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
  tlsPolicies: ["ELBSecurityPolicy-TLS13-1-2-2021-06"],
  // ECR cannot scope its login to a repository.
  // https://docs.aws.amazon.com/AmazonECR/latest/userguide/security_iam_id-based-policy-examples.html
  actionsOnAnyResource: ["ecr:GetAuthorizationToken"],
  // Services whose trust may name this account as the source (the confused-deputy guard).
  trustedServices: ["ecs-tasks.amazonaws.com", "vpc-flow-logs.amazonaws.com"],
  // The mission's numbers; FSBP asks for 365 days of logs (CloudWatch.16) and 7 of backups (RDS.11).
  logRetentionDays: 7,
  backupRetentionDays: 5,
};

// DynamoDB actions on items, none on tables: no Scan, no administration.
const ITEM_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:Query",
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];

// ---- helpers ----

// A resource validation for one type (and the types that alias it), checked by hand on args.type.
const on = <K extends Token>(
  type: K,
  validate: (props: Props<K>, args: ResourceValidationArgs, report: ReportViolation) => void,
  ...aliases: readonly string[]
): ResourceValidation => {
  const types: readonly string[] = [type, ...aliases];
  const validation: ResourceValidation = (args, report) => {
    if (types.includes(args.type))
      guarded(report, () => {
        validate(args.props as Props<K>, args, report);
      });
  };
  // The engine skips a policy for other types without calling it when the function names its type.
  return aliases.length === 0 ? Object.assign(validation, { __pulumiType: type }) : validation;
};

// A resource validation for any of several types, given the whole args.
const onAny =
  (
    types: readonly string[],
    validate: (args: ResourceValidationArgs, report: ReportViolation) => void,
  ): ResourceValidation =>
  (args, report) => {
    if (types.includes(args.type))
      guarded(report, () => {
        validate(args, report);
      });
  };

const stack =
  (validate: (resources: readonly PolicyResource[], args: StackValidationArgs, report: ReportViolation) => void) =>
  (args: StackValidationArgs, report: ReportViolation): void => {
    guarded(report, () => {
      validate(args.resources, args, report);
    });
  };

// A JSON document that does not parse is itself the violation.
const guarded = (report: ReportViolation, run: () => void): void => {
  try {
    run();
  } catch (e) {
    if (!(e instanceof MalformedDocument)) throw e;
    report(e.message);
  }
};

// The policy's config with the bar's defaults for what it does not set.
const configOf = <C extends object>(args: Pick<ResourceValidationArgs, "getConfig">, defaults: C): C => ({
  ...defaults,
  ...args.getConfig<Partial<C>>(),
});

const schema = (properties: PolicyConfigSchema["properties"]): PolicyConfigSchema => ({ properties });
const ports = (description: string, defaults: readonly number[]) => ({
  type: "array" as const,
  items: { type: "integer" as const, minimum: 0, maximum: 65535 },
  default: [...defaults],
  description,
});
const strings = (description: string, defaults: readonly string[]) => ({
  type: "array" as const,
  items: { type: "string" as const },
  default: [...defaults],
  description,
});
const days = (description: string, defaults: number) => ({
  type: "integer" as const,
  minimum: 1,
  default: defaults,
  description,
});

const is = (value: unknown): boolean => value === true;
// Whether an IAM resource pattern (`*` and `?` wildcards) covers an ARN.
const arnMatches = (pattern: string, arn: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  ).test(arn);
const names = (resources: readonly PolicyResource[]): string => resources.map((r) => r.name).join(", ");
const postgres = (engine: string | undefined): boolean => (engine ?? "").startsWith("postgres");
const MANDATORY: EnforcementLevel = "mandatory";
const ADVISORY: EnforcementLevel = "advisory";

// ---- network ----

const network: Policy[] = [
  {
    name: "internet-ingress-only-on-allowed-ports",
    description:
      "A security group rule open to 0.0.0.0/0 or ::/0 admits one TCP port of the allowed list (default 80 and 443), " +
      "never a range or another protocol. Source: FSBP EC2.18 and EC2.19, trivy AVD-AWS-0107.",
    enforcementLevel: MANDATORY,
    configSchema: schema({
      allowedPorts: ports("TCP ports that may accept the internet", DEFAULTS.internetIngressPorts),
    }),
    validateResource: onAny(
      [T.ingressRule, T.securityGroupRule, T.securityGroup, T.defaultSecurityGroup],
      (args, report) => {
        const { allowedPorts } = configOf(args, { allowedPorts: DEFAULTS.internetIngressPorts });
        for (const rule of rulesDefinedBy(toPolicyResource(args))) {
          if (rule.direction !== "ingress" || !toInternet(rule) || allProtocols(rule)) continue;
          const port = singleTcpPort(rule);
          if (port === undefined || !allowedPorts.includes(port))
            report(`admits ${describeRule(rule)}: only TCP ${allowedPorts.join(", ")} may be open to the internet`);
        }
      },
    ),
  },
  {
    name: "no-all-traffic-rule-with-internet-cidr",
    description:
      "No security group rule, ingress or egress, uses protocol -1 (all traffic) with 0.0.0.0/0 or ::/0. " +
      "Source: checkov CKV_AWS_277 (ingress) and CKV_AWS_382 (egress).",
    enforcementLevel: MANDATORY,
    validateResource: onAny(
      [T.ingressRule, T.egressRule, T.securityGroupRule, T.securityGroup, T.defaultSecurityGroup],
      (args, report) => {
        for (const rule of rulesDefinedBy(toPolicyResource(args)))
          if (allProtocols(rule) && toInternet(rule))
            report(`allows ${describeRule(rule)}: all protocols to the internet`);
      },
    ),
  },
  {
    name: "internet-egress-only-on-allowed-ports",
    description:
      "Egress to 0.0.0.0/0 or ::/0 goes to one TCP port of the allowed list (default 443: the AWS APIs the tasks call). " +
      "Source: trivy AVD-AWS-0104, ECS best practices guide (network security).",
    enforcementLevel: MANDATORY,
    configSchema: schema({
      allowedPorts: ports("TCP ports the stack may reach on the internet", DEFAULTS.internetEgressPorts),
    }),
    validateResource: onAny(
      [T.egressRule, T.securityGroupRule, T.securityGroup, T.defaultSecurityGroup],
      (args, report) => {
        const { allowedPorts } = configOf(args, { allowedPorts: DEFAULTS.internetEgressPorts });
        for (const rule of rulesDefinedBy(toPolicyResource(args))) {
          if (rule.direction !== "egress" || !toInternet(rule) || allProtocols(rule)) continue;
          const port = singleTcpPort(rule);
          if (port === undefined || !allowedPorts.includes(port))
            report(`sends ${describeRule(rule)}: only TCP ${allowedPorts.join(", ")} may go to the internet`);
        }
      },
    ),
  },
  {
    name: "only-load-balancers-face-the-internet",
    description:
      "A security group that admits 0.0.0.0/0 or ::/0 protects load balancers only: never tasks, a database or a " +
      "database proxy. Source: FSBP EC2.18, ELB user guide (security groups for an internet-facing load balancer).",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      for (const group of ofType(resources, T.securityGroup, T.defaultSecurityGroup)) {
        const open = rulesOfGroup(resources, group).filter((r) => r.direction === "ingress" && toInternet(r));
        if (open.length === 0) continue;
        const protectedBy = attachedTo(resources, group);
        const others = protectedBy.filter((r) => tierOf(r) !== "load balancer");
        if (others.length > 0)
          report(
            `admits the internet (${describeRule(open[0] as Rule)}) and protects ` +
              `${others.map((r) => `${String(tierOf(r))} ${r.name}`).join(", ")}: only load balancers may face the internet`,
            group.urn,
          );
        else if (protectedBy.length === 0)
          report(`admits the internet but protects no load balancer of the stack`, group.urn);
      }
    }),
  },
  {
    name: "tasks-accept-only-their-load-balancer",
    description:
      "The security groups of an ECS service admit only the container port, only from a load balancer's group: no " +
      "address range. Source: ECS best practices guide (network security), ELB user guide (target security groups).",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      for (const service of ofType(resources, T.service)) {
        const containerPorts = list(propsOf(service, T.service).loadBalancers).map((lb) => lb.containerPort);
        for (const group of groupsOf(service)) {
          for (const rule of rulesOfGroup(resources, group).filter((r) => r.direction === "ingress")) {
            const fromLoadBalancer =
              rule.cidrs.length === 0 &&
              rule.prefixLists.length === 0 &&
              rule.peers.length > 0 &&
              rule.peers.every((peer) => attachedTo(resources, peer).some((r) => tierOf(r) === "load balancer"));
            const port = singleTcpPort(rule);
            if (!fromLoadBalancer || port === undefined || !containerPorts.includes(port))
              report(
                `protects the tasks of ${service.name} and admits ${describeRule(rule)}: only the container port ` +
                  `(${containerPorts.join(", ") || "none: the service has no load balancer"}) from a load balancer's group`,
                group.urn,
              );
          }
        }
      }
    }),
  },
  {
    name: "database-accepts-only-tasks-or-proxy",
    description:
      "A database's security groups admit only its port, only from the ECS tasks' groups, or, with an RDS Proxy in the " +
      "stack, only from the proxy's groups (and the proxy's only from the tasks'). Source: RDS user guide (controlling " +
      "access with security groups), RDS Proxy network prerequisites.",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      const taskGroups = ofType(resources, T.service).flatMap(groupsOf);
      const proxies = ofType(resources, T.proxy);
      const check = (target: PolicyResource, allowed: readonly PolicyResource[], from: string, port?: number) => {
        for (const group of groupsOf(target)) {
          for (const rule of rulesOfGroup(resources, group).filter((r) => r.direction === "ingress")) {
            const ok =
              rule.cidrs.length === 0 &&
              rule.prefixLists.length === 0 &&
              rule.peers.length > 0 &&
              rule.peers.every((peer) => allowed.includes(peer)) &&
              (port === undefined || singleTcpPort(rule) === port);
            if (!ok)
              report(
                `protects ${String(tierOf(target))} ${target.name} and admits ${describeRule(rule)}: only ` +
                  `${port === undefined ? "its port" : `tcp/${port}`} from ${from}`,
                group.urn,
              );
          }
        }
      };
      for (const db of ofType(resources, T.database)) {
        const port = propsOf(db, T.database).port;
        if (proxies.length > 0) check(db, proxies.flatMap(groupsOf), "the RDS Proxy's group", port);
        else check(db, taskGroups, "the ECS tasks' group", port);
      }
      for (const proxy of proxies) check(proxy, taskGroups, "the ECS tasks' group");
    }),
  },
  {
    name: "database-security-group-has-no-egress",
    description:
      "A security group that protects only databases has no egress rule: a database answers, it never calls out. " +
      "Source: RDS user guide (security groups), ECS best practices guide (network security).",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      for (const group of ofType(resources, T.securityGroup)) {
        const protectedBy = attachedTo(resources, group);
        if (protectedBy.length === 0 || protectedBy.some((r) => tierOf(r) !== "database")) continue;
        for (const rule of rulesOfGroup(resources, group).filter((r) => r.direction === "egress"))
          report(
            `protects database ${names(protectedBy)} and allows ${describeRule(rule)}: it needs no egress`,
            group.urn,
          );
      }
    }),
  },
  {
    name: "default-security-group-has-no-rules",
    description:
      "The VPC's default security group, once the stack takes it over, has no ingress and no egress rule. " +
      "Source: FSBP EC2.2, checkov CKV2_AWS_12.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.defaultSecurityGroup, (group, _args, report) => {
      const count = list(group.ingress).length + list(group.egress).length;
      if (count > 0) report(`keeps ${count} rule(s): the default group must allow nothing`);
    }),
  },
  {
    name: "vpc-default-security-group-taken-over",
    description:
      "Every VPC of the stack has its default security group taken over (aws.ec2.DefaultSecurityGroup), which strips " +
      "AWS's allow-all rules from it. Source: FSBP EC2.2, checkov CKV2_AWS_12.",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      for (const vpc of ofType(resources, T.vpc))
        if (referrers(resources, vpc, "vpcId", T.defaultSecurityGroup).length === 0)
          report(`keeps AWS's default security group with its allow-all rules`, vpc.urn);
    }),
  },
  {
    name: "vpc-flow-logs-enabled",
    description:
      "Every VPC of the stack has a flow log capturing ALL or REJECT traffic. Source: FSBP EC2.6, checkov CKV2_AWS_11.",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      for (const vpc of ofType(resources, T.vpc)) {
        const logs = referrers(resources, vpc, "vpcId", T.flowLog).filter((f) =>
          ["ALL", "REJECT"].includes(String(propsOf(f, T.flowLog).trafficType)),
        );
        if (logs.length === 0) report(`has no flow log of ALL or REJECT traffic`, vpc.urn);
      }
    }),
  },
  {
    name: "private-route-tables-use-gateway-endpoints",
    description:
      "Every route table that routes through a NAT gateway is served by the free S3 gateway endpoint, and by the " +
      "DynamoDB one when the stack has a table: image layers and sessions stay off the NAT and the internet. Source: " +
      "VPC user guide (gateway endpoints), ECS best practices guide (VPC endpoints).",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      const services = ofType(resources, T.table).length > 0 ? ["s3", "dynamodb"] : ["s3"];
      const natTables = ofType(resources, T.routeTable).filter(
        (t) =>
          refs(t, "routes", T.natGateway).length > 0 ||
          referrers(resources, t, "routeTableId", T.route).some(
            (r) => refs(r, "natGatewayId", T.natGateway).length > 0,
          ),
      );
      const endpoints = ofType(resources, T.vpcEndpoint).filter(
        (e) => propsOf(e, T.vpcEndpoint).vpcEndpointType === "Gateway",
      );
      for (const table of natTables) {
        const served = endpoints
          .filter((e) => refs(e, "routeTableIds", T.routeTable).includes(table))
          .map((e) => String(propsOf(e, T.vpcEndpoint).serviceName).split(".").pop());
        const missing = services.filter((s) => !served.includes(s));
        if (missing.length > 0)
          report(`routes through NAT without a gateway endpoint for ${missing.join(" and ")}`, table.urn);
      }
    }),
  },
  {
    name: "only-public-subnets-map-public-ips",
    description:
      "A subnet maps public IPs on launch only if its route table leads to an internet gateway. " +
      "Source: FSBP EC2.15, checkov CKV_AWS_130.",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      const publicOnes = publicSubnets(resources);
      for (const subnet of ofType(resources, T.subnet))
        if (is(propsOf(subnet, T.subnet).mapPublicIpOnLaunch) && !publicOnes.has(subnet))
          report(`is private but maps a public IP to everything launched in it`, subnet.urn);
    }),
  },
  {
    name: "tasks-and-databases-in-private-subnets",
    description:
      "ECS services, databases and database proxies run in subnets without a route to an internet gateway. Source: ECS best practices " +
      "guide (network security), RDS user guide (a DB instance in a VPC hidden from the internet).",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      const publicOnes = publicSubnets(resources);
      const exposed = (subnets: readonly PolicyResource[]) => subnets.filter((s) => publicOnes.has(s));
      for (const service of ofType(resources, T.service)) {
        const found = exposed(refs(service, "networkConfiguration", T.subnet));
        if (found.length > 0) report(`runs in public subnets ${names(found)}`, service.urn);
      }
      for (const db of ofType(resources, T.database)) {
        const found = exposed(
          refs(db, "dbSubnetGroupName", T.subnetGroup).flatMap((g) => refs(g, "subnetIds", T.subnet)),
        );
        if (found.length > 0) report(`may be placed in public subnets ${names(found)}`, db.urn);
      }
      for (const proxy of ofType(resources, T.proxy)) {
        const found = exposed(refs(proxy, "vpcSubnetIds", T.subnet));
        if (found.length > 0) report(`runs in public subnets ${names(found)}`, proxy.urn);
      }
    }),
  },
  {
    name: "ecs-service-assigns-no-public-ip",
    description: "ECS services do not give their tasks public IP addresses. Source: FSBP ECS.2, checkov CKV_AWS_333.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.service, (service, _args, report) => {
      if (is(service.networkConfiguration?.assignPublicIp)) report("gives its tasks public IP addresses");
    }),
  },
  {
    name: "rds-not-publicly-accessible",
    description: "RDS instances are not publicly accessible. Source: FSBP RDS.2, checkov CKV_AWS_17.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.database, (db, _args, report) => {
      if (is(db.publiclyAccessible)) report("is publicly accessible");
    }),
  },
];

// ---- load balancer and TLS ----

const application = (lb: Props<typeof T.loadBalancer>): boolean =>
  lb.loadBalancerType === undefined || lb.loadBalancerType === "application";
const listenersOf = (resources: readonly PolicyResource[], lb: PolicyResource) =>
  referrers(resources, lb, "loadBalancerArn", ...LISTENERS);
const protocolOf = (listener: PolicyResource): string => propsOf(listener, T.listener).protocol ?? "";

const edge: Policy[] = [
  {
    name: "alb-drops-invalid-header-fields",
    description:
      "Application load balancers drop HTTP headers that are not valid (request smuggling). " +
      "Source: FSBP ELB.4, checkov CKV_AWS_131.",
    enforcementLevel: MANDATORY,
    validateResource: on(
      T.loadBalancer,
      (lb, _args, report) => {
        if (application(lb) && !is(lb.dropInvalidHeaderFields)) report("keeps invalid header fields");
      },
      T.albLoadBalancer,
    ),
  },
  {
    name: "alb-desync-mitigation-defensive-or-strictest",
    description:
      "Application load balancers mitigate HTTP desync in defensive (the AWS default) or strictest mode, never monitor. " +
      "Source: FSBP ELB.12, checkov CKV_AWS_328.",
    enforcementLevel: MANDATORY,
    validateResource: on(
      T.loadBalancer,
      (lb, _args, report) => {
        const mode = lb.desyncMitigationMode ?? "defensive";
        if (application(lb) && !["defensive", "strictest"].includes(mode))
          report(`mitigates desync in ${mode} mode: use defensive or strictest`);
      },
      T.albLoadBalancer,
    ),
  },
  {
    name: "alb-access-logs-enabled",
    description:
      "Application load balancers write access logs to an S3 bucket. Source: FSBP ELB.5, checkov CKV_AWS_91.",
    enforcementLevel: MANDATORY,
    validateResource: on(
      T.loadBalancer,
      (lb, _args, report) => {
        if (application(lb) && !(is(lb.accessLogs?.enabled) && lb.accessLogs?.bucket)) report("writes no access logs");
      },
      T.albLoadBalancer,
    ),
  },
  {
    name: "alb-spans-two-availability-zones",
    description: "A load balancer's subnets of the stack lie in at least two availability zones. Source: FSBP ELB.13.",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      for (const lb of ofType(resources, ...LOAD_BALANCERS)) {
        const subnets = refs(lb, "subnets", T.subnet);
        const zones = new Set(subnets.map((s) => propsOf(s, T.subnet).availabilityZone));
        if (subnets.length > 0 && zones.size < 2) report(`spans one availability zone`, lb.urn);
      }
    }),
  },
  {
    name: "https-listener-uses-allowed-tls-policy",
    description:
      "HTTPS and TLS listeners name a security policy of the allowed list (default ELBSecurityPolicy-TLS13-1-2-2021-06: " +
      "TLS 1.3 and 1.2 only; never the API default ELBSecurityPolicy-2016-08). Source: FSBP ELB.17, checkov " +
      "CKV_AWS_103, trivy AVD-AWS-0047.",
    enforcementLevel: MANDATORY,
    configSchema: schema({ allowedPolicies: strings("ELB security policies HTTPS may use", DEFAULTS.tlsPolicies) }),
    validateResource: on(
      T.listener,
      (listener, args, report) => {
        const { allowedPolicies } = configOf(args, { allowedPolicies: DEFAULTS.tlsPolicies });
        if (!["HTTPS", "TLS"].includes(String(listener.protocol))) return;
        if (listener.sslPolicy === undefined)
          report(
            `names no TLS policy, so AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0): use ${allowedPolicies.join(" or ")}`,
          );
        else if (!allowedPolicies.includes(listener.sslPolicy))
          report(`uses ${listener.sslPolicy}: use ${allowedPolicies.join(" or ")}`);
      },
      T.albListener,
    ),
  },
  {
    name: "http-redirects-to-https-when-https-exists",
    description:
      "On a load balancer with an HTTPS listener, every HTTP listener's only action is a 301 redirect to HTTPS, and no " +
      "listener rule serves through it. Source: FSBP ELB.1, checkov CKV2_AWS_20.",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      for (const lb of ofType(resources, ...LOAD_BALANCERS)) {
        const listeners = listenersOf(resources, lb);
        if (!listeners.some((l) => protocolOf(l) === "HTTPS")) continue;
        for (const http of listeners.filter((l) => protocolOf(l) === "HTTP")) {
          const actions = list(propsOf(http, T.listener).defaultActions);
          const [action] = actions;
          const redirects =
            actions.length === 1 &&
            action?.type === "redirect" &&
            action.redirect?.protocol === "HTTPS" &&
            action.redirect.statusCode === "HTTP_301";
          if (!redirects)
            report(`serves HTTP beside HTTPS on ${lb.name}: its only action must be a 301 redirect to HTTPS`, http.urn);
          const rules = referrers(resources, http, "listenerArn", ...LISTENER_RULES);
          if (rules.length > 0) report(`serves rules ${names(rules)} over HTTP beside HTTPS on ${lb.name}`, http.urn);
        }
      }
    }),
  },
  {
    name: "load-balancer-serves-https",
    description:
      "An internet-facing application load balancer has an HTTPS listener. Advisory: without a certificate " +
      "(tls.certificateArn) the stack deliberately serves plain HTTP, and the plan warns. Source: FSBP ELB.1.",
    enforcementLevel: ADVISORY,
    validateStack: stack((resources, _args, report) => {
      for (const lb of ofType(resources, ...LOAD_BALANCERS)) {
        const p = propsOf(lb, T.loadBalancer);
        if (!application(p) || is(p.internal)) continue;
        if (!listenersOf(resources, lb).some((l) => protocolOf(l) === "HTTPS"))
          report(`serves plain HTTP to the internet: set tls.certificateArn for HTTPS`, lb.urn);
      }
    }),
  },
];

// ---- ECS ----

const containers = (definition: Props<typeof T.taskDefinition>, check: (c: Container, name: string) => void) => {
  containersOf(definition.containerDefinitions).forEach((c, i) => {
    check(c, c.name ?? `container ${i}`);
  });
};

// Names that say a value is a credential.
const SECRET_NAME = /PASS|SECRET|TOKEN|KEY/i;

const ecs: Policy[] = [
  {
    name: "ecs-container-not-privileged",
    description: "No container runs privileged. Source: FSBP ECS.4.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.taskDefinition, (td, _args, report) => {
      containers(td, (c, name) => {
        if (is(c.privileged)) report(`runs ${name} privileged`);
      });
    }),
  },
  {
    name: "ecs-container-read-only-root-filesystem",
    description:
      "Every container's root filesystem is read-only (writable paths come from task volumes). " +
      "Source: FSBP ECS.5, checkov CKV_AWS_336.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.taskDefinition, (td, _args, report) => {
      containers(td, (c, name) => {
        if (!is(c.readonlyRootFilesystem)) report(`lets ${name} write its root filesystem`);
      });
    }),
  },
  {
    name: "ecs-no-secrets-in-environment",
    description:
      "No container environment variable is named like a credential (PASS, SECRET, TOKEN, KEY): credentials come " +
      "from `secrets` (Secrets Manager or Parameter Store). Source: FSBP ECS.8.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.taskDefinition, (td, _args, report) => {
      containers(td, (c, name) => {
        for (const variable of list(c.environment))
          if (SECRET_NAME.test(variable.name ?? ""))
            report(`passes ${String(variable.name)} to ${name} in plain environment: use secrets[].valueFrom`);
      });
    }),
  },
  {
    name: "ecs-task-definition-logs-configured",
    description: "Every container has a log configuration (awslogs here). Source: FSBP ECS.9.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.taskDefinition, (td, _args, report) => {
      containers(td, (c, name) => {
        if (c.logConfiguration?.logDriver === undefined) report(`gives ${name} no log configuration`);
      });
    }),
  },
  {
    name: "ecs-task-definition-separate-execution-and-task-roles",
    description:
      "A task definition's execution role (the ECS agent's) is not its task role (the app's). Source: checkov CKV_AWS_249.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.taskDefinition, (td, _args, report) => {
      if (td.executionRoleArn !== undefined && td.executionRoleArn === td.taskRoleArn)
        report("gives the app the ECS agent's role: use a separate task role");
    }),
  },
  {
    name: "ecs-task-definition-awsvpc-network-mode",
    description:
      "Task definitions use awsvpc networking, so each task has its own interface and security group (never host " +
      "mode). Source: FSBP ECS.17, ECS best practices guide (networking).",
    enforcementLevel: MANDATORY,
    validateResource: on(T.taskDefinition, (td, _args, report) => {
      if (td.networkMode !== "awsvpc") report(`uses ${td.networkMode ?? "the default (bridge)"} network mode`);
    }),
  },
  {
    name: "ecs-service-circuit-breaker-rolls-back",
    description:
      "ECS services stop a failing deployment and roll back to the last working one (deployment circuit breaker). " +
      "Source: ECS developer guide (deployment circuit breaker).",
    enforcementLevel: MANDATORY,
    validateResource: on(T.service, (service, _args, report) => {
      const breaker = service.deploymentCircuitBreaker;
      if (!(is(breaker?.enable) && is(breaker?.rollback))) report("deploys without a circuit breaker that rolls back");
    }),
  },
  {
    name: "ecs-fargate-service-latest-platform",
    description: "Fargate services run on the LATEST platform version. Source: FSBP ECS.10.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.service, (service, _args, report) => {
      if (service.launchType === "FARGATE" && !["LATEST", undefined].includes(service.platformVersion))
        report(`pins Fargate platform ${String(service.platformVersion)}: use LATEST`);
    }),
  },
  {
    name: "ecs-cluster-container-insights",
    description: "ECS clusters have Container Insights enabled. Source: FSBP ECS.12, checkov CKV_AWS_65.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.cluster, (cluster, _args, report) => {
      if (
        !list(cluster.settings).some((s) => s.name === "containerInsights" && ["enabled", "enhanced"].includes(s.value))
      )
        report("has Container Insights off");
    }),
  },
];

// ---- IAM ----

const DOCUMENT_TYPES = [
  T.rolePolicy,
  T.iamPolicy,
  T.userPolicy,
  T.groupPolicy,
  T.role,
  ...BUCKETS,
  T.bucketPolicy,
  T.topic,
  T.topicPolicy,
  T.queuePolicy,
  T.repositoryPolicy,
  T.key,
  T.keyPolicy,
];
const where = (d: Document, sid: string | undefined): string => `${d.where}${sid === undefined ? "" : ` (${sid})`}`;

// The execution and task roles of each task definition, with the definition.
const taskRoles = (resources: readonly PolicyResource[], key: "executionRoleArn" | "taskRoleArn") =>
  ofType(resources, T.taskDefinition).flatMap((td) => refs(td, key, T.role).map((role) => ({ td, role })));

const identity: Policy[] = [
  {
    name: "iam-no-wildcard-actions",
    description:
      "No Allow statement grants `*` or `<service>:*`, or every action but some (NotAction), in any policy: identity, " +
      "trust, resource or KMS key policy. Source: FSBP IAM.1 and IAM.21, checkov CKV_AWS_62 and CKV_AWS_63.",
    enforcementLevel: MANDATORY,
    validateResource: onAny(DOCUMENT_TYPES, (args, report) => {
      for (const d of documentsOf(args.type, args.props)) {
        for (const s of d.statements.filter(allows)) {
          const wild = actionsOf(s).filter(isWildcardAction);
          if (wild.length > 0) report(`${where(d, s.Sid)} allows ${wild.join(", ")}: name the actions`);
          if (s.NotAction !== undefined)
            report(`${where(d, s.Sid)} allows every action but ${list(s.NotAction).join(", ")}`);
        }
      }
    }),
  },
  {
    name: "iam-resource-wildcard-only-for-unscopable-actions",
    description:
      'An Allow statement names `Resource: "*"` (or NotResource) only for actions that cannot be scoped (default ' +
      'ecr:GetAuthorizationToken). KMS key policies are exempt: there `"*"` means the key itself (the alarm topic\'s ' +
      "key). Source: checkov CKV_AWS_355, IAM user guide (grant least privilege).",
    enforcementLevel: MANDATORY,
    configSchema: schema({
      actions: strings("Actions that may be allowed on any resource", DEFAULTS.actionsOnAnyResource),
    }),
    validateResource: onAny(DOCUMENT_TYPES, (args, report) => {
      const { actions } = configOf(args, { actions: DEFAULTS.actionsOnAnyResource });
      for (const d of documentsOf(args.type, args.props).filter(
        (x) => x.kind === "identity" || x.kind === "resource",
      )) {
        for (const s of d.statements.filter(allows)) {
          const anyResource = resourcesOf(s).includes("*") || s.NotResource !== undefined;
          const scopable = actionsOf(s).filter((a) => !actions.includes(a));
          if (anyResource && (scopable.length > 0 || s.NotAction !== undefined))
            report(`${where(d, s.Sid)} allows ${scopable.join(", ") || "NotAction"} on every resource: name the ARNs`);
        }
      }
    }),
  },
  {
    name: "iam-logs-actions-scoped-to-log-groups",
    description:
      "Identity policies grant CloudWatch Logs actions on log-group ARNs only. Source: IAM user guide (grant least " +
      "privilege), CloudWatch Logs service authorization reference.",
    enforcementLevel: MANDATORY,
    validateResource: onAny(DOCUMENT_TYPES, (args, report) => {
      for (const d of documentsOf(args.type, args.props).filter((x) => x.kind === "identity")) {
        for (const s of d.statements.filter(allows)) {
          if (!actionsOf(s).some((a) => a.startsWith("logs:"))) continue;
          const loose = resourcesOf(s).filter((r) => !r.includes(":log-group:"));
          if (loose.length > 0 || s.NotResource !== undefined)
            report(
              `${where(d, s.Sid)} grants logs actions on ${loose.join(", ") || "NotResource"}: scope them to log groups`,
            );
        }
      }
    }),
  },
  {
    name: "iam-service-role-trust-pins-source-account",
    description:
      "A role that a listed AWS service assumes (default ecs-tasks and vpc-flow-logs) trusts it only with an " +
      "aws:SourceAccount or aws:SourceArn condition. Source: IAM user guide (the confused deputy problem), ECS " +
      "developer guide (task execution role trust policy).",
    enforcementLevel: MANDATORY,
    configSchema: schema({
      services: strings("Service principals that must carry the guard", DEFAULTS.trustedServices),
    }),
    validateResource: on(T.role, (_role, args, report) => {
      const { services } = configOf(args, { services: DEFAULTS.trustedServices });
      for (const d of documentsOf(args.type, args.props).filter((x) => x.kind === "trust")) {
        for (const s of d.statements.filter(allows)) {
          const guarded = conditionKeys(s).some((k) =>
            ["aws:sourceaccount", "aws:sourcearn"].includes(k.toLowerCase()),
          );
          const service = servicePrincipals(s).filter((p) => services.includes(p));
          if (service.length > 0 && !guarded)
            report(`trusts ${service.join(", ")} for any account: add an aws:SourceAccount condition`);
        }
      }
    }),
  },
  {
    name: "ecs-execution-role-reads-only-its-secrets",
    description:
      "A task definition's execution role may read (secretsmanager:GetSecretValue) exactly the secrets its containers " +
      "name in secrets[].valueFrom, each by its ARN, and carries no managed policy. Source: ECS developer guide " +
      "(required IAM permissions for Secrets Manager secrets), IAM user guide (grant least privilege).",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      for (const { td, role } of taskRoles(resources, "executionRoleArn")) {
        const managed = managedPolicyAttachments(resources, role);
        if (managed.length > 0) report(`carries managed policies (${names(managed)})`, role.urn);
        const named = new Set(
          containersOf(propsOf(td, T.taskDefinition).containerDefinitions)
            .flatMap((c) => list(c.secrets))
            .map((s) => secretArnOf(s.valueFrom ?? ""))
            .filter((arn): arn is string => arn !== undefined),
        );
        const granted = roleStatements(resources, role)
          .filter((s) => allows(s) && actionsOf(s).some((a) => a === "secretsmanager:GetSecretValue"))
          .flatMap(resourcesOf);
        const extra = granted.filter((arn) => !named.has(arn));
        const missing = [...named].filter((arn) => !granted.some((pattern) => arnMatches(pattern, arn)));
        if (extra.length > 0)
          report(
            `is the execution role of ${td.name} and may read ${extra.join(", ")}, which no container names`,
            role.urn,
          );
        if (missing.length > 0)
          report(
            `is the execution role of ${td.name} and may not read ${missing.join(", ")}: its tasks cannot start`,
            role.urn,
          );
      }
    }),
  },
  {
    name: "ecs-task-role-only-items-of-stack-tables",
    description:
      "A task role (the app's) allows only item-level DynamoDB actions (no Scan, no table administration), only on " +
      "the stack's own tables and their indexes, and carries no managed policy. Source: DynamoDB developer guide " +
      "(fine-grained access control), ECS developer guide (task IAM role).",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      const tables = ofType(resources, T.table).map((t) => String(t.props.arn ?? ""));
      const onTable = (arn: string) => tables.some((t) => t !== "" && (arn === t || arn.startsWith(`${t}/index/`)));
      for (const { td, role } of taskRoles(resources, "taskRoleArn")) {
        for (const s of roleStatements(resources, role).filter(allows)) {
          const actions = actionsOf(s).filter((a) => !ITEM_ACTIONS.includes(a));
          const targets = resourcesOf(s).filter((r) => !onTable(r));
          if (actions.length > 0 || targets.length > 0 || s.NotAction !== undefined || s.NotResource !== undefined)
            report(
              `is the task role of ${td.name} and allows ${[...actions, ...targets].join(", ") || "Not* clauses"}: ` +
                "only item actions on the stack's tables",
              role.urn,
            );
        }
        const managed = managedPolicyAttachments(resources, role);
        if (managed.length > 0) report(`carries managed policies (${names(managed)})`, role.urn);
      }
    }),
  },
];

// ---- data ----

const data: Policy[] = [
  {
    name: "rds-storage-encrypted",
    description: "RDS instances encrypt their storage. Source: FSBP RDS.3, checkov CKV_AWS_16.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.database, (db, _args, report) => {
      if (!is(db.storageEncrypted)) report("stores its data unencrypted");
    }),
  },
  {
    name: "rds-postgres-forces-tls",
    description:
      "A PostgreSQL instance uses a parameter group of the stack that sets rds.force_ssl = 1: no client connects " +
      "without TLS. Source: checkov CKV2_AWS_69, RDS user guide (SSL/TLS with PostgreSQL).",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      for (const db of ofType(resources, T.database).filter((d) => postgres(propsOf(d, T.database).engine))) {
        const groups = refs(db, "parameterGroupName", T.parameterGroup);
        const forced = groups.some((g) =>
          list(propsOf(g, T.parameterGroup).parameters).some((p) => p.name === "rds.force_ssl" && p.value === "1"),
        );
        if (!forced) report("accepts connections without TLS: its parameter group must set rds.force_ssl = 1", db.urn);
      }
    }),
  },
  {
    name: "rds-proxy-requires-tls",
    description:
      "An RDS Proxy accepts TLS connections only (requireTls). Source: RDS user guide (using TLS/SSL with RDS Proxy).",
    enforcementLevel: MANDATORY,
    validateResource: on(T.proxy, (proxy, _args, report) => {
      if (!is(proxy.requireTls)) report("accepts connections without TLS");
    }),
  },
  {
    name: "rds-automated-backups-on",
    description: "RDS instances keep automated backups for at least a day. Source: FSBP RDS.11, checkov CKV_AWS_133.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.database, (db, _args, report) => {
      if (!(typeof db.backupRetentionPeriod === "number" && db.backupRetentionPeriod >= 1))
        report("keeps no automated backups: set backupRetentionPeriod to 1 or more");
    }),
  },
  {
    name: "rds-backup-retention-at-least-floor",
    description:
      "RDS instances keep automated backups for at least the floor (default 5 days, the mission's number). Advisory: " +
      "FSBP RDS.11 asks for 7; raise `minimumDays` to adopt it. Source: FSBP RDS.11.",
    enforcementLevel: ADVISORY,
    configSchema: schema({ minimumDays: days("Fewest days of automated backups", DEFAULTS.backupRetentionDays) }),
    validateResource: on(T.database, (db, args, report) => {
      const { minimumDays } = configOf(args, { minimumDays: DEFAULTS.backupRetentionDays });
      const kept = db.backupRetentionPeriod ?? 0;
      if (kept < minimumDays) report(`keeps backups ${kept} day(s), fewer than ${minimumDays}`);
    }),
  },
  {
    name: "rds-multi-az",
    description:
      "RDS instances keep a standby in a second zone. Advisory: database.multiAz is off by default for cost on " +
      "db.t3.micro; turn it on for production. Source: FSBP RDS.5, checkov CKV_AWS_157.",
    enforcementLevel: ADVISORY,
    validateResource: on(T.database, (db, _args, report) => {
      if (!is(db.multiAz)) report("lives in one availability zone (database.multiAz is off)");
    }),
  },
  {
    name: "rds-exports-postgresql-log",
    description:
      "PostgreSQL instances export their postgresql log to CloudWatch Logs. Source: FSBP RDS.9, checkov CKV_AWS_129.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.database, (db, _args, report) => {
      if (postgres(db.engine) && !list(db.enabledCloudwatchLogsExports).includes("postgresql"))
        report("does not export its postgresql log");
    }),
  },
  {
    name: "rds-auto-minor-version-upgrade",
    description: "RDS instances take minor engine upgrades automatically. Source: FSBP RDS.13, checkov CKV_AWS_226.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.database, (db, _args, report) => {
      if (db.autoMinorVersionUpgrade === false) report("turns automatic minor upgrades off");
    }),
  },
  {
    name: "rds-copy-tags-to-snapshots",
    description: "RDS instances copy their tags to snapshots. Source: FSBP RDS.17, checkov CKV2_AWS_60.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.database, (db, _args, report) => {
      if (!is(db.copyTagsToSnapshot)) report("does not copy its tags to snapshots");
    }),
  },
  {
    name: "dynamodb-encryption-explicitly-enabled",
    description:
      "DynamoDB tables turn server-side encryption on explicitly (with the AWS managed key, or a key of your own). " +
      "Source: DynamoDB developer guide (encryption at rest).",
    enforcementLevel: MANDATORY,
    validateResource: on(T.table, (table, _args, report) => {
      if (!is(table.serverSideEncryption?.enabled)) report("leaves server-side encryption unset");
    }),
  },
  {
    name: "dynamodb-point-in-time-recovery",
    description: "DynamoDB tables have point-in-time recovery. Source: FSBP DynamoDB.2, checkov CKV_AWS_28.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.table, (table, _args, report) => {
      if (!is(table.pointInTimeRecovery?.enabled)) report("has no point-in-time recovery");
    }),
  },
  {
    name: "s3-bucket-encryption-configured",
    description:
      "Every S3 bucket of the stack has a default server-side encryption configuration. Source: checkov CKV_AWS_19, " +
      "trivy AVD-AWS-0088.",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      for (const bucket of ofType(resources, ...BUCKETS)) {
        // The deprecated inline form, still accepted by the provider.
        const legacy: unknown = bucket.props.serverSideEncryptionConfiguration;
        const inline = JSON.stringify(legacy ?? {}).includes("sseAlgorithm");
        const configured = referrers(resources, bucket, "bucket", T.bucketEncryption).some((c) =>
          list(propsOf(c, T.bucketEncryption).rules).some((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm),
        );
        if (!inline && !configured) report(`has no default encryption`, bucket.urn);
      }
    }),
  },
  {
    name: "s3-bucket-public-access-blocked",
    description:
      "Every S3 bucket of the stack blocks public ACLs and policies (all four settings). Source: FSBP S3.8, checkov " +
      "CKV2_AWS_6.",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      for (const bucket of ofType(resources, ...BUCKETS)) {
        const blocked = referrers(resources, bucket, "bucket", T.publicAccessBlock).some((b) => {
          const p = propsOf(b, T.publicAccessBlock);
          return [p.blockPublicAcls, p.blockPublicPolicy, p.ignorePublicAcls, p.restrictPublicBuckets].every(is);
        });
        if (!blocked) report(`does not block public access`, bucket.urn);
      }
    }),
  },
  {
    name: "access-log-bucket-expires-objects",
    description:
      "A bucket that receives load balancer access logs expires them with an enabled lifecycle rule. Source: checkov " +
      "CKV2_AWS_61, ELB user guide (access logs: bucket requirements).",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      const logBuckets = new Set(
        ofType(resources, ...LOAD_BALANCERS).flatMap((lb) => refs(lb, "accessLogs", ...BUCKETS)),
      );
      for (const bucket of logBuckets) {
        const expires = referrers(resources, bucket, "bucket", T.bucketLifecycle).some((c) =>
          list(propsOf(c, T.bucketLifecycle).rules).some(
            (r) => r.status === "Enabled" && (r.expiration?.days ?? 0) > 0,
          ),
        );
        if (!expires) report(`keeps access logs forever: add an expiring lifecycle rule`, bucket.urn);
      }
    }),
  },
  {
    name: "sns-topic-encrypted",
    description: "SNS topics are encrypted with a KMS key. Source: FSBP SNS.1, checkov CKV_AWS_26.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.topic, (topic, _args, report) => {
      if (!topic.kmsMasterKeyId) report("is not encrypted");
    }),
  },
  {
    name: "kms-key-rotation-enabled",
    description: "Symmetric KMS keys rotate automatically. Source: FSBP KMS.4, checkov CKV_AWS_7.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.key, (key, _args, report) => {
      const symmetric = [undefined, "SYMMETRIC_DEFAULT"].includes(key.customerMasterKeySpec);
      if (symmetric && !is(key.enableKeyRotation)) report("does not rotate");
    }),
  },
  {
    name: "ecr-scan-on-push",
    description: "ECR repositories scan every image on push. Source: FSBP ECR.1, checkov CKV_AWS_163.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.repository, (repo, _args, report) => {
      if (!is(repo.imageScanningConfiguration?.scanOnPush)) report("does not scan images on push");
    }),
  },
  {
    name: "ecr-repository-has-lifecycle-policy",
    description: "Every ECR repository of the stack has a lifecycle policy. Source: FSBP ECR.3.",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      for (const repo of ofType(resources, T.repository))
        if (referrers(resources, repo, "repository", T.lifecyclePolicy).length === 0)
          report(`keeps every image: add a lifecycle policy`, repo.urn);
    }),
  },
  {
    name: "ecr-immutable-image-tags",
    description:
      "ECR image tags are immutable. Advisory: the mission deploys webapp:latest, so tags stay mutable; with " +
      "service.build the task definition names the image by digest. Source: FSBP ECR.2, checkov CKV_AWS_51.",
    enforcementLevel: ADVISORY,
    validateResource: on(T.repository, (repo, _args, report) => {
      if (!(repo.imageTagMutability ?? "MUTABLE").startsWith("IMMUTABLE"))
        report("lets a push overwrite a tag (webapp:latest is redeployed by tag)");
    }),
  },
];

// ---- logs ----

const logs: Policy[] = [
  {
    name: "log-group-retention-set",
    description:
      "Every log group expires its events (retentionInDays set): none keeps them forever. Source: checkov " +
      "CKV_AWS_66.",
    enforcementLevel: MANDATORY,
    validateResource: on(T.logGroup, (group, _args, report) => {
      if (!(typeof group.retentionInDays === "number" && group.retentionInDays > 0)) report("keeps its events forever");
    }),
  },
  {
    name: "log-group-retention-at-least-floor",
    description:
      "Log groups keep events at least the floor (default 7 days, the mission's number). Advisory: FSBP CloudWatch.16 " +
      "asks for 365; raise `minimumDays` to adopt it. Source: FSBP CloudWatch.16, checkov CKV_AWS_338.",
    enforcementLevel: ADVISORY,
    configSchema: schema({ minimumDays: days("Fewest days a log group keeps its events", DEFAULTS.logRetentionDays) }),
    validateResource: on(T.logGroup, (group, args, report) => {
      const { minimumDays } = configOf(args, { minimumDays: DEFAULTS.logRetentionDays });
      const kept = group.retentionInDays ?? 0;
      if (kept > 0 && kept < minimumDays) report(`keeps events ${kept} day(s), fewer than ${minimumDays}`);
    }),
  },
  {
    name: "aws-created-log-groups-owned-by-stack",
    description:
      "The log groups AWS would otherwise create (never expiring, surviving destroy) are the stack's own, created " +
      "first: each exported RDS log's /aws/rds/instance/<id>/<log>, Container Insights' " +
      "/aws/ecs/containerinsights/<cluster>/performance, every container's awslogs-group, and every flow log's " +
      "group. Source: RDS user guide (publishing PostgreSQL logs to CloudWatch Logs), ECS developer guide (Container " +
      "Insights, awslogs driver), VPC user guide (flow logs to CloudWatch Logs).",
    enforcementLevel: MANDATORY,
    validateStack: stack((resources, _args, report) => {
      const groups = ofType(resources, T.logGroup);
      const named = (name: string) => groups.find((g) => propsOf(g, T.logGroup).name === name);
      const owned = (owner: PolicyResource, name: string, first: boolean) => {
        const group = named(name);
        if (group === undefined)
          report(`makes AWS create ${name}, which never expires: create it in the stack`, owner.urn);
        else if (first && !owner.dependencies.includes(group))
          report(`may be created before its log group ${name} (add it to dependsOn)`, owner.urn);
      };
      for (const db of ofType(resources, T.database)) {
        const p = propsOf(db, T.database);
        for (const log of list(p.enabledCloudwatchLogsExports)) {
          if (p.identifier === undefined) report(`exports logs but has no identifier to own their group`, db.urn);
          else owned(db, `/aws/rds/instance/${p.identifier}/${log}`, true);
        }
      }
      for (const cluster of ofType(resources, T.cluster)) {
        const p = propsOf(cluster, T.cluster);
        const insights = list(p.settings).some((s) => s.name === "containerInsights" && s.value !== "disabled");
        if (insights && p.name !== undefined) owned(cluster, `/aws/ecs/containerinsights/${p.name}/performance`, true);
      }
      for (const flow of ofType(resources, T.flowLog)) {
        const p = propsOf(flow, T.flowLog);
        const toLogs = [undefined, "cloud-watch-logs"].includes(p.logDestinationType);
        if (toLogs && refs(flow, "logDestination", T.logGroup).length === 0)
          report(`writes to a log group outside the stack, which AWS creates if missing and never expires`, flow.urn);
      }
      // Last: in a new stack's preview the container definitions are unknown, which ends the policy there.
      for (const td of ofType(resources, T.taskDefinition))
        for (const c of containersOf(propsOf(td, T.taskDefinition).containerDefinitions)) {
          const group = c.logConfiguration?.options?.["awslogs-group"];
          if (c.logConfiguration?.logDriver === "awslogs" && group !== undefined) owned(td, group, false);
        }
    }),
  },
];

// ---- destroyable by CI ----

const destroyable: Policy[] = [
  {
    name: "destroyable-without-deletion-protection",
    description:
      "RDS instances, load balancers and DynamoDB tables have deletion protection off, so CI can destroy every stack. " +
      "Advisory: the deliberate exception to FSBP RDS.8, ELB.6 and DynamoDB.6; a production stack that turns " +
      "protection on is warned, not stopped. Source: FSBP RDS.8, ELB.6, DynamoDB.6 (the exception).",
    enforcementLevel: ADVISORY,
    validateResource: [
      on(T.database, (db, _args, report) => {
        if (is(db.deletionProtection)) report("has deletion protection on: `pulumi destroy` fails on it");
      }),
      on(
        T.loadBalancer,
        (lb, _args, report) => {
          if (is(lb.enableDeletionProtection)) report("has deletion protection on: `pulumi destroy` fails on it");
        },
        T.albLoadBalancer,
      ),
      on(T.table, (table, _args, report) => {
        if (is(table.deletionProtectionEnabled)) report("has deletion protection on: `pulumi destroy` fails on it");
      }),
    ],
  },
  {
    name: "destroyable-repositories-and-buckets-force-deleted",
    description:
      "ECR repositories set forceDelete and S3 buckets forceDestroy: `pulumi destroy` removes them with their images " +
      "and objects instead of failing on them. Source: Pulumi AWS registry (ecr.Repository forceDelete, s3.Bucket " +
      "forceDestroy).",
    enforcementLevel: MANDATORY,
    validateResource: [
      on(T.repository, (repo, _args, report) => {
        if (!is(repo.forceDelete)) report("is not forceDelete: destroy fails while it holds images");
      }),
      on(
        T.bucket,
        (bucket, _args, report) => {
          if (!is(bucket.forceDestroy)) report("is not forceDestroy: destroy fails while it holds objects");
        },
        T.bucketV2,
      ),
    ],
  },
  {
    name: "destroyable-nothing-protected",
    description:
      "No resource has the `protect` option, which makes `pulumi destroy` refuse. (`retainOnDelete` is not visible to " +
      "policies; a test keeps it out.) Source: Pulumi docs (resource options: protect).",
    enforcementLevel: MANDATORY,
    validateResource: (args, report) => {
      if (args.opts.protect) report("is protected: `pulumi destroy` refuses to delete it");
    },
  },
  {
    name: "rds-skips-final-snapshot",
    description:
      "RDS instances skip the final snapshot, so destroy leaves nothing behind. Advisory: database.finalSnapshot is " +
      "for stacks that hold real data. Source: Pulumi AWS registry (rds.Instance skipFinalSnapshot).",
    enforcementLevel: ADVISORY,
    validateResource: on(T.database, (db, _args, report) => {
      if (!is(db.skipFinalSnapshot))
        report("takes a final snapshot on destroy: it outlives the stack (database.finalSnapshot is on)");
    }),
  },
];

// ---- the pack ----

export const policies: readonly Policy[] = [...network, ...edge, ...ecs, ...identity, ...data, ...logs, ...destroyable];

export const isStackPolicy = (p: Policy): p is StackValidationPolicy => "validateStack" in p;

// A resource under validation, read as a stack's resource without its references (a resource policy
// judges what the resource itself says).
const toPolicyResource = (args: ResourceValidationArgs): PolicyResource => ({
  type: args.type,
  props: args.props,
  urn: args.urn,
  name: args.name,
  opts: args.opts,
  dependencies: [],
  propertyDependencies: {},
  isType: (resourceClass) => args.isType(resourceClass),
  asType: () => undefined,
});
