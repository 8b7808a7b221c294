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
  const database = one("rds/instance:Instance");
  const table = one("dynamodb/table:Table");
  const repository = one("ecr/repository:Repository");
  const secretName = sim.calls.find((c) => c.token.endsWith("getSecret:getSecret"))?.inputs.name;
  const appLogs = ofType(":LogGroup").find((g) => String(g.inputs.name).startsWith("/ecs/"));

  const publicSubnets = ((alb?.inputs.subnets ?? []) as string[]).map(byRef).filter(isResource);
  const privateSubnets = (
    ((service?.inputs.networkConfiguration as { subnets?: string[] } | undefined)?.subnets ?? []) as string[]
  )
    .map(byRef)
    .filter(isResource);
  const zones = [...new Set([...publicSubnets, ...privateSubnets].map((s) => String(s.inputs.availabilityZone)))];
  const natIn = (subnet: RegisteredResource) => ofType(":NatGateway").find((n) => n.inputs.subnetId === subnet.id);
  const natFor = (subnet: RegisteredResource) => {
    const association = ofType(":RouteTableAssociation").find((a) => a.inputs.subnetId === subnet.id);
    const routes = (byRef(association?.inputs.routeTableId)?.inputs.routes ?? []) as { natGatewayId?: string }[];
    return byRef(routes.find((r) => r.natGatewayId)?.natGatewayId);
  };
  const listeners = ofType(":Listener").map((l) => `${l.inputs.protocol} :${l.inputs.port}`);
  const paths = ofType(":ListenerRule").flatMap((r) =>
    (r.inputs.conditions as { pathPattern?: { values: string[] } }[]).flatMap((c) => c.pathPattern?.values ?? []),
  );
  const endpoints = ofType(":VpcEndpoint").map((e) => String(e.inputs.serviceName).split(".").pop());

  const lines = [
    "flowchart LR",
    `  internet((Internet)) -->|"${listeners.join(", ")}"| ${id(alb)}`,
    `  subgraph vpc["VPC ${vpc?.inputs.cidrBlock}"]`,
    `    ${id(alb)}["ALB ${alb?.name}"] -->|"${paths.join(", ")}"| ${id(targetGroup)}["target group ${targetGroup?.name}<br/>ip :${targetGroup?.inputs.port}"]`,
    ...zones.flatMap((zone) => {
      const pub = publicSubnets.find((s) => s.inputs.availabilityZone === zone);
      const priv = privateSubnets.find((s) => s.inputs.availabilityZone === zone);
      const nat = pub ? natIn(pub) : undefined;
      return [
        `    subgraph ${safe(zone)}["${zone}"]`,
        ...(pub ? [`      ${id(pub)}["public ${pub.inputs.cidrBlock}${nat ? `<br/>NAT ${nat.name}` : ""}"]`] : []),
        ...(priv ? [`      ${id(priv)}["private ${priv.inputs.cidrBlock}<br/>Fargate tasks"]`] : []),
        "    end",
      ];
    }),
    `    ${id(database)}[("RDS ${database?.name}<br/>${database?.inputs.engine} ${database?.inputs.engineVersion} ${database?.inputs.instanceClass}")]`,
    "  end",
    `  ${id(table)}[("DynamoDB ${table?.name}")]`,
    `  ${id(repository)}["ECR ${repository?.name}"]`,
    `  secret["Secrets Manager ${String(secretName)}"]`,
    `  ${id(appLogs)}["CloudWatch Logs ${appLogs?.name}"]`,
    ...privateSubnets.flatMap((subnet) => {
      const nat = natFor(subnet);
      const natSubnet = byRef(nat?.inputs.subnetId);
      return [
        `  ${id(targetGroup)} --> ${id(subnet)}`,
        `  ${id(subnet)} -->|":${database?.inputs.port}"| ${id(database)}`,
        `  ${id(subnet)} -->|"${endpoints.includes("dynamodb") ? "gateway endpoint" : "NAT"}"| ${id(table)}`,
        ...(natSubnet ? [`  ${id(subnet)} -->|"0.0.0.0/0"| ${id(natSubnet)}`] : []),
        `  ${id(repository)} -.->|image| ${id(subnet)}`,
        `  secret -.->|"DB_USERNAME, DB_PASSWORD"| ${id(subnet)}`,
        `  ${id(subnet)} -.->|logs| ${id(appLogs)}`,
      ];
    }),
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

const isResource = (r: RegisteredResource | undefined): r is RegisteredResource => r !== undefined;
