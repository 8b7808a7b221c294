// The policy pack (policy/), rule by rule: for every policy, the shipped program's graph with one thing
// broken, and the policy reporting it in its own words. The graphs are the program's own runs (shared
// with the other suites), edited where a test says; guarantees.spec.ts runs the whole pack over every
// variant unedited and expects no mandatory violation.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { suite } from "uvu";
import * as assert from "uvu/assert";

import { evaluatePolicies, type EvaluateOptions, type OfflineResource, violationLines } from "../policy/evaluate";
import { DEFAULTS, PACK_NAME, policies } from "../policy/policies";
import { policyTable, readmeWithPolicies } from "../policy/readme";
import { PROJECT_DIR } from "./fixtures/config";
import { PROXY, runProgram, SALE_READY, TLS } from "./fixtures/program";

// ---- helpers ----

type Graph = readonly OfflineResource[];
type Inputs = Record<string, unknown>;
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

const dev = async (): Promise<Graph> => (await runProgram()).resources;
const tls = async (): Promise<Graph> => (await runProgram(TLS)).resources;
const proxy = async (): Promise<Graph> => (await runProgram(PROXY)).resources;
const sale = async (): Promise<Graph> => (await runProgram(SALE_READY)).resources;

const find = (graph: Graph, name: string, type?: string): OfflineResource => {
  const found = graph.filter((r) => r.name === name && (type === undefined || r.type === type));
  if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
  return found[0] as OfflineResource;
};

// The graph with one resource's inputs edited (a key set to undefined is removed).
const editing = (graph: Graph, name: string, edit: (inputs: Inputs) => Inputs, type?: string): Graph => {
  const target = find(graph, name, type);
  const inputs = Object.fromEntries(Object.entries(edit({ ...target.inputs })).filter(([, v]) => v !== undefined));
  return graph.map((r) => (r === target ? { ...r, inputs } : r));
};
const setting = (graph: Graph, name: string, patch: Inputs, type?: string): Graph =>
  editing(graph, name, (inputs) => ({ ...inputs, ...patch }), type);
const without = (graph: Graph, name: string, type: string): Graph => {
  const target = find(graph, name, type);
  return graph.filter((r) => r !== target);
};
const adding = (graph: Graph, ...extra: OfflineResource[]): Graph => [...graph, ...extra];
const resource = (type: string, name: string, inputs: Inputs): OfflineResource => ({
  type,
  name,
  id: `${name}-id`,
  inputs,
  computed: { name },
  options: { dependsOn: [], ignoreChanges: [], deleteBeforeReplace: undefined, protect: false, retainOnDelete: false },
});

// A JSON-text input (a policy document, container definitions), edited as an object.
const editingJson = <D>(graph: Graph, name: string, key: string, edit: (document: D) => D, type?: string): Graph =>
  editing(
    graph,
    name,
    (inputs) => ({ ...inputs, [key]: JSON.stringify(edit(JSON.parse(String(inputs[key])) as D)) }),
    type,
  );

interface Container {
  environment: { name: string; value: string }[];
  secrets: { name: string; valueFrom: string }[];
  logConfiguration?: { logDriver: string; options: Record<string, string> };
  [key: string]: unknown;
}
const editingContainer = (graph: Graph, edit: (c: Container) => Container): Graph =>
  editingJson<Container[]>(
    graph,
    "webapp-dev",
    "containerDefinitions",
    ([c, ...rest]) => [edit(c as Container), ...rest],
    TASK_DEFINITION,
  );

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  [key: string]: unknown;
}
interface PolicyDocument {
  Statement: Statement[];
  [key: string]: unknown;
}
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const editingStatements = (graph: Graph, name: string, edit: (s: Statement[]) => Statement[], type = ROLE_POLICY) =>
  editingJson<PolicyDocument>(graph, name, "policy", (d) => ({ ...d, Statement: edit(d.Statement) }), type);

// What one policy reports on a graph, as "resource: message" lines.
const reported = async (policy: string, graph: Graph, config?: EvaluateOptions["config"]): Promise<string[]> => {
  const chosen = policies.filter((p) => p.name === policy);
  assert.is(chosen.length, 1, `the pack has a policy ${policy}`);
  const report = await evaluatePolicies(graph, { policies: chosen, ...(config && { config }) });
  return report.violations.map((v) => `${v.resource ?? "stack"}: ${v.message}`);
};

// Every policy named in a test below; the last test checks none is left without one.
const tested = new Set<string>();

// A test that a policy reports the broken graph with these words, and says nothing of the shipped one.
const breaks = (
  test: ReturnType<typeof suite>,
  policy: string,
  rule: string,
  broken: () => Promise<Graph>,
  expected: string,
  shipped: () => Promise<Graph> = dev,
) => {
  tested.add(policy);
  test(`${policy}: ${rule}`, async () => {
    assert.equal(await reported(policy, await shipped()), [], "the shipped graph passes");
    assert.equal(await reported(policy, await broken()), [expected]);
  });
};

// Any other test of a policy, named after it.
const about = (test: ReturnType<typeof suite>, policy: string, rule: string, run: () => Promise<void>) => {
  tested.add(policy);
  test(`${policy}: ${rule}`, run);
};

// ---- network ----

const network = suite("policies: network");

breaks(
  network,
  "internet-ingress-only-on-allowed-ports",
  "reports the database port opened to 0.0.0.0/0",
  async () =>
    setting(await dev(), "db-in-from-tasks-dev", { cidrIpv4: "0.0.0.0/0", referencedSecurityGroupId: undefined }),
  "db-in-from-tasks-dev: admits tcp/5432 from 0.0.0.0/0: only TCP 80, 443 may be open to the internet",
);

