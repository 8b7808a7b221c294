// The architecture as a Mermaid flowchart, computed from the resources the program registers, so the
// picture in README cannot drift from the code. Pure: src/plan/cli.ts prints or embeds what this returns.
//
// Layout, left to right: the internet; the VPC, its public tier (the load balancer, and a box per zone
// with that zone's NAT gateway) before its private tier (the service, the proxy, the database, the gateway
// endpoints); then the regional AWS services the stack uses, outside the VPC. Each node has a column, and
// each edge is written as long as its ends are apart, so the services line up in one column right of the
// VPC whatever the config adds (the proxy adds a column). Mermaid's layout (dagre) ranks a node after
// every node with an edge into it, so an edge that points back towards the internet (the tasks' egress
// through a NAT gateway, auto scaling setting the service's task count) is written from its head to its
// tail with arrowheads at both ends, and `linkStyle` hides the one at the tail: the picture reads as a
// one-way arrow, the layout keeps the tiers in their columns, and a renderer that ignores linkStyle draws
// a two-way arrow (degraded, not wrong). Labels are short lines joined by <br/>:
// Mermaid wraps a line wider than about 200 pixels wherever it likes, mid-word included, so no line is
// longer than LABEL_LINE_MAX characters. Checked by rendering the dev stack and its variants (proxy,
// notifications, one NAT gateway, TLS, three zones) with Mermaid 11 in a headless browser and measuring:
// no edge through a node, no label over a node, no label line wrapped.
import { CPU_UNITS_PER_VCPU, MIB_PER_GIB } from "../contract/limits";
import type { RegisteredResource, Simulation } from "./simulate";

// ---- the diagram ----

// The longest line of a label, in characters: about 180 pixels in Mermaid's default 16 px font.
export const LABEL_LINE_MAX = 22;

