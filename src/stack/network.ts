// The network: a VPC over two availability zones, a public and a private subnet in each, an internet
// gateway for the public tier, and NAT gateways (one per zone, or one in all) for the private tier.
// Used by src/main.ts for aws.ec2.Vpc, Subnet, InternetGateway, Eip, NatGateway, RouteTable and
// RouteTableAssociation.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import type { Config } from "../contract/config";
import { ANYWHERE } from "../contract/tuning";
import { type Spec, at, nameTag, names, spec } from "./spec";

// ---- builders ----

export const vpcArgs = (c: Config): aws.ec2.VpcArgs => ({
  cidrBlock: c.network.cidr,
  // Interface endpoints, RDS endpoints and ECS service discovery resolve through the VPC's DNS.
  enableDnsSupport: true,
  enableDnsHostnames: true,
  tags: nameTag(names(c).vpc),
});

export const internetGatewayArgs = (c: Config, vpcId: Input<string>): aws.ec2.InternetGatewayArgs => ({
  vpcId,
  tags: nameTag(names(c).internetGateway),
});

// One public subnet per zone, in zone order. Nothing launched here gets a public IP by default:
// the load balancer and the NAT gateways bring their own addresses.
export const publicSubnets = (c: Config, vpcId: Input<string>): Spec<aws.ec2.SubnetArgs>[] =>
  subnets(c, vpcId, c.network.publicSubnetCidrs, names(c).publicSubnet);

export const privateSubnets = (c: Config, vpcId: Input<string>): Spec<aws.ec2.SubnetArgs>[] =>
  subnets(c, vpcId, c.network.privateSubnetCidrs, names(c).privateSubnet);

// The zones that get a NAT gateway: every zone (an AZ outage leaves the others online), or only the
// first (`single`, cheaper for short-lived stacks).
const natZones = (c: Config): readonly string[] =>
  c.network.natGateways === "single" ? c.network.availabilityZones.slice(0, 1) : c.network.availabilityZones;

export const natAddresses = (c: Config): Spec<aws.ec2.EipArgs>[] =>
  natZones(c).map((zone) =>
    spec(names(c).natAddress(zone), { domain: "vpc", tags: nameTag(names(c).natAddress(zone)) }),
  );

// A NAT gateway in each NAT zone's public subnet; both lists are in zone order.
export const natGateways = (
  c: Config,
  refs: { publicSubnetIds: readonly Input<string>[]; allocationIds: readonly Input<string>[] },
): Spec<aws.ec2.NatGatewayArgs>[] =>
  natZones(c).map((zone, i) =>
    spec(names(c).natGateway(zone), {
      subnetId: at(refs.publicSubnetIds, i),
      allocationId: at(refs.allocationIds, i),
      connectivityType: "public",
      tags: nameTag(names(c).natGateway(zone)),
    }),
  );

// The public tier's single route table: everything off the VPC goes to the internet gateway.
export const publicRouteTableArgs = (
  c: Config,
  refs: { vpcId: Input<string>; internetGatewayId: Input<string> },
): aws.ec2.RouteTableArgs => ({
  vpcId: refs.vpcId,
  routes: [{ cidrBlock: ANYWHERE, gatewayId: refs.internetGatewayId }],
  tags: nameTag(names(c).publicRouteTable),
});

// One private route table per zone, its default route through the NAT gateway in the same zone
// (with `single`, the one NAT gateway), so a zone's egress does not depend on another zone.
export const privateRouteTables = (
  c: Config,
  refs: { vpcId: Input<string>; natGatewayIds: readonly Input<string>[] },
): Spec<aws.ec2.RouteTableArgs>[] =>
  c.network.availabilityZones.map((zone, i) =>
    spec(names(c).privateRouteTable(zone), {
      vpcId: refs.vpcId,
      routes: [
        { cidrBlock: ANYWHERE, natGatewayId: at(refs.natGatewayIds, Math.min(i, refs.natGatewayIds.length - 1)) },
      ],
      tags: nameTag(names(c).privateRouteTable(zone)),
    }),
  );

// Every public subnet to the public route table.
export const publicRouteTableAssociations = (
  c: Config,
  refs: { subnetIds: readonly Input<string>[]; routeTableId: Input<string> },
): Spec<aws.ec2.RouteTableAssociationArgs>[] => associations(c, "public", refs.subnetIds, () => refs.routeTableId);

// Each private subnet to its own zone's route table.
export const privateRouteTableAssociations = (
  c: Config,
  refs: { subnetIds: readonly Input<string>[]; routeTableIds: readonly Input<string>[] },
): Spec<aws.ec2.RouteTableAssociationArgs>[] =>
  associations(c, "private", refs.subnetIds, (i) => at(refs.routeTableIds, i));

// The VPC's default security group, taken over with no rules: nothing can use it by accident (FSBP EC2.2).
export const defaultSecurityGroupArgs = (c: Config, vpcId: Input<string>): aws.ec2.DefaultSecurityGroupArgs => ({
  vpcId,
  tags: nameTag(names(c).defaultSecurityGroup),
});

// Every accepted and rejected flow of the VPC, to a log group of the stack's (FSBP EC2.6).
export const flowLogArgs = (
  c: Config,
  refs: { vpcId: Input<string>; logGroupArn: Input<string>; roleArn: Input<string> },
): aws.ec2.FlowLogArgs => ({
  vpcId: refs.vpcId,
  trafficType: "ALL",
  logDestinationType: "cloud-watch-logs",
  logDestination: refs.logGroupArn,
  iamRoleArn: refs.roleArn,
  maxAggregationInterval: 60,
  tags: nameTag(names(c).flowLog),
});

// Free gateway endpoints: image layers (S3) and session traffic (DynamoDB) from the private subnets
// stay off the NAT gateways and off the internet.
const GATEWAY_ENDPOINT_SERVICES = ["s3", "dynamodb"] as const;

export const gatewayEndpoints = (
  c: Config,
  refs: { vpcId: Input<string>; privateRouteTableIds: readonly Input<string>[] },
): Spec<aws.ec2.VpcEndpointArgs>[] =>
  GATEWAY_ENDPOINT_SERVICES.map((service) =>
    spec(names(c).gatewayEndpoint(service), {
      vpcId: refs.vpcId,
      serviceName: `com.amazonaws.${c.region}.${service}`,
      vpcEndpointType: "Gateway",
      routeTableIds: [...refs.privateRouteTableIds],
      tags: nameTag(names(c).gatewayEndpoint(service)),
    }),
  );

// ---- helpers ----

const subnets = (
  c: Config,
  vpcId: Input<string>,
  cidrs: readonly string[],
  nameIn: (zone: string) => string,
): Spec<aws.ec2.SubnetArgs>[] =>
  c.network.availabilityZones.map((zone, i) =>
    spec(nameIn(zone), {
      vpcId,
      cidrBlock: at(cidrs, i),
      availabilityZone: zone,
      mapPublicIpOnLaunch: false,
      tags: nameTag(nameIn(zone)),
    }),
  );

const associations = (
  c: Config,
  tier: "public" | "private",
  subnetIds: readonly Input<string>[],
  routeTableIdOf: (i: number) => Input<string>,
): Spec<aws.ec2.RouteTableAssociationArgs>[] =>
  c.network.availabilityZones.map((zone, i) =>
    spec(names(c).routeTableAssociation(tier, zone), { subnetId: at(subnetIds, i), routeTableId: routeTableIdOf(i) }),
  );