about(
  network,
  "internet-ingress-only-on-allowed-ports",
  "reports a port range open to ::/0, and takes its ports from config",
  async () => {
    const range = setting(await dev(), "alb-in-80-dev", { cidrIpv4: undefined, cidrIpv6: "::/0", toPort: 443 });
    assert.equal(await reported("internet-ingress-only-on-allowed-ports", range), [
      "alb-in-80-dev: admits tcp/80-443 from ::/0: only TCP 80, 443 may be open to the internet",
    ]);
    assert.equal(
      await reported("internet-ingress-only-on-allowed-ports", await dev(), {
        "internet-ingress-only-on-allowed-ports": { allowedPorts: [443] },
      }),
      ["alb-in-80-dev: admits tcp/80 from 0.0.0.0/0: only TCP 443 may be open to the internet"],
    );
  },
);

breaks(
  network,
  "no-all-traffic-rule-with-internet-cidr",
  "reports egress of every protocol to 0.0.0.0/0",
  async () => setting(await dev(), "tasks-out-https-dev", { ipProtocol: "-1", fromPort: undefined, toPort: undefined }),
  "tasks-out-https-dev: allows all traffic to 0.0.0.0/0: all protocols to the internet",
);

breaks(
  network,
  "internet-egress-only-on-allowed-ports",
  "reports egress to the internet on port 80",
  async () => setting(await dev(), "tasks-out-https-dev", { fromPort: 80, toPort: 80 }),
  "tasks-out-https-dev: sends tcp/80 to 0.0.0.0/0: only TCP 443 may go to the internet",
);

breaks(
  network,
  "only-load-balancers-face-the-internet",
  "reports a database reachable from the internet",
  async () =>
    setting(await dev(), "db-in-from-tasks-dev", { cidrIpv4: "0.0.0.0/0", referencedSecurityGroupId: undefined }),
  "db-sg-dev: admits the internet (tcp/5432 from 0.0.0.0/0) and protects database rds-dev: only load balancers may face the internet",
);

about(network, "only-load-balancers-face-the-internet", "reports tasks reachable from the internet", async () => {
  const open = setting(await dev(), "tasks-in-from-alb-dev", {
    cidrIpv4: "0.0.0.0/0",
    referencedSecurityGroupId: undefined,
  });
  assert.equal(await reported("only-load-balancers-face-the-internet", open), [
    "tasks-sg-dev: admits the internet (tcp/5000 from 0.0.0.0/0) and protects ECS service service-dev: only load balancers may face the internet",
  ]);
});

breaks(
  network,
  "tasks-accept-only-their-load-balancer",
  "reports tasks that accept the database's group",
  async () => setting(await dev(), "tasks-in-from-alb-dev", { referencedSecurityGroupId: "db-sg-dev-id" }),
  "tasks-sg-dev: protects the tasks of service-dev and admits tcp/5000 from db-sg-dev: only the container port (5000) from a load balancer's group",
);

about(network, "tasks-accept-only-their-load-balancer", "reports a port other than the container's", async () => {
  const other = setting(await dev(), "tasks-in-from-alb-dev", { fromPort: 22, toPort: 22 });
  assert.equal(await reported("tasks-accept-only-their-load-balancer", other), [
    "tasks-sg-dev: protects the tasks of service-dev and admits tcp/22 from alb-sg-dev: only the container port (5000) from a load balancer's group",
  ]);
});

breaks(
  network,
  "database-accepts-only-tasks-or-proxy",
  "reports a database that accepts the load balancer's group",
  async () => setting(await dev(), "db-in-from-tasks-dev", { referencedSecurityGroupId: "alb-sg-dev-id" }),
  "db-sg-dev: protects database rds-dev and admits tcp/5432 from alb-sg-dev: only tcp/5432 from the ECS tasks' group",
);

about(
  network,
  "database-accepts-only-tasks-or-proxy",
  "with a proxy, the database accepts only the proxy's group",
  async () => {
    const bypass = setting(await proxy(), "db-in-from-proxy-dev", { referencedSecurityGroupId: "tasks-sg-dev-id" });
    assert.equal(await reported("database-accepts-only-tasks-or-proxy", await proxy()), []);
    assert.equal(await reported("database-accepts-only-tasks-or-proxy", bypass), [
      "db-sg-dev: protects database rds-dev and admits tcp/5432 from tasks-sg-dev: only tcp/5432 from the RDS Proxy's group",
    ]);
    const proxyOpen = setting(await proxy(), "proxy-in-from-tasks-dev", { referencedSecurityGroupId: "alb-sg-dev-id" });
    assert.equal(await reported("database-accepts-only-tasks-or-proxy", proxyOpen), [
      "proxy-sg-dev: protects database proxy rds-proxy-dev and admits tcp/5432 from alb-sg-dev: only its port from the ECS tasks' group",
    ]);
  },
);

breaks(
  network,
  "database-security-group-has-no-egress",
  "reports an egress rule on the database's group",
  async () =>
    adding(
      await dev(),
      resource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "db-out-dev", {
        securityGroupId: "db-sg-dev-id",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "10.0.0.0/16",
      }),
    ),
  "db-sg-dev: protects database rds-dev and allows tcp/443 to 10.0.0.0/16: it needs no egress",
);

breaks(
  network,
  "default-security-group-has-no-rules",
  "reports a rule left on the default security group",
  async () =>
    setting(await dev(), "default-sg-dev", { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }] }),
  "default-sg-dev: keeps 1 rule(s): the default group must allow nothing",
);

