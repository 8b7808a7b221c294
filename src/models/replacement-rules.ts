// Which config edits replace a resource on the second `pulumi up`, for every resource type the stack creates.
// Pure data for an offline checker: no imports, no logic. Read 2026-11-27.
//
// Where the data came from. @pulumi/aws 7.48.0 bridges hashicorp/terraform-provider-aws v6. A property
// replaces its resource when the upstream schema marks it `ForceNew: true` (SDKv2 resources), gives it a
// `RequiresReplace()` plan modifier (plugin-framework resources), or when a CustomizeDiff / ModifyPlan
// function calls `ForceNew` / sets `RequiresReplace` (those conditional cases live in `notes`, not in
// `forceNew`). The provider's repository is too large to copy here, so each schema was read in one of two
// ways, and every rule's `notes` starts by saying which:
//   [v6]    a 2025-2026 (v6.x) copy of the file, found in a stored index of public GitHub sources;
//   [v5.54] the v5.54.1 tree (June 2024), the newest full copy that could be read. Properties that the
//           7.48.0 SDK exposes but v5.54.1 lacks are named in `notes` as not verified, never guessed.
// Property names are the @pulumi/aws 7.48.0 input names from node_modules/@pulumi/aws/<svc>/<res>.d.ts.
// `forceNew` lists only inputs; computed-only attributes are left out. A nested field is listed as a dotted
// path only when the field replaces the resource while its enclosing block does not.
//
// `region` (every type but IAM's): provider v6 injects it and forces replacement when it changes, except
// between "unset" and the provider's own region (SDKv2: forceNewIfRegionChanges in
// internal/provider/sdkv2/region.go; plugin framework: the resourceForceNewIfRegionChanges interceptor).
//
// Delete-before-replace. Pulumi replaces create-first by default. The bridge answers Diff with
// DeleteBeforeReplace = true when there is at least one replacing property AND either the resource's
// ResourceInfo sets DeleteBeforeReplace (pulumi-aws does so for aws_ecr_lifecycle_policy among the types
// here) or nameRequiresDeleteBeforeReplace is true: some input of the new inputs carries an auto-name
// default (`Default.AutoNamed`) and is absent from the `__defaults` list, i.e. the program set the physical
// name itself, so a second copy could not be created beside the first. The name need not be the property
// that changed. Setting `namePrefix` instead does not trigger it: the bridge skips the auto-name default
// when a ConflictsWith field is set (schema.go, applyDefaults, L766-777), and namePrefix is not auto-named.
// Resources created before `__defaults` existed count as auto-named. The rule is in the SDKv2 path only:
// the plugin-framework Diff (pkg/pf/tfbridge/provider_diff.go L114-121) honours only the ResourceInfo flag
// (no framework resource here has a name). A program can still force it with the deleteBeforeReplace option.
// Sources (pulumi-terraform-bridge at 59de6c661df1e7561e6ece7ad7f1c835c63010c4, 2026-08-05):
//   pkg/tfbridge/provider.go L1275-L1276 (Diff) and pkg/tfbridge/schema.go L193-L246 (the name rule).
// Which inputs are auto-named (`namedBy`): pulumi-aws provider/autonaming.go setAutonaming auto-names every
// input literally called `name`, unless provider/resource_overrides.go already customises it; the overrides
// add `bucket` (s3 Bucket), `identifier` (rds Instance), `alarm_name` -> `name` (MetricAlarm) and custom
// `name` options for iam Role and sns Topic. pulumi-aws read at provider/resource_overrides.go 015d3438,
// provider/autonaming.go 0c5f6583 (v7 layout, provider/v7 import paths).

export interface ReplacementRule {
  // Top-level (or dotted nested) input properties whose change replaces the resource.
  readonly forceNew: readonly string[];
  // The input that sets the physical name explicitly (e.g. "name", "identifier", "bucket"); when the program
  // sets it, the bridge replaces delete-first. Absent when the type has no auto-nameable name.
  readonly namedBy?: string;
  // URL of the terraform-provider-aws file (blob URL on github.com/hashicorp/terraform-provider-aws/blob/main/...)
  // defining the schema.
  readonly source: string;
  // Provenance ([v6] / [v5.54]), conditional replacements (CustomizeDiff / ModifyPlan), in-place surprises,
  // things AWS refuses, and the SDK inputs that could not be verified.
  readonly notes?: string;
}

