// What the policies read from the resource graph: the type tokens they judge, each token's props typed as
// its @pulumi/aws args (types only: nothing of Pulumi is loaded), the references between resources, and
// the security-group, subnet and document views several policies share. Used by policy/policies.ts.
//
// References are followed through the engine's property dependencies (which resource fed which input),
// never by comparing ids: they hold in a preview, where the ids of resources still to be created are
// unknown, and policy/evaluate.ts gives the offline plan the same dependencies.
import type * as aws from "@pulumi/aws";
import type { PolicyResource } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";

// ---- types ----

export const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  route: "aws:ec2/route:Route",
  routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  internetGateway: "aws:ec2/internetGateway:InternetGateway",
  natGateway: "aws:ec2/natGateway:NatGateway",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  flowLog: "aws:ec2/flowLog:FlowLog",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  albListener: "aws:alb/listener:Listener",
  listenerRule: "aws:lb/listenerRule:ListenerRule",
  albListenerRule: "aws:alb/listenerRule:ListenerRule",
  cluster: "aws:ecs/cluster:Cluster",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  service: "aws:ecs/service:Service",
  database: "aws:rds/instance:Instance",
  proxy: "aws:rds/proxy:Proxy",
  parameterGroup: "aws:rds/parameterGroup:ParameterGroup",
  subnetGroup: "aws:rds/subnetGroup:SubnetGroup",
  table: "aws:dynamodb/table:Table",
  repository: "aws:ecr/repository:Repository",
  lifecyclePolicy: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  bucketEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  bucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  iamPolicy: "aws:iam/policy:Policy",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  repositoryPolicy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
  key: "aws:kms/key:Key",
  keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
} as const;

// The args of each type a policy reads, by token: the props a policy sees are the args with every
// output resolved (JSON documents may arrive as text: see documents.ts).
// The longest type name of the provider, kept under the line width.
type BucketEncryptionArgs = aws.s3.BucketServerSideEncryptionConfigurationArgs;

interface ArgsOf {
  "aws:ec2/vpc:Vpc": aws.ec2.VpcArgs;
  "aws:ec2/subnet:Subnet": aws.ec2.SubnetArgs;
  "aws:ec2/routeTable:RouteTable": aws.ec2.RouteTableArgs;
  "aws:ec2/route:Route": aws.ec2.RouteArgs;
  "aws:ec2/routeTableAssociation:RouteTableAssociation": aws.ec2.RouteTableAssociationArgs;
  "aws:ec2/vpcEndpoint:VpcEndpoint": aws.ec2.VpcEndpointArgs;
  "aws:ec2/flowLog:FlowLog": aws.ec2.FlowLogArgs;
  "aws:ec2/securityGroup:SecurityGroup": aws.ec2.SecurityGroupArgs;
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": aws.ec2.DefaultSecurityGroupArgs;
  "aws:ec2/securityGroupRule:SecurityGroupRule": aws.ec2.SecurityGroupRuleArgs;
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": aws.vpc.SecurityGroupIngressRuleArgs;
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": aws.vpc.SecurityGroupEgressRuleArgs;
  "aws:lb/loadBalancer:LoadBalancer": aws.lb.LoadBalancerArgs;
  "aws:alb/loadBalancer:LoadBalancer": aws.alb.LoadBalancerArgs;
  "aws:lb/listener:Listener": aws.lb.ListenerArgs;
  "aws:alb/listener:Listener": aws.alb.ListenerArgs;
  "aws:ecs/cluster:Cluster": aws.ecs.ClusterArgs;
  "aws:ecs/taskDefinition:TaskDefinition": aws.ecs.TaskDefinitionArgs;
  "aws:ecs/service:Service": aws.ecs.ServiceArgs;
  "aws:rds/instance:Instance": aws.rds.InstanceArgs;
  "aws:rds/proxy:Proxy": aws.rds.ProxyArgs;
  "aws:rds/parameterGroup:ParameterGroup": aws.rds.ParameterGroupArgs;
  "aws:dynamodb/table:Table": aws.dynamodb.TableArgs;
  "aws:ecr/repository:Repository": aws.ecr.RepositoryArgs;
  "aws:cloudwatch/logGroup:LogGroup": aws.cloudwatch.LogGroupArgs;
  "aws:s3/bucket:Bucket": aws.s3.BucketArgs;
  "aws:s3/bucketV2:BucketV2": aws.s3.BucketV2Args;
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": aws.s3.BucketPublicAccessBlockArgs;
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": BucketEncryptionArgs;
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": aws.s3.BucketLifecycleConfigurationArgs;
  "aws:iam/role:Role": aws.iam.RoleArgs;
  "aws:sns/topic:Topic": aws.sns.TopicArgs;
  "aws:kms/key:Key": aws.kms.KeyArgs;
}
export type Token = keyof ArgsOf;
export type Props<K extends Token> = Unwrap<ArgsOf[K]>;