breaks(
  network,
  "vpc-default-security-group-taken-over",
  "reports a VPC whose default group keeps AWS's rules",
  async () => without(await dev(), "default-sg-dev", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"),
  "vpc-dev: keeps AWS's default security group with its allow-all rules",
);

breaks(
  network,
  "vpc-flow-logs-enabled",
  "reports a VPC whose flow log captures accepted traffic only",
  async () => setting(await dev(), "flow-log-dev", { trafficType: "ACCEPT" }),
  "vpc-dev: has no flow log of ALL or REJECT traffic",
);

breaks(
  network,
  "private-route-tables-use-gateway-endpoints",
  "reports a private route table the DynamoDB endpoint does not serve",
  async () => {
    const graph = await dev();
    const table = find(graph, "private-rt-us-east-2b-dev");
    return editing(
      graph,
      "dynamodb-endpoint-dev",
      (e) => ({ ...e, routeTableIds: (e.routeTableIds as string[]).filter((id) => id !== table.id) }),
      "aws:ec2/vpcEndpoint:VpcEndpoint",
    );
  },
  "private-rt-us-east-2b-dev: routes through NAT without a gateway endpoint for dynamodb",
);

breaks(
  network,
  "only-public-subnets-map-public-ips",
  "reports a private subnet that maps public IPs, and not a public one",
  async () =>
    setting(
      setting(await dev(), "private-subnet-us-east-2a-dev", { mapPublicIpOnLaunch: true }),
      "public-subnet-us-east-2a-dev",
      { mapPublicIpOnLaunch: true },
    ),
  "private-subnet-us-east-2a-dev: is private but maps a public IP to everything launched in it",
);

breaks(
  network,
  "tasks-and-databases-in-private-subnets",
  "reports a database subnet group that includes a public subnet",
  async () =>
    setting(await dev(), "rds-subnets-dev", {
      subnetIds: ["public-subnet-us-east-2a-dev-id", "private-subnet-us-east-2b-dev-id"],
    }),
  "rds-dev: may be placed in public subnets public-subnet-us-east-2a-dev",
);

about(network, "tasks-and-databases-in-private-subnets", "reports a service in the public subnets", async () => {
  const graph = editing(await dev(), "service-dev", (s) => ({
    ...s,
    networkConfiguration: {
      ...(s.networkConfiguration as Inputs),
      subnets: ["public-subnet-us-east-2a-dev-id", "public-subnet-us-east-2b-dev-id"],
    },
  }));
  assert.equal(await reported("tasks-and-databases-in-private-subnets", graph), [
    "service-dev: runs in public subnets public-subnet-us-east-2a-dev, public-subnet-us-east-2b-dev",
  ]);
});

breaks(
  network,
  "ecs-service-assigns-no-public-ip",
  "reports tasks given public IPs",
  async () =>
    editing(await dev(), "service-dev", (s) => ({
      ...s,
      networkConfiguration: { ...(s.networkConfiguration as Inputs), assignPublicIp: true },
    })),
  "service-dev: gives its tasks public IP addresses",
);

breaks(
  network,
  "rds-not-publicly-accessible",
  "reports a publicly accessible database",
  async () => setting(await dev(), "rds-dev", { publiclyAccessible: true }),
  "rds-dev: is publicly accessible",
);

network.run();

// ---- load balancer and TLS ----

const edge = suite("policies: load balancer and TLS");
const LISTENER = "aws:lb/listener:Listener";

breaks(
  edge,
  "alb-drops-invalid-header-fields",
  "reports a load balancer that forwards invalid headers",
  async () => setting(await dev(), "alb-dev", { dropInvalidHeaderFields: false }),
  "alb-dev: keeps invalid header fields",
);

breaks(
  edge,
  "alb-desync-mitigation-defensive-or-strictest",
  "reports desync mitigation in monitor mode",
  async () => setting(await dev(), "alb-dev", { desyncMitigationMode: "monitor" }),
  "alb-dev: mitigates desync in monitor mode: use defensive or strictest",
);

breaks(
  edge,
  "alb-access-logs-enabled",
  "reports access logs turned off",
  async () =>
    editing(await dev(), "alb-dev", (lb) => ({ ...lb, accessLogs: { ...(lb.accessLogs as Inputs), enabled: false } })),
  "alb-dev: writes no access logs",
);

breaks(
  edge,
  "alb-spans-two-availability-zones",
  "reports a load balancer in one zone",
  async () => setting(await dev(), "alb-dev", { subnets: ["public-subnet-us-east-2a-dev-id"] }),
  "alb-dev: spans one availability zone",
);

breaks(
  edge,
  "https-listener-uses-allowed-tls-policy",
  "reports HTTPS with the 2016 policy (TLS 1.0)",
  async () => setting(await tls(), "listener-443-dev", { sslPolicy: "ELBSecurityPolicy-2016-08" }, LISTENER),
  "listener-443-dev: uses ELBSecurityPolicy-2016-08: use ELBSecurityPolicy-TLS13-1-2-2021-06",
  tls,
);

about(
  edge,
  "https-listener-uses-allowed-tls-policy",
  "reports HTTPS without a policy, and takes the allowed list from config",
  async () => {
    const unset = setting(await tls(), "listener-443-dev", { sslPolicy: undefined }, LISTENER);
    assert.equal(await reported("https-listener-uses-allowed-tls-policy", unset), [
      "listener-443-dev: names no TLS policy, so AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0): use ELBSecurityPolicy-TLS13-1-2-2021-06",
    ]);
    const stricter = {
      "https-listener-uses-allowed-tls-policy": { allowedPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] },
    };
    assert.equal(await reported("https-listener-uses-allowed-tls-policy", await tls(), stricter), [
      "listener-443-dev: uses ELBSecurityPolicy-TLS13-1-2-2021-06: use ELBSecurityPolicy-TLS13-1-3-2021-06",
    ]);
  },
);

