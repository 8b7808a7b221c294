// The program `pulumi up` runs: decode the stack's config, then create what the builders describe, in
// dependency order. The only module with effects; every argument comes from a builder.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as E from "fp-ts/Either";
import { pipe } from "fp-ts/function";

import { decodeConfig, formatConfigError, fromPulumiConfig } from "./config";
import * as network from "./network";
import { providerArgs } from "./provider";
import { type Spec, names } from "./spec";

// Decode the config; on any problem, stop before a single resource is registered.
const config = pipe(
  decodeConfig(fromPulumiConfig(pulumi.runtime.allConfig()), pulumi.getStack()),
  E.getOrElseW((errors) => {
    throw new pulumi.RunError(`invalid configuration:\n${errors.map(formatConfigError).join("\n")}`);
  }),
);
const n = names(config);

// Every resource goes through one provider: the stack's region and default tags.
const provider = new aws.Provider(n.provider, providerArgs(config));
const create =
  <A, R>(Resource: new (name: string, args: A, opts?: pulumi.CustomResourceOptions) => R, opts: pulumi.CustomResourceOptions = {}) =>
  (s: Spec<A>): R =>
    new Resource(s.name, s.args, { provider, ...opts });

// ---- network ----

// The VPC and its internet gateway.
const vpc = new aws.ec2.Vpc(n.vpc, network.vpcArgs(config), { provider });
const internetGateway = new aws.ec2.InternetGateway(n.internetGateway, network.internetGatewayArgs(config, vpc.id), { provider });

// A public and a private subnet in each availability zone.
const publicSubnets = network.publicSubnets(config, vpc.id).map(create(aws.ec2.Subnet));
const privateSubnets = network.privateSubnets(config, vpc.id).map(create(aws.ec2.Subnet));

// NAT gateways with their Elastic IPs, in the public subnets.
const natAddresses = network.natAddresses(config).map(create(aws.ec2.Eip));
const natGateways = network
  .natGateways(config, { publicSubnetIds: publicSubnets.map((s) => s.id), allocationIds: natAddresses.map((a) => a.allocationId) })
  .map(create(aws.ec2.NatGateway, { dependsOn: [internetGateway] }));

// Routes: the public tier to the internet gateway, each private subnet to its zone's NAT gateway.
const publicRouteTable = new aws.ec2.RouteTable(
  n.publicRouteTable,
  network.publicRouteTableArgs(config, { vpcId: vpc.id, internetGatewayId: internetGateway.id }),
  { provider },
);
const privateRouteTables = network
  .privateRouteTables(config, { vpcId: vpc.id, natGatewayIds: natGateways.map((g) => g.id) })
  .map(create(aws.ec2.RouteTable));
network
  .publicRouteTableAssociations(config, { subnetIds: publicSubnets.map((s) => s.id), routeTableId: publicRouteTable.id })
  .forEach(create(aws.ec2.RouteTableAssociation));
network
  .privateRouteTableAssociations(config, { subnetIds: privateSubnets.map((s) => s.id), routeTableIds: privateRouteTables.map((t) => t.id) })
  .forEach(create(aws.ec2.RouteTableAssociation));

// ---- stack outputs ----

// The VPC, for peering or for tools that run inside it.
export const vpcId = vpc.id;
// The subnets per tier, in zone order.
export const publicSubnetIds = publicSubnets.map((s) => s.id);
export const privateSubnetIds = privateSubnets.map((s) => s.id);
