// The security and reliability bar (../shared/SECURITY-BAR.md), checked over the whole program's resource
// graph under mocks, for the dev stack and for a TLS and a single-NAT variant. Each numbered check is a
// test named after its rule; each deliberate exception is pinned so it cannot widen unnoticed.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import { PLACEHOLDER, type RegisteredResource, type Simulation } from "../src/plan/simulate";
import { buildPlan } from "../src/plan/render";
import {
  ofType,
  only,
  parsed,
  type ResourceOf,
  runProgram,
  SALE_READY,
  SINGLE_NAT,
  target,
  TLS,
  type Token,
  TYPES,
} from "./fixtures/program";

// ---- the variants ----

const VARIANTS: Record<string, Record<string, unknown>> = {
  dev: {},
  tls: TLS,
  "single NAT": SINGLE_NAT,
  sale: SALE_READY,
};

// ---- helpers over the graph ----

const INTERNET = ["0.0.0.0/0", "::/0"];
const T = {
  ...TYPES,
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  flowLog: "aws:ec2/flowLog:FlowLog",
  role: "aws:iam/role:Role",
  table: "aws:dynamodb/table:Table",
  bucket: "aws:s3/bucket:Bucket",
  cluster: "aws:ecs/cluster:Cluster",
  parameterGroup: "aws:rds/parameterGroup:ParameterGroup",
  subnetGroup: "aws:rds/subnetGroup:SubnetGroup",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  scalingTarget: "aws:appautoscaling/target:Target",
  scalingPolicy: "aws:appautoscaling/policy:Policy",
  lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
} as const;

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: unknown;
}
// The fields of the container the checks read, each required of it: a missing one fails its check.
interface Container {
  logConfiguration: { logDriver: string; options: Record<string, string> };
  privileged?: boolean;
  readonlyRootFilesystem?: boolean;
  user?: string;
  mountPoints: { containerPath: string; sourceVolume: string }[];
  healthCheck: { command: string[]; startPeriod: number };
  environment: { name: string; value: string }[];
  secrets: { name: string; valueFrom: string }[];
}
const list = <A>(x: A | A[] | undefined): A[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
// Array.includes for a value that may be missing: a missing value is in none of these lists.
const oneOf = <A>(value: A | undefined, options: readonly A[]): boolean =>
  value !== undefined && options.includes(value);
// The program passes every policy as JSON text.
const statements = (policy: unknown): Statement[] =>
  list((JSON.parse(String(policy)) as { Statement: Statement | Statement[] }).Statement);
const groupNamed = (sim: Simulation, prefix: string) => {
  const group = ofType(sim, T.securityGroup).find((g) => g.name.startsWith(prefix));
  assert.ok(group, `no security group named ${prefix}*`);
  return group;
};
const rulesOf = <K extends typeof T.ingress | typeof T.egress>(sim: Simulation, type: K, group: RegisteredResource) =>
  ofType(sim, type).filter((r) => r.inputs.securityGroupId === group.id);
const bucketControl = <K extends Token>(sim: Simulation, type: K, bucket: RegisteredResource) =>
  ofType(sim, type).find((r) => r.inputs.bucket === bucket.id);
const policyOfRole = (sim: Simulation, role: RegisteredResource) =>
  ofType(sim, T.rolePolicy).filter((p) => p.inputs.role === role.id);
const container = (sim: Simulation): Container => {
  const [first] = parsed<Container[]>(only(sim, T.taskDefinition).inputs.containerDefinitions);
  assert.ok(first, "the task definition has a container");
  return first;
};

// ---- the numbered checks ----

type Check = (sim: Simulation, variant: string) => void;

const CHECKS: [string, Check][] = [
  [
    "1. destroyable by CI: no final snapshot or deletion protection, ECR and S3 force-deleted",
    (sim) => {
      const db = only(sim, T.database).inputs;
      assert.equal([db.skipFinalSnapshot, db.deletionProtection === true], [true, false]);
      assert.is.not(only(sim, T.loadBalancer).inputs.enableDeletionProtection, true);
      assert.is.not(only(sim, T.table).inputs.deletionProtectionEnabled, true);
      assert.is(only(sim, T.repository).inputs.forceDelete, true);
      for (const bucket of ofType(sim, T.bucket)) assert.is(bucket.inputs.forceDestroy, true, bucket.name);
    },
  ],
  [
    "2. every log group the stack causes to exist is its own, kept 7 days: the app's, the flow logs', RDS's postgresql",
    (sim) => {
      const groups = ofType(sim, T.logGroup);
      for (const g of groups) assert.is(g.inputs.retentionInDays, 7, g.name);
      const names = groups.map((g) => g.inputs.name);
      const db = only(sim, T.database).inputs;
      const identifier = String(db.identifier);
      const clusterName = String(only(sim, T.cluster).inputs.name);
      for (const exported of list<string>(db.enabledCloudwatchLogsExports))
        assert.ok(names.includes(`/aws/rds/instance/${identifier}/${exported}`), exported);
      assert.ok(names.includes(container(sim).logConfiguration.options["awslogs-group"]));
      const cluster = only(sim, T.cluster);
      if (list(cluster.inputs.settings).some((s) => s.name === "containerInsights" && s.value !== "disabled")) {
        assert.ok(names.includes(`/aws/ecs/containerinsights/${clusterName}/performance`), "Container Insights' group");
      }
      assert.ok(groups.some((g) => g.computed.arn === only(sim, T.flowLog).inputs.logDestination));
      // Created first, or the service creates its own group that never expires and survives destroy.
      assert.ok(
        only(sim, T.database).options.dependsOn.includes(`/aws/rds/instance/${identifier}/postgresql`),
        "RDS's group exists before RDS would create one",
      );
      assert.ok(
        only(sim, T.cluster).options.dependsOn.includes(`/aws/ecs/containerinsights/${clusterName}/performance`),
        "Container Insights' group exists before the cluster",
      );
    },
  ],
  [
    "3. nothing is protected or retained on delete, so `pulumi destroy` removes every resource",
    (sim) => {
      const kept = sim.resources.filter((r) => r.options.protect || r.options.retainOnDelete).map((r) => r.name);
      assert.equal(kept, []);
    },
  ],
  [
    "4. the stack creates no secret, secret version or rotation; its only KMS key is the alarm topic's, when it notifies",
    (sim) => {
      assert.equal(
        sim.resources.filter((r) => r.type.startsWith("aws:secretsmanager/")).map((r) => r.type),
        [],
      );
      // CloudWatch cannot publish to a topic under the AWS-managed SNS key (README's exceptions).
      const keys = sim.resources.filter((r) => r.type.startsWith("aws:kms/"));
      const topics = ofType(sim, "aws:sns/topic:Topic");
      assert.is(keys.length, topics.length);
      for (const key of keys) {
        assert.is(key.type, "aws:kms/key:Key");
        assert.equal([key.inputs.enableKeyRotation, key.inputs.deletionWindowInDays], [true, 7]);
        assert.ok(
          topics.some((t) => t.inputs.kmsMasterKeyId === key.computed.arn),
          key.name,
        );
      }
    },
  ],
  [
    "alarms notify only through an encrypted topic only this account's CloudWatch may publish to, and only when asked",
    (sim) => {
      const topics = ofType(sim, "aws:sns/topic:Topic");
      const subscriptions = ofType(sim, "aws:sns/topicSubscription:TopicSubscription");
      const alarms = ofType(sim, "aws:cloudwatch/metricAlarm:MetricAlarm");
      assert.ok(alarms.length >= 6);
      const [topic, ...others] = topics;
      if (topic === undefined) {
        assert.equal(subscriptions, []);
        for (const a of alarms) assert.equal(list(a.inputs.alarmActions), [], a.name);
        return;
      }
      assert.is(others.length, 0);
      assert.ok(topic.inputs.kmsMasterKeyId, "encrypted");
      for (const a of alarms) {
        assert.equal(
          [list(a.inputs.alarmActions), list(a.inputs.okActions)],
          [[topic.computed.arn], [topic.computed.arn]],
        );
      }
      for (const s of subscriptions) assert.equal([s.inputs.topic, s.inputs.protocol], [topic.computed.arn, "email"]);
      const policy = ofType(sim, "aws:sns/topicPolicy:TopicPolicy").find((p) => p.inputs.arn === topic.computed.arn);
      assert.ok(policy, "the topic has a policy");
      const allows = statements(policy.inputs.policy).filter((s) => s.Effect === "Allow");
      assert.equal(
        allows.map((s) => [s.Principal, s.Action, s.Resource]),
        [[{ Service: "cloudwatch.amazonaws.com" }, "sns:Publish", topic.computed.arn]],
      );
      assert.equal((allows[0]?.Condition as { StringEquals: unknown }).StringEquals, {
        "aws:SourceAccount": PLACEHOLDER.account,
      });
    },
  ],
  [
    "5. tasks and the database sit in private subnets without public IPs; only public subnets could map public IPs",
    (sim) => {
      const network = only(sim, T.service).inputs.networkConfiguration;
      assert.ok(network, "the service has a network configuration");
      assert.is.not(network.assignPublicIp, true);
      const privateIds = list<string>(network.subnets);
      assert.ok(privateIds.every((id) => target(sim, id).name.startsWith("private-")));
      const db = only(sim, T.database).inputs;
      assert.is.not(db.publiclyAccessible, true);
      const subnetGroup = ofType(sim, T.subnetGroup).find(
        (g) => g.inputs.name === db.dbSubnetGroupName || g.computed.name === db.dbSubnetGroupName,
      );
      assert.equal(list<string>(subnetGroup?.inputs.subnetIds).sort(), [...privateIds].sort());
      for (const subnet of ofType(sim, T.subnet).filter((s) => !s.name.startsWith("public-")))
        assert.is.not(subnet.inputs.mapPublicIpOnLaunch, true, subnet.name);
    },
  ],
  [
    "6. only the load balancer accepts the internet, on 80 and 443; tasks only from it; the database only from the tasks",
    (sim) => {
      const alb = groupNamed(sim, "alb-sg-");
      const tasks = groupNamed(sim, "tasks-sg-");
      const db = groupNamed(sim, "db-sg-");
      for (const rule of ofType(sim, T.ingress)) {
        const open = oneOf(rule.inputs.cidrIpv4, INTERNET) || oneOf(rule.inputs.cidrIpv6, INTERNET);
        if (open) {
          assert.is(rule.inputs.securityGroupId, alb.id, `${rule.name} opens a non-ALB group to the internet`);
          assert.ok(oneOf(rule.inputs.fromPort, [80, 443]) && rule.inputs.fromPort === rule.inputs.toPort, rule.name);
          assert.is.not(rule.inputs.ipProtocol, "-1");
        }
      }
      assert.equal(
        rulesOf(sim, T.ingress, tasks).map((r) => [
          r.inputs.referencedSecurityGroupId,
          r.inputs.fromPort,
          r.inputs.toPort,
        ]),
        [[alb.id, 5000, 5000]],
      );
      assert.equal(
        rulesOf(sim, T.ingress, db).map((r) => [
          r.inputs.referencedSecurityGroupId,
          r.inputs.fromPort,
          r.inputs.toPort,
        ]),
        [[tasks.id, 5432, 5432]],
      );
    },
  ],
  [
    "7. egress is scoped: ALB to the tasks' port, tasks to 443 and the database, the database nowhere",
    (sim) => {
      const alb = groupNamed(sim, "alb-sg-");
      const tasks = groupNamed(sim, "tasks-sg-");
      const db = groupNamed(sim, "db-sg-");
      const peer = (r: ResourceOf<typeof T.egress>) => r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId;
      assert.equal(
        rulesOf(sim, T.egress, alb).map((r) => [peer(r), r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort]),
        [[tasks.id, "tcp", 5000, 5000]],
      );
      assert.equal(
        rulesOf(sim, T.egress, tasks)
          .map((r) => [peer(r), r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort])
          .sort(),
        [
          ["0.0.0.0/0", "tcp", 443, 443],
          [db.id, "tcp", 5432, 5432],
        ].sort(),
      );
      assert.equal(rulesOf(sim, T.egress, db), []);
      for (const g of ofType(sim, T.securityGroup))
        assert.equal([g.inputs.ingress ?? [], g.inputs.egress ?? []], [[], []], `${g.name} has inline rules`);
    },
  ],
  [
    "8. the VPC's default security group is taken over with no rules",
    (sim) => {
      const group = only(sim, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
      assert.is(group.inputs.vpcId, only(sim, T.vpc).id);
      assert.equal([group.inputs.ingress ?? [], group.inputs.egress ?? []], [[], []]);
    },
  ],
  [
    "9. VPC flow logs capture all traffic into a 7-day group, written by a role that may write only there",
    (sim) => {
      const flow = only(sim, T.flowLog).inputs;
      assert.is(flow.vpcId, only(sim, T.vpc).id);
      assert.ok(oneOf(flow.trafficType, ["ALL", "REJECT"]));
      const group = target(sim, flow.logDestination);
      assert.is(group.inputs.retentionInDays, 7);
      const role = target(sim, flow.iamRoleArn);
      const rolePolicies = policyOfRole(sim, role);
      const policies = rolePolicies.flatMap((p) => statements(p.inputs.policy));
      // What delivery needs, on the group; the one list action IAM cannot scope to a group, on the
      // account's groups in the region (README's exceptions).
      const actions = policies.flatMap((s) => list(s.Action));
      for (const needed of ["logs:CreateLogStream", "logs:PutLogEvents"]) assert.ok(actions.includes(needed), needed);
      for (const s of policies) {
        assert.ok(
          list(s.Action).every((a) => a.startsWith("logs:") && !a.includes("*")),
          JSON.stringify(s.Action),
        );
        const scope = list(s.Action).includes("logs:DescribeLogGroups")
          ? `arn:aws:logs:us-east-2:${PLACEHOLDER.account}:log-group:*`
          : `${String(group.computed.arn)}:*`;
        assert.equal(list(s.Resource), [scope]);
      }
      // Created after its permissions, or it can stay in "Access error".
      for (const p of rolePolicies) assert.ok(only(sim, T.flowLog).options.dependsOn.includes(p.name), p.name);
    },
  ],
  [
    "10. S3 and DynamoDB gateway endpoints serve every private route table",
    (sim) => {
      const privateTables = ofType(sim, T.routeTable)
        .filter((t) => t.name.startsWith("private-"))
        .map((t) => t.id)
        .sort();
      const endpoints = ofType(sim, T.endpoint);
      assert.equal(endpoints.map((e) => String(e.inputs.serviceName).split(".").pop()).sort(), ["dynamodb", "s3"]);
      for (const e of endpoints) {
        assert.is(e.inputs.vpcEndpointType, "Gateway");
        assert.equal(list<string>(e.inputs.routeTableIds).sort(), privateTables);
      }
    },
  ],
  [
    "11. the ALB drops invalid headers, mitigates desync, spans two zones and logs to a private, encrypted, expiring bucket",
    (sim) => {
      const alb = only(sim, T.loadBalancer).inputs;
      assert.is(alb.dropInvalidHeaderFields, true);
      assert.ok(oneOf(alb.desyncMitigationMode, ["defensive", "strictest"]));
      assert.equal(new Set(list<string>(alb.subnets).map((id) => target(sim, id).inputs.availabilityZone)).size, 2);
      assert.is(alb.accessLogs?.enabled, true);
      const bucket = ofType(sim, T.bucket).find((b) => b.computed.bucket === alb.accessLogs?.bucket);
      assert.ok(bucket, "access logs go to the stack's bucket");
      const block = bucketControl(sim, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket)?.inputs;
      assert.equal(
        [block?.blockPublicAcls, block?.blockPublicPolicy, block?.ignorePublicAcls, block?.restrictPublicBuckets],
        [true, true, true, true],
      );
      const encryption = bucketControl(
        sim,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        bucket,
      )?.inputs;
      assert.ok(encryption?.rules[0]?.applyServerSideEncryptionByDefault?.sseAlgorithm);
      const lifecycle = bucketControl(
        sim,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        bucket,
      )?.inputs;
      assert.ok(lifecycle?.rules?.some((r) => r.status === "Enabled" && (r.expiration?.days ?? 0) > 0));
    },
  ],
  [
    "12. with a certificate: HTTPS on 443 with TLS 1.2/1.3 and 80 only redirects (301); without one, the plan warns of plain HTTP",
    (sim, variant) => {
      const listeners = ofType(sim, T.listener);
      const https = listeners.filter((l) => l.inputs.protocol === "HTTPS");
      if (variant === "tls") {
        assert.equal(
          https.map((l) => [l.inputs.port, l.inputs.sslPolicy, l.inputs.certificateArn]),
          [[443, "ELBSecurityPolicy-TLS13-1-2-2021-06", TLS["webapp:tls"].certificateArn]],
        );
        const http = listeners.find((l) => l.inputs.port === 80);
        assert.equal(http?.inputs.defaultActions, [
          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ]);
        for (const rule of ofType(sim, T.listenerRule)) assert.is(target(sim, rule.inputs.listenerArn), https[0]);
      } else {
        assert.equal(https, []);
        const plan = buildPlan(sim, { project: "webapp", stack: "dev", region: "us-east-2", suffix: "dev" });
        assert.ok(plan.warnings.some((w) => w.includes("plain HTTP")));
      }
    },
  ],
  [
    "13. the target group registers IPs on the container port, health-checks /health every 30 s with 2-3 thresholds, drains quickly",
    (sim) => {
      const tg = only(sim, T.targetGroup).inputs;
      assert.equal([tg.targetType, tg.port], ["ip", 5000]);
      const h = tg.healthCheck;
      assert.ok(h, "the target group has a health check");
      assert.equal([h.path, h.interval, h.matcher], ["/health", 30, "200"]);
      assert.ok(h.timeout !== undefined && h.interval !== undefined && h.timeout > 0 && h.timeout < h.interval);
      assert.ok([h.healthyThreshold, h.unhealthyThreshold].every((n) => n !== undefined && n >= 2 && n <= 3));
      assert.ok(tg.deregistrationDelay !== undefined && tg.deregistrationDelay <= 60);
    },
  ],
  [
    "14. the task definition is Fargate awsvpc with separate execution and task roles and awslogs",
    (sim) => {
      const td = only(sim, T.taskDefinition).inputs;
      assert.equal([td.requiresCompatibilities, td.networkMode], [["FARGATE"], "awsvpc"]);
      assert.ok(td.executionRoleArn && td.taskRoleArn && td.executionRoleArn !== td.taskRoleArn);
      assert.is(container(sim).logConfiguration.logDriver, "awslogs");
    },
  ],
  [
    "15. the container is not privileged, has a read-only root with /tmp on a task volume, and checks its health with Python",
    (sim) => {
      const c = container(sim);
      assert.is.not(c.privileged, true);
      assert.is(c.readonlyRootFilesystem, true);
      const volumes = list(only(sim, T.taskDefinition).inputs.volumes).map((v) => v.name);
      assert.ok(c.mountPoints.some((m) => m.containerPath === "/tmp" && volumes.includes(m.sourceVolume)));
      assert.match(c.healthCheck.command.join(" "), /python3? -c .*localhost:5000\/health/);
      assert.ok(c.healthCheck.startPeriod > 0);
      assert.is(c.user, undefined);
    },
  ],
  [
    "16. no plaintext secret: no credential-like environment variable, credentials only from the configured secret",
    (sim) => {
      const c = container(sim);
      for (const e of c.environment) assert.not.match(e.name, /PASS|SECRET|TOKEN|KEY/i);
      const secretArn = sim.outputs.dbSecretArn as string;
      assert.ok(c.secrets.length > 0);
      for (const s of c.secrets) assert.ok(s.valueFrom.startsWith(`${secretArn}:`), s.valueFrom);
    },
  ],
  [
    "17. the service rolls back failures, keeps 100 % healthy, rebalances zones, runs >= 2 Fargate tasks on LATEST, and keeps auto scaling's count",
    (sim) => {
      const s = only(sim, T.service).inputs;
      assert.equal(s.deploymentCircuitBreaker, { enable: true, rollback: true });
      assert.equal([s.deploymentMinimumHealthyPercent, s.deploymentMaximumPercent], [100, 200]);
      assert.ok(s.healthCheckGracePeriodSeconds !== undefined && s.healthCheckGracePeriodSeconds >= 30);
      assert.equal([s.launchType, s.platformVersion, s.availabilityZoneRebalancing], ["FARGATE", "LATEST", "ENABLED"]);
      assert.ok(s.desiredCount !== undefined && s.desiredCount >= 2);
      assert.equal(s.alarms, { alarmNames: ["alb-5xx-dev"], enable: true, rollback: true });
      assert.equal(only(sim, T.service).options.ignoreChanges, ["desiredCount"]);
    },
  ],
  [
    "18. the cluster has Container Insights",
    (sim) => {
      assert.ok(
        list(only(sim, T.cluster).inputs.settings).some(
          (s) => s.name === "containerInsights" && ["enabled", "enhanced"].includes(s.value),
        ),
      );
    },
  ],
  [
    "19. auto scaling tracks 70 % average CPU between 2 and 10 tasks with 300 s cooldowns",
    (sim) => {
      const t = only(sim, T.scalingTarget).inputs;
      assert.equal([t.minCapacity, t.maxCapacity, t.resourceId], [2, 10, "service/cluster-dev/service-dev"]);
      const p = ofType(sim, T.scalingPolicy)
        .map((policy) => policy.inputs.targetTrackingScalingPolicyConfiguration)
        .find((c) => c?.predefinedMetricSpecification?.predefinedMetricType === "ECSServiceAverageCPUUtilization");
      assert.equal(
        [
          p?.predefinedMetricSpecification?.predefinedMetricType,
          p?.targetValue,
          p?.scaleInCooldown,
          p?.scaleOutCooldown,
        ],
        ["ECSServiceAverageCPUUtilization", 70, 300, 300],
      );
    },
  ],
  [
    "20. no statement allows * or <service>:*, Resource * only for ecr:GetAuthorizationToken, logs scoped to their group",
    (sim) => {
      const documents = [...ofType(sim, T.rolePolicy), ...ofType(sim, "aws:s3/bucketPolicy:BucketPolicy")].flatMap(
        (p) => statements(p.inputs.policy),
      );
      assert.ok(documents.length > 5);
      for (const s of documents.filter((d) => d.Effect === "Allow")) {
        for (const action of list(s.Action)) assert.ok(action !== "*" && !action.endsWith(":*"), action);
        if (list(s.Resource).includes("*")) assert.equal(list(s.Action), ["ecr:GetAuthorizationToken"]);
        if (list(s.Action).some((a) => a.startsWith("logs:")))
          assert.ok(
            list(s.Resource).every((r) => r.includes(":log-group:")),
            JSON.stringify(s.Resource),
          );
      }
      assert.equal(ofType(sim, "aws:iam/rolePolicyAttachment:RolePolicyAttachment"), [], "no managed policies");
    },
  ],
  [
    "21. the execution role (ecs-tasks, this account) pulls this repository, writes this log group, reads exactly the secret; the task role only the table",
    (sim) => {
      const td = only(sim, T.taskDefinition).inputs;
      const execution = target(sim, td.executionRoleArn);
      const task = target(sim, td.taskRoleArn);
      for (const role of [execution, task]) {
        const [trust] = statements(role.inputs.assumeRolePolicy);
        assert.equal(trust?.Principal, { Service: "ecs-tasks.amazonaws.com" });
        assert.ok((trust?.Condition as { StringEquals: Record<string, string> }).StringEquals["aws:SourceAccount"]);
      }
      const allowed = (role: RegisteredResource) => policyOfRole(sim, role).flatMap((p) => statements(p.inputs.policy));
      const grants = (role: RegisteredResource, action: string) =>
        allowed(role)
          .filter((s) => list(s.Action).includes(action))
          .flatMap((s) => list(s.Resource));
      assert.equal(grants(execution, "ecr:BatchGetImage"), [only(sim, T.repository).computed.arn]);
      assert.equal(grants(execution, "secretsmanager:GetSecretValue"), [sim.outputs.dbSecretArn]);
      assert.ok(
        grants(execution, "logs:PutLogEvents").every((r) =>
          r.startsWith(`${String(ofType(sim, T.logGroup).find((g) => g.name.startsWith("/ecs/"))?.computed.arn)}:`),
        ),
      );
      const tableArn = String(only(sim, T.table).computed.arn);
      for (const s of allowed(task)) {
        assert.ok(
          list(s.Action).every((a) => a.startsWith("dynamodb:")),
          JSON.stringify(s.Action),
        );
        assert.ok(
          list(s.Resource).every((r) => r === tableArn || r.startsWith(`${tableArn}/index/`)),
          JSON.stringify(s.Resource),
        );
      }
    },
  ],
  [
    "22. RDS is encrypted gp3, keeps backups, copies tags to snapshots, takes minor upgrades, exports postgresql logs, Multi-AZ from config",
    (sim) => {
      const db = only(sim, T.database).inputs;
      assert.equal(
        [db.storageEncrypted, db.storageType, db.copyTagsToSnapshot, db.autoMinorVersionUpgrade, db.multiAz],
        [true, "gp3", true, true, false],
      );
      assert.ok(db.backupRetentionPeriod !== undefined && db.backupRetentionPeriod >= 1);
      assert.ok(list(db.enabledCloudwatchLogsExports).includes("postgresql"));
    },
  ],
  [
    "23. RDS uses its own parameter group, of its major version (15+), with rds.force_ssl = 1",
    (sim) => {
      const db = only(sim, T.database).inputs;
      const group = only(sim, T.parameterGroup);
      assert.ok(db.parameterGroupName === group.inputs.name || db.parameterGroupName === group.computed.name);
      const major = Number(String(db.engineVersion).split(".")[0]);
      assert.ok(major >= 15);
      assert.is(group.inputs.family, `postgres${major}`);
      assert.ok(list(group.inputs.parameters).some((p) => p.name === "rds.force_ssl" && p.value === "1"));
    },
  ],
  [
    "24. DynamoDB is on demand with TTL on expiry, encryption explicitly on, and point-in-time recovery",
    (sim) => {
      const t = only(sim, T.table).inputs;
      assert.equal(
        [t.billingMode, t.ttl, t.serverSideEncryption?.enabled, t.pointInTimeRecovery?.enabled],
        ["PAY_PER_REQUEST", { attributeName: "expiry", enabled: true }, true, true],
      );
    },
  ],
  [
    "25. ECR scans on push, is encrypted, and keeps the 5 newest images",
    (sim) => {
      const repo = only(sim, T.repository);
      assert.is(repo.inputs.imageScanningConfiguration?.scanOnPush, true);
      assert.ok(list(repo.inputs.encryptionConfigurations)[0]?.encryptionType);
      const policy = parsed(only(sim, T.lifecycle).inputs.policy);
      assert.equal(
        policy.rules.map((r) => [r.selection.tagStatus, r.selection.countType, r.selection.countNumber, r.action.type]),
        [["any", "imageCountMoreThan", 5, "expire"]],
      );
    },
  ],
];

for (const [variant, overrides] of Object.entries(VARIANTS)) {
  const bar = suite(`SECURITY-BAR.md, ${variant} stack`);
  for (const [rule, check] of CHECKS)
    bar(rule, async () => {
      check(await runProgram(overrides), variant);
    });
  bar.run();
}

// ---- the deliberate exceptions, exactly as documented ----

const exceptions = suite("deliberate exceptions");

exceptions("deletion protection is off on the ALB, RDS and DynamoDB (CI destroys every stack)", async () => {
  const sim = await runProgram();
  assert.equal(
    [
      only(sim, T.loadBalancer).inputs.enableDeletionProtection,
      only(sim, T.database).inputs.deletionProtection,
      only(sim, T.table).inputs.deletionProtectionEnabled,
    ],
    [false, false, false],
  );
});

exceptions("RDS Multi-AZ is a switch, off by default and on when configured", async () => {
  assert.is(only(await runProgram(), T.database).inputs.multiAz, false);
  assert.is(only(await runProgram({ "webapp:database": { multiAz: true } }), T.database).inputs.multiAz, true);
});

exceptions("RDS backups are kept exactly 5 days, not 0 and not silently more", async () => {
  assert.is(only(await runProgram(), T.database).inputs.backupRetentionPeriod, 5);
});

exceptions("logs are kept exactly 7 days", async () => {
  const sim = await runProgram();
  assert.equal([...new Set(ofType(sim, T.logGroup).map((g) => g.inputs.retentionInDays))], [7]);
});

exceptions("image tags are mutable, so webapp:latest can be redeployed", async () => {
  assert.is(only(await runProgram(), T.repository).inputs.imageTagMutability, "MUTABLE");
});

exceptions("the ALB is internet-facing and speaks HTTP to the tasks inside the VPC", async () => {
  const sim = await runProgram();
  assert.equal([only(sim, T.loadBalancer).inputs.internal, only(sim, T.targetGroup).inputs.protocol], [false, "HTTP"]);
});

exceptions.run();
