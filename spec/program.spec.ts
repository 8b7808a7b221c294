// The whole program, run under Pulumi's mocks with the dev stack's config: the resource graph it
// registers and the outputs it exports, exactly as `pulumi up` would see them.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import { simulate } from "../src/plan/simulate";
import { providerArgs } from "../src/stack/provider";
import { configOf, devStackValues } from "./fixtures/config";
import { failure, ofType, only, parsed, runProgram, SINGLE_NAT, target, TYPES } from "./fixtures/program";

const program = suite("the dev stack");

program("builds 4 subnets in two zones and 2 NAT gateways in the public ones", async () => {
  const sim = await runProgram();
  const subnets = ofType(sim, TYPES.subnet);
  assert.equal(subnets.map((s) => [s.inputs.cidrBlock, s.inputs.availabilityZone]).sort(), [
    ["10.0.1.0/24", "us-east-2a"],
    ["10.0.2.0/24", "us-east-2b"],
    ["10.0.3.0/24", "us-east-2a"],
    ["10.0.4.0/24", "us-east-2b"],
  ]);
  const nats = ofType(sim, TYPES.natGateway);
  assert.is(nats.length, 2);
  for (const nat of nats) assert.ok(target(sim, nat.inputs.subnetId).name.startsWith("public-subnet-"), nat.name);
});

program("each private subnet's default route goes through the NAT gateway of its own zone", async () => {
  const sim = await runProgram();
  const privateSubnets = ofType(sim, TYPES.subnet).filter((s) => s.name.startsWith("private-"));
  assert.is(privateSubnets.length, 2);
  for (const subnet of privateSubnets) {
    const association = ofType(sim, TYPES.routeTableAssociation).find((a) => a.inputs.subnetId === subnet.id);
    assert.ok(association, `no route table for ${subnet.name}`);
    const table = target(sim, association.inputs.routeTableId);
    const route = (table.inputs.routes as { cidrBlock: string; natGatewayId?: string }[]).find(
      (r) => r.cidrBlock === "0.0.0.0/0",
    );
    const nat = target(sim, route?.natGatewayId);
    const natSubnet = target(sim, nat.inputs.subnetId);
    assert.is(natSubnet.inputs.availabilityZone, subnet.inputs.availabilityZone, subnet.name);
  }
});

program("public subnets route 0.0.0.0/0 to the internet gateway", async () => {
  const sim = await runProgram();
  for (const subnet of ofType(sim, TYPES.subnet).filter((s) => s.name.startsWith("public-"))) {
    const association = ofType(sim, TYPES.routeTableAssociation).find((a) => a.inputs.subnetId === subnet.id);
    const table = target(sim, association?.inputs.routeTableId);
    const route = (table.inputs.routes as { cidrBlock: string; gatewayId?: string }[]).find(
      (r) => r.cidrBlock === "0.0.0.0/0",
    );
    assert.is(target(sim, route?.gatewayId).type, "aws:ec2/internetGateway:InternetGateway");
  }
});

program("every AWS resource goes through the stack's provider: us-east-2 with default tags", async () => {
  const sim = await runProgram();
  const [provider, ...others] = ofType(sim, TYPES.provider);
  assert.ok(provider);
  assert.is(others.length, 0);
  assert.is(provider.inputs.region, "us-east-2");
  // Provider inputs reach the engine JSON-encoded.
  assert.equal(parsed<{ tags: Record<string, string> }>(provider.inputs.defaultTags).tags, {
    Project: "webapp",
    Environment: "dev",
    ManagedBy: "pulumi",
  });
  for (const r of sim.resources.filter((r) => r.type.startsWith("aws:"))) {
    assert.ok(r.provider?.includes("pulumi:providers:aws::aws-dev"), `${r.name} uses ${String(r.provider)}`);
  }
});

program("exports the VPC and the subnets of each tier in zone order", async () => {
  const { outputs } = await runProgram();
  assert.is(outputs.vpcId, "vpc-dev-id");
  assert.equal(outputs.publicSubnetIds, ["public-subnet-us-east-2a-dev-id", "public-subnet-us-east-2b-dev-id"]);
  assert.equal(outputs.privateSubnetIds, ["private-subnet-us-east-2a-dev-id", "private-subnet-us-east-2b-dev-id"]);
});

