// Day two: what the second `pulumi up` does after an edit of the config or the secret. The rules of the
// change-safety model first, on small hand-made resources; then every config key edited alone on the
// dev stack, run twice under mocks: no edit a live stack may take loses data or wedges the update, the
// keys README calls "new stack only" are exactly the ones that would, and README's "on a live stack"
// column says for every key what `npm run plan -- --against` reports. Then the edits an operator makes
// most, each held to what AWS will do: interruptions, queued changes, the commands to run afterwards.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { suite } from "uvu";
import * as assert from "uvu/assert";

import { configKeys } from "../src/contract/config";
import { type Change, type ChangeReport, compareResources, type ResourceState } from "../src/models/change-safety";
import { REPLACEMENT_RULES } from "../src/models/replacement-rules";
import { LIVE_STACK_EFFECTS, liveStackEffect, renderChangesJson, renderChangesText } from "../src/plan/changes";
import { PLAIN } from "../src/plan/render";
import { PLACEHOLDER, type Simulation, simulate } from "../src/plan/simulate";
import { devStackValues, PROJECT_DIR } from "./fixtures/config";
import { only, parsed, runProgram, SALE_READY, SINGLE_NAT, TLS, TYPES } from "./fixtures/program";

// ---- the model's rules ----

const state = (overrides: Partial<ResourceState> & Pick<ResourceState, "type" | "name">): ResourceState => ({
  id: `${overrides.name}-id`,
  inputs: {},
  computed: {},
  options: { ignoreChanges: [], deleteBeforeReplace: undefined },
  ...overrides,
});

const changeOf = (report: { changes: readonly Change[] }, name: string): Change | undefined =>
  report.changes.find((c) => c.name === name);

const rules = suite("compareResources");

const TG = "aws:lb/targetGroup:TargetGroup";
const tg = (port: number, options: Partial<ResourceState["options"]> = {}) =>
  state({
    type: TG,
    name: "tg-dev",
    inputs: { name: "tg-dev", port },
    options: { ignoreChanges: [], deleteBeforeReplace: undefined, ...options },
  });

rules("a property the provider marks ForceNew replaces the resource; others update it in place", () => {
  assert.equal(changeOf(compareResources([tg(5000)], [tg(8080)]), "tg-dev")?.replacing, ["port"]);
  const health = (path: string) => state({ type: TG, name: "tg-dev", inputs: { healthCheck: { path } } });
  assert.is(changeOf(compareResources([health("/a")], [health("/b")]), "tg-dev")?.action, "update");
});

rules("a resource the program names itself is replaced delete-first, and that is a WEDGE while it is in use", () => {
  const change = changeOf(compareResources([tg(5000)], [tg(8080)]), "tg-dev");
  assert.is(change?.action, "replace-delete-first");
  assert.match(change?.wedge ?? "", /refuses to delete a target group/);
});

rules("deleteBeforeReplace: false replaces create-first: AWS refuses a second resource of the same name", () => {
  const change = changeOf(compareResources([tg(5000)], [tg(8080, { deleteBeforeReplace: false })]), "tg-dev");
  assert.is(change?.action, "replace");
  assert.match(change?.wedge ?? "", /refuses to create a second lb\.TargetGroup named tg-dev/);
  // A generated name (no name input) makes the same replacement fine.
  const unnamed = (port: number) => ({ ...tg(port, { deleteBeforeReplace: false }), inputs: { port } });
  assert.is(changeOf(compareResources([unnamed(5000)], [unnamed(8080)]), "tg-dev")?.wedge, undefined);
});

rules("a named service replaced delete-first is down until its replacement runs: an INTERRUPTION", () => {
  const svc = (cluster: string) =>
    state({ type: "aws:ecs/service:Service", name: "s", inputs: { name: "service-dev", cluster } });
  const change = changeOf(compareResources([svc("a")], [svc("b")]), "s");
  assert.equal([change?.action, change?.wedge], ["replace-delete-first", undefined]);
  assert.match(change?.interruption ?? "", /deleted before the new service starts/);
});

rules("replacing or deleting a stateful resource is DATA LOSS, even create-first", () => {
  const table = (name: string) =>
    state({
      type: "aws:dynamodb/table:Table",
      name: "t",
      inputs: { name },
      options: { ignoreChanges: [], deleteBeforeReplace: false },
    });
  assert.match(changeOf(compareResources([table("a")], [table("b")]), "t")?.dataLoss ?? "", /every session/);
  const report = compareResources([table("a")], []);
  assert.is(changeOf(report, "t")?.action, "delete");
  assert.ok(report.dataLoss);
});

