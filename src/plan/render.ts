// Turns a simulation of the program into the offline plan: resources grouped by area, one line each with
// the properties a reviewer checks, the stack outputs, warnings and counts; as text or as JSON.
// Pure: src/plan/cli.ts prints what these return.
import type * as aws from "@pulumi/aws";
import type * as dockerBuild from "@pulumi/docker-build";
import type { Unwrap } from "@pulumi/pulumi";

import { scheduleRangeWarnings } from "../models/schedule-ranges";
import { PLACEHOLDER, type RegisteredResource, type Simulation } from "./simulate";

// ---- types ----

export const AREAS = [
  "network",
  "edge",
  "containers",
  "scaling",
  "data",
  "registry",
  "observability",
  "identity",
] as const;
export type Area = (typeof AREAS)[number];

// The one resource that is not AWS's: the image the stack builds and pushes (service.build).
const IMAGE_TYPE = "docker-build:index:Image";

export interface PlannedResource {
  readonly type: string; // short, e.g. "ec2.Subnet"
  readonly name: string;
  readonly details: string;
}

export interface Plan {
  readonly project: string;
  readonly stack: string;
  readonly region: string;
  readonly suffix: string;
  readonly areas: Readonly<Record<Area, readonly PlannedResource[]>>;
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly warnings: readonly string[];
  readonly counts: { readonly resources: number; readonly outputs: number; readonly warnings: number };
}

// ---- building the plan ----

export const buildPlan = (
  sim: Simulation,
  header: { project: string; stack: string; region: string; suffix: string },
): Plan => {
  // AWS's resources, and the image the stack builds (service.build); not Pulumi's providers or stack.
  const aws = sim.resources.filter((r) => r.type.startsWith("aws:") || r.type === IMAGE_TYPE);
  const nameOf = referenceNames(sim.resources);
  const areas = Object.fromEntries(AREAS.map((area) => [area, [] as PlannedResource[]])) as Record<
    Area,
    PlannedResource[]
  >;
  const ordered = [...aws].sort((a, b) => rank(a.type) - rank(b.type) || a.name.localeCompare(b.name));
  for (const r of ordered)
    areas[areaOf(r.type)].push({ type: shortType(r.type), name: r.name, details: describe(r, nameOf) });
  const warnings = planWarnings(aws, header.region);
  return {
    ...header,
    areas,
    outputs: sim.outputs,
    warnings,
    counts: { resources: aws.length, outputs: Object.keys(sim.outputs).length, warnings: warnings.length },
  };
};

export const areaOf = (type: string): Area => {
  if (type === IMAGE_TYPE) return "registry";
  const [, module = "", kind = ""] = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):/.exec(type) ?? [];
  if (module === "ec2" && kind === "flowLog") return "observability";
  const byModule: Record<string, Area> = {
    ec2: "network",
    vpc: "network",
    lb: "edge",
    ecs: "containers",
    appautoscaling: "scaling",
    rds: "data",
    dynamodb: "data",
    ecr: "registry",
    cloudwatch: "observability",
    s3: "observability",
    sns: "observability",
    kms: "observability",
    iam: "identity",
  };
  return byModule[module] ?? "network";
};

// What a reviewer should see before `pulumi up`, read from what would be built.
const planWarnings = (resources: readonly RegisteredResource[], region: string): string[] => {
  const ofType = (suffix: string) => resources.filter((r) => r.type.endsWith(suffix));
  const zones = new Set(ofType(":Subnet").map((s) => String(s.inputs.availabilityZone)));
  const nats = ofType(":NatGateway").length;
  return [
    ...(ofType(":Listener").some((l) => l.inputs.protocol === "HTTPS")
      ? []
      : ["no TLS certificate: the load balancer serves plain HTTP (set tls.certificateArn for HTTPS)"]),
    ...(nats > 0 && nats < zones.size
      ? [
          `natGateways is single: one NAT gateway serves ${zones.size} zones, so losing its zone cuts every private subnet's egress`,
        ]
      : []),
    ...(ofType(":Instance").some((db) => db.inputs.multiAz !== true)
      ? ["database.multiAz is off: the database lives in one zone (turn it on for production)"]
      : []),
    ...scheduleRangeWarnings(resources, region),
    `offline placeholders stand in for what only AWS knows: account ${PLACEHOLDER.account}, ids ending in -id, ` +
      `names with PLHLDR or placeholder`,
  ];
};