breaks(
  edge,
  "http-redirects-to-https-when-https-exists",
  "reports HTTP that serves beside HTTPS instead of redirecting",
  async () =>
    setting(
      await tls(),
      "listener-80-dev",
      { defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }] },
      LISTENER,
    ),
  "listener-80-dev: serves HTTP beside HTTPS on alb-dev: its only action must be a 301 redirect to HTTPS",
  tls,
);

about(edge, "http-redirects-to-https-when-https-exists", "reports a path rule served over HTTP", async () => {
  const graph = setting(await tls(), "rule-api-dev", {
    listenerArn: find(await tls(), "listener-80-dev", LISTENER).computed.arn,
  });
  assert.equal(await reported("http-redirects-to-https-when-https-exists", graph), [
    "listener-80-dev: serves rules rule-api-dev over HTTP beside HTTPS on alb-dev",
  ]);
});

about(
  edge,
  "load-balancer-serves-https",
  "an advisory on the plain-HTTP stack, silent with a certificate",
  async () => {
    assert.equal(await reported("load-balancer-serves-https", await tls()), []);
    assert.equal(await reported("load-balancer-serves-https", await dev()), [
      "alb-dev: serves plain HTTP to the internet: set tls.certificateArn for HTTPS",
    ]);
  },
);

edge.run();

// ---- ECS ----

const ecs = suite("policies: ECS");

breaks(
  ecs,
  "ecs-container-not-privileged",
  "reports a privileged container",
  async () => editingContainer(await dev(), (c) => ({ ...c, privileged: true })),
  "webapp-dev: runs webapp privileged",
);

breaks(
  ecs,
  "ecs-container-read-only-root-filesystem",
  "reports a writable root filesystem",
  async () => editingContainer(await dev(), (c) => ({ ...c, readonlyRootFilesystem: false })),
  "webapp-dev: lets webapp write its root filesystem",
);

breaks(
  ecs,
  "ecs-no-secrets-in-environment",
  "reports a password in the plain environment",
  async () =>
    editingContainer(await dev(), (c) => ({
      ...c,
      environment: [...c.environment, { name: "DB_PASSWORD", value: "x" }],
    })),
  "webapp-dev: passes DB_PASSWORD to webapp in plain environment: use secrets[].valueFrom",
);

breaks(
  ecs,
  "ecs-task-definition-logs-configured",
  "reports a container without a log configuration",
  async () => editingContainer(await dev(), (c) => ({ ...c, logConfiguration: undefined })),
  "webapp-dev: gives webapp no log configuration",
);

breaks(
  ecs,
  "ecs-task-definition-separate-execution-and-task-roles",
  "reports the app given the agent's role",
  async () => {
    const graph = await dev();
    return setting(
      graph,
      "webapp-dev",
      { taskRoleArn: find(graph, "webapp-dev", TASK_DEFINITION).inputs.executionRoleArn },
      TASK_DEFINITION,
    );
  },
  "webapp-dev: gives the app the ECS agent's role: use a separate task role",
);

breaks(
  ecs,
  "ecs-task-definition-awsvpc-network-mode",
  "reports host networking",
  async () => setting(await dev(), "webapp-dev", { networkMode: "host" }, TASK_DEFINITION),
  "webapp-dev: uses host network mode",
);

breaks(
  ecs,
  "ecs-service-circuit-breaker-rolls-back",
  "reports a circuit breaker that does not roll back",
  async () => setting(await dev(), "service-dev", { deploymentCircuitBreaker: { enable: true, rollback: false } }),
  "service-dev: deploys without a circuit breaker that rolls back",
);

breaks(
  ecs,
  "ecs-fargate-service-latest-platform",
  "reports a pinned Fargate platform",
  async () => setting(await dev(), "service-dev", { platformVersion: "1.3.0" }),
  "service-dev: pins Fargate platform 1.3.0: use LATEST",
);

breaks(
  ecs,
  "ecs-cluster-container-insights",
  "reports Container Insights off",
  async () => setting(await dev(), "cluster-dev", { settings: [{ name: "containerInsights", value: "disabled" }] }),
  "cluster-dev: has Container Insights off",
);

ecs.run();

// ---- IAM ----

const iam = suite("policies: IAM");

breaks(
  iam,
  "iam-no-wildcard-actions",
  "reports dynamodb:* on the task role",
  async () => editingStatements(await dev(), "task-role-dev", ([s]) => [{ ...(s as Statement), Action: "dynamodb:*" }]),
  "task-role-dev: policy (SessionItems) allows dynamodb:*: name the actions",
);

about(iam, "iam-no-wildcard-actions", "reports kms:* in a key policy, and NotAction", async () => {
  const graph = editingStatements(
    await sale(),
    "alarms-key-dev",
    ([admin, ...rest]) => [{ ...(admin as Statement), Action: "kms:*" }, ...rest],
    "aws:kms/key:Key",
  );
  assert.equal(await reported("iam-no-wildcard-actions", await sale()), []);
  assert.equal(await reported("iam-no-wildcard-actions", graph), [
    "alarms-key-dev: policy (TheAccountAdministersTheKey) allows kms:*: name the actions",
  ]);
  const notAction = editingStatements(await dev(), "task-role-dev", ([s]) => [
    { ...(s as Statement), Action: [], NotAction: "iam:*" },
  ]);
  assert.equal(await reported("iam-no-wildcard-actions", notAction), [
    "task-role-dev: policy (SessionItems) allows every action but iam:*",
  ]);
});