rules("a property in ignoreChanges never changes, so it never replaces", () => {
  const db = (dbName: string) =>
    state({
      type: "aws:rds/instance:Instance",
      name: "rds",
      inputs: { identifier: "rds", dbName },
      options: { ignoreChanges: ["dbName"], deleteBeforeReplace: undefined },
    });
  assert.is(changeOf(compareResources([db("a")], [db("b")]), "rds")?.action, "same");
});

rules("what refers to a replaced resource changes with it: a new id is a new value", () => {
  const listener = state({ type: "aws:lb/listener:Listener", name: "l", computed: { arn: "arn:aws:lb:l" } });
  const rule = state({ type: "aws:lb/listenerRule:ListenerRule", name: "r", inputs: { listenerArn: "arn:aws:lb:l" } });
  const moved = { ...listener, inputs: { loadBalancerArn: "other" } };
  const report = compareResources([{ ...listener, inputs: { loadBalancerArn: "one" } }, rule], [moved, rule]);
  assert.is(changeOf(report, "l")?.action, "replace");
  // listenerArn forces a new rule: it is replaced too, create-first (a rule has no name).
  assert.equal([changeOf(report, "r")?.action, changeOf(report, "r")?.replacing], ["replace", ["listenerArn"]]);
});

rules("a resource the new program no longer declares is deleted last, after its users moved: no wedge", () => {
  const report = compareResources([tg(5000)], [{ ...tg(8080), name: "tg-8080-dev" }]);
  assert.equal(
    report.changes.map((c) => [c.name, c.action]),
    [
      ["tg-8080-dev", "create"],
      ["tg-dev", "delete"],
    ],
  );
  assert.is(report.wedge, false);
});

rules("AWS refuses some in-place updates: moving TTL to another attribute, shrinking storage, downgrading", () => {
  const table = (attributeName: string) =>
    state({ type: "aws:dynamodb/table:Table", name: "t", inputs: { ttl: { attributeName, enabled: true } } });
  assert.match(changeOf(compareResources([table("a")], [table("b")]), "t")?.wedge ?? "", /TTL/);
  const db = (allocatedStorage: number, engineVersion: string) =>
    state({ type: "aws:rds/instance:Instance", name: "d", inputs: { allocatedStorage, engineVersion } });
  assert.match(changeOf(compareResources([db(50, "17")], [db(20, "17")]), "d")?.wedge ?? "", /shrink/);
  assert.match(changeOf(compareResources([db(20, "18")], [db(20, "17")]), "d")?.wedge ?? "", /downgrade/);
  assert.is(changeOf(compareResources([db(20, "17")], [db(50, "18")]), "d")?.wedge, undefined);
});

const DB = "aws:rds/instance:Instance";
const database = (inputs: Record<string, unknown>) =>
  state({ type: DB, name: "rds", inputs: { maintenanceWindow: "sun:08:00-sun:09:00", ...inputs } });