// Within an area: the order a reader builds the picture in (dependencies first).
const ORDER = [
  "ec2.Vpc",
  "ec2.DefaultSecurityGroup",
  "ec2.InternetGateway",
  "ec2.Subnet",
  "ec2.Eip",
  "ec2.NatGateway",
  "ec2.RouteTable",
  "ec2.RouteTableAssociation",
  "ec2.VpcEndpoint",
  "ec2.SecurityGroup",
  "vpc.SecurityGroupIngressRule",
  "vpc.SecurityGroupEgressRule",
  "lb.LoadBalancer",
  "lb.TargetGroup",
  "lb.Listener",
  "lb.ListenerRule",
  "ecs.Cluster",
  "ecs.TaskDefinition",
  "ecs.Service",
  "appautoscaling.Target",
  "appautoscaling.Policy",
  "appautoscaling.ScheduledAction",
  "rds.SubnetGroup",
  "rds.ParameterGroup",
  "rds.Instance",
  "dynamodb.Table",
  "ecr.Repository",
  "ecr.LifecyclePolicy",
  "docker-build.Image",
  "cloudwatch.LogGroup",
  "ec2.FlowLog",
  "cloudwatch.MetricAlarm",
  "cloudwatch.Dashboard",
  "kms.Key",
  "sns.Topic",
  "sns.TopicPolicy",
  "sns.TopicSubscription",
  "s3.Bucket",
  "iam.Role",
  "iam.RolePolicy",
];

const rank = (type: string): number => {
  const i = ORDER.indexOf(shortType(type));
  return i < 0 ? ORDER.length : i;
};

// ---- rendering ----

export interface Style {
  readonly heading: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly warn: (s: string) => string;
}

export const PLAIN: Style = { heading: (s) => s, dim: (s) => s, warn: (s) => s };
export const COLOUR: Style = {
  heading: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  warn: (s) => `\x1b[33m${s}\x1b[39m`,
};

// The plan is read in terminals and CI logs: no line wider than this.
export const TEXT_WIDTH = 120;

// `sections`: more headed blocks (capacity, cost), printed after the outputs and before the warnings.
export const renderText = (plan: Plan, style: Style = PLAIN, sections: readonly string[] = []): string => {
  const outputWidth = Math.max(...Object.keys(plan.outputs).map((k) => k.length));
  // Each area's table is as wide as its own longest type and name; a long detail continues under itself.
  const table = (rows: readonly PlannedResource[]): string[] => {
    const typeWidth = Math.max(...rows.map((r) => r.type.length));
    const nameWidth = Math.max(...rows.map((r) => r.name.length));
    const indent = 2 + typeWidth + 2 + nameWidth + 2;
    return rows.flatMap((r) =>
      wrapped(r.details, Math.max(TEXT_WIDTH - indent, DETAILS_MIN_WIDTH)).map((part, i) =>
        i === 0
          ? `  ${r.type.padEnd(typeWidth)}  ${r.name.padEnd(nameWidth)}  ${style.dim(part)}`.trimEnd()
          : `${" ".repeat(indent)}${style.dim(part)}`,
      ),
    );
  };
  return [
    style.heading(`${plan.project} · stack ${plan.stack} · ${plan.region} · suffix ${plan.suffix}`),
    style.dim("what `pulumi up` would create (offline: Pulumi's mocks, no AWS calls)"),
    ...AREAS.filter((area) => plan.areas[area].length > 0).flatMap((area) => [
      "",
      style.heading(`${area} (${plan.areas[area].length})`),
      ...table(plan.areas[area]),
    ]),
    "",
    style.heading("outputs"),
    ...Object.entries(plan.outputs).map(
      ([key, value]) => `  ${key.padEnd(outputWidth)}  ${typeof value === "string" ? value : JSON.stringify(value)}`,
    ),
    ...sections.flatMap((line, i) => (i === 0 ? ["", line] : [line])),
    "",
    style.heading("warnings"),
    ...plan.warnings.map((w) => style.warn(`  ! ${w}`)),
    "",
    `${plan.counts.resources} resources in ${AREAS.filter((a) => plan.areas[a].length > 0).length} areas, ` +
      `${plan.counts.outputs} outputs, ${plan.counts.warnings} warnings`,
  ].join("\n");
};

export const renderJson = (plan: object): string => JSON.stringify(plan, null, 2);