// ---- reading the graph ----

// A resource's props as the args of its type. `aws:alb/*` and `aws:s3/bucketV2` are read as the
// `aws:lb/*` and `aws:s3/bucket` resources they alias, egress rules as ingress rules (the same fields).
export const propsOf = <K extends Token>(r: PolicyResource, type: K): Props<K> => {
  if (r.type !== type && ALIASES[r.type] !== type) throw new Error(`${r.name} is a ${r.type}, not a ${type}`);
  return r.props as Props<K>;
};

const ALIASES: Readonly<Record<string, string>> = {
  "aws:alb/loadBalancer:LoadBalancer": "aws:lb/loadBalancer:LoadBalancer",
  "aws:alb/listener:Listener": "aws:lb/listener:Listener",
  "aws:s3/bucketV2:BucketV2": "aws:s3/bucket:Bucket",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
};

export const LOAD_BALANCERS = [T.loadBalancer, T.albLoadBalancer] as const;
export const LISTENERS = [T.listener, T.albListener] as const;
export const LISTENER_RULES = [T.listenerRule, T.albListenerRule] as const;
export const BUCKETS = [T.bucket, T.bucketV2] as const;

export const ofType = (resources: readonly PolicyResource[], ...types: readonly string[]): PolicyResource[] =>
  resources.filter((r) => types.includes(r.type));

// The resources of the given types that fed the input `key` of `r`.
export const refs = (r: PolicyResource, key: string, ...types: readonly string[]): PolicyResource[] =>
  (r.propertyDependencies[key] ?? []).filter((d) => types.includes(d.type));

// The resources of the given types whose input `key` was fed by `target`.
export const referrers = (
  resources: readonly PolicyResource[],
  target: PolicyResource,
  key: string,
  ...types: readonly string[]
): PolicyResource[] => ofType(resources, ...types).filter((r) => refs(r, key, target.type).includes(target));

export const list = <A>(x: A | readonly A[] | undefined | null): A[] =>
  x === undefined || x === null ? [] : Array.isArray(x) ? [...(x as readonly A[])] : [x as A];

// ---- security groups ----

export const INTERNET = ["0.0.0.0/0", "::/0"] as const;
const ALL_PROTOCOLS = ["-1", "all"];

// One rule, whichever of the four ways it was written (a rule resource of either API, or inline).
export interface Rule {
  readonly direction: "ingress" | "egress";
  readonly protocol: string; // "tcp", "udp", "icmp", "-1" for all, or a number
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  readonly cidrs: readonly string[]; // IPv4 and IPv6 blocks
  readonly prefixLists: readonly string[];
  // The security groups it names (self included), found by reference: their ids are never read, as in a
  // preview they are unknown and reading one stops the policy.
  readonly peers: readonly PolicyResource[];
}

export const allProtocols = (rule: Rule): boolean => ALL_PROTOCOLS.includes(rule.protocol.toLowerCase());
export const isTcp = (rule: Rule): boolean => ["tcp", "6"].includes(rule.protocol.toLowerCase());
export const toInternet = (rule: Rule): boolean => rule.cidrs.some((c) => (INTERNET as readonly string[]).includes(c));
// A single TCP port, or undefined for a range or another protocol.
export const singleTcpPort = (rule: Rule): number | undefined =>
  isTcp(rule) && rule.fromPort !== undefined && rule.fromPort === rule.toPort ? rule.fromPort : undefined;
export const describeRule = (rule: Rule): string => {
  const what = allProtocols(rule)
    ? "all traffic"
    : rule.fromPort === rule.toPort
      ? `${rule.protocol}/${String(rule.fromPort)}`
      : `${rule.protocol}/${String(rule.fromPort)}-${String(rule.toPort)}`;
  const peers = [...rule.cidrs, ...rule.prefixLists, ...rule.peers.map((p) => p.name)];
  return `${what} ${rule.direction === "ingress" ? "from" : "to"} ${peers.join(", ") || "a group outside the stack"}`;
};

const GROUPS = [T.securityGroup, T.defaultSecurityGroup] as const;

interface InlineRule {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrBlocks?: string[];
  ipv6CidrBlocks?: string[];
  prefixListIds?: string[];
  securityGroups?: string[];
  self?: boolean;
}

