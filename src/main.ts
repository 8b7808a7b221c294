// The program `pulumi up` runs: decode the stack's config, then create what the builders describe, in
// dependency order. The only module with effects; every argument comes from a builder.
import * as aws from "@pulumi/aws";
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import * as E from "fp-ts/Either";
import { pipe } from "fp-ts/function";

import { decodeConfig, formatConfigError, fromPulumiConfig } from "./contract/config";
import { projectDirFromWorkingDirectory, projectFiles } from "./contract/files";
import * as data from "./stack/data";
import * as edge from "./stack/edge";
import * as firewall from "./stack/firewall";
import * as iam from "./stack/iam";
import * as image from "./stack/image";
import * as network from "./stack/network";
import * as notifications from "./stack/notifications";
import * as observability from "./stack/observability";
import { providerArgs } from "./stack/provider";
import * as registry from "./stack/registry";
import * as scaling from "./stack/scaling";
import * as service from "./stack/service";
import { names } from "./stack/spec";

// Pulumi awaits the exported function; what it returns are the stack outputs.
export = async (): Promise<Record<string, unknown>> => {
  // Decode the config; on any problem, stop before a single resource is registered.
  const config = pipe(
    decodeConfig(fromPulumiConfig(pulumi.runtime.allConfig()), pulumi.getStack(), projectFiles()),
    E.getOrElseW((errors) => {
      throw new pulumi.RunError(`invalid configuration:\n${errors.map(formatConfigError).join("\n")}`);
    }),
  );
  const n = names(config);

  // Every resource goes through one provider: the stack's region and default tags.
  const provider = new aws.Provider(n.provider, providerArgs(config));
  // A JSON document computed from resolved references (policies need plain ARNs).
  const json = <K extends string>(
    refs: Record<K, pulumi.Input<string>>,
    document: (plain: Record<K, string>) => object,
  ) => pulumi.output(refs).apply((plain) => JSON.stringify(document(plain as Record<K, string>)));
  const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;

  // The existing database secret, looked up before anything is created: a missing or malformed one stops
  // the run with the fix. The stack never creates, writes or rotates it; RDS gets its values as secrets.
  const secret = await aws.secretsmanager
    .getSecret({ name: config.database.credentialsSecretName }, { provider })
    .catch((e: unknown) => {
      throw new pulumi.RunError(data.missingSecretMessage(config, e instanceof Error ? e.message : String(e)));
    });
  const { secretString } = await aws.secretsmanager.getSecretVersion({ secretId: secret.arn }, { provider });
  const credentials = pipe(
    data.parseCredentials(config, secretString),
    E.getOrElseW((message) => {
      throw new pulumi.RunError(message);
    }),
  );

  // ---- network ----

  // The VPC, its default security group emptied, and its internet gateway.
  const vpc = new aws.ec2.Vpc(n.vpc, network.vpcArgs(config), { provider });
  new aws.ec2.DefaultSecurityGroup(n.defaultSecurityGroup, network.defaultSecurityGroupArgs(config, vpc.id), {
    provider,
  });
  const internetGateway = new aws.ec2.InternetGateway(n.internetGateway, network.internetGatewayArgs(config, vpc.id), {
    provider,
  });

  // A public and a private subnet in each availability zone.
  const publicSubnets = network
    .publicSubnets(config, vpc.id)
    .map((s) => new aws.ec2.Subnet(s.name, s.args, { provider }));
  const privateSubnets = network
    .privateSubnets(config, vpc.id)
    .map((s) => new aws.ec2.Subnet(s.name, s.args, { provider }));
  const publicSubnetIds = publicSubnets.map((s) => s.id);
  const privateSubnetIds = privateSubnets.map((s) => s.id);

  // NAT gateways with their Elastic IPs, in the public subnets.
  const natAddresses = network.natAddresses(config).map((s) => new aws.ec2.Eip(s.name, s.args, { provider }));
  const natGateways = network
    .natGateways(config, { publicSubnetIds, allocationIds: natAddresses.map((a) => a.allocationId) })
    .map((s) => new aws.ec2.NatGateway(s.name, s.args, { provider, dependsOn: [internetGateway] }));

  // Routes: the public tier to the internet gateway, each private subnet to its zone's NAT gateway.
  const publicRouteTable = new aws.ec2.RouteTable(
    n.publicRouteTable,
    network.publicRouteTableArgs(config, { vpcId: vpc.id, internetGatewayId: internetGateway.id }),
    { provider },
  );
  const privateRouteTables = network
    .privateRouteTables(config, { vpcId: vpc.id, natGatewayIds: natGateways.map((g) => g.id) })
    .map((s) => new aws.ec2.RouteTable(s.name, s.args, { provider }));
  const privateRouteTableIds = privateRouteTables.map((t) => t.id);
  const publicAssociations = network
    .publicRouteTableAssociations(config, { subnetIds: publicSubnetIds, routeTableId: publicRouteTable.id })
    .map((s) => new aws.ec2.RouteTableAssociation(s.name, s.args, { provider }));
  network
    .privateRouteTableAssociations(config, { subnetIds: privateSubnetIds, routeTableIds: privateRouteTableIds })
    .forEach((s) => new aws.ec2.RouteTableAssociation(s.name, s.args, { provider }));

  // S3 and DynamoDB gateway endpoints on the private route tables.
  network
    .gatewayEndpoints(config, { vpcId: vpc.id, privateRouteTableIds })
    .forEach((s) => new aws.ec2.VpcEndpoint(s.name, s.args, { provider }));

  // ---- logs and identity ----

  // The log groups the stack owns, each with the configured retention.
  const logGroups = observability.logGroups(config);
  const appLogGroup = new aws.cloudwatch.LogGroup(logGroups.app.name, logGroups.app.args, { provider });
  const flowLogGroup = new aws.cloudwatch.LogGroup(logGroups.flowLogs.name, logGroups.flowLogs.args, { provider });
  const databaseLogGroup = new aws.cloudwatch.LogGroup(logGroups.database.name, logGroups.database.args, { provider });
  const containerInsightsLogGroup = new aws.cloudwatch.LogGroup(
    logGroups.containerInsights.name,
    logGroups.containerInsights.args,
    { provider },
  );

  // Roles for the ECS agent, the app, and VPC flow logs, each assumable only for this account.
  const roleSpecs = iam.roles(config, {
    ecsTasks: accountId.apply((account) => JSON.stringify(iam.trustPolicy(iam.ECS_TASKS, account))),
    flowLogs: accountId.apply((account) => JSON.stringify(iam.trustPolicy(iam.VPC_FLOW_LOGS, account))),
  });
  const executionRole = new aws.iam.Role(roleSpecs.execution.name, roleSpecs.execution.args, { provider });
  const taskRole = new aws.iam.Role(roleSpecs.task.name, roleSpecs.task.args, { provider });
  const flowLogsRole = new aws.iam.Role(roleSpecs.flowLogs.name, roleSpecs.flowLogs.args, { provider });

  // VPC flow logs, written by a role that may write only there; created after the role may write, or
  // the flow log can stay in "Access error".
  const flowLogsPolicy = new aws.iam.RolePolicy(
    n.flowLogRole,
    {
      role: flowLogsRole.id,
      policy: json({ logGroupArn: flowLogGroup.arn, region: config.region, accountId }, iam.flowLogsRolePolicy),
    },
    { provider },
  );
  new aws.ec2.FlowLog(
    n.flowLog,
    network.flowLogArgs(config, { vpcId: vpc.id, logGroupArn: flowLogGroup.arn, roleArn: flowLogsRole.arn }),
    { provider, dependsOn: [flowLogsPolicy] },
  );

  // ---- security groups ----

  // One group per tier, and the rules between them.
  const groupSpecs = firewall.securityGroups(config, vpc.id);
  const groups = {
    alb: new aws.ec2.SecurityGroup(groupSpecs.alb.name, groupSpecs.alb.args, { provider }),
    tasks: new aws.ec2.SecurityGroup(groupSpecs.tasks.name, groupSpecs.tasks.args, { provider }),
    database: new aws.ec2.SecurityGroup(groupSpecs.database.name, groupSpecs.database.args, { provider }),
  };
  // With database.proxy: the proxy's own group, between the tasks and the database.
  const proxyGroup =
    groupSpecs.proxy && new aws.ec2.SecurityGroup(groupSpecs.proxy.name, groupSpecs.proxy.args, { provider });
  const groupIds = {
    alb: groups.alb.id,
    tasks: groups.tasks.id,
    database: groups.database.id,
    ...(proxyGroup && { proxy: proxyGroup.id }),
  };
  firewall
    .ingressRules(config, groupIds)
    .forEach((s) => new aws.vpc.SecurityGroupIngressRule(s.name, s.args, { provider }));
  firewall
    .egressRules(config, groupIds)
    .forEach((s) => new aws.vpc.SecurityGroupEgressRule(s.name, s.args, { provider }));

  // ---- registry ----

  // The private image repository, keeping the newest images only.
  const repository = new aws.ecr.Repository(n.repository, registry.repositoryArgs(config), { provider });
  new aws.ecr.LifecyclePolicy(n.repositoryLifecycle, registry.lifecyclePolicyArgs(config, repository.name), {
    provider,
  });

  // With service.build: build the image and push it, with its build cache, to the repository (logged in
  // with a short-lived ECR token); the task definition names it by the digest the push reports.
  let imageDigest: pulumi.Output<string> | undefined;
  const build = config.service.build;
  if (build !== undefined) {
    const login = aws.ecr.getAuthorizationTokenOutput({ registryId: repository.registryId }, { provider });
    const references = repository.repositoryUrl.apply((url) => image.imageReferences(config, url));
    const imageSpec = image.imageSpec(config, build, {
      projectDir: projectDirFromWorkingDirectory(),
      tag: references.tag,
      cache: references.cache,
      registry: {
        address: repository.repositoryUrl,
        username: login.userName,
        password: pulumi.secret(login.password),
      },
    });
    imageDigest = new dockerBuild.Image(imageSpec.name, imageSpec.args).digest;
  }

  // ---- data and secrets ----

  // PostgreSQL in the private subnets, TLS enforced by its own parameter group, logs in the stack's group.
  const subnetGroup = new aws.rds.SubnetGroup(n.databaseSubnetGroup, data.subnetGroupArgs(config, privateSubnetIds), {
    provider,
  });
  // Its name carries the engine family, so a major upgrade creates the new group before the old one,
  // which AWS will not delete while the database uses it, is deleted.
  const parameterGroup = new aws.rds.ParameterGroup(n.databaseParameterGroup, data.parameterGroupArgs(config), {
    provider,
    deleteBeforeReplace: false,
  });
  const database = new aws.rds.Instance(
    n.database,
    data.instanceArgs(config, {
      subnetGroupName: subnetGroup.name,
      parameterGroupName: parameterGroup.name,
      securityGroupId: groups.database.id,
      username: pulumi.secret(credentials.username),
      password: pulumi.secret(credentials.password),
    }),
    // The database name and master username are fixed at creation: a change to either would replace
    // (delete, then create) the instance and its data. The app reads the live name from the instance.
    { provider, dependsOn: [databaseLogGroup], ignoreChanges: ["dbName", "username"] },
  );

  // With database.proxy: RDS Proxy between the tasks and the database. It reads the same secret through a
  // role of its own, its pool is sized by the connection budget, and the tasks connect to it instead.
  let databaseHost = database.address;
  if (proxyGroup) {
    const roleSpec = iam.proxyRole(config, JSON.stringify(iam.proxyTrustPolicy()));
    const proxyRole = new aws.iam.Role(roleSpec.name, roleSpec.args, { provider });
    const proxyRolePolicy = new aws.iam.RolePolicy(
      n.proxyRole,
      {
        role: proxyRole.id,
        policy: json(
          { secretArn: secret.arn, secretKmsKeyId: secret.kmsKeyId, region: config.region, accountId },
          iam.proxyRolePolicy,
        ),
      },
      { provider },
    );
    // Created once its role may read the secret, or the proxy cannot log in to the database.
    const databaseProxy = new aws.rds.Proxy(
      n.proxy,
      data.proxyArgs(config, {
        roleArn: proxyRole.arn,
        secretArn: secret.arn,
        subnetIds: privateSubnetIds,
        securityGroupId: proxyGroup.id,
      }),
      { provider, dependsOn: [proxyRolePolicy] },
    );
    const proxyTargetGroup = new aws.rds.ProxyDefaultTargetGroup(
      n.proxy,
      data.proxyDefaultTargetGroupArgs(config, databaseProxy.name),
      { provider },
    );
    new aws.rds.ProxyTarget(
      n.proxy,
      data.proxyTargetArgs({
        proxyName: databaseProxy.name,
        targetGroupName: proxyTargetGroup.name,
        databaseIdentifier: database.identifier,
      }),
      { provider },
    );
    databaseHost = databaseProxy.endpoint;
  }

  // The sessions table.
  const sessionsTable = new aws.dynamodb.Table(n.sessionsTable, data.sessionsTableArgs(config), { provider });

  // ---- load balancer ----

  // The access-log bucket: private, encrypted, expiring, writable only by the region's ELB account.
  const logsBucket = new aws.s3.Bucket(n.accessLogs, edge.accessLogsBucketArgs(config), { provider });
  const bucketControls = [
    new aws.s3.BucketPublicAccessBlock(n.accessLogs, edge.accessLogsPublicAccessBlockArgs(logsBucket.id), { provider }),
    new aws.s3.BucketOwnershipControls(n.accessLogs, edge.accessLogsOwnershipArgs(logsBucket.id), { provider }),
    new aws.s3.BucketServerSideEncryptionConfiguration(n.accessLogs, edge.accessLogsEncryptionArgs(logsBucket.id), {
      provider,
    }),
    new aws.s3.BucketLifecycleConfiguration(n.accessLogs, edge.accessLogsLifecycleArgs(config, logsBucket.id), {
      provider,
    }),
  ];
  const elbAccountArn = aws.elb.getServiceAccountOutput({}, { provider }).arn;
  const bucketPolicy = new aws.s3.BucketPolicy(
    n.accessLogs,
    {
      bucket: logsBucket.id,
      policy: json({ bucketArn: logsBucket.arn, accountId, elbAccountArn }, edge.accessLogsBucketPolicy),
    },
    { provider, dependsOn: bucketControls },
  );

  // The load balancer in the public subnets, its target group, listeners and path rules.
  const alb = new aws.lb.LoadBalancer(
    n.alb,
    edge.loadBalancerArgs(config, {
      securityGroupId: groups.alb.id,
      subnetIds: publicSubnetIds,
      accessLogsBucket: logsBucket.bucket,
    }),
    // An internet-facing ALB needs the internet gateway and its routes first (and goes before them on
    // destroy, so the gateway's detach does not race the ALB's network interfaces).
    { provider, dependsOn: [bucketPolicy, internetGateway, publicRouteTable, ...publicAssociations] },
  );
  // Its name carries the port: a port change creates the new group first, moves the rules and the
  // service onto it, and deletes the old group last (AWS refuses to delete one a rule still uses).
  const targetGroup = new aws.lb.TargetGroup(n.targetGroup, edge.targetGroupArgs(config, vpc.id), {
    provider,
    deleteBeforeReplace: false,
  });
  const [traffic, ...redirects] = edge.listeners(config, alb.arn);
  const trafficListener = new aws.lb.Listener(traffic.name, traffic.args, { provider });
  redirects.forEach((s) => new aws.lb.Listener(s.name, s.args, { provider }));
  const listenerRules = edge
    .listenerRules(config, { listenerArn: trafficListener.arn, targetGroupArn: targetGroup.arn })
    .map((s) => new aws.lb.ListenerRule(s.name, s.args, { provider }));

  // ---- the service ----

  // What the ECS agent and the app may do.
  const executionPolicy = new aws.iam.RolePolicy(
    n.executionRole,
    {
      role: executionRole.id,
      policy: json(
        {
          repositoryArn: repository.arn,
          logGroupArn: appLogGroup.arn,
          secretArn: secret.arn,
          secretKmsKeyId: secret.kmsKeyId,
          region: config.region,
          accountId,
        },
        iam.executionRolePolicy,
      ),
    },
    { provider },
  );
  const taskPolicy = new aws.iam.RolePolicy(
    n.taskRole,
    { role: taskRole.id, policy: json({ tableArn: sessionsTable.arn }, iam.taskRolePolicy) },
    { provider },
  );

  // ---- alarms, notifications and the sale-day dashboard ----

  // With alarms.email: an encrypted topic only this account's alarms may publish to, one subscription per
  // address. Without: no topic, and the alarms have no actions.
  const alarmActions: pulumi.Output<string>[] = [];
  if (notifications.notifies(config)) {
    const key = new aws.kms.Key(
      n.alarmTopicKey,
      notifications.alarmTopicKeyArgs(config, json({ accountId }, notifications.alarmTopicKeyPolicy)),
      { provider },
    );
    const topic = new aws.sns.Topic(n.alarmTopic, notifications.alarmTopicArgs(config, key.arn), { provider });
    new aws.sns.TopicPolicy(
      n.alarmTopic,
      {
        arn: topic.arn,
        policy: json({ topicArn: topic.arn, accountId, region: config.region }, notifications.alarmTopicPolicy),
      },
      { provider },
    );
    notifications
      .alarmSubscriptions(config, topic.arn)
      .forEach((s) => new aws.sns.TopicSubscription(s.name, s.args, { provider }));
    alarmActions.push(topic.arn);
  }

  // The alarms; the 5xx alarm also rolls back a bad deployment.
  const alarms = observability.alarms(config, {
    loadBalancerArnSuffix: alb.arnSuffix,
    targetGroupArnSuffix: targetGroup.arnSuffix,
    actions: alarmActions,
  });
  const serverErrorsAlarm = new aws.cloudwatch.MetricAlarm(alarms.rollback.name, alarms.rollback.args, { provider });
  alarms.watch.forEach((s) => new aws.cloudwatch.MetricAlarm(s.name, s.args, { provider }));

  // What to watch on the day of a sale.
  const dashboardBody = pulumi
    .all([alb.arnSuffix, targetGroup.arnSuffix])
    .apply(([loadBalancerArnSuffix, targetGroupArnSuffix]) =>
      JSON.stringify(observability.dashboardBody(config, { loadBalancerArnSuffix, targetGroupArnSuffix })),
    );
  new aws.cloudwatch.Dashboard(n.dashboard, observability.dashboardArgs(config, dashboardBody), { provider });

  // The cluster, the task definition and the service in the private subnets.
  const cluster = new aws.ecs.Cluster(n.cluster, service.clusterArgs(config), {
    provider,
    dependsOn: [containerInsightsLogGroup],
  });
  const containerDefinitions = pulumi
    .output({
      repositoryUrl: repository.repositoryUrl,
      logGroupName: appLogGroup.name,
      secretArn: secret.arn,
      databaseHost,
      databaseName: database.dbName,
      sessionsTableName: sessionsTable.name,
      imageDigest,
    })
    .apply((refs) => JSON.stringify(service.containerDefinitions(config, refs)));
  const taskDefinition = new aws.ecs.TaskDefinition(
    n.taskFamily,
    service.taskDefinitionArgs(config, {
      containerDefinitions,
      executionRoleArn: executionRole.arn,
      taskRoleArn: taskRole.arn,
    }),
    { provider },
  );
  const ecsService = new aws.ecs.Service(
    n.service,
    service.serviceArgs(config, {
      clusterArn: cluster.arn,
      taskDefinitionArn: taskDefinition.arn,
      subnetIds: privateSubnetIds,
      securityGroupId: groups.tasks.id,
      targetGroupArn: targetGroup.arn,
      rollbackAlarmName: serverErrorsAlarm.name,
    }),
    // Auto scaling owns the task count after creation; the target group must be attached first, and both
    // roles' permissions must exist before the first task starts.
    { provider, dependsOn: [...listenerRules, executionPolicy, taskPolicy], ignoreChanges: ["desiredCount"] },
  );

  // Target tracking on average CPU, and on requests per task when scaling.requestsPerTarget is set. Each
  // write to the scalable target waits for the one before (AWS refuses concurrent ones: see scaling.ts).
  const scalableTarget = new aws.appautoscaling.Target(n.scalingTarget, scaling.scalableTargetArgs(config), {
    provider,
    dependsOn: [ecsService],
  });
  const cpuPolicy = new aws.appautoscaling.Policy(n.scalingPolicy, scaling.cpuPolicyArgs(config), {
    provider,
    dependsOn: [scalableTarget],
  });
  const requestCountLabel = pulumi
    .all([alb.arnSuffix, targetGroup.arnSuffix])
    .apply(([albSuffix, targetGroupSuffix]) => scaling.requestCountLabel(albSuffix, targetGroupSuffix));
  const requestPolicyArgs = scaling.requestPolicyArgs(config, requestCountLabel);
  // The rule that ties the target group to the load balancer must exist before its metric is tracked.
  const requestPolicy =
    requestPolicyArgs &&
    new aws.appautoscaling.Policy(n.requestsPolicy, requestPolicyArgs, {
      provider,
      dependsOn: [cpuPolicy, ...listenerRules],
    });

  // Scheduled task ranges for known sales, on the same target, one after another.
  scaling
    .scheduledActions(config)
    .reduce<pulumi.Resource>(
      (previous, s) => new aws.appautoscaling.ScheduledAction(s.name, s.args, { provider, dependsOn: [previous] }),
      requestPolicy ?? cpuPolicy,
    );

  // ---- stack outputs ----

  return {
    // Where the app answers.
    albDnsName: alb.dnsName,
    appUrl: alb.dnsName.apply((dns) => edge.appUrl(config, dns)),
    // Where to push the image: docker push <ecrRepositoryUrl>:<imageTag>.
    ecrRepositoryUrl: repository.repositoryUrl,
    // The ECS names, for `aws ecs update-service` and the console.
    clusterName: cluster.name,
    serviceName: ecsService.name,
    logGroupName: appLogGroup.name,
    // The data tier: endpoint, database, table, and the secret's ARN (never its value).
    dbEndpoint: database.endpoint,
    dbName: database.dbName,
    sessionsTableName: sessionsTable.name,
    dbSecretArn: secret.arn,
    // The network, for peering or tools that run inside it.
    vpcId: vpc.id,
    publicSubnetIds,
    privateSubnetIds,
  };
};
