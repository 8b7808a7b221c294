// Every physical name of the stack, derived from the environment suffix in one place, and the AWS
// rules each name must satisfy. src/contract/config.ts checks them all before anything is built; builders take
// their names from here, so a name is never spelled twice.

// ---- types ----

// The Pulumi project, namespace of every config key and the Project tag.
export const PROJECT = "webapp";

export interface NameRule {
  readonly what: string;
  readonly maxLength: number;
  readonly pattern: RegExp;
  readonly allowed: string; // the pattern in words, for error messages
}

export type Names = ReturnType<typeof resourceNames>;

// ---- builders ----

// What the names are made of: the suffix, and the values whose change must make a new resource.
export interface NameParts {
  readonly suffix: string;
  readonly sessionsTableName: string;
  readonly containerPort: number;
  readonly engineVersion: string; // a PostgreSQL major, e.g. "17"
}

// `<resource-type>-<suffix>`; resources AWS does not name get the same string as their Name tag.
// Two groups AWS will not delete while something uses them carry the value whose change replaces them,
// so a change is a new resource (a new logical and physical name) that Pulumi creates first, moves the
// users onto, and deletes the old one last: the target group its port (the listener rules and the
// service still point at the old group until they are updated), the parameter group its family (the
// database uses the old group until its engine is upgraded).
export const resourceNames = ({ suffix, sessionsTableName, containerPort, engineVersion }: NameParts) => {
  const database = `rds-${suffix}`;
  const cluster = `cluster-${suffix}`;
  return {
    provider: `aws-${suffix}`,
    vpc: `vpc-${suffix}`,
    internetGateway: `igw-${suffix}`,
    publicSubnet: (zone: string) => `public-subnet-${zone}-${suffix}`,
    privateSubnet: (zone: string) => `private-subnet-${zone}-${suffix}`,
    natAddress: (zone: string) => `nat-eip-${zone}-${suffix}`,
    natGateway: (zone: string) => `nat-${zone}-${suffix}`,
    publicRouteTable: `public-rt-${suffix}`,
    privateRouteTable: (zone: string) => `private-rt-${zone}-${suffix}`,
    routeTableAssociation: (tier: "public" | "private", zone: string) => `rta-${tier}-${zone}-${suffix}`,
    defaultSecurityGroup: `default-sg-${suffix}`,
    flowLog: `flow-log-${suffix}`,
    flowLogGroup: `/vpc/flow-logs-${suffix}`,
    flowLogRole: `flow-logs-role-${suffix}`,
    gatewayEndpoint: (service: string) => `${service}-endpoint-${suffix}`,
    albSecurityGroup: `alb-sg-${suffix}`,
    tasksSecurityGroup: `tasks-sg-${suffix}`,
    databaseSecurityGroup: `db-sg-${suffix}`,
    securityGroupRule: (description: string) => `${description}-${suffix}`,
    alb: `alb-${suffix}`,
    targetGroup: `tg-${containerPort}-${suffix}`,
    accessLogsBucketPrefix: `alb-logs-${suffix}-`,
    accessLogs: `alb-logs-${suffix}`,
    listener: (port: number) => `listener-${port}-${suffix}`,
    listenerRule: (route: string) => `rule-${route}-${suffix}`,
    repository: `webapp-${suffix}`,
    repositoryLifecycle: `webapp-lifecycle-${suffix}`,
    logGroup: `/ecs/webapp-${suffix}`,
    cluster,
    // Container Insights writes here; the stack creates it first so that it has a retention and goes on destroy.
    containerInsightsLogGroup: `/aws/ecs/containerinsights/${cluster}/performance`,
    taskFamily: `webapp-${suffix}`,
    service: `service-${suffix}`,
    executionRole: `task-execution-role-${suffix}`,
    taskRole: `task-role-${suffix}`,
    scalingTarget: `scaling-target-${suffix}`,
    scalingPolicy: `cpu-target-${suffix}`,
    requestsPolicy: `requests-target-${suffix}`,
    schedule: (name: string) => `schedule-${name}-${suffix}`,
    dashboard: `dashboard-${suffix}`,
    alarmTopic: `alarms-${suffix}`,
    alarmTopicKey: `alarms-key-${suffix}`,
    alarmSubscription: (address: string) => `alarm-email-${address}-${suffix}`,
    alarm: (what: string) => `${what}-${suffix}`,
    database,
    databaseLogGroup: `/aws/rds/instance/${database}/postgresql`,
    databaseParameterGroup: `rds-params-postgres${engineVersion}-${suffix}`,
    databaseSubnetGroup: `rds-subnets-${suffix}`,
    proxy: `rds-proxy-${suffix}`,
    proxyRole: `rds-proxy-role-${suffix}`,
    proxySecurityGroup: `proxy-sg-${suffix}`,
    sessionsTable: `${sessionsTableName}-${suffix}`,
  };
};