breaks(
  iam,
  "iam-resource-wildcard-only-for-unscopable-actions",
  "reports the task role's actions on every resource",
  async () => editingStatements(await dev(), "task-role-dev", ([s]) => [{ ...(s as Statement), Resource: "*" }]),
  "task-role-dev: policy (SessionItems) allows dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:Query, dynamodb:BatchGetItem, dynamodb:BatchWriteItem, dynamodb:ConditionCheckItem on every resource: name the ARNs",
);

about(
  iam,
  "iam-resource-wildcard-only-for-unscopable-actions",
  'a KMS key policy\'s Resource "*" is the key itself',
  async () => {
    const key = find(await sale(), "alarms-key-dev", "aws:kms/key:Key");
    assert.match(String(key.inputs.policy), /"Resource":"\*"/);
    assert.equal(await reported("iam-resource-wildcard-only-for-unscopable-actions", await sale()), []);
    const bucket = editingStatements(
      await dev(),
      "alb-logs-dev",
      ([s, ...rest]) => [{ ...(s as Statement), Resource: "*" }, ...rest],
      "aws:s3/bucketPolicy:BucketPolicy",
    );
    assert.equal(await reported("iam-resource-wildcard-only-for-unscopable-actions", bucket), [
      "alb-logs-dev: policy (LoadBalancerWritesAccessLogs) allows s3:PutObject on every resource: name the ARNs",
    ]);
  },
);

breaks(
  iam,
  "iam-logs-actions-scoped-to-log-groups",
  "reports log writes granted on the whole account",
  async () =>
    editingStatements(await dev(), "task-execution-role-dev", (statements) =>
      statements.map((s) =>
        s.Sid === "WriteThisLogGroup" ? { ...s, Resource: "arn:aws:logs:us-east-2:123456789012:*" } : s,
      ),
    ),
  "task-execution-role-dev: policy (WriteThisLogGroup) grants logs actions on arn:aws:logs:us-east-2:123456789012:*: scope them to log groups",
);

breaks(
  iam,
  "iam-service-role-trust-pins-source-account",
  "reports a task role any account's ECS could assume",
  async () =>
    editingJson<PolicyDocument>(
      await dev(),
      "task-role-dev",
      "assumeRolePolicy",
      (d) => ({ ...d, Statement: d.Statement.map((s) => ({ ...s, Condition: undefined })) }),
      "aws:iam/role:Role",
    ),
  "task-role-dev: trusts ecs-tasks.amazonaws.com for any account: add an aws:SourceAccount condition",
);

const SECRET = "arn:aws:secretsmanager:us-east-2:123456789012:secret:webapp/dev/db-PLHLDR";

breaks(
  iam,
  "ecs-execution-role-reads-only-its-secrets",
  "reports the execution role reading every secret",
  async () =>
    editingStatements(await dev(), "task-execution-role-dev", (statements) =>
      statements.map((s) =>
        s.Sid === "ReadTheDatabaseSecret"
          ? { ...s, Resource: "arn:aws:secretsmanager:us-east-2:123456789012:secret:*" }
          : s,
      ),
    ),
  `task-execution-role-dev: is the execution role of webapp-dev and may read arn:aws:secretsmanager:us-east-2:123456789012:secret:*, which no container names`,
);

about(
  iam,
  "ecs-execution-role-reads-only-its-secrets",
  "reports a container secret the role may not read",
  async () => {
    const other = editingContainer(await dev(), (c) => ({
      ...c,
      secrets: [
        ...c.secrets,
        { name: "API_TOKEN", valueFrom: "arn:aws:secretsmanager:us-east-2:123456789012:secret:other-AbCdEf" },
      ],
    }));
    assert.ok((await dev()).some((r) => JSON.stringify(r.inputs).includes(SECRET)));
    assert.equal(await reported("ecs-execution-role-reads-only-its-secrets", other), [
      "task-execution-role-dev: is the execution role of webapp-dev and may not read arn:aws:secretsmanager:us-east-2:123456789012:secret:other-AbCdEf: its tasks cannot start",
    ]);
  },
);

breaks(
  iam,
  "ecs-task-role-only-items-of-stack-tables",
  "reports a Scan and another table on the task role",
  async () =>
    editingStatements(await dev(), "task-role-dev", ([s]) => [
      {
        ...(s as Statement),
        Action: ["dynamodb:GetItem", "dynamodb:Scan"],
        Resource: "arn:aws:dynamodb:us-east-2:123456789012:table/orders",
      },
    ]),
  "task-role-dev: is the task role of webapp-dev and allows dynamodb:Scan, arn:aws:dynamodb:us-east-2:123456789012:table/orders: only item actions on the stack's tables",
);

about(iam, "ecs-task-role-only-items-of-stack-tables", "reports a managed policy on the task role", async () => {
  const graph = adding(
    await dev(),
    resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "task-admin", {
      role: "task-role-dev-id",
      policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    }),
  );
  assert.equal(await reported("ecs-task-role-only-items-of-stack-tables", graph), [
    "task-role-dev: carries managed policies (task-admin)",
  ]);
});

iam.run();

// ---- data ----

const data = suite("policies: data");

breaks(
  data,
  "rds-storage-encrypted",
  "reports unencrypted RDS storage",
  async () => setting(await dev(), "rds-dev", { storageEncrypted: false }),
  "rds-dev: stores its data unencrypted",
);

breaks(
  data,
  "rds-postgres-forces-tls",
  "reports a parameter group that lets clients skip TLS",
  async () => setting(await dev(), "rds-params-postgres17-dev", { parameters: [] }),
  "rds-dev: accepts connections without TLS: its parameter group must set rds.force_ssl = 1",
);