// Every line of a text at most `width` visible characters (ANSI styles not counted), broken at spaces; a
// continuation is indented two past its line's own indent ("  ! a warning" continues under "a").
export const fitLines = (text: string, width: number = TEXT_WIDTH): string =>
  text
    .split("\n")
    .flatMap((line) => {
      if (stripAnsi(line).length <= width) return [line];
      const lead = line.length - line.trimStart().length;
      const [first = "", ...rest] = wrapped(line.slice(lead), width - lead);
      const hang = " ".repeat(lead + 2);
      const continued = rest.length === 0 ? [] : wrapped(rest.join(" "), width - hang.length);
      return [" ".repeat(lead) + first, ...continued.map((part) => hang + part)];
    })
    .join("\n");

const DETAILS_MIN_WIDTH = 40;

// A text broken at spaces into parts of at most `width` visible characters; a word longer than that stands
// alone on its line.
const wrapped = (text: string, width: number): string[] => {
  const parts: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    const next = current === "" ? word : `${current} ${word}`;
    if (stripAnsi(next).length <= width || current === "") current = next;
    else {
      parts.push(current);
      current = word;
    }
  }
  return [...parts, current];
};

const stripAnsi = (text: string): string => text.replace(ANSI, "");
// eslint-disable-next-line no-control-regex -- the escape sequences COLOUR writes
const ANSI = /\x1b\[[0-9;]*m/g;

// ---- one line per resource ----

type Names = (ref: unknown) => string;

// ids and ARNs as the mocks issued them -> the logical names they stand for.
const referenceNames = (resources: readonly RegisteredResource[]): Names => {
  const byRef = new Map<unknown, string>();
  for (const r of resources) {
    byRef.set(r.id, r.name);
    if (r.computed.arn !== undefined) byRef.set(r.computed.arn, r.name);
  }
  return (ref) => byRef.get(ref) ?? String(ref);
};

// "ec2.Subnet" for aws:ec2/subnet:Subnet; a provider as "provider aws"; any other token as it is.
export const shortType = (type: string): string => {
  if (type === IMAGE_TYPE) return "docker-build.Image";
  const provider = /^pulumi:providers:(.+)$/.exec(type)?.[1];
  if (provider !== undefined) return `provider ${provider}`;
  const [, module, kind] = /^aws:([a-z0-9]+)\/[A-Za-z0-9]+:(\w+)$/.exec(type) ?? [];
  return module === undefined || kind === undefined ? type : `${module}.${kind}`;
};

// Documents the program passes as JSON text, as far as the plan reads them.
interface ContainerJson {
  readonly image?: string;
  readonly secrets?: readonly { readonly name: string }[];
}
interface LifecyclePolicyJson {
  readonly rules?: readonly { readonly description?: string }[];
}
interface PolicyJson {
  readonly Statement?: readonly { readonly Sid?: string; readonly Principal?: { readonly Service?: string } }[];
}
// A policy input: JSON text (the SDK would also take the document itself; the program never passes one).
const fromJson = (text: unknown): unknown => JSON.parse(String(text));

type SecurityGroupRule = Unwrap<aws.vpc.SecurityGroupIngressRuleArgs> | Unwrap<aws.vpc.SecurityGroupEgressRuleArgs>;

// Provider inputs are JSON of many shapes: each resource's are read as the plain shape of its args, and
// the line prints what is there.
// A template that prints what is there: strings and numbers as they are, anything missing as "?".
const line = (strings: TemplateStringsArray, ...values: unknown[]): string =>
  strings.reduce((text, part, i) => text + shown(values[i - 1]) + part);

const shown = (value: unknown): string =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : value === undefined || value === null
      ? "?"
      : JSON.stringify(value);

const describe = (r: RegisteredResource, nameOf: Names): string => {
  const on = (flag: unknown, text: string) => (flag === true ? [text] : []);
  const port = (rule: SecurityGroupRule) => line`${rule.ipProtocol}/${rule.fromPort}`;
  const peer = (rule: SecurityGroupRule) => rule.cidrIpv4 ?? nameOf(rule.referencedSecurityGroupId);
  const parts: (string | undefined)[] = (() => {
    switch (shortType(r.type)) {
      case "ec2.Vpc": {
        const i = r.inputs as Unwrap<aws.ec2.VpcArgs>;
        return [i.cidrBlock, ...on(i.enableDnsHostnames, "DNS hostnames")];
      }
      case "ec2.Subnet": {
        const i = r.inputs as Unwrap<aws.ec2.SubnetArgs>;
        return [i.cidrBlock, i.availabilityZone, i.mapPublicIpOnLaunch ? "public IPs on launch" : undefined];
      }
      case "ec2.Eip":
        return ["Elastic IP for a NAT gateway"];
      case "ec2.NatGateway": {
        const i = r.inputs as Unwrap<aws.ec2.NatGatewayArgs>;
        return [line`in ${nameOf(i.subnetId)}`];
      }
      case "ec2.RouteTable": {
        const i = r.inputs as Unwrap<aws.ec2.RouteTableArgs>;
        return (i.routes ?? []).map(
          (route) => line`${route.cidrBlock} -> ${nameOf(route.gatewayId ?? route.natGatewayId)}`,
        );
      }
      case "ec2.RouteTableAssociation": {
        const i = r.inputs as Unwrap<aws.ec2.RouteTableAssociationArgs>;
        return [line`${nameOf(i.subnetId)} -> ${nameOf(i.routeTableId)}`];
      }
      case "ec2.VpcEndpoint": {
        const i = r.inputs as Unwrap<aws.ec2.VpcEndpointArgs>;
        return [
          line`${i.vpcEndpointType} ${i.serviceName}`,
          line`on ${(i.routeTableIds ?? []).map(nameOf).join(", ")}`,
        ];
      }
      case "ec2.DefaultSecurityGroup":
        return ["the VPC's default group, emptied of rules"];
      case "ec2.SecurityGroup": {
        const i = r.inputs as Unwrap<aws.ec2.SecurityGroupArgs>;
        return [i.description];
      }
      case "vpc.SecurityGroupIngressRule": {
        const i = r.inputs as Unwrap<aws.vpc.SecurityGroupIngressRuleArgs>;
        return [line`${nameOf(i.securityGroupId)} <- ${peer(i)} ${port(i)}`];
      }
      case "vpc.SecurityGroupEgressRule": {
        const i = r.inputs as Unwrap<aws.vpc.SecurityGroupEgressRuleArgs>;
        return [line`${nameOf(i.securityGroupId)} -> ${peer(i)} ${port(i)}`];
      }
      case "ec2.FlowLog": {
        const i = r.inputs as Unwrap<aws.ec2.FlowLogArgs>;
        return [line`${i.trafficType} traffic -> ${nameOf(i.logDestination)}`];
      }
      case "lb.LoadBalancer": {
        const i = r.inputs as Unwrap<aws.lb.LoadBalancerArgs>;
        return [
          i.internal ? "internal" : "internet-facing",
          line`subnets ${(i.subnets ?? []).map(nameOf).join(", ")}`,
          ...on(i.dropInvalidHeaderFields, "drops invalid headers"),
          line`desync ${i.desyncMitigationMode}`,
          ...on(i.accessLogs?.enabled, "access logs"),
        ];
      }
      case "lb.TargetGroup": {
        const i = r.inputs as Unwrap<aws.lb.TargetGroupArgs>;
        const h = i.healthCheck;
        return [
          line`${i.targetType} targets :${i.port}`,
          line`health ${h?.path} every ${h?.interval}s (timeout ${h?.timeout}s, healthy ` +
            line`${h?.healthyThreshold}, unhealthy ${h?.unhealthyThreshold})`,
          line`drain ${i.deregistrationDelay}s`,
        ];
      }
      case "lb.Listener": {
        const i = r.inputs as Unwrap<aws.lb.ListenerArgs>;
        const [action] = i.defaultActions;
        const then =
          action?.type === "redirect"
            ? line`${action.redirect?.statusCode} -> ${action.redirect?.protocol}:${action.redirect?.port}`
            : line`default ${action?.fixedResponse?.statusCode ?? action?.type}`;
        return [line`${i.protocol}:${i.port}`, then, i.sslPolicy];
      }
      case "lb.ListenerRule": {
        const i = r.inputs as Unwrap<aws.lb.ListenerRuleArgs>;
        return [
          line`priority ${i.priority}`,
          line`${i.conditions.flatMap((c) => c.pathPattern?.values ?? []).join(" ")} -> ${nameOf(i.actions[0]?.targetGroupArn)}`,
        ];
      }
      case "ecs.Cluster": {
        const i = r.inputs as Unwrap<aws.ecs.ClusterArgs>;
        return (i.settings ?? []).map((s) => line`${s.name} ${s.value}`);
      }
      case "ecs.TaskDefinition": {
        const i = r.inputs as Unwrap<aws.ecs.TaskDefinitionArgs>;
        const [container] = JSON.parse(i.containerDefinitions) as ContainerJson[];
        return [
          line`${(i.requiresCompatibilities ?? []).join(",")} ${i.cpu} CPU / ${i.memory} MiB`,
          container?.image,
          line`secrets ${(container?.secrets ?? []).map((s) => s.name).join(", ")}`,
        ];
      }
      case "ecs.Service": {
        const i = r.inputs as Unwrap<aws.ecs.ServiceArgs>;
        return [
          line`${i.desiredCount} tasks`,
          line`${i.launchType} ${i.platformVersion}`,
          line`subnets ${(i.networkConfiguration?.subnets ?? []).map(nameOf).join(", ")}`,
          ...on(i.deploymentCircuitBreaker?.rollback, "rollback on failure"),
        ];
      }
      case "appautoscaling.Target": {
        const i = r.inputs as Unwrap<aws.appautoscaling.TargetArgs>;
        return [line`${i.minCapacity}..${i.maxCapacity} tasks`, i.resourceId];
      }
      case "appautoscaling.Policy": {
        const i = r.inputs as Unwrap<aws.appautoscaling.PolicyArgs>;
        const t = i.targetTrackingScalingPolicyConfiguration;
        const metric = t?.predefinedMetricSpecification?.predefinedMetricType;
        const unit = metric === "ALBRequestCountPerTarget" ? " requests a task a minute" : "%";
        return [
          line`${metric} at ${t?.targetValue}${unit}`,
          line`cooldown in ${t?.scaleInCooldown}s / out ${t?.scaleOutCooldown}s`,
        ];
      }
      case "appautoscaling.ScheduledAction": {
        const i = r.inputs as Unwrap<aws.appautoscaling.ScheduledActionArgs>;
        const range = i.scalableTargetAction;
        return [line`${i.schedule} ${i.timezone}`, line`${range.minCapacity}..${range.maxCapacity} tasks`];
      }
      case "cloudwatch.Dashboard": {
        const i = r.inputs as Unwrap<aws.cloudwatch.DashboardArgs>;
        const body = fromJson(i.dashboardBody) as { widgets?: { properties?: { title?: string } }[] };
        return [
          line`${(body.widgets ?? []).length} widgets: ${(body.widgets ?? []).map((w) => w.properties?.title).join(", ")}`,
        ];
      }
      case "sns.Topic": {
        const i = r.inputs as Unwrap<aws.sns.TopicArgs>;
        return [i.kmsMasterKeyId === undefined ? "NOT ENCRYPTED" : line`encrypted with ${nameOf(i.kmsMasterKeyId)}`];
      }
      case "sns.TopicPolicy": {
        const i = r.inputs as Unwrap<aws.sns.TopicPolicyArgs>;
        return ((fromJson(i.policy) as PolicyJson).Statement ?? []).map((s) => s.Sid);
      }
      case "sns.TopicSubscription": {
        const i = r.inputs as Unwrap<aws.sns.TopicSubscriptionArgs>;
        return [line`${i.protocol} ${i.endpoint}`];
      }
      case "kms.Key": {
        const i = r.inputs as Unwrap<aws.kms.KeyArgs>;
        return [...on(i.enableKeyRotation, "rotated yearly"), line`deleted ${i.deletionWindowInDays} d after destroy`];
      }
      case "rds.Instance": {
        const i = r.inputs as Unwrap<aws.rds.InstanceArgs>;
        return [
          line`${i.engine} ${i.engineVersion} ${i.instanceClass}`,
          line`${i.allocatedStorage} GiB ${i.storageType}${i.storageEncrypted ? " encrypted" : ""}`,
          line`backups ${i.backupRetentionPeriod} d`,
          line`multi-AZ ${i.multiAz ? "on" : "off"}`,
          i.publiclyAccessible ? "PUBLIC" : "private",
        ];
      }
      case "rds.ParameterGroup": {
        const i = r.inputs as Unwrap<aws.rds.ParameterGroupArgs>;
        return [i.family, ...(i.parameters ?? []).map((p) => line`${p.name}=${p.value}`)];
      }
      case "rds.SubnetGroup": {
        const i = r.inputs as Unwrap<aws.rds.SubnetGroupArgs>;
        return [i.subnetIds.map(nameOf).join(", ")];
      }
      case "dynamodb.Table": {
        const i = r.inputs as Unwrap<aws.dynamodb.TableArgs>;
        return [
          i.billingMode,
          line`key ${i.hashKey}`,
          line`TTL ${i.ttl?.attributeName}`,
          ...on(i.pointInTimeRecovery?.enabled, "point-in-time recovery"),
        ];
      }
      case "ecr.Repository": {
        const i = r.inputs as Unwrap<aws.ecr.RepositoryArgs>;
        return [
          ...on(i.imageScanningConfiguration?.scanOnPush, "scan on push"),
          (i.encryptionConfigurations ?? [])[0]?.encryptionType,
          ...on(i.forceDelete, "force delete"),
        ];
      }
      case "docker-build.Image": {
        const i = r.inputs as Unwrap<dockerBuild.ImageArgs>;
        return [
          line`built from ${i.context?.location} (${i.dockerfile?.location}${i.target === undefined ? "" : `, stage ${i.target}`})`,
          line`for ${(i.platforms ?? []).join(",")}`,
          line`pushed to ${(i.tags ?? []).join(", ")}`,
          line`cache ${(i.cacheTo ?? [])[0]?.registry?.ref}`,
          line`the task runs it by digest ${r.computed.digest}`,
        ];
      }
      case "ecr.LifecyclePolicy": {
        const i = r.inputs as Unwrap<aws.ecr.LifecyclePolicyArgs>;
        return ((fromJson(i.policy) as LifecyclePolicyJson).rules ?? []).map((rule) => rule.description);
      }
      case "cloudwatch.LogGroup": {
        const i = r.inputs as Unwrap<aws.cloudwatch.LogGroupArgs>;
        return [line`retention ${i.retentionInDays} d`];
      }
      case "cloudwatch.MetricAlarm": {
        const i = r.inputs as Unwrap<aws.cloudwatch.MetricAlarmArgs>;
        return [i.alarmDescription];
      }
      case "s3.Bucket": {
        const i = r.inputs as Unwrap<aws.s3.BucketArgs>;
        return [line`${i.bucketPrefix}*`, ...on(i.forceDestroy, "force destroy")];
      }
      case "s3.BucketPublicAccessBlock": {
        const i = r.inputs as Unwrap<aws.s3.BucketPublicAccessBlockArgs>;
        return [
          i.blockPublicAcls && i.blockPublicPolicy && i.ignorePublicAcls && i.restrictPublicBuckets
            ? "all public access blocked"
            : "PUBLIC ACCESS ALLOWED",
        ];
      }
      case "s3.BucketOwnershipControls": {
        const i = r.inputs as Unwrap<aws.s3.BucketOwnershipControlsArgs>;
        return [i.rule.objectOwnership];
      }
      case "s3.BucketServerSideEncryptionConfiguration": {
        const i = r.inputs as Unwrap<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
        return [line`encrypted ${i.rules[0]?.applyServerSideEncryptionByDefault?.sseAlgorithm}`];
      }
      case "s3.BucketLifecycleConfiguration": {
        const i = r.inputs as Unwrap<aws.s3.BucketLifecycleConfigurationArgs>;
        return (i.rules ?? []).map((rule) => line`expire after ${rule.expiration?.days} d`);
      }
      case "s3.BucketPolicy": {
        const i = r.inputs as Unwrap<aws.s3.BucketPolicyArgs>;
        return ((fromJson(i.policy) as PolicyJson).Statement ?? []).map((st) => st.Sid);
      }
      case "iam.Role": {
        const i = r.inputs as Unwrap<aws.iam.RoleArgs>;
        return [line`trusted by ${(fromJson(i.assumeRolePolicy) as PolicyJson).Statement?.[0]?.Principal?.Service}`];
      }
      case "iam.RolePolicy": {
        const i = r.inputs as Unwrap<aws.iam.RolePolicyArgs>;
        return ((fromJson(i.policy) as PolicyJson).Statement ?? []).map((s) => s.Sid);
      }
      default:
        return [];
    }
  })();
  return parts.filter((p) => p !== undefined && p !== "").join(", ");
};