export const BRIDGE_DELETE_BEFORE_REPLACE_SOURCE =
  "https://github.com/pulumi/pulumi-terraform-bridge/blob/59de6c661df1e7561e6ece7ad7f1c835c63010c4/pkg/tfbridge/schema.go#L193-L246";

const TF = "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service";

export const REPLACEMENT_RULES: Readonly<Record<string, ReplacementRule>> = {
  // ---- network ----

  "aws:ec2/vpc:Vpc": {
    forceNew: ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength", "region"],
    source: `${TF}/ec2/vpc_.go`,
    notes:
      "[v5.54] resourceVPCCustomizeDiff: an instanceTenancy change replaces unless it goes dedicated -> default; " +
      "a cidrBlock change replaces, but is ignored when ipv4NetmaskLength is set (IPAM picks the CIDR). " +
      "ipv6CidrBlock, ipv6IpamPoolId, enableDns* and assignGeneratedIpv6CidrBlock update in place.",
  },
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
    forceNew: ["vpcId", "region"],
    source: `${TF}/ec2/vpc_default_security_group.go`,
    notes:
      "[v5.54] name/description are computed-only, so nothing is auto-named. Delete is a no-op " +
      "(schema.NoopContext): a 'replacement' adopts the other VPC's default group and only forgets the old one.",
  },
  "aws:ec2/internetGateway:InternetGateway": {
    forceNew: ["region"],
    source: `${TF}/ec2/vpc_internet_gateway.go`,
    notes: "[v5.54] No ForceNew attribute: a vpcId change detaches and re-attaches the same gateway.",
  },
  "aws:ec2/subnet:Subnet": {
    forceNew: ["availabilityZone", "availabilityZoneId", "cidrBlock", "ipv6Native", "outpostArn", "vpcId", "region"],
    source: `${TF}/ec2/vpc_subnet.go`,
    notes:
      "[v5.54] Not verified (absent from v5.54.1): ipv4IpamPoolId, ipv4NetmaskLength, ipv6IpamPoolId, " +
      "ipv6NetmaskLength. The SDK docs say an ipv6CidrBlock change on a subnet created with " +
      "assignIpv6AddressOnCreation = true forces recreation; v5.54.1 has no such CustomizeDiff.",
  },
  "aws:ec2/eip:Eip": {
    forceNew: ["address", "domain", "networkBorderGroup", "publicIpv4Pool", "region"],
    source: `${TF}/ec2/ec2_eip.go`,
    notes:
      "[v5.54] instance, networkInterface, associateWithPrivateIp and customerOwnedIpv4Pool update in place. " +
      "Not verified (absent from v5.54.1): ipamPoolId.",
  },
  "aws:ec2/natGateway:NatGateway": {
    forceNew: ["allocationId", "availabilityMode", "connectivityType", "privateIp", "subnetId", "vpcId", "region"],
    source: `${TF}/ec2/vpc_nat_gateway.go`,
    notes:
      "[v6] resourceNATGatewayCustomizeDiff: with connectivityType private, a secondaryPrivateIpAddressCount " +
      "change replaces (it was plain ForceNew in v5.54); with availabilityMode regional, availabilityZoneAddresses " +
      "going from empty to non-empty or back (auto <-> manual mode) replaces. secondaryAllocationIds and " +
      "secondaryPrivateIpAddresses update in place.",
  },
  "aws:ec2/routeTable:RouteTable": {
    forceNew: ["vpcId", "region"],
    source: `${TF}/ec2/vpc_route_table.go`,
    notes: "[v5.54] routes and propagatingVgws update in place.",
  },
  "aws:ec2/routeTableAssociation:RouteTableAssociation": {
    forceNew: ["gatewayId", "subnetId", "region"],
    source: `${TF}/ec2/vpc_route_table_association.go`,
    notes: "[v5.54] A routeTableId change is in place (ReplaceRouteTableAssociation).",
  },
  "aws:ec2/vpcEndpoint:VpcEndpoint": {
    forceNew: ["serviceName", "vpcEndpointType", "vpcId", "region"],
    source: `${TF}/ec2/vpc_endpoint.go`,
    notes:
      "[v5.54] Not verified (absent from v5.54.1): resourceConfigurationArn, serviceNetworkArn, serviceRegion. " +
      "The SDK docs say a privateDnsEnabled change forces a new resource when vpcEndpointType is not Interface; " +
      "v5.54.1 has no ForceNew or CustomizeDiff for it.",
  },

  // ---- firewall ----

  "aws:ec2/securityGroup:SecurityGroup": {
    forceNew: ["description", "name", "namePrefix", "vpcId", "region"],
    namedBy: "name",
    source: `${TF}/ec2/vpc_security_group.go`,
    notes:
      "[v5.54] pulumi-aws defaults description to 'Managed by Pulumi', so adding or changing a description " +
      "replaces the group. Inline ingress/egress and revokeRulesOnDelete update in place.",
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
    forceNew: ["securityGroupId", "region"],
    source: `${TF}/ec2/vpc_security_group_ingress_rule.go`,
    notes:
      "[v5.54] Plugin-framework resource. ModifyPlan: changing the source type (cidrIpv4 / cidrIpv6 / " +
      "prefixListId / referencedSecurityGroupId) requires replacement; same logic in the newest copies seen. " +
      "Ports, protocol and the source value itself update in place.",
  },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
    forceNew: ["securityGroupId", "region"],
    source: `${TF}/ec2/vpc_security_group_egress_rule.go`,
    notes:
      "[v5.54] Shares the schema and ModifyPlan of the ingress rule (defined in vpc_security_group_ingress_rule.go): " +
      "changing the destination type (cidrIpv4 / cidrIpv6 / prefixListId / referencedSecurityGroupId) replaces.",
  },

  // ---- edge ----

  "aws:lb/loadBalancer:LoadBalancer": {
    forceNew: ["customerOwnedIpv4Pool", "internal", "loadBalancerType", "name", "namePrefix", "region"],
    namedBy: "name",
    source: `${TF}/elbv2/load_balancer.go`,
    notes:
      "[v5.54] customizeDiffLoadBalancerALB: a subnetMappings change replaces unless mappings are only added or " +
      "only removed. customizeDiffLoadBalancerNLB: removing subnets (or changing mappings), and adding the first " +
      "or removing the last security group, replace. Not verified (absent from v5.54.1): " +
      "enablePrefixForIpv6SourceNat, enableZonalShift, healthCheckLogs, ipamPools, minimumLoadBalancerCapacity, " +
      "secondaryIpsAutoAssignedPerSubnet " +
      "(the SDK docs say decreasing the last forces recreation).",
  },
  "aws:lb/targetGroup:TargetGroup": {
    forceNew: [
      "ipAddressType",
      "name",
      "namePrefix",
      "port",
      "protocol",
      "protocolVersion",
      "targetType",
      "vpcId",
      "region",
    ],
    namedBy: "name",
    source: `${TF}/elbv2/target_group.go`,
    notes:
      "[v5.54] healthCheck, stickiness, deregistrationDelay and the other attributes update in place. A port " +
      "change replaces; with an explicit name the bridge deletes first, which AWS refuses while a listener or rule " +
      "still forwards to the group. Not verified (absent from v5.54.1): targetControlPort, targetGroupHealth.",
  },
  "aws:lb/listener:Listener": {
    forceNew: ["loadBalancerArn", "region"],
    source: `${TF}/elbv2/listener.go`,
    notes:
      "[v5.54] port, protocol, sslPolicy, certificateArn and defaultActions update in place. Not verified " +
      "(absent from v5.54.1): tcpIdleTimeoutSeconds and the routingHttp* attributes.",
  },
  "aws:lb/listenerRule:ListenerRule": {
    forceNew: ["listenerArn", "region"],
    source: `${TF}/elbv2/listener_rule.go`,
    notes: "[v5.54] priority, actions and conditions update in place. Not verified (absent from v5.54.1): transforms.",
  },

  // ---- containers ----

  "aws:ecs/cluster:Cluster": {
    forceNew: ["name", "region"],
    namedBy: "name",
    source: `${TF}/ecs/cluster.go`,
    notes: "[v5.54] configuration, settings and serviceConnectDefaults update in place.",
  },
  "aws:ecs/taskDefinition:TaskDefinition": {
    forceNew: [
      "containerDefinitions",
      "cpu",
      "enableFaultInjection",
      "ephemeralStorage",
      "executionRoleArn",
      "family",
      "ipcMode",
      "memory",
      "networkMode",
      "pidMode",
      "placementConstraints",
      "proxyConfiguration",
      "requiresCompatibilities",
      "runtimePlatform",
      "taskRoleArn",
      "volumes",
      "region",
    ],
    source: `${TF}/ecs/task_definition.go`,
    notes:
      "[v6] Task definitions are immutable: every input but tags, skipDestroy and trackLatest is ForceNew, so a " +
      "change registers a new revision of the same family and deregisters the old one (kept when skipDestroy). " +
      "containerDefinitions diffs are suppressed when the JSON is equivalent (containerDefinitionsAreEquivalent). " +
      "No auto-named name (family is the name), so the bridge replaces create-first; the service then rolls.",
  },
  "aws:ecs/service:Service": {
    forceNew: ["cluster", "iamRole", "launchType", "name", "schedulingStrategy", "region"],
    namedBy: "name",
    source: `${TF}/ecs/service.go`,
    notes:
      "[v6] deploymentController.type is no longer ForceNew (it was in v5.54). capacityProviderStrategyCustomizeDiff " +
      "now never replaces: changing capacityProviderStrategies on an existing service is an error unless " +
      "forceNewDeployment is true. taskDefinition, desiredCount, networkConfiguration and loadBalancers update in " +
      "place (a new deployment). An explicit name plus any replacing change deletes the service first (downtime).",
  },

  // ---- scaling ----

  "aws:appautoscaling/target:Target": {
    forceNew: ["resourceId", "scalableDimension", "serviceNamespace", "region"],
    source: `${TF}/appautoscaling/target.go`,
    notes:
      "[v5.54] minCapacity, maxCapacity and roleArn update in place. " +
      "Not verified (absent from v5.54.1): suspendedState.",
  },
  "aws:appautoscaling/policy:Policy": {
    forceNew: ["name", "resourceId", "scalableDimension", "serviceNamespace", "region"],
    namedBy: "name",
    source: `${TF}/appautoscaling/policy.go`,
    notes:
      "[v5.54] policyType and the *ScalingPolicyConfiguration blocks update in place (PutScalingPolicy). AWS " +
      "answers ConcurrentUpdateException to a second write on the same scalable target while one is under way, " +
      "and the provider does not retry every such call (hashicorp/terraform-provider-aws#17915): the program " +
      "chains the writes. Not verified (absent from v5.54.1): predictiveScalingPolicyConfiguration.",
  },
  "aws:appautoscaling/scheduledAction:ScheduledAction": {
    forceNew: ["name", "resourceId", "scalableDimension", "serviceNamespace", "region"],
    namedBy: "name",
    source: `${TF}/appautoscaling/scheduled_action.go`,
    notes: "[v5.54] schedule, timezone, startTime, endTime and scalableTargetAction update in place.",
  },

  // ---- data ----

  "aws:rds/subnetGroup:SubnetGroup": {
    forceNew: ["name", "namePrefix", "region"],
    namedBy: "name",
    source: `${TF}/rds/subnet_group.go`,
    notes: "[v5.54] description (pulumi-aws default 'Managed by Pulumi') and subnetIds update in place.",
  },
  "aws:rds/parameterGroup:ParameterGroup": {
    forceNew: ["description", "family", "name", "namePrefix", "region"],
    namedBy: "name",
    source: `${TF}/rds/parameter_group.go`,
    notes:
      "[v6] pulumi-aws defaults description to 'Managed by Pulumi' (upstream 'Managed by Terraform'), so setting " +
      "one replaces the group. A family change (e.g. postgres16 -> postgres17 with a major upgrade) replaces it; " +
      "with an explicit name the bridge deletes first, which RDS refuses while an instance still uses the group. " +
      "parameters update in place (ModifyDBParameterGroup; removed ones are reset); pulumi-aws also ignores an " +
      "applyMethod-only change (provider/pkg/rds/parameter_group.go).",
  },
  "aws:rds/instance:Instance": {
    forceNew: [
      "availabilityZone",
      "backupTarget",
      "characterSetName",
      "customIamInstanceProfile",
      "dbName",
      "engine",
      "kmsKeyId",
      "ncharCharacterSetName",
      "restoreToPointInTime",
      "s3Import.bucketName",
      "s3Import.bucketPrefix",
      "s3Import.ingestionRole",
      "s3Import.sourceEngine",
      "s3Import.sourceEngineVersion",
      "snapshotIdentifier",
      "storageEncrypted",
      "timezone",
      "username",
      "region",
    ],
    namedBy: "identifier",
    source: `${TF}/rds/instance.go`,
    notes:
      "[v5.54] identifier and identifierPrefix are NOT ForceNew (since v5.0 a change renames the instance in " +
      "place), but identifier is auto-named, so when the program sets it any replacing change deletes the old " +
      "instance first. engineVersion updates in place (ModifyDBInstance with AllowMajorVersionUpgrade taken from " +
      "allowMajorVersionUpgrade; AWS rejects a major upgrade without it); an actual version newer than the " +
      "configured prefix is not a diff (compareActualEngineVersion). parameterGroupName, instanceClass, " +
      "allocatedStorage, dbSubnetGroupName, multiAz and password update in place, at the next maintenance window " +
      "unless applyImmediately (which change waits and which costs downtime: change-safety.ts, RDS_MODIFICATIONS); " +
      "static parameters wait for a reboot. maxAllocatedStorage updates in place; removing it sends " +
      "MaxAllocatedStorage = allocatedStorage, which turns storage autoscaling off, and allocatedStorage below the " +
      "live (autoscaled) size is not a diff while autoscaling is on (DiffSuppressFunc). CustomizeDiff only " +
      "validates blueGreenUpdate. " +
      "Not verified (absent from v5.54.1): databaseInsightsMode, engineLifecycleSupport, passwordWo, " +
      "passwordWoVersion, upgradeStorageConfig, warningEventCategories.",
  },
  "aws:rds/proxy:Proxy": {
    forceNew: ["engineFamily", "endpointNetworkType", "targetConnectionNetworkType", "vpcSubnetIds", "region"],
    namedBy: "name",
    source: `${TF}/rds/proxy.go`,
    notes:
      "[v6] (read at commit 013f1736, 2026) name is not ForceNew: a rename is ModifyDBProxy NewDBProxyName, in place. " +
      "auth, debugLogging, idleClientTimeout, requireTls, roleArn and vpcSecurityGroupIds update in place " +
      "(ModifyDBProxy). A subnet change replaces it, delete-first when the program names it.",
  },
  "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": {
    forceNew: ["dbProxyName", "region"],
    source: `${TF}/rds/proxy_default_target_group.go`,
    notes:
      "[v5] connectionPoolConfig updates in place (ModifyDBProxyTargetGroup); delete is a no-op (the group goes " +
      "with its proxy). name is computed.",
  },
  "aws:rds/proxyTarget:ProxyTarget": {
    forceNew: ["dbClusterIdentifier", "dbInstanceIdentifier", "dbProxyName", "targetGroupName", "region"],
    source: `${TF}/rds/proxy_target.go`,
    notes: "[v6] No Update: every input is ForceNew (RegisterDBProxyTargets / DeregisterDBProxyTargets).",
  },
  "aws:dynamodb/table:Table": {
    forceNew: [
      "hashKey",
      "importTable.s3BucketSource",
      "localSecondaryIndexes",
      "name",
      "rangeKey",
      "restoreDateTime",
      "restoreToLatestTime",
      "region",
    ],
    namedBy: "name",
    source: `${TF}/dynamodb/table.go`,
    notes:
      "[v6] ttl is not ForceNew: a change calls UpdateTimeToLive in place, but AWS answers ValidationException to " +
      "a second TTL change on the same table within about an hour. CustomizeDiff: restoreSourceName or " +
      "restoreSourceTableArn changed to another non-empty value replaces; lowering warmThroughput.readUnitsPerSecond " +
      "or writeUnitsPerSecond replaces (AWS cannot decrease warm throughput). GSIs, billingMode, capacities, " +
      "streams, serverSideEncryption and replicas update in place. Not verified: restoreBackupArn.",
  },
  "aws:ecr/repository:Repository": {
    forceNew: ["encryptionConfigurations", "name", "region"],
    namedBy: "name",
    source: `${TF}/ecr/repository.go`,
    notes:
      "[v6] imageTagMutability, imageTagMutabilityExclusionFilters and imageScanningConfiguration update in place. " +
      "Deleting a repository that still holds images fails unless forceDelete (v5.54 delete path).",
  },
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": {
    forceNew: ["policy", "repository", "region"],
    source: `${TF}/ecr/lifecycle_policy.go`,
    notes:
      "[v6] policy and repository are ForceNew and there is no Update (read at main, commit 00a35305, 2026): a " +
      "policy edit (registry.keepImages) replaces it. pulumi-aws sets DeleteBeforeReplace: true for " +
      "aws_ecr_lifecycle_policy (provider/resource_overrides.go), so every replacement deletes first: create-first " +
      "would PutLifecyclePolicy over the old one (its id is the repository) and the old one's delete would remove " +
      "the new policy. A moment without a policy expires nothing.",
  },

  // ---- observability ----

  "aws:cloudwatch/logGroup:LogGroup": {
    forceNew: ["logGroupClass", "name", "namePrefix", "region"],
    namedBy: "name",
    source: `${TF}/logs/group.go`,
    notes:
      "[v6] kmsKeyId is not ForceNew (associate/disassociate in place); retentionInDays and " +
      "deletionProtectionEnabled update in place. name/namePrefix ForceNew read at v5.54.",
  },
  "aws:ec2/flowLog:FlowLog": {
    forceNew: [
      "deliverCrossAccountRole",
      "destinationOptions",
      "eniId",
      "iamRoleArn",
      "logDestination",
      "logDestinationType",
      "logFormat",
      "maxAggregationInterval",
      "subnetId",
      "trafficType",
      "transitGatewayAttachmentId",
      "transitGatewayId",
      "vpcId",
      "region",
    ],
    source: `${TF}/ec2/vpc_flow_log.go`,
    notes:
      "[v5.54] Every input but tags is ForceNew. Not verified (absent from v5.54.1): regionalNatGatewayId, " +
      "tagFieldSpecifications.",
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    forceNew: ["name", "region"],
    namedBy: "name",
    source: `${TF}/cloudwatch/metric_alarm.go`,
    notes:
      "[v5.54] TF alarm_name is Pulumi name (auto-named via resource_overrides.go). Everything else updates in " +
      "place (PutMetricAlarm). Not verified (absent from v5.54.1): evaluationCriteria, evaluationInterval, " +
      "warmUpConfiguration.",
  },
  "aws:cloudwatch/dashboard:Dashboard": {
    forceNew: ["dashboardName", "region"],
    source: `${TF}/cloudwatch/dashboard.go`,
    notes:
      "[v5.54] dashboardName is required and not auto-named, so the name rule never applies: a rename is " +
      "create-first (a new name cannot collide). dashboardBody updates in place.",
  },

  // ---- storage ----

  "aws:s3/bucket:Bucket": {
    forceNew: ["bucket", "bucketPrefix", "objectLockConfiguration.objectLockEnabled", "objectLockEnabled", "region"],
    namedBy: "bucket",
    source: `${TF}/s3/bucket.go`,
    notes:
      "[v5.54] The deprecated inline blocks (versioning, lifecycleRules, serverSideEncryptionConfiguration, ...) " +
      "update in place. Deleting a non-empty bucket fails (BucketNotEmpty) unless forceDestroy. In v6 region is the " +
      "regional override (replaces on change). Not verified (absent from v5.54.1): bucketNamespace.",
  },
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
    forceNew: ["bucket", "region"],
    source: `${TF}/s3/bucket_ownership_controls.go`,
    notes: "[v5.54] rule updates in place.",
  },
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
    forceNew: ["bucket", "region"],
    source: `${TF}/s3/bucket_public_access_block.go`,
    notes: "[v5.54] The four block/ignore/restrict flags update in place. Not verified: skipDestroy.",
  },
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
    forceNew: ["bucket", "expectedBucketOwner", "region"],
    source: `${TF}/s3/bucket_server_side_encryption_configuration.go`,
    notes: "[v5.54] rules update in place.",
  },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
    forceNew: ["bucket", "expectedBucketOwner", "region"],
    source: `${TF}/s3/bucket_lifecycle_configuration.go`,
    notes:
      "[v6] Plugin-framework resource since v5.8x: RequiresReplace on bucket and expectedBucketOwner only; rules " +
      "and transitionDefaultMinimumObjectSize update in place (PutBucketLifecycleConfiguration).",
  },
  "aws:s3/bucketPolicy:BucketPolicy": {
    forceNew: ["bucket", "region"],
    source: `${TF}/s3/bucket_policy.go`,
    notes: "[v5.54] policy updates in place.",
  },

  // ---- identity ----

  "aws:iam/role:Role": {
    forceNew: ["name", "namePrefix", "path"],
    namedBy: "name",
    source: `${TF}/iam/role.go`,
    notes:
      "[v6] IAM is global: no region input. assumeRolePolicy, description, maxSessionDuration, " +
      "permissionsBoundary, inlinePolicies and managedPolicyArns update in place.",
  },
  "aws:iam/rolePolicy:RolePolicy": {
    forceNew: ["name", "namePrefix", "role"],
    namedBy: "name",
    source: `${TF}/iam/role_policy.go`,
    notes: "[v5.54] policy updates in place (PutRolePolicy). IAM is global: no region input.",
  },

  // ---- notifications ----

  "aws:kms/key:Key": {
    forceNew: ["customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId", "region"],
    source: `${TF}/kms/key.go`,
    notes:
      "[v6] customKeyStoreId, customerMasterKeySpec and keyUsage are ForceNew (read in a 2026 copy); multiRegion and " +
      "xksKeyId are listed as replacing without being verified in that reading (the stack sets neither). " +
      "description, policy, enableKeyRotation, isEnabled and deletionWindowInDays update in place. No name.",
  },
  "aws:sns/topic:Topic": {
    forceNew: ["fifoTopic", "name", "namePrefix", "region"],
    namedBy: "name",
    source: `${TF}/sns/topic.go`,
    notes:
      "[v5.54] Topic attributes (displayName, policy, kmsMasterKeyId, deliveryPolicy, ...) update in place; " +
      "resourceTopicCustomizeDiff only validates. Not verified (absent from v5.54.1): fifoThroughputScope.",
  },
  "aws:sns/topicSubscription:TopicSubscription": {
    forceNew: ["endpoint", "protocol", "topic", "region"],
    source: `${TF}/sns/topic_subscription.go`,
    notes:
      "[v5.54] TF topic_arn is Pulumi topic. filterPolicy, rawMessageDelivery, redrivePolicy and the other " +
      "subscription attributes update in place; resourceTopicSubscriptionCustomizeDiff only adjusts " +
      "filterPolicyScope.",
  },
  "aws:sns/topicPolicy:TopicPolicy": {
    forceNew: ["arn", "region"],
    source: `${TF}/sns/topic_policy.go`,
    notes: "[v5.54] policy updates in place.",
  },
};
