// The network builders, called with plain strings where the program passes resource references.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as network from "../src/stack/network";
import { configOf, devConfig } from "./fixtures/config";

const dev = devConfig();
const single = configOf({ "webapp:network": { natGateways: "single" } });

const vpcArgs = suite("vpcArgs");

vpcArgs("spans the configured block with DNS support and hostnames on", () => {
  assert.equal(network.vpcArgs(dev), {
    cidrBlock: "10.0.0.0/16",
    enableDnsSupport: true,
    enableDnsHostnames: true,
    tags: { Name: "vpc-dev" },
  });
});

vpcArgs.run();

const gateway = suite("internetGatewayArgs");

gateway("is attached to the VPC (a detached gateway routes nothing) and carries its Name tag", () => {
  assert.equal(network.internetGatewayArgs(dev, "vpc-1"), { vpcId: "vpc-1", tags: { Name: "igw-dev" } });
});

gateway.run();

const subnets = suite("publicSubnets and privateSubnets");

subnets("put one public and one private subnet in each zone, in zone order", () => {
  assert.equal(
    network.publicSubnets(dev, "vpc-1").map((s) => [s.name, s.args.availabilityZone, s.args.cidrBlock]),
    [
      ["public-subnet-us-east-2a-dev", "us-east-2a", "10.0.1.0/24"],
      ["public-subnet-us-east-2b-dev", "us-east-2b", "10.0.2.0/24"],
    ],
  );
  assert.equal(
    network.privateSubnets(dev, "vpc-1").map((s) => [s.name, s.args.availabilityZone, s.args.cidrBlock]),
    [
      ["private-subnet-us-east-2a-dev", "us-east-2a", "10.0.3.0/24"],
      ["private-subnet-us-east-2b-dev", "us-east-2b", "10.0.4.0/24"],
    ],
  );
});

subnets("each subnet is in the VPC, in its zone, with its block and its Name tag", () => {
  assert.equal(network.publicSubnets(dev, "vpc-1")[0], {
    name: "public-subnet-us-east-2a-dev",
    args: {
      vpcId: "vpc-1",
      cidrBlock: "10.0.1.0/24",
      availabilityZone: "us-east-2a",
      mapPublicIpOnLaunch: false,
      tags: { Name: "public-subnet-us-east-2a-dev" },
    },
  });
  assert.equal(network.privateSubnets(dev, "vpc-1")[1], {
    name: "private-subnet-us-east-2b-dev",
    args: {
      vpcId: "vpc-1",
      cidrBlock: "10.0.4.0/24",
      availabilityZone: "us-east-2b",
      mapPublicIpOnLaunch: false,
      tags: { Name: "private-subnet-us-east-2b-dev" },
    },
  });
});

subnets("never hand out public IPs on launch, in either tier", () => {
  for (const s of [...network.publicSubnets(dev, "vpc-1"), ...network.privateSubnets(dev, "vpc-1")]) {
    assert.is(s.args.mapPublicIpOnLaunch, false, s.name);
    assert.is(s.args.vpcId, "vpc-1");
  }
});

subnets.run();

const nat = suite("natGateways");

const refs = { publicSubnetIds: ["pub-a", "pub-b"], allocationIds: ["eip-a", "eip-b"] };

nat("perAz: one NAT gateway per zone, each in its own zone's public subnet with its own address", () => {
  assert.equal(
    network.natGateways(dev, refs).map((g) => [g.name, g.args.subnetId, g.args.allocationId]),
    [
      ["nat-us-east-2a-dev", "pub-a", "eip-a"],
      ["nat-us-east-2b-dev", "pub-b", "eip-b"],
    ],
  );
  assert.is(network.natAddresses(dev).length, 2);
});

nat("each NAT gateway is public (it needs the Elastic IP and the internet gateway) and carries its Name tag", () => {
  assert.equal(network.natGateways(dev, refs)[1], {
    name: "nat-us-east-2b-dev",
    args: {
      subnetId: "pub-b",
      allocationId: "eip-b",
      connectivityType: "public",
      tags: { Name: "nat-us-east-2b-dev" },
    },
  });
});

nat("perAz: one VPC Elastic IP per zone, named after its zone", () => {
  assert.equal(network.natAddresses(dev), [
    { name: "nat-eip-us-east-2a-dev", args: { domain: "vpc", tags: { Name: "nat-eip-us-east-2a-dev" } } },
    { name: "nat-eip-us-east-2b-dev", args: { domain: "vpc", tags: { Name: "nat-eip-us-east-2b-dev" } } },
  ]);
});

nat("single: one NAT gateway, in the first zone", () => {
  assert.equal(
    network
      .natGateways(single, { publicSubnetIds: ["pub-a", "pub-b"], allocationIds: ["eip-a"] })
      .map((g) => [g.name, g.args.subnetId]),
    [["nat-us-east-2a-dev", "pub-a"]],
  );
  assert.equal(
    network.natAddresses(single).map((a) => a.args.domain),
    ["vpc"],
  );
});

nat.run();

const routes = suite("route tables");

routes("the public route table, in the VPC, sends 0.0.0.0/0 to the internet gateway", () => {
  assert.equal(network.publicRouteTableArgs(dev, { vpcId: "vpc-1", internetGatewayId: "igw-1" }), {
    vpcId: "vpc-1",
    routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }],
    tags: { Name: "public-rt-dev" },
  });
});