program("natGateways: single builds one NAT gateway that both private route tables use", async () => {
  const sim = await runProgram(SINGLE_NAT);
  const nats = ofType(sim, TYPES.natGateway);
  assert.equal(
    nats.map((n) => n.name),
    ["nat-us-east-2a-dev"],
  );
  const natIds = ofType(sim, TYPES.routeTable)
    .filter((t) => t.name.startsWith("private-"))
    .map((t) => (t.inputs.routes as { natGatewayId: string }[])[0]?.natGatewayId);
  assert.equal(natIds, ["nat-us-east-2a-dev-id", "nat-us-east-2a-dev-id"]);
});

program("every run decodes its own stack's config: main.ts does its work when called, not when loaded", async () => {
  // The offline run loads main.ts once per process and calls it once per run (as Pulumi calls it once).
  const other = await runProgram({ "webapp:environmentSuffix": "dev2" });
  const dev = await runProgram();
  assert.ok(only(other, TYPES.vpc).name.endsWith("-dev2"));
  assert.ok(only(dev, TYPES.vpc).name.endsWith("-dev"));
});

program("a bad config stops the run with every problem listed and nothing registered", async () => {
  const failed = await failure(
    runProgram({ "webapp:scaling": { minTasks: 5, maxTasks: 3 }, "webapp:network": { cidr: "10.0.0.0/8" } }),
  );
  assert.is((failed.reason as Error).constructor.name, "RunError");
  assert.equal(failed.message.split("\n"), [
    "invalid configuration:",
    'webapp:network.cidr: expected an IPv4 CIDR block from /16 to /28 with no host bits set, like 10.0.0.0/16, got "10.0.0.0/8"',
    "webapp:scaling.minTasks: expected at most scaling.maxTasks (3), got 5",
  ]);
  assert.equal(failed.registered, []);
});

program.run();

const provider = suite("providerArgs");

provider("the stack's region, and the project, environment and tool as default tags on everything", () => {
  assert.equal(providerArgs(configOf({ "webapp:environmentSuffix": "pr-9" })), {
    region: "us-east-2",
    defaultTags: { tags: { Project: "webapp", Environment: "pr-9", ManagedBy: "pulumi" } },
  });
});

provider.run();

const offline = suite("simulate");

offline(
  "refuses two resources of one type under one logical name (one URN), as Pulumi's engine does, naming the type and the name",
  async () => {
    const failed = await failure(
      simulate({ stack: "dev", config: devStackValues(), program: require.resolve("./fixtures/duplicate-urn") }),
    );
    assert.is(
      failed.message,
      "Duplicate resource URN 'urn:pulumi:dev::webapp::aws:s3/bucket:Bucket::logs': two resources of type " +
        'aws:s3/bucket:Bucket are both named "logs"; Pulumi\'s engine refuses the second. Give each a unique logical name.',
    );
    assert.equal(
      failed.registered.filter((r) => r.type === "aws:s3/bucket:Bucket").map((r) => r.inputs.forceDestroy),
      [true],
      "the first bucket is registered, the second is not",
    );
  },
);

offline("with a certificate, every resource still has its own URN: both listeners, both internet rules", async () => {
  const sim = await runProgram({
    "webapp:tls": { certificateArn: "arn:aws:acm:us-east-2:123456789012:certificate/abc" },
  });
  assert.equal(
    ofType(sim, TYPES.listener)
      .map((l) => [l.name, l.inputs.port, l.inputs.protocol])
      .sort(),
    [
      ["listener-443-dev", 443, "HTTPS"],
      ["listener-80-dev", 80, "HTTP"],
    ],
  );
  assert.equal(
    sim.resources
      .filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .map((r) => r.name)
      .filter((name) => name.startsWith("alb-in-"))
      .sort(),
    ["alb-in-443-dev", "alb-in-80-dev"],
  );
});

offline.run();
