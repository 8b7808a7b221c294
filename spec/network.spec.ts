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

routes("the public route table sends 0.0.0.0/0 to the internet gateway", () => {
  assert.equal(network.publicRouteTableArgs(dev, { vpcId: "vpc-1", internetGatewayId: "igw-1" }).routes, [
    { cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" },
  ]);
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
      .map((a) => a.args),
    [
      { subnetId: "pub-a", routeTableId: "rt-pub" },
      { subnetId: "pub-b", routeTableId: "rt-pub" },
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
    /miswired/,
  );
});

routes.run();