// The rules a resource defines, with the groups it names when the resource sits in a graph.
export const rulesDefinedBy = (r: PolicyResource): Rule[] => {
  switch (r.type) {
    case T.ingressRule:
    case T.egressRule: {
      const p = propsOf(r, T.ingressRule);
      const peers = refs(r, "referencedSecurityGroupId", ...GROUPS);
      return [
        {
          direction: r.type === T.ingressRule ? "ingress" : "egress",
          protocol: p.ipProtocol,
          fromPort: p.fromPort,
          toPort: p.toPort,
          cidrs: [...list(p.cidrIpv4), ...list(p.cidrIpv6)],
          prefixLists: list(p.prefixListId),
          peers,
        },
      ];
    }
    case T.securityGroupRule: {
      const p = propsOf(r, T.securityGroupRule);
      const self = p.self === true ? refs(r, "securityGroupId", ...GROUPS) : [];
      return [
        {
          direction: p.type === "egress" ? "egress" : "ingress",
          protocol: p.protocol,
          fromPort: p.fromPort,
          toPort: p.toPort,
          cidrs: [...list(p.cidrBlocks), ...list(p.ipv6CidrBlocks)],
          prefixLists: list(p.prefixListIds),
          peers: [...refs(r, "sourceSecurityGroupId", ...GROUPS), ...self],
        },
      ];
    }
    case T.securityGroup:
    case T.defaultSecurityGroup: {
      const p = r.props as { readonly ingress?: InlineRule[]; readonly egress?: InlineRule[] };
      const inline = (direction: "ingress" | "egress", rules: InlineRule[] | undefined): Rule[] =>
        list(rules).map((rule) => ({
          direction,
          protocol: rule.protocol,
          fromPort: rule.fromPort,
          toPort: rule.toPort,
          cidrs: [...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)],
          prefixLists: list(rule.prefixListIds),
          // Inline rules share one input: each is taken to name every group that input names.
          peers: [
            ...(list(rule.securityGroups).length > 0 ? refs(r, direction, ...GROUPS) : []),
            ...(rule.self === true ? [r] : []),
          ],
        }));
      return [...inline("ingress", p.ingress), ...inline("egress", p.egress)];
    }
    default:
      return [];
  }
};

// Every rule of a group: its inline rules and the rule resources attached to it.
export const rulesOfGroup = (resources: readonly PolicyResource[], group: PolicyResource): Rule[] => [
  ...rulesDefinedBy(group),
  ...referrers(resources, group, "securityGroupId", T.ingressRule, T.egressRule, T.securityGroupRule).flatMap(
    rulesDefinedBy,
  ),
];

// What a security group protects: the resources that name it, by the kind a reader knows them as.
export type Tier = "load balancer" | "ECS service" | "database" | "database proxy";
export const groupsOf = (r: PolicyResource): PolicyResource[] => {
  switch (r.type) {
    case T.loadBalancer:
    case T.albLoadBalancer:
      return refs(r, "securityGroups", ...GROUPS);
    case T.service:
      return refs(r, "networkConfiguration", ...GROUPS);
    case T.database:
    case T.proxy:
      return refs(r, "vpcSecurityGroupIds", ...GROUPS);
    default:
      return [];
  }
};
export const tierOf = (r: PolicyResource): Tier | undefined =>
  LOAD_BALANCERS.includes(r.type as (typeof LOAD_BALANCERS)[number])
    ? "load balancer"
    : r.type === T.service
      ? "ECS service"
      : r.type === T.database
        ? "database"
        : r.type === T.proxy
          ? "database proxy"
          : undefined;

export const attachedTo = (resources: readonly PolicyResource[], group: PolicyResource): PolicyResource[] =>
  resources.filter((r) => tierOf(r) !== undefined && groupsOf(r).includes(group));

// ---- subnets ----

// Public subnets: those whose route table sends traffic to an internet gateway.
export const publicSubnets = (resources: readonly PolicyResource[]): Set<PolicyResource> => {
  const viaInternetGateway = (table: PolicyResource): boolean =>
    refs(table, "routes", T.internetGateway).length > 0 ||
    referrers(resources, table, "routeTableId", T.route).some(
      (route) => refs(route, "gatewayId", T.internetGateway).length > 0,
    );
  const publicTables = ofType(resources, T.routeTable).filter(viaInternetGateway);
  return new Set(
    ofType(resources, T.routeTableAssociation)
      .filter((a) => refs(a, "routeTableId", T.routeTable).some((t) => publicTables.includes(t)))
      .flatMap((a) => refs(a, "subnetId", T.subnet)),
  );
};