// The names AWS validates, with the rule each must meet and the config key to blame when it does not.
export const checkedNames = (n: Names): readonly { key: string; name: string; rule: NameRule }[] => [
  { key: "environmentSuffix", name: n.alb, rule: NAME_RULES.loadBalancer },
  { key: "environmentSuffix", name: n.targetGroup, rule: NAME_RULES.targetGroup },
  { key: "environmentSuffix", name: n.accessLogsBucketPrefix, rule: NAME_RULES.bucketPrefix },
  { key: "environmentSuffix", name: n.database, rule: NAME_RULES.rdsInstance },
  { key: "environmentSuffix", name: n.databaseParameterGroup, rule: NAME_RULES.rdsParameterGroup },
  { key: "environmentSuffix", name: n.databaseSubnetGroup, rule: NAME_RULES.rdsSubnetGroup },
  { key: "environmentSuffix", name: n.proxy, rule: NAME_RULES.rdsProxy },
  { key: "environmentSuffix", name: n.proxyRole, rule: NAME_RULES.iamRole },
  { key: "environmentSuffix", name: n.repository, rule: NAME_RULES.ecrRepository },
  { key: "environmentSuffix", name: n.cluster, rule: NAME_RULES.ecs },
  { key: "environmentSuffix", name: n.service, rule: NAME_RULES.ecs },
  { key: "environmentSuffix", name: n.taskFamily, rule: NAME_RULES.ecs },
  { key: "environmentSuffix", name: n.executionRole, rule: NAME_RULES.iamRole },
  { key: "environmentSuffix", name: n.taskRole, rule: NAME_RULES.iamRole },
  { key: "environmentSuffix", name: n.flowLogRole, rule: NAME_RULES.iamRole },
  { key: "environmentSuffix", name: n.albSecurityGroup, rule: NAME_RULES.securityGroup },
  { key: "environmentSuffix", name: n.logGroup, rule: NAME_RULES.logGroup },
  { key: "environmentSuffix", name: n.flowLogGroup, rule: NAME_RULES.logGroup },
  { key: "environmentSuffix", name: n.databaseLogGroup, rule: NAME_RULES.logGroup },
  { key: "environmentSuffix", name: n.containerInsightsLogGroup, rule: NAME_RULES.logGroup },
  { key: "sessions.tableName", name: n.sessionsTable, rule: NAME_RULES.dynamodbTable },
  { key: "environmentSuffix", name: n.dashboard, rule: NAME_RULES.dashboard },
  { key: "environmentSuffix", name: n.alarmTopic, rule: NAME_RULES.snsTopic },
];

// Which part of its rule a name breaks, or undefined when it meets it.
export const nameProblem = (name: string, rule: NameRule): "length" | "pattern" | undefined =>
  name.length > rule.maxLength ? "length" : rule.pattern.test(name) ? undefined : "pattern";

// ---- rules ----
// Sources: the AWS API references, checked against hashicorp/terraform-provider-aws
// internal/service/<service>/validate.go.

export const NAME_RULES = {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
  loadBalancer: {
    what: "load balancer name",
    maxLength: 32,
    pattern: /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    allowed: "letters, digits and hyphens, not starting with internal- or ending with a hyphen",
  },
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
  targetGroup: {
    what: "target group name",
    maxLength: 32,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    allowed: "letters, digits and hyphens, not starting or ending with a hyphen",
  },
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html; the provider appends
  // 26 characters to a bucket prefix, so the prefix keeps 63 - 26 = 37.
  bucketPrefix: {
    what: "access-log bucket prefix",
    maxLength: 37,
    pattern: /^[a-z0-9][a-z0-9.-]*$/,
    allowed: "lowercase letters, digits, dots and hyphens",
  },
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
  rdsInstance: {
    what: "database identifier",
    maxLength: 63,
    pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/,
    allowed: "lowercase letters, digits and single hyphens, starting with a letter",
  },
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBProxy.html (DBProxyName)
  rdsProxy: {
    what: "database proxy name",
    maxLength: 63,
    pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/,
    allowed: "lowercase letters, digits and single hyphens, starting with a letter",
  },
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html
  rdsParameterGroup: {
    what: "database parameter group name",
    maxLength: 255,
    pattern: /^[a-z](?!.*--)[0-9a-z.-]*[0-9a-z.]$/,
    allowed: "lowercase letters, digits, dots and single hyphens, starting with a letter",
  },
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html
  rdsSubnetGroup: {
    what: "database subnet group name",
    maxLength: 255,
    pattern: /^(?!default$)[0-9a-z_ .-]+$/,
    allowed: "lowercase letters, digits, spaces, dots, underscores and hyphens, not default",
  },
  // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
  ecrRepository: {
    what: "image repository name",
    maxLength: 256,
    pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    allowed: "lowercase letters and digits separated by single . _ - or /",
  },
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html (and CreateService, RegisterTaskDefinition)
  ecs: {
    what: "ECS name",
    maxLength: 255,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowed: "letters, digits, hyphens and underscores",
  },
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
  iamRole: {
    what: "IAM role name",
    maxLength: 64,
    pattern: /^[\w+=,.@-]+$/,
    allowed: "letters, digits and + = , . @ _ -",
  },
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
  securityGroup: {
    what: "security group name",
    maxLength: 255,
    pattern: /^(?!sg-)[\x20-\x7e]+$/,
    allowed: "printable ASCII, not starting with sg-",
  },
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
  logGroup: {
    what: "log group name",
    maxLength: 512,
    pattern: /^(?!aws\/)[.\-_/#A-Za-z0-9]+$/,
    allowed: "letters, digits and . - _ / #, not starting with aws/",
  },
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
  dynamodbTable: {
    what: "DynamoDB table name",
    maxLength: 255,
    pattern: /^[a-zA-Z0-9_.-]{3,}$/,
    allowed: "3 or more letters, digits, underscores, dots and hyphens",
  },
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html
  dashboard: {
    what: "dashboard name",
    maxLength: 255,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowed: "letters, digits, hyphens and underscores",
  },
  // https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
  snsTopic: {
    what: "SNS topic name",
    maxLength: 256,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowed: "letters, digits, hyphens and underscores",
  },
  // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html: a name ending in
  // a hyphen and six characters is mistaken for a full ARN's random suffix.
  secret: {
    what: "secret name",
    maxLength: 512,
    pattern: /^(?!.*-[A-Za-z0-9]{6}$)[A-Za-z0-9/_+=.@-]+$/,
    allowed: "letters, digits and / _ + = . @ -, not ending in a hyphen and six characters",
  },
} as const satisfies Record<string, NameRule>;