breaks(
  data,
  "rds-proxy-requires-tls",
  "reports a proxy that accepts plain connections",
  async () => setting(await proxy(), "rds-proxy-dev", { requireTls: false }, "aws:rds/proxy:Proxy"),
  "rds-proxy-dev: accepts connections without TLS",
  proxy,
);

breaks(
  data,
  "rds-automated-backups-on",
  "reports backups turned off",
  async () => setting(await dev(), "rds-dev", { backupRetentionPeriod: 0 }),
  "rds-dev: keeps no automated backups: set backupRetentionPeriod to 1 or more",
);

about(
  data,
  "rds-backup-retention-at-least-floor",
  "an advisory below the floor, which config raises to FSBP's 7 days",
  async () => {
    assert.equal(await reported("rds-backup-retention-at-least-floor", await dev()), []);
    assert.equal(
      await reported(
        "rds-backup-retention-at-least-floor",
        setting(await dev(), "rds-dev", { backupRetentionPeriod: 2 }),
      ),
      ["rds-dev: keeps backups 2 day(s), fewer than 5"],
    );
    assert.equal(
      await reported("rds-backup-retention-at-least-floor", await dev(), {
        "rds-backup-retention-at-least-floor": { minimumDays: 7 },
      }),
      ["rds-dev: keeps backups 5 day(s), fewer than 7"],
    );
  },
);

about(data, "rds-multi-az", "an advisory while database.multiAz is off", async () => {
  assert.equal(await reported("rds-multi-az", await dev()), [
    "rds-dev: lives in one availability zone (database.multiAz is off)",
  ]);
  assert.equal(await reported("rds-multi-az", setting(await dev(), "rds-dev", { multiAz: true })), []);
});

breaks(
  data,
  "rds-exports-postgresql-log",
  "reports a database that exports no log",
  async () => setting(await dev(), "rds-dev", { enabledCloudwatchLogsExports: [] }),
  "rds-dev: does not export its postgresql log",
);

breaks(
  data,
  "rds-auto-minor-version-upgrade",
  "reports minor upgrades turned off",
  async () => setting(await dev(), "rds-dev", { autoMinorVersionUpgrade: false }),
  "rds-dev: turns automatic minor upgrades off",
);

breaks(
  data,
  "rds-copy-tags-to-snapshots",
  "reports snapshots without tags",
  async () => setting(await dev(), "rds-dev", { copyTagsToSnapshot: false }),
  "rds-dev: does not copy its tags to snapshots",
);

breaks(
  data,
  "dynamodb-encryption-explicitly-enabled",
  "reports a table whose encryption is left unset",
  async () => setting(await dev(), "user-sessions-dev", { serverSideEncryption: undefined }),
  "user-sessions-dev: leaves server-side encryption unset",
);

breaks(
  data,
  "dynamodb-point-in-time-recovery",
  "reports a table without point-in-time recovery",
  async () => setting(await dev(), "user-sessions-dev", { pointInTimeRecovery: { enabled: false } }),
  "user-sessions-dev: has no point-in-time recovery",
);

const ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";

breaks(
  data,
  "s3-bucket-encryption-configured",
  "reports the log bucket without default encryption",
  async () => without(await dev(), "alb-logs-dev", ENCRYPTION),
  "alb-logs-dev: has no default encryption",
);

breaks(
  data,
  "s3-bucket-public-access-blocked",
  "reports a bucket that allows public policies",
  async () =>
    setting(
      await dev(),
      "alb-logs-dev",
      { blockPublicPolicy: false },
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ),
  "alb-logs-dev: does not block public access",
);

breaks(
  data,
  "access-log-bucket-expires-objects",
  "reports access logs kept forever",
  async () =>
    editing(
      await dev(),
      "alb-logs-dev",
      (c) => ({ ...c, rules: (c.rules as Inputs[]).map((r) => ({ ...r, status: "Disabled" })) }),
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    ),
  "alb-logs-dev: keeps access logs forever: add an expiring lifecycle rule",
);

breaks(
  data,
  "sns-topic-encrypted",
  "reports an unencrypted alarm topic",
  async () => setting(await sale(), "alarms-dev", { kmsMasterKeyId: undefined }, "aws:sns/topic:Topic"),
  "alarms-dev: is not encrypted",
  sale,
);

breaks(
  data,
  "kms-key-rotation-enabled",
  "reports a key that does not rotate",
  async () => setting(await sale(), "alarms-key-dev", { enableKeyRotation: false }, "aws:kms/key:Key"),
  "alarms-key-dev: does not rotate",
  sale,
);

breaks(
  data,
  "ecr-scan-on-push",
  "reports a repository that does not scan",
  async () =>
    setting(
      await dev(),
      "webapp-dev",
      { imageScanningConfiguration: { scanOnPush: false } },
      "aws:ecr/repository:Repository",
    ),
  "webapp-dev: does not scan images on push",
);

breaks(
  data,
  "ecr-repository-has-lifecycle-policy",
  "reports a repository that keeps every image",
  async () => without(await dev(), "webapp-lifecycle-dev", "aws:ecr/lifecyclePolicy:LifecyclePolicy"),
  "webapp-dev: keeps every image: add a lifecycle policy",
);

about(data, "ecr-immutable-image-tags", "an advisory on the mission's mutable tags", async () => {
  assert.equal(await reported("ecr-immutable-image-tags", await dev()), [
    "webapp-dev: lets a push overwrite a tag (webapp:latest is redeployed by tag)",
  ]);
  const immutable = setting(
    await dev(),
    "webapp-dev",
    { imageTagMutability: "IMMUTABLE" },
    "aws:ecr/repository:Repository",
  );
  assert.equal(await reported("ecr-immutable-image-tags", immutable), []);
});

data.run();

// ---- logs ----

const logs = suite("policies: logs");
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

