// The security and reliability bar (docs/security-bar.md), checked over the whole program's resource
// graph under mocks, for the dev stack and its variants. One source of truth: every rule a policy can judge
// is the policy pack's (policy/), run here over each variant's graph as `pulumi preview --policy-pack`
// would, expecting no mandatory violation and exactly the documented advisories (spec/policy.spec.ts
// breaks each policy). What a policy cannot judge stays a numbered check below, each saying why; each
// deliberate exception is pinned so it cannot widen unnoticed.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { suite } from "uvu";
import * as assert from "uvu/assert";

import { evaluatePolicies, mandatory } from "../policy/evaluate";
import { policies } from "../policy/policies";
import { taskStartToHealthySeconds } from "../src/contract/tuning";
import { PLACEHOLDER, type RegisteredResource, type Simulation } from "../src/plan/simulate";
import { buildPlan } from "../src/plan/render";
import {
  ofType,
  only,
  parsed,
  PROXY,
  type ResourceOf,
  runProgram,
  SALE_READY,
  SINGLE_NAT,
  target,
  TLS,
  TYPES,
} from "./fixtures/program";
import { PROJECT_DIR } from "./fixtures/config";

// ---- the variants ----

const VARIANTS: Record<string, Record<string, unknown>> = {
  dev: {},
  tls: TLS,
  "single NAT": SINGLE_NAT,
  sale: SALE_READY,
};
// The pack also judges the variants whose topology differs from the checks' (the proxy sits between the
// tasks and the database).
const PACK_VARIANTS: Record<string, Record<string, unknown>> = { ...VARIANTS, proxy: PROXY };

// The advisories each variant reports: README's deliberate exceptions, and nothing else.
const ADVISORIES: Record<string, string[]> = {
  dev: ["load-balancer-serves-https", "rds-multi-az", "ecr-immutable-image-tags"],
  tls: ["rds-multi-az", "ecr-immutable-image-tags"],
  "single NAT": ["load-balancer-serves-https", "rds-multi-az", "ecr-immutable-image-tags"],
  sale: ["load-balancer-serves-https", "rds-multi-az", "ecr-immutable-image-tags"],
  proxy: ["load-balancer-serves-https", "rds-multi-az", "ecr-immutable-image-tags"],
};

// The bar's rules the pack judges, by their number in docs/security-bar.md, and the policies that judge them.
const JUDGED_BY_THE_PACK: Record<string, string[]> = {
  "1. destroyable by CI": [
    "destroyable-without-deletion-protection",
    "rds-skips-final-snapshot",
    "destroyable-repositories-and-buckets-force-deleted",
  ],
  "2. log groups owned, with retention": [
    "aws-created-log-groups-owned-by-stack",
    "log-group-retention-set",
    "log-group-retention-at-least-floor",
  ],
  "3. nothing protected": ["destroyable-nothing-protected"],
  "4. the alarm topic's key rotates": ["kms-key-rotation-enabled", "sns-topic-encrypted"],
  "5. private tiers, no public IPs": [
    "ecs-service-assigns-no-public-ip",
    "rds-not-publicly-accessible",
    "tasks-and-databases-in-private-subnets",
    "only-public-subnets-map-public-ips",
  ],
  "6. reachability": [
    "internet-ingress-only-on-allowed-ports",
    "no-all-traffic-rule-with-internet-cidr",
    "only-load-balancers-face-the-internet",
    "tasks-accept-only-their-load-balancer",
    "database-accepts-only-tasks-or-proxy",
  ],
  "7. egress": ["internet-egress-only-on-allowed-ports", "database-security-group-has-no-egress"],
  "8. default security group": ["vpc-default-security-group-taken-over", "default-security-group-has-no-rules"],
  "9. flow logs": ["vpc-flow-logs-enabled"],
  "10. gateway endpoints": ["private-route-tables-use-gateway-endpoints"],
  "11. load balancer": [
    "alb-drops-invalid-header-fields",
    "alb-desync-mitigation-defensive-or-strictest",
    "alb-spans-two-availability-zones",
    "alb-access-logs-enabled",
    "s3-bucket-encryption-configured",
    "s3-bucket-public-access-blocked",
    "access-log-bucket-expires-objects",
  ],
  "12. TLS": [
    "https-listener-uses-allowed-tls-policy",
    "http-redirects-to-https-when-https-exists",
    "load-balancer-serves-https",
  ],
  "14. task definition": [
    "ecs-task-definition-awsvpc-network-mode",
    "ecs-task-definition-separate-execution-and-task-roles",
    "ecs-task-definition-logs-configured",
  ],
  "15. container": ["ecs-container-not-privileged", "ecs-container-read-only-root-filesystem"],
  "16. no plaintext secret": ["ecs-no-secrets-in-environment"],
  "17. service": ["ecs-service-circuit-breaker-rolls-back", "ecs-fargate-service-latest-platform"],
  "18. Container Insights": ["ecs-cluster-container-insights"],
  "20. IAM wildcards": [
    "iam-no-wildcard-actions",
    "iam-resource-wildcard-only-for-unscopable-actions",
    "iam-logs-actions-scoped-to-log-groups",
  ],
  "21. roles": [
    "iam-service-role-trust-pins-source-account",
    "ecs-execution-role-reads-only-its-secrets",
    "ecs-task-role-only-items-of-stack-tables",
  ],
  "22. RDS": [
    "rds-storage-encrypted",
    "rds-automated-backups-on",
    "rds-backup-retention-at-least-floor",
    "rds-copy-tags-to-snapshots",
    "rds-auto-minor-version-upgrade",
    "rds-exports-postgresql-log",
    "rds-multi-az",
  ],
  "23. TLS to the database": ["rds-postgres-forces-tls", "rds-proxy-requires-tls"],
  "24. DynamoDB": ["dynamodb-encryption-explicitly-enabled", "dynamodb-point-in-time-recovery"],
  "25. ECR": ["ecr-scan-on-push", "ecr-repository-has-lifecycle-policy", "ecr-immutable-image-tags"],
};