rules("a database change waits for the maintenance window without applyImmediately: QUEUED, with its downtime", () => {
  const report = compareResources(
    [database({ instanceClass: "db.t3.micro", applyImmediately: false })],
    [database({ instanceClass: "db.t3.small", applyImmediately: false })],
  );
  const change = changeOf(report, "rds");
  assert.equal([report.queued, report.interruption, change?.action], [true, false, "update"]);
  assert.match(change?.queued ?? "", /^instanceClass queued to the maintenance window \(sun:08:00-sun:09:00 UTC;/);
  assert.match(change?.queued ?? "", /every preview shows this change again; the downtime comes in the window$/);
});

rules(
  "with applyImmediately the same change is an INTERRUPTION now: a failover with Multi-AZ, an outage without",
  () => {
    const single = changeOf(
      compareResources(
        [database({ instanceClass: "db.t3.micro", applyImmediately: true })],
        [database({ instanceClass: "db.t3.small", applyImmediately: true })],
      ),
      "rds",
    );
    assert.is(single?.queued, undefined);
    assert.match(
      single?.interruption ?? "",
      /^applied now: instanceClass: the database is down .*\(no Multi-AZ standby/,
    );
    const multi = changeOf(
      compareResources(
        [database({ instanceClass: "db.t3.micro", applyImmediately: true, multiAz: true })],
        [database({ instanceClass: "db.t3.small", applyImmediately: true, multiAz: true })],
      ),
      "rds",
    );
    assert.match(multi?.interruption ?? "", /fails over to it: the database is away typically 60-120 s/);
  },
);

rules(
  "RDS restarts the database for a port change whatever applyImmediately says; storage grows without downtime",
  () => {
    const port = changeOf(
      compareResources(
        [database({ port: 5432, applyImmediately: false })],
        [database({ port: 6432, applyImmediately: false })],
      ),
      "rds",
    );
    assert.is(port?.queued, undefined);
    assert.match(port?.interruption ?? "", /^applied now: port: RDS restarts the database at once/);
    const storage = changeOf(
      compareResources(
        [database({ allocatedStorage: 20, applyImmediately: true })],
        [database({ allocatedStorage: 50, applyImmediately: true })],
      ),
      "rds",
    );
    assert.equal([storage?.interruption, storage?.queued], [undefined, undefined]);
  },
);

rules("a queued engine upgrade leaves the old parameter group in use: deleting it is a WEDGE", () => {
  const group = (family: string) =>
    state({
      type: "aws:rds/parameterGroup:ParameterGroup",
      name: `pg-${family}`,
      inputs: { name: `pg-${family}`, family },
    });
  const db = (engineVersion: string, applyImmediately: boolean) =>
    database({ engineVersion, parameterGroupName: `pg-postgres${engineVersion}`, applyImmediately });
  const queued = compareResources([group("postgres17"), db("17", false)], [group("postgres18"), db("18", false)]);
  assert.match(
    changeOf(queued, "pg-postgres17")?.wedge ?? "",
    /refuses to delete the parameter group pg-postgres17 while/,
  );
  assert.match(changeOf(queued, "rds")?.queued ?? "", /^engineVersion, parameterGroupName queued/);
  const now = compareResources([group("postgres17"), db("17", true)], [group("postgres18"), db("18", true)]);
  assert.equal([now.wedge, now.interruption], [false, true]);
  assert.match(changeOf(now, "rds")?.interruption ?? "", /engine upgrade stops the database until it finishes/);
});

rules("a listener rule moved to a target group this update creates is an INTERRUPTION: the group starts empty", () => {
  const group = (name: string) =>
    state({
      type: TG,
      name,
      inputs: { name, healthCheck: { interval: 30, healthyThreshold: 2 } },
      computed: { arn: `arn:aws:lb:${name}` },
    });
  const rule = (tgName: string) =>
    state({
      type: "aws:lb/listenerRule:ListenerRule",
      name: "r",
      inputs: { actions: [{ type: "forward", targetGroupArn: `arn:aws:lb:${tgName}` }] },
    });
  const report = compareResources([group("tg-5000"), rule("tg-5000")], [group("tg-8080"), rule("tg-8080")]);
  assert.match(
    changeOf(report, "r")?.interruption ?? "",
    /^forwards to tg-8080, which starts empty: .* passed 2 health checks \(60 s\), so these paths answer 503/,
  );
  // A rule that keeps its group is not interrupted by anything else changing.
  const kept = compareResources(
    [group("tg-5000"), rule("tg-5000")],
    [group("tg-5000"), { ...rule("tg-5000"), inputs: { ...rule("tg-5000").inputs, priority: 2 } }],
  );
  assert.is(changeOf(kept, "r")?.interruption, undefined);
});

rules("a security group rule moved to another port cuts off what still uses the old one: an INTERRUPTION", () => {
  const ingress = (port: number) =>
    state({
      type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      name: "in",
      inputs: { ipProtocol: "tcp", fromPort: port, toPort: port },
    });
  assert.match(
    changeOf(compareResources([ingress(5432)], [ingress(6432)]), "in")?.interruption ?? "",
    /^moves from tcp\/5432 to tcp\/6432/,
  );
});

rules("an ignored input keeps its old value, and so do the outputs other resources read from it", () => {
  const db = (dbName: string) =>
    state({
      type: DB,
      name: "rds",
      inputs: { dbName },
      options: { ignoreChanges: ["dbName"], deleteBeforeReplace: undefined },
    });
  const task = (dbName: string) =>
    state({
      type: "aws:ecs/taskDefinition:TaskDefinition",
      name: "t",
      inputs: { containerDefinitions: JSON.stringify([{ environment: [{ name: "DB_NAME", value: dbName }] }]) },
    });
  const report = compareResources([db("webapp"), task("webapp")], [db("shop"), task("shop")]);
  assert.equal(
    report.changes.map((c) => c.action),
    ["same", "same"],
  );
});

rules("a scheduled action deleted leaves its range behind: a warning with the command that restores the range", () => {
  const provider = state({ type: "pulumi:providers:aws", name: "aws", inputs: { region: "us-east-2" } });
  const target = state({
    type: "aws:appautoscaling/target:Target",
    name: "t",
    inputs: {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: "service/c/s",
      minCapacity: 2,
      maxCapacity: 10,
    },
  });
  const action = state({ type: "aws:appautoscaling/scheduledAction:ScheduledAction", name: "schedule-after" });
  const report = compareResources([provider, target, action], [provider, target]);
  assert.match(
    changeOf(report, "schedule-after")?.warning ?? "",
    /`pulumi up` does not put back scaling\.minTasks\.\.maxTasks \(2\.\.10\).* Afterwards run aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service\/c\/s --min-capacity 2 --max-capacity 10 --region us-east-2 \(or `pulumi up --refresh`\)$/,
  );
  assert.equal([report.dataLoss, report.wedge], [false, false]);
});

rules.run();

// ---- every key, edited alone on the dev stack ----

// One realistic edit per config key (a group's keys that only change together are edited together).
const EDITS: readonly (readonly [key: string, overrides: Record<string, unknown>])[] = [
  ["environmentSuffix", { "webapp:environmentSuffix": "dev2" }],
  [
    "network.cidr",
    {
      "webapp:network": {
        cidr: "10.1.0.0/16",
        publicSubnetCidrs: ["10.1.1.0/24", "10.1.2.0/24"],
        privateSubnetCidrs: ["10.1.3.0/24", "10.1.4.0/24"],
      },
    },
  ],
  ["network.availabilityZones", { "webapp:network": { availabilityZones: ["us-east-2a", "us-east-2c"] } }],
  ["network.publicSubnetCidrs", { "webapp:network": { publicSubnetCidrs: ["10.0.11.0/24", "10.0.12.0/24"] } }],
  ["network.privateSubnetCidrs", { "webapp:network": { privateSubnetCidrs: ["10.0.13.0/24", "10.0.14.0/24"] } }],
  ["network.natGateways", SINGLE_NAT],
  ["service.containerPort", { "webapp:service": { containerPort: 8080 } }],
  ["service.cpu", { "webapp:service": { cpu: 1024, memory: 2048 } }],
  ["service.memory", { "webapp:service": { memory: 2048 } }],
  ["service.desiredCount", { "webapp:service": { desiredCount: 3 } }],
  ["service.imageTag", { "webapp:service": { imageTag: "v2" } }],
  ["service.healthCheckPath", { "webapp:service": { healthCheckPath: "/healthz" } }],
  ["service.healthCheckIntervalSeconds", { "webapp:service": { healthCheckIntervalSeconds: 15 } }],
  ["service.waitForSteadyState", { "webapp:service": { waitForSteadyState: true } }],
  ["service.workers", { "webapp:service": { workers: 3 } }],
  ["service.build", { "webapp:service": { build: { context: "app" } } }],
  ["scaling.minTasks", { "webapp:scaling": { minTasks: 3 }, "webapp:service": { desiredCount: 3 } }],
  ["scaling.maxTasks", { "webapp:scaling": { maxTasks: 15 } }],
  ["scaling.cpuTargetPercent", { "webapp:scaling": { cpuTargetPercent: 60 } }],
  ["scaling.cooldownSeconds", { "webapp:scaling": { cooldownSeconds: 120 } }],
  [
    "scaling.schedules",
    {
      "webapp:scaling": {
        schedules: [{ name: "sale", schedule: "at(2026-11-27T07:00:00)", minTasks: 8, maxTasks: 10 }],
      },
    },
  ],
  ["scaling.requestsPerTarget", { "webapp:scaling": { requestsPerTarget: 1000 } }],
  ["alarms.email", { "webapp:alarms": { email: ["ops@example.com"] } }],
  ["database.instanceClass", { "webapp:database": { instanceClass: "db.t3.small" } }],
  ["database.engineVersion", { "webapp:database": { engineVersion: "18" } }],
  ["database.allocatedStorageGb", { "webapp:database": { allocatedStorageGb: 50 } }],
  ["database.backupRetentionDays", { "webapp:database": { backupRetentionDays: 7 } }],
  ["database.name", { "webapp:database": { name: "shop" } }],
  ["database.port", { "webapp:database": { port: 6432 } }],
  ["database.credentialsSecretName", { "webapp:database": { credentialsSecretName: "webapp/dev/db-v2" } }],
  ["database.multiAz", { "webapp:database": { multiAz: true } }],
  ["database.finalSnapshot", { "webapp:database": { finalSnapshot: true } }],
  ["database.applyImmediately", { "webapp:database": { applyImmediately: false } }],
  ["database.maxAllocatedStorageGb", { "webapp:database": { maxAllocatedStorageGb: 100 } }],
  // On the dev stack the budget leaves one connection a worker (the default): a smaller fleet frees three.
  [
    "database.connectionsPerWorker",
    { "webapp:database": { connectionsPerWorker: 3 }, "webapp:scaling": { maxTasks: 5 } },
  ],
  ["database.proxy", { "webapp:database": { proxy: true } }],
  ["sessions.tableName", { "webapp:sessions": { tableName: "sessions" } }],
  ["sessions.ttlAttribute", { "webapp:sessions": { ttlAttribute: "expiresAt" } }],
  ["registry.keepImages", { "webapp:registry": { keepImages: 10 } }],
  ["logs.retentionDays", { "webapp:logs": { retentionDays: 14 } }],
  ["tls.certificateArn", TLS],
  ["account.fargateVcpuQuota", { "webapp:account": { fargateVcpuQuota: 100 } }],
];

const edits = suite("every config edit on a live stack");

// The report of an edit, made once per process (several tests read the same edits).
const reports = new Map<string, Promise<ChangeReport>>();
const reportOf = (overrides: Record<string, unknown>, base: Record<string, unknown> = {}): Promise<ChangeReport> => {
  const key = JSON.stringify([base, overrides]);
  const report =
    reports.get(key) ??
    (async () => compareResources((await runProgram(base)).resources, (await runProgram(overrides)).resources))();
  reports.set(key, report);
  return report;
};

// README's config table (in "Configuration reference"), by key: the "on a live stack" cell (the last),
// e.g. "in place: ...".
const liveStackColumn = (): Map<string, string> => {
  const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
  const [, reference = ""] = readme.split("\n## Configuration reference\n");
  const [table = ""] = reference.split("\n## ");
  return new Map(
    [...table.matchAll(/^\| `([\w.]+)` \|(.*)\|$/gm)].map((m) => {
      const cells = (m[2] ?? "").split(/(?<!\\)\|/);
      return [m[1] ?? "", (cells[cells.length - 1] ?? "").trim()];
    }),
  );
};

// The keys whose "on a live stack" cell says "new stack only".
const newStackOnlyInReadme = (): string[] =>
  [...liveStackColumn()].filter(([, cell]) => cell.startsWith("new stack only")).map(([key]) => key);

edits("every key of the contract has an edit here", () => {
  assert.equal(EDITS.map(([key]) => key).sort(), configKeys().sort());
});

edits("only the keys README calls 'new stack only' lose data or wedge the update; the rest are safe", async () => {
  const unsafe: string[] = [];
  for (const [key, overrides] of EDITS) {
    const report = await reportOf(overrides);
    if (report.dataLoss || report.wedge) unsafe.push(key);
  }
  assert.equal(unsafe.sort(), newStackOnlyInReadme().sort());
});

edits(
  "README's 'on a live stack' column starts, for every key, with what --against reports for an edit of it",
  async () => {
    const column = liveStackColumn();
    const drift: string[] = [];
    for (const [key, overrides] of EDITS) {
      const effect = liveStackEffect(await reportOf(overrides));
      const cell = column.get(key) ?? "(no row)";
      if (cell !== effect && !cell.startsWith(`${effect}:`))
        drift.push(`${key}: README "${cell}", --against "${effect}"`);
    }
    assert.equal(drift, []);
    // Each cell leads with one of the effects, so a reader can scan the column.
    for (const cell of column.values())
      assert.ok(
        LIVE_STACK_EFFECTS.some((e) => cell === e || cell.startsWith(`${e}:`)),
        cell,
      );
  },
);

edits("every AWS resource type any edit creates has the provider's replacement rules", async () => {
  const types = new Set<string>();
  for (const [, overrides] of [...EDITS, ["sale", SALE_READY] as const])
    for (const r of (await runProgram(overrides)).resources) if (r.type.startsWith("aws:")) types.add(r.type);
  assert.equal(
    [...types].filter((t) => !(t in REPLACEMENT_RULES)),
    [],
  );
});

edits("README names the network, the suffix and the sessions table as new stack only", () => {
  assert.equal(newStackOnlyInReadme().sort(), [
    "environmentSuffix",
    "network.availabilityZones",
    "network.cidr",
    "network.privateSubnetCidrs",
    "network.publicSubnetCidrs",
    "sessions.tableName",
    "sessions.ttlAttribute",
  ]);
});

edits("no resource with a name of the program's is replaced by an edit a live stack may take", async () => {
  // The decision per named resource (README, "Changing a live stack"): either nothing a live stack may
  // change replaces it, or what replaces it is in its name, so the replacement is a new resource.
  const newStackOnly = new Set(newStackOnlyInReadme());
  const replacedNamed: string[] = [];
  for (const [key, overrides] of EDITS.filter(([k]) => !newStackOnly.has(k))) {
    const after = (await runProgram(overrides)).resources;
    const named = (c: Change) => {
      const namedBy = REPLACEMENT_RULES[c.type]?.namedBy;
      const r = after.find((a) => a.type === c.type && a.name === c.name);
      return namedBy !== undefined && r?.inputs[namedBy] !== undefined;
    };
    for (const c of (await reportOf(overrides)).changes)
      if (c.action.startsWith("replace") && named(c)) replacedNamed.push(`${key}: ${c.name}`);
  }
  assert.equal(replacedNamed, []);
});

edits(
  "service.containerPort 5000 -> 8080: an INTERRUPTION, because the rules move to the new, empty target group first",
  async () => {
    const report = await reportOf({ "webapp:service": { containerPort: 8080 } });
    assert.is(changeOf(report, "tg-8080-dev")?.action, "create");
    assert.is(changeOf(report, "tg-5000-dev")?.action, "delete");
    for (const rule of ["rule-api-dev", "rule-health-dev"]) {
      assert.is(changeOf(report, rule)?.action, "update", rule);
      assert.match(changeOf(report, rule)?.interruption ?? "", /^forwards to tg-8080-dev, which starts empty/, rule);
    }
    // The tasks' security group stops admitting 5000 from the load balancer as soon as its rule updates.
    assert.match(
      changeOf(report, "tasks-in-from-alb-dev")?.interruption ?? "",
      /^moves from tcp\/5000 to tcp\/8080 as soon as it is updated/,
    );
    assert.equal(changeOf(report, "service-dev")?.changed, ["loadBalancers", "taskDefinition"]);
    assert.equal([report.dataLoss, report.wedge, report.interruption], [false, false, true]);
    const header = { project: "webapp", stack: "dev", before: "Pulumi.live.yaml", after: "Pulumi.dev.yaml" };
    const text = renderChangesText(header, report, PLAIN);
    assert.match(text, /^safe: no data lost, nothing AWS refuses halfway\nINTERRUPTION: the service is interrupted/m);
    assert.match(text, /rule-api-dev .*INTERRUPTION: forwards to tg-8080-dev/);
    assert.is((JSON.parse(renderChangesJson(header, report)) as { interruption: boolean }).interruption, true);
  },
);

edits("PostgreSQL 17 -> 18 with applyImmediately (the default): upgraded now, an INTERRUPTION, no WEDGE", async () => {
  const report = await reportOf({ "webapp:database": { engineVersion: "18" } });
  assert.is(changeOf(report, "rds-params-postgres18-dev")?.action, "create");
  assert.equal(changeOf(report, "rds-dev")?.changed, ["engineVersion", "parameterGroupName"]);
  assert.is(changeOf(report, "rds-dev")?.action, "update");
  assert.is(changeOf(report, "rds-params-postgres17-dev")?.action, "delete");
  assert.equal([report.dataLoss, report.wedge, report.queued], [false, false, false]);
  assert.match(
    changeOf(report, "rds-dev")?.interruption ?? "",
    /^applied now: engineVersion: the engine upgrade stops/,
  );
  const db = only(await runProgram({ "webapp:database": { engineVersion: "18" } }), TYPES.database).inputs;
  assert.equal(
    [db.allowMajorVersionUpgrade, db.applyImmediately],
    [true, true],
    "RDS refuses a major upgrade without it",
  );
});

edits(
  "PostgreSQL 17 -> 18 without applyImmediately: the upgrade is queued, and deleting the old group a WEDGE",
  async () => {
    const queued = { applyImmediately: false };
    const report = await reportOf(
      { "webapp:database": { ...queued, engineVersion: "18" } },
      { "webapp:database": queued },
    );
    assert.match(
      changeOf(report, "rds-dev")?.queued ?? "",
      /^engineVersion, parameterGroupName queued to the maintenance window/,
    );
    assert.match(changeOf(report, "rds-params-postgres17-dev")?.wedge ?? "", /refuses to delete the parameter group/);
    assert.equal([report.wedge, liveStackEffect(report)], [true, "new stack only"]);
  },
);

edits("database.instanceClass db.t3.micro -> db.t3.small: applied now, an INTERRUPTION without a standby", async () => {
  const report = await reportOf({ "webapp:database": { instanceClass: "db.t3.small" } });
  const db = changeOf(report, "rds-dev");
  assert.equal([db?.action, db?.changed.includes("instanceClass"), db?.queued], ["update", true, undefined]);
  assert.match(db?.interruption ?? "", /^applied now: instanceClass: the database is down .*no Multi-AZ standby/);
  assert.equal([report.dataLoss, report.wedge], [false, false]);
});

edits("database.port 5432 -> 6432: the database restarts at once and its rules move before the tasks do", async () => {
  const report = await reportOf({ "webapp:database": { port: 6432 } });
  assert.match(
    changeOf(report, "rds-dev")?.interruption ?? "",
    /^applied now: port: RDS restarts the database at once/,
  );
  for (const rule of ["db-in-from-tasks-dev", "tasks-out-to-db-dev"])
    assert.match(changeOf(report, rule)?.interruption ?? "", /^moves from tcp\/5432 to tcp\/6432/, rule);
  const taskDefinition = report.changes.find((c) => c.type === TYPES.taskDefinition);
  assert.is(taskDefinition?.action, "replace", "the tasks get DB_PORT 6432 by a rolling deployment");
  assert.equal([report.dataLoss, report.wedge, liveStackEffect(report)], [false, false, "interruption"]);
});

edits(
  "database.proxy on: the direct rules go at the end of an update that does not wait for the new tasks",
  async () => {
    const report = await reportOf({ "webapp:database": { proxy: true } });
    for (const rule of ["db-in-from-tasks-dev", "tasks-out-to-db-dev"]) {
      assert.is(changeOf(report, rule)?.action, "delete", rule);
      assert.match(
        changeOf(report, rule)?.interruption ?? "",
        /^deleted at the end of the update, which does not wait/,
      );
    }
    assert.equal([report.dataLoss, report.wedge, liveStackEffect(report)], [false, false, "interruption"]);
    // With service.waitForSteadyState the update waits for the new tasks: the old path goes once nothing uses it.
    const waiting = { "webapp:service": { waitForSteadyState: true } };
    const hitless = await reportOf({ ...waiting, "webapp:database": { proxy: true } }, waiting);
    assert.equal(
      hitless.changes.filter((c) => c.interruption !== undefined).map((c) => c.name),
      [],
    );
  },
);

edits("registry.keepImages 5 -> 10: the lifecycle policy is replaced delete-first, which AWS allows", async () => {
  const report = await reportOf({ "webapp:registry": { keepImages: 10 } });
  const touched = report.changes.filter((c) => c.action !== "same");
  assert.equal(
    touched.map((c) => [c.name, c.action, c.wedge, c.interruption]),
    [["webapp-lifecycle-dev", "replace-delete-first", undefined, undefined]],
  );
  assert.is(liveStackEffect(report), "replaces");
});

edits("requestsPerTarget on with two schedules: the policy and the actions are added, nothing else moves", async () => {
  const report = await reportOf(SALE_READY);
  const scaling = report.changes.filter((c) => c.type.startsWith("aws:appautoscaling/") && c.action !== "same");
  assert.equal(
    scaling.map((c) => [c.name, c.action]),
    [
      ["requests-target-dev", "create"],
      ["schedule-sale-dev", "create"],
      ["schedule-after-dev", "create"],
    ],
  );
  // One write at a time to the target: spec/scaling.spec.ts holds the chain of dependsOn.
  assert.equal(
    [report.dataLoss, report.wedge, report.interruption, liveStackEffect(report)],
    [false, false, false, "adds or removes"],
  );
});

edits("a schedule removed: deleted last, with the command that restores the range it may leave behind", async () => {
  const [sale] = SALE_READY["webapp:scaling"].schedules;
  const report = await reportOf(
    { ...SALE_READY, "webapp:scaling": { ...SALE_READY["webapp:scaling"], schedules: [sale] } },
    SALE_READY,
  );
  const removed = changeOf(report, "schedule-after-dev");
  assert.is(removed?.action, "delete");
  assert.ok(
    removed?.warning?.includes(
      "aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount " +
        "--resource-id service/cluster-dev/service-dev --min-capacity 2 --max-capacity 10 --region us-east-2",
    ),
    removed?.warning,
  );
  const header = { project: "webapp", stack: "dev", before: "Pulumi.live.yaml", after: "Pulumi.dev.yaml" };
  assert.match(renderChangesText(header, report, PLAIN), /\n! deleting schedule-after-dev leaves the task range/);
  assert.equal([report.dataLoss, report.wedge], [false, false]);
});

edits("a new database name is ignored by the live database, and the app keeps reading the live one", async () => {
  const report = await reportOf({ "webapp:database": { name: "shop" } });
  assert.is(changeOf(report, "rds-dev")?.action, "same");
  // Under mocks the instance's dbName output echoes its input; the model puts the live name back, so the
  // task definition (DB_NAME) does not change either: nothing changes at all.
  assert.is(liveStackEffect(report), "no change");
  const sim = await runProgram({ "webapp:database": { name: "shop" } });
  const [container] = parsed<{ environment: { name: string; value: string }[] }[]>(
    only(sim, TYPES.taskDefinition).inputs.containerDefinitions,
  );
  assert.ok(container?.environment.some((e) => e.name === "DB_NAME"));
  assert.equal(only(sim, TYPES.database).options.ignoreChanges, ["dbName", "username"]);
});

edits.run();

// ---- the secret changes under a live stack ----

const secret = suite("a secret edited under a live stack");

const withSecret = (username: string, kmsKeyId?: string): Promise<Simulation> =>
  simulate({
    stack: "dev",
    config: devStackValues(),
    answer: (call) =>
      call.token === "aws:secretsmanager/getSecretVersion:getSecretVersion"
        ? { arn: "s", versionId: "v", secretString: JSON.stringify({ username, password: PLACEHOLDER.password }) }
        : call.token === "aws:secretsmanager/getSecret:getSecret" && kmsKeyId !== undefined
          ? {
              name: "webapp/dev/db",
              id: "s",
              arn: "arn:aws:secretsmanager:us-east-2:1:secret:webapp/dev/db-AbCdEf",
              kmsKeyId,
            }
          : undefined,
  });

secret(
  "a new username in the secret never replaces the database (the master username is fixed at creation)",
  async () => {
    const report = compareResources((await runProgram()).resources, (await withSecret("webapp_owner")).resources);
    assert.is(changeOf(report, "rds-dev")?.action, "same");
    assert.is(report.dataLoss, false);
  },
);

secret("a secret under a customer-managed key: the execution role may decrypt with that key", async () => {
  const key = "arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const sim = await withSecret("webapp_admin", key);
  const policy = sim.resources.find((r) => r.type === TYPES.rolePolicy && r.name === "task-execution-role-dev");
  const statements = parsed<{ Statement: { Sid: string; Action: string; Resource: string }[] }>(
    String(policy?.inputs.policy),
  ).Statement;
  const decrypt = statements.find((s) => s.Sid === "DecryptTheSecretsKey");
  assert.equal([decrypt?.Action, decrypt?.Resource], ["kms:Decrypt", key]);
});

secret.run();

// ---- create and destroy order ----

const order = suite("create and destroy order");

order(
  "the internet-facing ALB waits for the internet gateway and the public routes (and goes before them)",
  async () => {
    const sim = await runProgram();
    const dependsOn = only(sim, TYPES.loadBalancer).options.dependsOn;
    for (const name of ["igw-dev", "public-rt-dev", "rta-public-us-east-2a-dev", "rta-public-us-east-2b-dev"]) {
      assert.ok(dependsOn.includes(name), name);
    }
  },
);

order("the service's first tasks start after both roles' permissions and the listener rules exist", async () => {
  const dependsOn = only(await runProgram(), TYPES.service).options.dependsOn;
  for (const name of ["task-execution-role-dev", "task-role-dev", "rule-api-dev", "rule-health-dev"])
    assert.ok(dependsOn.includes(name), name);
});

order("the groups AWS will not delete while in use are replaced create-first", async () => {
  const sim = await runProgram();
  assert.is(only(sim, TYPES.targetGroup).options.deleteBeforeReplace, false);
  const parameterGroup = sim.resources.find((r) => r.type === "aws:rds/parameterGroup:ParameterGroup");
  assert.is(parameterGroup?.options.deleteBeforeReplace, false);
});

order(
  "a CI stack goes completely on destroy; database.finalSnapshot keeps a final snapshot and the backups",
  async () => {
    const ci = only(await runProgram(), TYPES.database).inputs;
    assert.equal(
      [ci.skipFinalSnapshot, ci.deleteAutomatedBackups, ci.finalSnapshotIdentifier],
      [true, true, undefined],
    );
    const kept = only(await runProgram({ "webapp:database": { finalSnapshot: true } }), TYPES.database).inputs;
    assert.equal(
      [kept.skipFinalSnapshot, kept.deleteAutomatedBackups, kept.finalSnapshotIdentifier],
      [false, false, "rds-dev-final"],
    );
  },
);

order.run();