routes("private subnets route 0.0.0.0/0 through the NAT gateway in their own AZ", () => {
  const tables = network.privateRouteTables(dev, { vpcId: "vpc-1", natGatewayIds: ["nat-a", "nat-b"] });
  assert.equal(
    tables.map((t) => [t.name, t.args.routes]),
    [
      ["private-rt-us-east-2a-dev", [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-a" }]],
      ["private-rt-us-east-2b-dev", [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-b" }]],
    ],
  );
});

routes("each private route table is in the VPC and carries its zone's Name tag", () => {
  const [first] = network.privateRouteTables(dev, { vpcId: "vpc-1", natGatewayIds: ["nat-a", "nat-b"] });
  assert.equal(first?.args.vpcId, "vpc-1");
  assert.equal(first?.args.tags, { Name: "private-rt-us-east-2a-dev" });
});

routes("with a single NAT gateway, every private route table uses it", () => {
  const tables = network.privateRouteTables(single, { vpcId: "vpc-1", natGatewayIds: ["nat-a"] });
  assert.equal(
    tables.map((t) => (t.args.routes as { natGatewayId: string }[])[0]?.natGatewayId),
    ["nat-a", "nat-a"],
  );
});

routes("associates every public subnet with the public table and each private subnet with its zone's table", () => {
  assert.equal(
    network
      .publicRouteTableAssociations(dev, { subnetIds: ["pub-a", "pub-b"], routeTableId: "rt-pub" })
      .map((a) => [a.name, a.args]),
    [
      ["rta-public-us-east-2a-dev", { subnetId: "pub-a", routeTableId: "rt-pub" }],
      ["rta-public-us-east-2b-dev", { subnetId: "pub-b", routeTableId: "rt-pub" }],
    ],
  );
  assert.equal(
    network
      .privateRouteTableAssociations(dev, { subnetIds: ["priv-a", "priv-b"], routeTableIds: ["rt-a", "rt-b"] })
      .map((a) => [a.name, a.args]),
    [
      ["rta-private-us-east-2a-dev", { subnetId: "priv-a", routeTableId: "rt-a" }],
      ["rta-private-us-east-2b-dev", { subnetId: "priv-b", routeTableId: "rt-b" }],
    ],
  );
});

routes("a miswired zone-indexed list fails loudly instead of building half a network", () => {
  assert.throws(
    () => network.privateRouteTableAssociations(dev, { subnetIds: ["priv-a"], routeTableIds: ["rt-a", "rt-b"] }),
    (e: Error) => e.message === "no item 1 in a list of 1: zone-indexed inputs are miswired",
  );
  assert.throws(
    () => network.privateRouteTables(dev, { vpcId: "vpc-1", natGatewayIds: [] }),
    (e: Error) => e.message === "no item -1 in a list of 0: zone-indexed inputs are miswired",
  );
});

routes.run();

const defaultGroup = suite("defaultSecurityGroupArgs");

defaultGroup("takes over the VPC's default group with no rules at all (FSBP EC2.2)", () => {
  assert.equal(network.defaultSecurityGroupArgs(dev, "vpc-1"), { vpcId: "vpc-1", tags: { Name: "default-sg-dev" } });
});

defaultGroup.run();

const flowLog = suite("flowLogArgs");

flowLog("records every flow of the VPC into its CloudWatch log group, through the role, each minute", () => {
  assert.equal(network.flowLogArgs(dev, { vpcId: "vpc-1", logGroupArn: "arn:lg", roleArn: "arn:role" }), {
    vpcId: "vpc-1",
    trafficType: "ALL",
    logDestinationType: "cloud-watch-logs",
    logDestination: "arn:lg",
    iamRoleArn: "arn:role",
    maxAggregationInterval: 60,
    tags: { Name: "flow-log-dev" },
  });
});

flowLog.run();

const endpoints = suite("gatewayEndpoints");

endpoints("S3 and DynamoDB gateway endpoints of the stack's region, on every private route table", () => {
  assert.equal(network.gatewayEndpoints(dev, { vpcId: "vpc-1", privateRouteTableIds: ["rt-a", "rt-b"] }), [
    {
      name: "s3-endpoint-dev",
      args: {
        vpcId: "vpc-1",
        serviceName: "com.amazonaws.us-east-2.s3",
        vpcEndpointType: "Gateway",
        routeTableIds: ["rt-a", "rt-b"],
        tags: { Name: "s3-endpoint-dev" },
      },
    },
    {
      name: "dynamodb-endpoint-dev",
      args: {
        vpcId: "vpc-1",
        serviceName: "com.amazonaws.us-east-2.dynamodb",
        vpcEndpointType: "Gateway",
        routeTableIds: ["rt-a", "rt-b"],
        tags: { Name: "dynamodb-endpoint-dev" },
      },
    },
  ]);
});

endpoints("follow the stack's region", () => {
  const west = configOf({
    "aws:region": "us-west-2",
    "webapp:network": { availabilityZones: ["us-west-2a", "us-west-2b"] },
  });
  assert.equal(
    network.gatewayEndpoints(west, { vpcId: "v", privateRouteTableIds: [] }).map((e) => e.args.serviceName),
    ["com.amazonaws.us-west-2.s3", "com.amazonaws.us-west-2.dynamodb"],
  );
});

endpoints.run();