breaks(
  logs,
  "log-group-retention-set",
  "reports a log group that never expires",
  async () => setting(await dev(), "/ecs/webapp-dev", { retentionInDays: undefined }, LOG_GROUP),
  "/ecs/webapp-dev: keeps its events forever",
);

about(logs, "log-group-retention-at-least-floor", "an advisory below the floor, which config raises", async () => {
  assert.equal(await reported("log-group-retention-at-least-floor", await dev()), []);
  const short = setting(await dev(), "/ecs/webapp-dev", { retentionInDays: 3 }, LOG_GROUP);
  assert.equal(await reported("log-group-retention-at-least-floor", short), [
    "/ecs/webapp-dev: keeps events 3 day(s), fewer than 7",
  ]);
  const year = await reported("log-group-retention-at-least-floor", await dev(), {
    "log-group-retention-at-least-floor": { minimumDays: 365 },
  });
  assert.is(year.length, 4);
});

breaks(
  logs,
  "aws-created-log-groups-owned-by-stack",
  "reports RDS's postgresql log group left for AWS to create",
  async () => without(await dev(), "/aws/rds/instance/rds-dev/postgresql", LOG_GROUP),
  "rds-dev: makes AWS create /aws/rds/instance/rds-dev/postgresql, which never expires: create it in the stack",
);

about(
  logs,
  "aws-created-log-groups-owned-by-stack",
  "reports a group created after its owner, a container's unknown group, and a flow log's",
  async () => {
    const graph = await dev();
    const cluster = find(graph, "cluster-dev");
    const late = graph.map((r) => (r === cluster ? { ...r, options: { ...r.options, dependsOn: [] } } : r));
    assert.equal(await reported("aws-created-log-groups-owned-by-stack", late), [
      "cluster-dev: may be created before its log group /aws/ecs/containerinsights/cluster-dev/performance (add it to dependsOn)",
    ]);
    const elsewhere = editingContainer(graph, (c) => ({
      ...c,
      logConfiguration: {
        logDriver: "awslogs",
        options: { ...c.logConfiguration?.options, "awslogs-group": "/ecs/other" },
      },
    }));
    assert.equal(await reported("aws-created-log-groups-owned-by-stack", elsewhere), [
      "webapp-dev: makes AWS create /ecs/other, which never expires: create it in the stack",
    ]);
    const outside = setting(graph, "flow-log-dev", {
      logDestination: "arn:aws:logs:us-east-2:123456789012:log-group:/vpc/elsewhere",
    });
    assert.equal(await reported("aws-created-log-groups-owned-by-stack", outside), [
      "flow-log-dev: writes to a log group outside the stack, which AWS creates if missing and never expires",
    ]);
  },
);

logs.run();

// ---- destroyable by CI ----

const destroyable = suite("policies: destroyable by CI");

about(
  destroyable,
  "destroyable-without-deletion-protection",
  "an advisory for each protected database, load balancer and table",
  async () => {
    assert.equal(await reported("destroyable-without-deletion-protection", await dev()), []);
    let graph = setting(await dev(), "rds-dev", { deletionProtection: true });
    graph = setting(graph, "alb-dev", { enableDeletionProtection: true });
    graph = setting(graph, "user-sessions-dev", { deletionProtectionEnabled: true });
    const report = await evaluatePolicies(graph, {
      policies: policies.filter((p) => p.name === "destroyable-without-deletion-protection"),
    });
    assert.equal(report.violations.map((v) => `${v.enforcementLevel} ${String(v.resource)}`).sort(), [
      "advisory alb-dev",
      "advisory rds-dev",
      "advisory user-sessions-dev",
    ]);
    assert.ok(report.violations.every((v) => v.message === "has deletion protection on: `pulumi destroy` fails on it"));
  },
);

breaks(
  destroyable,
  "destroyable-repositories-and-buckets-force-deleted",
  "reports a repository and a bucket that destroy cannot empty",
  async () => setting(await dev(), "webapp-dev", { forceDelete: false }, "aws:ecr/repository:Repository"),
  "webapp-dev: is not forceDelete: destroy fails while it holds images",
);

about(
  destroyable,
  "destroyable-repositories-and-buckets-force-deleted",
  "reports a bucket that destroy cannot empty",
  async () => {
    const graph = setting(await dev(), "alb-logs-dev", { forceDestroy: false }, "aws:s3/bucket:Bucket");
    assert.equal(await reported("destroyable-repositories-and-buckets-force-deleted", graph), [
      "alb-logs-dev: is not forceDestroy: destroy fails while it holds objects",
    ]);
  },
);

breaks(
  destroyable,
  "destroyable-nothing-protected",
  "reports a protected resource (the option, seen in args.opts)",
  async () => {
    const graph = await dev();
    const db = find(graph, "rds-dev");
    return graph.map((r) => (r === db ? { ...r, options: { ...r.options, protect: true } } : r));
  },
  "rds-dev: is protected: `pulumi destroy` refuses to delete it",
);

about(destroyable, "rds-skips-final-snapshot", "an advisory when destroy leaves a final snapshot", async () => {
  assert.equal(await reported("rds-skips-final-snapshot", await dev()), []);
  assert.equal(
    await reported("rds-skips-final-snapshot", setting(await dev(), "rds-dev", { skipFinalSnapshot: false })),
    ["rds-dev: takes a final snapshot on destroy: it outlives the stack (database.finalSnapshot is on)"],
  );
});

destroyable.run();

// ---- the pack ----

const pack = suite("the policy pack");