export const mermaidDiagram = (sim: Simulation): string => {
  const all = sim.resources;
  const ofType = (type: string) => all.filter((r) => r.type === type);
  const one = (type: string) => ofType(type)[0];
  const byRef = (ref: unknown) => all.find((r) => r.id === ref || r.computed.arn === ref);

  const vpc = one("aws:ec2/vpc:Vpc");
  const alb = one("aws:lb/loadBalancer:LoadBalancer");
  const targetGroup = one("aws:lb/targetGroup:TargetGroup");
  const service = one("aws:ecs/service:Service");
  const taskDefinition = one("aws:ecs/taskDefinition:TaskDefinition");
  const scaling = one("aws:appautoscaling/target:Target");
  const policies = ofType("aws:appautoscaling/policy:Policy");
  const schedules = ofType("aws:appautoscaling/scheduledAction:ScheduledAction");
  const proxy = one("aws:rds/proxy:Proxy");
  const database = one("aws:rds/instance:Instance");
  const table = one("aws:dynamodb/table:Table");
  const repository = one("aws:ecr/repository:Repository");
  const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
  const topic = one("aws:sns/topic:Topic");
  const subscriptions = ofType("aws:sns/topicSubscription:TopicSubscription");
  const secretName = sim.calls.find((c) => c.token === "aws:secretsmanager/getSecret:getSecret")?.inputs.name;
  const containers = parsedList(taskDefinition?.inputs.containerDefinitions) as Container[];
  const logGroupName = containers[0]?.logConfiguration?.options?.["awslogs-group"];
  const appLogs = ofType("aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.name === logGroupName);
  const accessLogs = alb?.inputs.accessLogs as { bucket?: unknown; enabled?: boolean } | undefined;
  const bucket = accessLogs?.enabled
    ? ofType("aws:s3/bucket:Bucket").find((b) => b.computed.bucket === accessLogs.bucket)
    : undefined;
  const bucketRules = ofType("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").find(
    (l) => l.inputs.bucket === bucket?.id,
  )?.inputs.rules as { expiration?: { days?: number } }[] | undefined;
  const bucketDays = bucketRules?.find((rule) => rule.expiration?.days)?.expiration?.days;

  // The subnets, by tier and zone, and the NAT gateway each private subnet's default route goes through.
  const subnetsOf = (refs: unknown) => (Array.isArray(refs) ? refs : []).map(byRef).filter(isResource);
  const zoneOf = (r: RegisteredResource | undefined) => text(r?.inputs.availabilityZone);
  const where = (subnet: RegisteredResource) => `${zoneOf(subnet)} ${text(subnet.inputs.cidrBlock)}`;
  const publicSubnets = subnetsOf(alb?.inputs.subnets);
  const network = service?.inputs.networkConfiguration as { subnets?: unknown } | undefined;
  const privateSubnets = subnetsOf(network?.subnets);
  const natOf = (subnet: RegisteredResource) => {
    const association = ofType("aws:ec2/routeTableAssociation:RouteTableAssociation").find(
      (a) => a.inputs.subnetId === subnet.id,
    );
    const routes = (byRef(association?.inputs.routeTableId)?.inputs.routes ?? []) as { natGatewayId?: string }[];
    return byRef(routes.find((r) => r.natGatewayId)?.natGatewayId);
  };
  const nats = ofType("aws:ec2/natGateway:NatGateway");
  const natZone = (nat: RegisteredResource) => zoneOf(byRef(nat.inputs.subnetId));
  const zonesThrough = (nat: RegisteredResource) => privateSubnets.filter((s) => natOf(s) === nat).map(zoneOf);
  const endpoints = ofType("aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.inputs.vpcEndpointType === "Gateway");
  const endpointServices = endpoints.map((e) => endpointService(text(e.inputs.serviceName)));

  const listeners = ofType("aws:lb/listener:Listener").map((l) => {
    const actions = (l.inputs.defaultActions ?? []) as { type?: string; redirect?: { port?: string } }[];
    const redirect = actions.find((a) => a.type === "redirect")?.redirect;
    return `${text(l.inputs.protocol)} :${text(l.inputs.port)}${redirect ? ` to :${text(redirect.port)}` : ""}`;
  });
  const paths = ofType("aws:lb/listenerRule:ListenerRule").flatMap((r) =>
    (r.inputs.conditions as { pathPattern?: { values: string[] } }[]).flatMap((c) => c.pathPattern?.values ?? []),
  );
  const secretNames = containers.flatMap((c) => (c.secrets ?? []).map((s) => s.name));
  const notifying =
    topic !== undefined && alarms.some((a) => asList(a.inputs.alarmActions).includes(topic.computed.arn));
  const dbPort = `:${text(database?.inputs.port)}`;

  // ---- nodes, by column (see the header) ----
  // Columns 0 to 2: the internet, the public tier, the service; then the proxy if any, the database's
  // column (the gateway endpoints' too), and last the services outside the VPC and the alarms' topic.
  const dataColumn = proxy ? 4 : 3;
  const servicesColumn = dataColumn + 1;
  const n = {
    internet: box("internet", 0, ["Internet"], "circle"),
    alb: box(alb, 1, [`ALB ${text(alb?.name)}`, ...publicSubnets.map(where)]),
    service: box(service, 2, [
      `Fargate ${text(service?.name)}`,
      `tasks: ${vcpu(taskDefinition?.inputs.cpu)} vCPU, ${gib(taskDefinition?.inputs.memory)} GiB`,
      ...privateSubnets.map(where),
    ]),
    proxy: proxy && box(proxy, 3, ["RDS Proxy", proxy.name, proxy.inputs.requireTls ? "TLS required" : "TLS optional"]),
    database: box(
      database,
      dataColumn,
      [
        `RDS ${text(database?.name)}`,
        `${text(database?.inputs.engine)} ${text(database?.inputs.engineVersion)}`,
        `${text(database?.inputs.instanceClass)}, ${text(database?.inputs.allocatedStorage)} GiB`,
        database?.inputs.multiAz ? "Multi-AZ" : "single-AZ",
      ],
      "cylinder",
    ),
    endpoints:
      endpoints.length > 0
        ? box("gateway_endpoints", 3, ["Gateway endpoints", endpointServices.join(", ")])
        : undefined,
    secret: box("secret", servicesColumn, ["Secrets Manager", text(secretName)]),
    table: box(table, servicesColumn, ["DynamoDB", text(table?.name)], "cylinder"),
    repository: box(repository, servicesColumn, ["ECR", text(repository?.name)]),
    logs: box(appLogs, servicesColumn, ["CloudWatch Logs", text(appLogs?.name)]),
    scaling:
      scaling &&
      box(scaling, servicesColumn, [
        "Auto scaling",
        `${text(scaling.inputs.minCapacity)}..${text(scaling.inputs.maxCapacity)} tasks`,
        ...(policies.some((p) => p.inputs.policyType === "TargetTrackingScaling") ? ["target tracking:"] : []),
        ...policies.map(policyLine),
        ...(schedules.length > 0 ? [count(schedules.length, "schedule")] : []),
      ]),
    alarms:
      alarms.length > 0
        ? box("alarms", servicesColumn, [
            "CloudWatch alarms",
            count(alarms.length, "alarm"),
            ...(notifying ? [] : ["no notifications"]),
          ])
        : undefined,
    topic:
      topic &&
      box(topic, servicesColumn + 1, [
        `SNS ${topic.name}`,
        `email to ${count(subscriptions.length, "address", "addresses")}`,
      ]),
    bucket:
      bucket &&
      box(bucket, servicesColumn, [
        "S3 access logs",
        bucket.name,
        ...(bucketDays ? [`kept ${count(bucketDays, "day")}`] : []),
      ]),
  };

  // Each NAT gateway with its box and the zones whose tasks go out through it.
  const egress = nats.map((nat) => ({
    zone: natZone(nat),
    node: box(nat, 1, ["NAT gateway", nat.name]),
    of: zonesThrough(nat),
  }));

  // ---- edges ----
  const edges: Edge[] = [
    edge(n.internet, n.alb, listeners),
    edge(n.alb, n.service, [paths.join(", "), `${text(targetGroup?.name)} :${text(targetGroup?.inputs.port)}`]),
    ...(n.proxy
      ? [edge(n.service, n.proxy, [dbPort]), edge(n.proxy, n.database, [dbPort])]
      : [edge(n.service, n.database, [dbPort])]),
    // Last zone first, here and in the zones' boxes: so written, the layout stacks the first zone on top.
    ...[...egress].reverse().map((nat) => edge(n.service, nat.node, ["egress of tasks in", nat.of.join(", ")])),
    ...(n.endpoints && endpointServices.includes("DynamoDB")
      ? [edge(n.service, n.endpoints, []), edge(n.endpoints, n.table, ["sessions"])]
      : [edge(n.service, n.table, ["sessions", "via NAT"])]),
    edge(n.service, n.repository, ["image"], "dotted"),
    edge(n.service, n.secret, [secretNames.join(", ")], "dotted"),
    ...(n.proxy ? [edge(n.proxy, n.secret, ["credentials"], "dotted")] : []),
    edge(n.service, n.logs, ["logs"], "dotted"),
    ...(n.bucket ? [edge(n.alb, n.bucket, ["access logs"], "dotted")] : []),
    ...(n.scaling ? [edge(n.scaling, n.service, ["task count"], "dotted")] : []),
    ...(n.alarms && n.topic && notifying ? [edge(n.alarms, n.topic, ["notify"])] : []),
    // The alarms watch the whole stack; this keeps their box in the services' column.
    ...(n.alarms ? [edge(n.service, n.alarms, [], "invisible")] : []),
  ];

  const lines = [
    "flowchart LR",
    nodeLine(n.internet, 1),
    `  subgraph vpc["VPC ${text(vpc?.inputs.cidrBlock)}"]`,
    `    subgraph public["Public subnets"]`,
    nodeLine(n.alb, 3),
    // A box per zone that has a NAT gateway, the gateway in it (it sits in that zone's public subnet).
    ...unique(egress.map((nat) => nat.zone))
      .reverse()
      .flatMap((zone) => [
        `      subgraph public_${safe(zone)}["${zone}"]`,
        ...egress.filter((nat) => nat.zone === zone).map((nat) => nodeLine(nat.node, 4)),
        "      end",
      ]),
    "    end",
    `    subgraph private["Private subnets"]`,
    ...[n.service, n.proxy, n.database, n.endpoints].filter(isNode).map((x) => nodeLine(x, 3)),
    "    end",
    "  end",
    `  subgraph aws["Regional AWS services"]`,
    // In the order of what they connect to, top to bottom: Mermaid's layout starts from the order written.
    ...[n.secret, n.table, n.repository, n.logs, n.scaling, n.alarms, n.topic, n.bucket]
      .filter(isNode)
      .map((x) => nodeLine(x, 2)),
    "  end",
    ...edges.map(edgeLine),
    ...linkStyles(edges),
  ];
  return lines.join("\n");
};

// ---- nodes and edges ----

type Shape = "box" | "cylinder" | "circle";

interface Node {
  readonly id: string;
  readonly rank: number; // the column, left to right
  readonly lines: readonly string[];
  readonly shape: Shape;
}

// A node for a resource (its id made of the resource's name) or for something the stack does not create.
const box = (
  of: RegisteredResource | string | undefined,
  rank: number,
  lines: readonly string[],
  shape: Shape = "box",
): Node => ({ id: typeof of === "string" ? of : id(of), rank, lines, shape });

const isNode = (x: Node | undefined): x is Node => x !== undefined;

const SHAPES: Readonly<Record<Shape, readonly [string, string]>> = {
  box: ["[", "]"],
  cylinder: ["[(", ")]"],
  circle: ["((", "))"],
};

const nodeLine = (x: Node, depth: number): string => {
  const [open, close] = SHAPES[x.shape];
  return `${"  ".repeat(depth)}${x.id}${open}"${label(...x.lines)}"${close}`;
};

type Stroke = "solid" | "dotted" | "invisible";

interface Edge {
  readonly from: Node;
  readonly to: Node;
  readonly label: string;
  readonly stroke: Stroke;
}

const edge = (from: Node, to: Node, lines: readonly string[], stroke: Stroke = "solid"): Edge => ({
  from,
  to,
  label: label(...lines.filter((line) => line !== "")),
  stroke,
});

// An edge spans as many columns as its ends are apart (Mermaid: one more dash or dot per column); one that
// points back to an earlier column is written from its head, with two arrowheads (see the header).
const isBack = (e: Edge): boolean => e.to.rank < e.from.rank;

const edgeLine = (e: Edge): string => {
  const [tail, head] = isBack(e) ? [e.to, e.from] : [e.from, e.to];
  const span = Math.max(1, head.rank - tail.rank);
  const arrow = {
    solid: `${"-".repeat(span + 1)}>`,
    dotted: `-${".".repeat(span)}->`,
    invisible: "~".repeat(span + 2),
  }[e.stroke];
  const text = e.label !== "" && e.stroke !== "invisible" ? `|"${e.label}"|` : "";
  return `  ${tail.id} ${isBack(e) && e.stroke !== "invisible" ? "<" : ""}${arrow}${text} ${head.id}`;
};

const linkStyles = (edges: readonly Edge[]): string[] => {
  const back = edges.flatMap((e, i) => (isBack(e) && e.stroke !== "invisible" ? [i] : []));
  return back.length > 0 ? [`  linkStyle ${back.join(",")} marker-end:none`] : [];
};

// ---- labels ----

// Lines joined by <br/>, each at most LABEL_LINE_MAX characters: a longer one is broken at its spaces,
// and a longer word after a hyphen, slash or dot (names are made of those), never inside a word. A double
// quote, which would end Mermaid's quoted label, is written as its entity.
export const label = (...lines: string[]): string =>
  lines
    .flatMap((line) => wrap(line))
    .join("<br/>")
    .replace(/"/g, "#quot;");

const wrap = (line: string): string[] => {
  const pieces = line.split(" ").flatMap((word) => (word.length > LABEL_LINE_MAX ? word.split(/(?<=[-/.])/) : [word]));
  const out: string[] = [];
  let current = "";
  for (const piece of pieces) {
    const joiner = current === "" || /[-/.]$/.test(current) ? "" : " ";
    if (current !== "" && (current + joiner + piece).length > LABEL_LINE_MAX) {
      out.push(current);
      current = piece;
    } else current = current + joiner + piece;
  }
  return [...out, current];
};

// ---- helpers ----

interface Container {
  readonly secrets?: readonly { readonly name: string }[];
  readonly logConfiguration?: { readonly options?: Readonly<Record<string, string>> };
}

const parsedList = (json: unknown): unknown[] => {
  if (typeof json !== "string") return [];
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value : [];
};

const POLICY_METRICS: Readonly<Record<string, string>> = {
  ECSServiceAverageCPUUtilization: "CPU at {} %",
  ECSServiceAverageMemoryUtilization: "memory at {} %",
  ALBRequestCountPerTarget: "{} requests/min/task",
};

const policyLine = (policy: RegisteredResource): string => {
  const tracking = policy.inputs.targetTrackingScalingPolicyConfiguration as
    { targetValue?: number; predefinedMetricSpecification?: { predefinedMetricType?: string } } | undefined;
  const metric = text(tracking?.predefinedMetricSpecification?.predefinedMetricType);
  return (POLICY_METRICS[metric] ?? `${metric} {}`).replace("{}", text(tracking?.targetValue));
};

const ENDPOINT_SERVICES: Readonly<Record<string, string>> = { dynamodb: "DynamoDB", s3: "S3" };
const endpointService = (serviceName: string): string => {
  const last = serviceName.split(".").pop() ?? serviceName;
  return ENDPOINT_SERVICES[last] ?? last;
};

const vcpu = (units: unknown): string =>
  Number.isFinite(Number(units)) ? String(Number(units) / CPU_UNITS_PER_VCPU) : "?";
const gib = (mib: unknown): string => (Number.isFinite(Number(mib)) ? String(Number(mib) / MIB_PER_GIB) : "?");

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

const safe = (text: string): string => text.replace(/[^A-Za-z0-9]/g, "_");

const id = (r: RegisteredResource | undefined): string => (r ? safe(r.name.replace(/^\//, "")) : "missing");

const text = (value: unknown): string => (typeof value === "string" || typeof value === "number" ? String(value) : "?");

const isResource = (r: RegisteredResource | undefined): r is RegisteredResource => r !== undefined;

// ---- README embedding ----

const BEGIN = "<!-- architecture-diagram:begin (generated: npm run plan -- --format mermaid --update-readme) -->";
const END = "<!-- architecture-diagram:end -->";

export const diagramInReadme = (readme: string): string | undefined => {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return readme
    .slice(start + BEGIN.length, end)
    .trim()
    .replace(/^```mermaid\n/, "")
    .replace(/\n```$/, "");
};

export const readmeWithDiagram = (readme: string, diagram: string): string => {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README has no ${BEGIN} ... ${END} markers`);
  return `${readme.slice(0, start + BEGIN.length)}\n\`\`\`mermaid\n${diagram}\n\`\`\`\n${readme.slice(end)}`;
};
