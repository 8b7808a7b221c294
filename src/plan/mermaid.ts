// The architecture as a Mermaid flowchart, computed from the resources the program registers, so the
// picture in README cannot drift from the code. Pure: src/plan/cli.ts prints or embeds what this returns.
import type { RegisteredResource, Simulation } from "./simulate";

// ---- the diagram ----

export const mermaidDiagram = (sim: Simulation): string => {
  const all = sim.resources;
  const ofType = (suffix: string) => all.filter((r) => r.type.endsWith(suffix));
  const byRef = (ref: unknown) => all.find((r) => r.id === ref || r.computed.arn === ref);
  const one = (suffix: string) => ofType(suffix)[0];

  const vpc = one(":Vpc");
  const alb = one(":LoadBalancer");
  const targetGroup = one(":TargetGroup");
  const service = one("ecs/service:Service");
  const scaling = one("appautoscaling/target:Target");
  const database = one("rds/instance:Instance");
  const table = one("dynamodb/table:Table");
  const repository = one("ecr/repository:Repository");
  const secretName = sim.calls.find((c) => c.token.endsWith("getSecret:getSecret"))?.inputs.name;
  const appLogs = ofType(":LogGroup").find((g) => text(g.inputs.name).startsWith("/ecs/"));

  const subnetsOf = (refs: unknown) => (Array.isArray(refs) ? refs : []).map(byRef).filter(isResource);
  const publicSubnets = subnetsOf(alb?.inputs.subnets);
  const privateSubnets = subnetsOf(
    (service?.inputs.networkConfiguration as { subnets?: unknown } | undefined)?.subnets,
  );
  const where = (subnet: RegisteredResource) =>
    `${text(subnet.inputs.availabilityZone)} ${text(subnet.inputs.cidrBlock)}`;
  // Each private subnet's default route, grouped by the NAT gateway it goes through.
  const natOf = (subnet: RegisteredResource) => {
    const association = ofType(":RouteTableAssociation").find((a) => a.inputs.subnetId === subnet.id);
    const routes = (byRef(association?.inputs.routeTableId)?.inputs.routes ?? []) as { natGatewayId?: string }[];
    return byRef(routes.find((r) => r.natGatewayId)?.natGatewayId);
  };
  const nats = ofType(":NatGateway");
  const zonesThrough = (nat: RegisteredResource) =>
    privateSubnets.filter((s) => natOf(s) === nat).map((s) => text(s.inputs.availabilityZone));
  const listeners = ofType(":Listener").map((l) => `${text(l.inputs.protocol)} :${text(l.inputs.port)}`);
  const paths = ofType(":ListenerRule").flatMap((r) =>
    (r.inputs.conditions as { pathPattern?: { values: string[] } }[]).flatMap((c) => c.pathPattern?.values ?? []),
  );
  const endpoints = ofType(":VpcEndpoint").map((e) => text(e.inputs.serviceName).split(".").pop());
  const taskDefinition = one("ecs/taskDefinition:TaskDefinition");

  const lines = [
    "flowchart LR",
    `  internet((Internet)) -->|"${listeners.join(", ")}"| ${id(alb)}`,
    `  subgraph vpc["VPC ${text(vpc?.inputs.cidrBlock)}"]`,
    `    subgraph public["public subnets"]`,
    `      ${id(alb)}["ALB ${text(alb?.name)}<br/>${publicSubnets.map(where).join("<br/>")}"]`,
    // Each NAT gateway says whose default route it carries: edge labels here would sit on subgraph titles.
    ...nats.map((nat) => {
      const subnet = byRef(nat.inputs.subnetId);
      return `      ${id(nat)}["NAT ${nat.name}<br/>${subnet ? where(subnet) : ""}<br/>egress of tasks in ${zonesThrough(nat).join(", ")}"]`;
    }),
    "    end",
    `    subgraph private["private subnets"]`,
    `      ${id(service)}["Fargate ${text(service?.name)}<br/>` +
      `${text(scaling?.inputs.minCapacity)}..${text(scaling?.inputs.maxCapacity)} tasks of ` +
      `${text(taskDefinition?.inputs.cpu)} CPU / ${text(taskDefinition?.inputs.memory)} MiB<br/>` +
      `${privateSubnets.map(where).join("<br/>")}"]`,
    `      ${id(database)}[("RDS ${text(database?.name)}<br/>${text(database?.inputs.engine)} ` +
      `${text(database?.inputs.engineVersion)} ${text(database?.inputs.instanceClass)}")]`,
    "    end",
    "  end",
    `  ${id(table)}[("DynamoDB ${text(table?.name)}")]`,
    `  ${id(repository)}["ECR ${text(repository?.name)}"]`,
    `  secret["Secrets Manager ${text(secretName)}"]`,
    `  ${id(appLogs)}["CloudWatch Logs ${text(appLogs?.name)}"]`,
    `  ${id(alb)} -->|"${paths.join(", ")}<br/>${text(targetGroup?.name)} :${text(targetGroup?.inputs.port)}"| ${id(service)}`,
    `  ${id(service)} -->|":${text(database?.inputs.port)}"| ${id(database)}`,
    ...nats.map((nat) => `  ${id(service)} --> ${id(nat)}`),
    `  ${id(service)} -->|"${endpoints.includes("dynamodb") ? "gateway endpoint" : "NAT"}"| ${id(table)}`,
    `  ${id(repository)} -.->|image| ${id(service)}`,
    `  secret -.->|"DB_USERNAME, DB_PASSWORD"| ${id(service)}`,
    `  ${id(service)} -.->|logs| ${id(appLogs)}`,
  ];
  return lines.join("\n");
};

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

// ---- helpers ----

const safe = (text: string): string => text.replace(/[^A-Za-z0-9]/g, "_");

const id = (r: RegisteredResource | undefined): string => (r ? safe(r.name.replace(/^\//, "")) : "missing");

const text = (value: unknown): string => (typeof value === "string" || typeof value === "number" ? String(value) : "?");

const isResource = (r: RegisteredResource | undefined): r is RegisteredResource => r !== undefined;