pack("every policy has a unique rule-like name, a description that cites its source, and an enforcement level", () => {
  const names = policies.map((p) => p.name);
  assert.equal(names.length, new Set(names).size, "unique names");
  for (const p of policies) {
    assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)+$/, p.name);
    assert.match(
      p.description,
      /Source: .*(FSBP [A-Za-z]+\.\d+|CKV2?_AWS_\d+|AVD-AWS-\d+|user guide|developer guide|best practices guide|Pulumi)/,
      p.name,
    );
    assert.ok(p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory", p.name);
  }
});

pack("the advisories are exactly the deliberate exceptions and the raisable floors", () => {
  assert.equal(
    policies.filter((p) => p.enforcementLevel === "advisory").map((p) => p.name),
    [
      "load-balancer-serves-https",
      "rds-backup-retention-at-least-floor",
      "rds-multi-az",
      "ecr-immutable-image-tags",
      "log-group-retention-at-least-floor",
      "destroyable-without-deletion-protection",
      "rds-skips-final-snapshot",
    ],
  );
});

pack("configurable policies default to the bar: TLS 1.2+ policy, 7-day logs, 5-day backups, 80/443 in, 443 out", () => {
  const defaults = Object.fromEntries(
    policies
      .filter((p) => p.configSchema !== undefined)
      .map((p) => [
        p.name,
        Object.fromEntries(
          Object.entries(p.configSchema?.properties ?? {}).map(([k, v]) => [k, typeof v === "object" ? v.default : v]),
        ),
      ]),
  );
  assert.equal(defaults, {
    "internet-ingress-only-on-allowed-ports": { allowedPorts: [80, 443] },
    "internet-egress-only-on-allowed-ports": { allowedPorts: [443] },
    "https-listener-uses-allowed-tls-policy": { allowedPolicies: ["ELBSecurityPolicy-TLS13-1-2-2021-06"] },
    "iam-resource-wildcard-only-for-unscopable-actions": { actions: ["ecr:GetAuthorizationToken"] },
    "iam-service-role-trust-pins-source-account": {
      services: ["ecs-tasks.amazonaws.com", "vpc-flow-logs.amazonaws.com"],
    },
    "rds-backup-retention-at-least-floor": { minimumDays: DEFAULTS.backupRetentionDays },
    "log-group-retention-at-least-floor": { minimumDays: 7 },
  });
});

pack(
  "the pack's config sets a policy's level as the engine does: disabled skips it, advisory downgrades it",
  async () => {
    const broken = setting(await dev(), "rds-dev", { storageEncrypted: false });
    const chosen = policies.filter((p) => p.name === "rds-storage-encrypted");
    const off = await evaluatePolicies(broken, { policies: chosen, config: { "rds-storage-encrypted": "disabled" } });
    assert.equal([off.policies, off.violations], [0, []]);
    const advisory = await evaluatePolicies(broken, {
      policies: chosen,
      config: { "rds-storage-encrypted": { enforcementLevel: "advisory" } },
    });
    assert.equal(
      advisory.violations.map((v) => v.enforcementLevel),
      ["advisory"],
    );
  },
);

pack(
  "the offline run gives policies what the engine does: secrets unwrapped, outputs and references in the graph",
  async () => {
    const seen: Record<string, unknown> = {};
    const probe: ResourceValidationPolicy = {
      name: "probe",
      description: "Reads what the evaluator hands it.",
      validateResource: (args) => {
        if (args.type === "aws:rds/instance:Instance") seen.password = args.props.password;
      },
    };
    const stackProbe: StackValidationPolicy = {
      name: "stack-probe",
      description: "Reads the graph.",
      validateStack: (args) => {
        const db = args.resources.find((r) => r.type === "aws:rds/instance:Instance");
        seen.arn = db?.props.arn as unknown;
        seen.groups = db?.propertyDependencies.vpcSecurityGroupIds?.map((g) => g.name);
      },
    };
    const report = await evaluatePolicies(await dev(), { policies: [probe, stackProbe] });
    assert.equal(report.violations, []);
    assert.equal(seen, {
      password: "PLACEHOLDER-not-a-real-password",
      arn: "arn:aws:rds:us-east-2:123456789012:rds-dev",
      groups: ["db-sg-dev"],
    });
  },
);

pack("a policy document that is not JSON is itself reported", async () => {
  const graph = setting(await dev(), "task-role-dev", { policy: "{not json" }, ROLE_POLICY);
  assert.equal(await reported("iam-no-wildcard-actions", graph), ["task-role-dev: is not a JSON policy document"]);
});

pack("the policies load without Pulumi: no @pulumi module is loaded for them (the engine's server stays off)", () => {
  const loaded = Object.keys(require.cache).filter((m) => m.includes("@pulumi/policy"));
  assert.equal(loaded, []);
  assert.is(PACK_NAME, "webapp-security-bar");
});

pack("violations print one line each, mandatory first, with the policy's name", () => {
  const lines = violationLines({
    pack: PACK_NAME,
    policies: 2,
    violations: [
      { policy: "rds-multi-az", enforcementLevel: "advisory", resource: "rds-dev", message: "lives in one zone" },
      { policy: "rds-storage-encrypted", enforcementLevel: "mandatory", resource: "rds-dev", message: "unencrypted" },
    ],
  });
  assert.equal(lines, [
    "mandatory  rds-storage-encrypted  rds-dev: unencrypted",
    "advisory   rds-multi-az           rds-dev: lives in one zone",
  ]);
});

pack("README's list of policies is the pack's (npm run policy:readme)", () => {
  const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
  assert.is(readmeWithPolicies(readme, policyTable(policies)), readme);
});

pack("every policy has a test above that breaks it", () => {
  assert.equal(
    policies.map((p) => p.name).filter((name) => !tested.has(name)),
    [],
  );
});

pack.run();
