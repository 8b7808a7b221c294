// Day two: what the second `pulumi up` does after an edit of the config or the secret. The rules of the
// change-safety model first, on small hand-made resources; then every config key edited alone on the
// dev stack, run twice under mocks: no edit a live stack may take loses data or wedges the update, and
// the keys README calls "new stack only" are exactly the ones that would.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { suite } from "uvu";
import * as assert from "uvu/assert";

import { configKeys } from "../src/contract/config";
import { type Change, compareResources, type ResourceState } from "../src/models/change-safety";
import { PLACEHOLDER, type Simulation, simulate } from "../src/plan/simulate";
import { devStackValues, PROJECT_DIR } from "./fixtures/config";
import { only, parsed, runProgram, SINGLE_NAT, TLS, TYPES } from "./fixtures/program";

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

rules("deleteBeforeReplace: false makes the replacement create-first, which AWS allows", () => {
  const change = changeOf(compareResources([tg(5000)], [tg(8080, { deleteBeforeReplace: false })]), "tg-dev");
  assert.is(change?.action, "replace");
  assert.is(change?.wedge, undefined);
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
  ["scaling.minTasks", { "webapp:scaling": { minTasks: 3 }, "webapp:service": { desiredCount: 3 } }],
  ["scaling.maxTasks", { "webapp:scaling": { maxTasks: 20 } }],
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
  ["database.port", { "webapp:database": { port: 5433 } }],
  ["database.credentialsSecretName", { "webapp:database": { credentialsSecretName: "webapp/dev/db-v2" } }],
  ["database.multiAz", { "webapp:database": { multiAz: true } }],
  ["database.finalSnapshot", { "webapp:database": { finalSnapshot: true } }],
  ["sessions.tableName", { "webapp:sessions": { tableName: "sessions" } }],
  ["sessions.ttlAttribute", { "webapp:sessions": { ttlAttribute: "expiresAt" } }],
  ["registry.keepImages", { "webapp:registry": { keepImages: 10 } }],
  ["logs.retentionDays", { "webapp:logs": { retentionDays: 14 } }],
  ["tls.certificateArn", TLS],
];

const edits = suite("every config edit on a live stack");

const reportOf = async (overrides: Record<string, unknown>) =>
  compareResources((await runProgram()).resources, (await runProgram(overrides)).resources);

// README's config table: the keys whose "on a live stack" column says "new stack only".
const newStackOnlyInReadme = (): string[] => {
  const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
  return [...readme.matchAll(/^\| `([\w.]+)` \|.*\| new stack only[^|]*\|$/gm)].map((m) => m[1] ?? "");
};

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

edits("a port change creates the new target group first and deletes the old one last", async () => {
  const report = await reportOf({ "webapp:service": { containerPort: 8080 } });
  assert.is(changeOf(report, "tg-8080-dev")?.action, "create");
  assert.is(changeOf(report, "tg-5000-dev")?.action, "delete");
  for (const rule of ["rule-api-dev", "rule-health-dev"]) assert.is(changeOf(report, rule)?.action, "update", rule);
  assert.equal(changeOf(report, "service-dev")?.changed, ["loadBalancers", "taskDefinition"]);
});

edits(
  "PostgreSQL 17 -> 18: the postgres18 group first, the database upgraded in place, the old group last",
  async () => {
    const report = await reportOf({ "webapp:database": { engineVersion: "18" } });
    assert.is(changeOf(report, "rds-params-postgres18-dev")?.action, "create");
    assert.equal(changeOf(report, "rds-dev")?.changed, ["engineVersion", "parameterGroupName"]);
    assert.is(changeOf(report, "rds-dev")?.action, "update");
    assert.is(changeOf(report, "rds-params-postgres17-dev")?.action, "delete");
    const db = only(await runProgram({ "webapp:database": { engineVersion: "18" } }), TYPES.database).inputs;
    assert.is(db.allowMajorVersionUpgrade, true, "RDS refuses a major upgrade without it");
  },
);

edits("a new database name is ignored by the live database, and the app keeps reading the live one", async () => {
  const report = await reportOf({ "webapp:database": { name: "shop" } });
  assert.is(changeOf(report, "rds-dev")?.action, "same");
  const sim = await runProgram({ "webapp:database": { name: "shop" } });
  const [container] = parsed<{ environment: { name: string; value: string }[] }[]>(
    only(sim, TYPES.taskDefinition).inputs.containerDefinitions,
  );
  // Under mocks the instance's dbName output echoes its input; in AWS it keeps the creation-time name.
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