// ---- helpers over the graph ----

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
    // `protect` is the pack's (destroyable-nothing-protected); `retainOnDelete` is not among the options the
    // engine shows a policy (@pulumi/policy's PolicyResourceOptions), so it stays a test.
    "3. nothing is retained on delete, so `pulumi destroy` removes every resource",
    (sim) => {
      assert.equal(
        sim.resources.filter((r) => r.options.retainOnDelete).map((r) => r.name),
        [],
      );
    },
  ],
  [
    // The stack's own choices (it never creates a secret; its one key is the topic's), not a rule for any stack.
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
    // Which alarm notifies whom is this program's wiring; the topic's encryption is the pack's (sns-topic-encrypted).
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
        // OK notifications only from the data tier (src/stack/observability.ts: notifiesOk).
        const ok = /^(rds|sessions)-/.test(a.name) ? [topic.computed.arn] : [];
        assert.equal([list(a.inputs.alarmActions), list(a.inputs.okActions)], [[topic.computed.arn], ok], a.name);
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
    // Which tier may call which is this program's topology; the pack judges what any stack must keep (internet
    // egress on 443 only, no egress from a database's group).
    "7. egress is scoped: ALB to the tasks' port, tasks to 443 and the database, no inline rules",
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
      for (const g of ofType(sim, T.securityGroup))
        assert.equal([g.inputs.ingress ?? [], g.inputs.egress ?? []], [[], []], `${g.name} has inline rules`);
    },
  ],
  [
    // The pack judges that flow logs are on (vpc-flow-logs-enabled) into the stack's own group; which group
    // the role's statements name, and the order of creation, are this program's wiring.
    "9. the flow logs' role may write only their group, and the flow log waits for its permissions",
    (sim) => {
      const flow = only(sim, T.flowLog).inputs;
      const group = target(sim, flow.logDestination);
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
    // The pack judges the TLS policy and the redirect (https-listener-uses-allowed-tls-policy,
    // http-redirects-to-https-when-https-exists); that the configured certificate is the one served, and the
    // plan's warning, are this program's.
    "12. with a certificate, HTTPS serves it on 443; without one, the plan warns of plain HTTP",
    (sim, variant) => {
      const https = ofType(sim, T.listener).filter((l) => l.inputs.protocol === "HTTPS");
      if (variant === "tls") {
        assert.equal(
          https.map((l) => [l.inputs.port, l.inputs.certificateArn]),
          [[443, TLS["webapp:tls"].certificateArn]],
        );
      } else {
        assert.equal(https, []);
        const plan = buildPlan(sim, { project: "webapp", stack: "dev", region: "us-east-2", suffix: "dev" });
        assert.ok(plan.warnings.some((w) => w.includes("plain HTTP")));
      }
    },
  ],
  [
    // The mission's health-check numbers and the capacity model's drain rule: this app's, not a rule for any stack.
    "13. the target group registers IPs on the container port, health-checks /health every 30 s, healthy after 2-3 checks, drained no sooner than a new task turns healthy and within 5 minutes, deregisters quickly",
    (sim) => {
      const tg = only(sim, T.targetGroup).inputs;
      assert.equal([tg.targetType, tg.port], ["ip", 5000]);
      const h = tg.healthCheck;
      assert.ok(h, "the target group has a health check");
      assert.equal([h.path, h.interval, h.matcher], ["/health", 30, "200"]);
      assert.ok(h.timeout !== undefined && h.interval !== undefined && h.timeout > 0 && h.timeout < h.interval);
      assert.ok(h.healthyThreshold !== undefined && h.healthyThreshold >= 2 && h.healthyThreshold <= 3);
      // A saturated task answers late: it must not be drained before a replacement can take its load.
      const drain = (h.unhealthyThreshold ?? 0) * (h.interval ?? 0);
      assert.ok(drain >= taskStartToHealthySeconds(30) && drain <= 300, `drained after ${String(drain)} s`);
      assert.ok(tg.deregistrationDelay !== undefined && tg.deregistrationDelay <= 60);
    },
  ],
  [
    // awsvpc, separate roles and a log configuration are the pack's; Fargate and the awslogs driver are this
    // program's choice.
    "14. the task definition is Fargate and logs through awslogs",
    (sim) => {
      assert.equal(only(sim, T.taskDefinition).inputs.requiresCompatibilities, ["FARGATE"]);
      assert.is(container(sim).logConfiguration.logDriver, "awslogs");
    },
  ],
  [
    // Not privileged and read-only root are the pack's; the writable /tmp, the health check and the user are
    // the container contract with this app's image.
    "15. the container writes only to /tmp on a task volume, and checks its health with Python",
    (sim) => {
      const c = container(sim);
      const volumes = list(only(sim, T.taskDefinition).inputs.volumes).map((v) => v.name);
      assert.ok(c.mountPoints.some((m) => m.containerPath === "/tmp" && volumes.includes(m.sourceVolume)));
      assert.match(c.healthCheck.command.join(" "), /python3? -c .*localhost:5000\/health/);
      assert.ok(c.healthCheck.startPeriod > 0);
      assert.is(c.user, undefined);
    },
  ],
  [
    // The pack judges credential-like names in the environment (ecs-no-secrets-in-environment) and that the
    // execution role reads exactly the secrets the containers name; that those are the configured secret is config.
    "16. credentials come only from the configured secret",
    (sim) => {
      const c = container(sim);
      const secretArn = sim.outputs.dbSecretArn as string;
      assert.ok(c.secrets.length > 0);
      for (const s of c.secrets) assert.ok(s.valueFrom.startsWith(`${secretArn}:`), s.valueFrom);
    },
  ],
  [
    // The circuit breaker and the platform are the pack's; the percentages, counts and alarm are the mission's.
    "17. the service rolls back failures, keeps 100 % healthy, rebalances zones, runs >= 2 Fargate tasks on LATEST, and keeps auto scaling's count",
    (sim) => {
      const s = only(sim, T.service).inputs;
      assert.equal([s.deploymentMinimumHealthyPercent, s.deploymentMaximumPercent], [100, 200]);
      assert.ok(s.healthCheckGracePeriodSeconds !== undefined && s.healthCheckGracePeriodSeconds >= 30);
      assert.equal([s.launchType, s.platformVersion, s.availabilityZoneRebalancing], ["FARGATE", "LATEST", "ENABLED"]);
      assert.ok(s.desiredCount !== undefined && s.desiredCount >= 2);
      assert.equal(s.alarms, { alarmNames: ["alb-5xx-dev"], enable: true, rollback: true });
      assert.equal(only(sim, T.service).options.ignoreChanges, ["desiredCount"]);
    },
  ],
  [
    // The mission's scaling numbers.
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
    // Wildcards, Resource "*" and logs scope are the pack's; no managed policy on any role is this program's.
    "20. no role carries a managed policy: every permission is a statement in the stack",
    (sim) => {
      assert.equal(ofType(sim, "aws:iam/rolePolicyAttachment:RolePolicyAttachment"), [], "no managed policies");
    },
  ],
  [
    // Trust guards, the secrets the role may read and the task role's scope are the pack's; which repository
    // and log group, and that the secret is the configured one, are this program's wiring.
    "21. the execution role pulls exactly this repository, writes this log group, and reads exactly the configured secret",
    (sim) => {
      const td = only(sim, T.taskDefinition).inputs;
      const execution = target(sim, td.executionRoleArn);
      const grants = (action: string) =>
        policyOfRole(sim, execution)
          .flatMap((p) => statements(p.inputs.policy))
          .filter((s) => list(s.Action).includes(action))
          .flatMap((s) => list(s.Resource));
      assert.equal(grants("ecr:BatchGetImage"), [only(sim, T.repository).computed.arn]);
      assert.equal(grants("secretsmanager:GetSecretValue"), [sim.outputs.dbSecretArn]);
      assert.ok(
        grants("logs:PutLogEvents").every((r) =>
          r.startsWith(`${String(ofType(sim, T.logGroup).find((g) => g.name.startsWith("/ecs/"))?.computed.arn)}:`),
        ),
      );
    },
  ],
  [
    // Encryption, backups, log export, minor upgrades and tags on snapshots are the pack's; the storage type
    // is this program's (gp3: cheaper and faster than gp2).
    "22. RDS stores its data on gp3",
    (sim) => {
      assert.is(only(sim, T.database).inputs.storageType, "gp3");
    },
  ],
  [
    // rds.force_ssl is the pack's (rds-postgres-forces-tls); the family matching the engine is this program's.
    "23. RDS uses its own parameter group, of its major version (15+)",
    (sim) => {
      const db = only(sim, T.database).inputs;
      const group = only(sim, T.parameterGroup);
      assert.ok(db.parameterGroupName === group.inputs.name || db.parameterGroupName === group.computed.name);
      const major = Number(String(db.engineVersion).split(".")[0]);
      assert.ok(major >= 15);
      assert.is(group.inputs.family, `postgres${major}`);
    },
  ],
  [
    // Encryption and point-in-time recovery are the pack's; billing and TTL are the mission's.
    "24. DynamoDB is on demand with TTL on expiry",
    (sim) => {
      const t = only(sim, T.table).inputs;
      assert.equal([t.billingMode, t.ttl], ["PAY_PER_REQUEST", { attributeName: "expiry", enabled: true }]);
    },
  ],
  [
    // Scan on push and having a lifecycle policy are the pack's; encryption's setting and the 5 are the mission's.
    "25. ECR is encrypted and keeps the 5 newest images",
    (sim) => {
      const repo = only(sim, T.repository);
      assert.ok(list(repo.inputs.encryptionConfigurations)[0]?.encryptionType);
      const policy = parsed(only(sim, T.lifecycle).inputs.policy);
      assert.equal(
        policy.rules.map((r) => [r.selection.tagStatus, r.selection.countType, r.selection.countNumber, r.action.type]),
        [["any", "imageCountMoreThan", 5, "expire"]],
      );
    },
  ],
];

// ---- the policy pack over every variant ----

const pack = suite("the security bar, as the policy pack judges it");

for (const [variant, overrides] of Object.entries(PACK_VARIANTS)) {
  pack(`the ${variant} stack: no mandatory violation, and only the documented advisories`, async () => {
    const report = await evaluatePolicies((await runProgram(overrides)).resources);
    assert.is(report.policies, policies.length);
    assert.equal(mandatory(report), []);
    assert.equal(
      report.violations.map((v) => v.policy),
      ADVISORIES[variant],
    );
  });
}

pack("every rule the pack judges names policies of the pack, and every policy judges a rule", () => {
  const named = Object.values(JUDGED_BY_THE_PACK).flat();
  const names = policies.map((p) => p.name);
  assert.equal(
    named.filter((n) => !names.includes(n)),
    [],
  );
  assert.equal(
    names.filter((n) => !named.includes(n)),
    [],
  );
});

pack.run();

// ---- what the pack cannot judge ----

for (const [variant, overrides] of Object.entries(VARIANTS)) {
  const bar = suite(`the security bar, ${variant} stack`);
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

const wildcard = suite('Resource: "*", as README states it');

// Every Allow statement of the roles' policies and the alarm key's policy that names every resource, over
// the stack with notifications and the proxy (the most documents there are).
wildcard(
  "only ecr:GetAuthorizationToken in the roles' policies, and the alarm key's own policy; README says so",
  async () => {
    const sim = await runProgram({ ...SALE_READY, ...PROXY });
    const everything = (statements: readonly Statement[]) =>
      statements.filter((st) => [st.Resource].flat().includes("*")).map((st) => [st.Action].flat().join(","));
    const roles = ofType(sim, "aws:iam/rolePolicy:RolePolicy").flatMap((r) =>
      everything(parsed<{ Statement: Statement[] }>(r.inputs.policy as string).Statement),
    );
    assert.equal([...new Set(roles)], ["ecr:GetAuthorizationToken"]);
    const key = only(sim, "aws:kms/key:Key");
    const keyStatements = parsed<{ Statement: Statement[] }>(key.inputs.policy).Statement;
    assert.ok(keyStatements.length > 0 && everything(keyStatements).length === keyStatements.length);
    const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
    assert.ok(readme.includes('`Resource: "*"` only for `ecr:GetAuthorizationToken` in the roles\''));
    assert.ok(readme.includes("with `alarms.email`, in the alarm key's own policy, where `*` means that key"));
  },
);

wildcard.run();
