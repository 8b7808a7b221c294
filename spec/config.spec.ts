// The config contract: defaults are the mission's numbers, every rule rejects with a one-line message
// naming its key, the value and the rule, and every problem is reported at once.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { suite } from "uvu";
import * as assert from "uvu/assert";

import { configKeys, fromPulumiConfig } from "../src/contract/config";
import { configOf, devConfig, PROJECT_DIR, problemsOf } from "./fixtures/config";

const decode = suite("decodeConfig");

decode("defaults every key to the mission's numbers", () => {
  assert.equal(configOf({}), {
    environmentSuffix: "dev",
    region: "us-east-2",
    network: {
      cidr: "10.0.0.0/16",
      availabilityZones: ["us-east-2a", "us-east-2b"],
      publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24"],
      privateSubnetCidrs: ["10.0.3.0/24", "10.0.4.0/24"],
      natGateways: "perAz",
    },
    service: {
      containerPort: 5000,
      cpu: 512,
      memory: 1024,
      desiredCount: 2,
      imageTag: "latest",
      healthCheckPath: "/health",
      healthCheckIntervalSeconds: 30,
      waitForSteadyState: false,
      build: undefined,
      workers: 2,
    },
    scaling: {
      minTasks: 2,
      maxTasks: 10,
      cpuTargetPercent: 70,
      cooldownSeconds: 300,
      schedules: [],
      requestsPerTarget: undefined,
    },
    database: {
      instanceClass: "db.t3.micro",
      engineVersion: "17",
      allocatedStorageGb: 20,
      backupRetentionDays: 5,
      name: "webapp",
      port: 5432,
      credentialsSecretName: "webapp/dev/db",
      multiAz: false,
      finalSnapshot: false,
      connectionsPerWorker: undefined,
      proxy: false,
      applyImmediately: true,
      maxAllocatedStorageGb: undefined,
    },
    sessions: { tableName: "user-sessions", ttlAttribute: "expiry" },
    registry: { keepImages: 5 },
    logs: { retentionDays: 7 },
    alarms: { email: [] },
    tls: {},
    account: {},
  });
});

decode("reports every problem of a file at once: a refused value, a rule across keys and an unknown key", () => {
  // All three in one group: the refused cooldown does not stop min <= max from being judged.
  assert.equal(problemsOf({ "webapp:scaling": { minTasks: 5, maxTasks: 3, cooldownSeconds: -1, maxTask: 4 } }), [
    "webapp:scaling.maxTask: expected a known key of scaling (did you mean scaling.maxTasks?), got 4",
    "webapp:scaling.cooldownSeconds: expected an integer from 0 to 2147483647, got -1",
    "webapp:scaling.minTasks: expected at most scaling.maxTasks (3), got 5",
  ]);
});

decode("a rule across keys is not judged against a refused value's stand-in", () => {
  // maxTasks refused: min <= max, the desired count's range and the connection budget all read it.
  assert.equal(problemsOf({ "webapp:scaling": { minTasks: 50, maxTasks: "many" } }), [
    'webapp:scaling.maxTasks: expected an integer from 1 to 5000, got "many"',
  ]);
  // A refused memory stops the Fargate pairing rule, not the health-check rule of the same group.
  assert.equal(problemsOf({ "webapp:service": { memory: "lots", healthCheckIntervalSeconds: 10 } }), [
    'webapp:service.memory: expected an integer from 1 to 2147483647, got "lots"',
    "webapp:service.healthCheckIntervalSeconds: expected an interval at which 2 to 10 failed checks last at least the 140 s a new task takes to turn healthy and at most 300 s (about 15 to 75), got 10",
  ]);
});

decode("the checked-in dev stack file writes out exactly the defaults", () => {
  assert.equal(devConfig(), configOf({}, "dev"));
});

decode("the suffix defaults to the stack name, and so does the secret's name", () => {
  const c = configOf({}, "pr-123");
  assert.is(c.environmentSuffix, "pr-123");
  assert.is(c.database.credentialsSecretName, "webapp/pr-123/db");
});

decode("an explicit suffix wins over the stack name", () => {
  assert.is(configOf({ "webapp:environmentSuffix": "qa" }, "dev").environmentSuffix, "qa");
});

decode("a group given in part keeps the defaults of its other keys", () => {
  const c = configOf({ "webapp:scaling": { maxTasks: 12 } });
  assert.equal(c.scaling, {
    minTasks: 2,
    maxTasks: 12,
    cpuTargetPercent: 70,
    cooldownSeconds: 300,
    schedules: [],
    requestsPerTarget: undefined,
  });
});

decode("accepts numbers and booleans written as strings (pulumi config set --path)", () => {
  const c = configOf({
    "webapp:scaling": { maxTasks: "12" },
    "webapp:database": { multiAz: "true", engineVersion: 16 },
  });
  assert.is(c.scaling.maxTasks, 12);
  assert.is(c.database.multiAz, true);
  assert.is(c.database.engineVersion, "16");
});

decode("accepts a 16-character suffix: every derived name still fits", () => {
  assert.is(configOf({ "webapp:environmentSuffix": "pr-1234567890123" }).environmentSuffix, "pr-1234567890123");
});

decode("accepts a single NAT gateway, three zones, a larger task and a TLS certificate", () => {
  const c = configOf({
    "webapp:network": {
      natGateways: "single",
      availabilityZones: ["us-east-2a", "us-east-2b", "us-east-2c"],
      publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24", "10.0.5.0/24"],
      privateSubnetCidrs: ["10.0.3.0/24", "10.0.4.0/24", "10.0.6.0/24"],
    },
    "webapp:service": { cpu: 1024, memory: 3072 },
    "webapp:tls": {
      certificateArn: "arn:aws:acm:us-east-2:123456789012:certificate/0b5c1d6e-1111-2222-3333-444455556666",
    },
  });
  assert.is(c.network.availabilityZones.length, 3);
  assert.is(c.tls.certificateArn?.startsWith("arn:aws:acm:us-east-2:"), true);
});

decode("returns a frozen record", () => {
  const c = configOf({});
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.network) && Object.isFrozen(c.network.availabilityZones));
});

decode("reports every problem at once, one line each", () => {
  assert.equal(
    problemsOf({
      "webapp:scaling": { minTasks: 5, maxTasks: 3 },
      "webapp:logs": { retentionDays: 8 },
      "webapp:service": { containerPort: 0 },
    }),
    [
      "webapp:service.containerPort: expected an integer from 1 to 65535, got 0",
      "webapp:logs.retentionDays: expected one of CloudWatch Logs' retention periods in days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 8",
      "webapp:scaling.minTasks: expected at most scaling.maxTasks (3), got 5",
    ],
  );
});

// One rejected value per rule, with the exact line the user sees.
const rejections: [rule: string, raw: Record<string, unknown>, line: string][] = [
  [
    "an unknown top-level key",
    { "webapp:scalling": { maxTasks: 3 } },
    'webapp:scalling: expected a known key (did you mean scaling?), got {"maxTasks":3}',
  ],
  [
    "an unknown key inside a group (a typo)",
    { "webapp:scaling": { maxTask: 3 } },
    "webapp:scaling.maxTask: expected a known key of scaling (did you mean scaling.maxTasks?), got 3",
  ],
  [
    "an unknown key that is no near miss: the keys it may be",
    { "webapp:scaling": { ceiling: 3 } },
    "webapp:scaling.ceiling: expected a known key of scaling (minTasks, maxTasks, cpuTargetPercent, cooldownSeconds, schedules, requestsPerTarget), got 3",
  ],
  [
    "an unknown top-level key that is no near miss",
    { "webapp:image": "x" },
    'webapp:image: expected a known key (environmentSuffix, network, service, scaling, database, sessions, registry, logs, alarms, tls, account), got "x"',
  ],
  [
    "a group that is not an object",
    { "webapp:registry": "5" },
    'webapp:registry: expected an object with the keys keepImages, got "5"',
  ],
  [
    "a suffix with capitals or doubled hyphens",
    { "webapp:environmentSuffix": "Dev--1" },
    'webapp:environmentSuffix: expected lowercase letters and digits joined by single hyphens, like dev or pr-123, got "Dev--1"',
  ],
  [
    "a suffix too long for the tightest derived name (the target group's tg-<port>-<suffix>, 32 characters)",
    { "webapp:environmentSuffix": "feature-branch-1234567890" },
    'webapp:environmentSuffix: expected a value that keeps the target group name "tg-5000-feature-branch-1234567890" within 32 characters, got "feature-branch-1234567890"',
  ],
  ["a malformed region", { "aws:region": "Ohio" }, 'aws:region: expected an AWS region like us-east-2, got "Ohio"'],
  [
    "a VPC block outside /16../28",
    { "webapp:network": { cidr: "10.0.0.0/8" } },
    'webapp:network.cidr: expected an IPv4 CIDR block from /16 to /28 with no host bits set, like 10.0.0.0/16, got "10.0.0.0/8"',
  ],
  [
    "a block with host bits set",
    { "webapp:network": { cidr: "10.0.0.1/16" } },
    'webapp:network.cidr: expected an IPv4 CIDR block from /16 to /28 with no host bits set, like 10.0.0.0/16, got "10.0.0.1/16"',
  ],
  [
    "a subnet outside the VPC",
    { "webapp:network": { publicSubnetCidrs: ["10.1.1.0/24", "10.0.2.0/24"] } },
    'webapp:network.publicSubnetCidrs[0]: expected a block inside network.cidr (10.0.0.0/16), got "10.1.1.0/24"',
  ],
  [
    "overlapping subnets",
    { "webapp:network": { privateSubnetCidrs: ["10.0.3.0/24", "10.0.2.128/25"] } },
    'webapp:network.privateSubnetCidrs[1]: expected a block that does not overlap network.publicSubnetCidrs[1] (10.0.2.0/24), got "10.0.2.128/25"',
  ],
  [
    "a subnet list that does not match the zones one to one",
    { "webapp:network": { privateSubnetCidrs: ["10.0.3.0/24"] } },
    'webapp:network.privateSubnetCidrs: expected one CIDR block per availability zone (2), got ["10.0.3.0/24"]',
  ],
  [
    "a single availability zone (a load balancer needs two)",
    {
      "webapp:network": {
        availabilityZones: ["us-east-2a"],
        publicSubnetCidrs: ["10.0.1.0/24"],
        privateSubnetCidrs: ["10.0.3.0/24"],
      },
    },
    'webapp:network.availabilityZones: expected at least 2 availability zones (a load balancer needs two), got ["us-east-2a"]',
  ],
  [
    "a zone listed twice",
    { "webapp:network": { availabilityZones: ["us-east-2a", "us-east-2a"] } },
    'webapp:network.availabilityZones[1]: expected a zone not listed before, got "us-east-2a"',
  ],
  [
    "a zone outside the region",
    { "webapp:network": { availabilityZones: ["us-east-2a", "us-east-1b"] } },
    'webapp:network.availabilityZones[1]: expected an availability zone of us-east-2 (us-east-2a, us-east-2b, us-east-2c), got "us-east-1b"',
  ],
  [
    "a NAT layout other than perAz or single",
    { "webapp:network": { natGateways: "none" } },
    'webapp:network.natGateways: expected perAz (one NAT gateway per zone) or single, got "none"',
  ],
  [
    "a port above 65535",
    { "webapp:service": { containerPort: 70000 } },
    "webapp:service.containerPort: expected an integer from 1 to 65535, got 70000",
  ],
  [
    "CPU units Fargate does not offer",
    { "webapp:service": { cpu: 300 } },
    "webapp:service.cpu: expected Fargate CPU units: 256, 512, 1024, 2048, 4096, 8192, 16384, got 300",
  ],
  [
    "a memory size Fargate does not pair with the CPU",
    { "webapp:service": { cpu: 512, memory: 512 } },
    "webapp:service.memory: expected a memory size Fargate pairs with 512 CPU units (1024 to 4096 in steps of 1024 MiB), got 512",
  ],
  [
    "a desired count outside the scaling range",
    { "webapp:service": { desiredCount: 12 } },
    "webapp:service.desiredCount: expected between scaling.minTasks (2) and scaling.maxTasks (10), got 12",
  ],
  [
    "an image tag with a slash",
    { "webapp:service": { imageTag: "feature/x" } },
    'webapp:service.imageTag: expected an image tag: up to 128 letters, digits, _ . -, not starting with . or -, got "feature/x"',
  ],
  [
    "a health-check path without a leading slash",
    { "webapp:service": { healthCheckPath: "health" } },
    'webapp:service.healthCheckPath: expected a URL path starting with /, at most 128 characters of letters, digits and _ - . $ / ~ \' @ : +, got "health"',
  ],
  [
    "a health-check path with a wildcard (it is also a listener rule's pattern)",
    { "webapp:service": { healthCheckPath: "/health*" } },
    'webapp:service.healthCheckPath: expected a URL path starting with /, at most 128 characters of letters, digits and _ - . $ / ~ \' @ : +, got "/health*"',
  ],
  [
    "a health-check interval under 5 seconds",
    { "webapp:service": { healthCheckIntervalSeconds: 4 } },
    "webapp:service.healthCheckIntervalSeconds: expected an integer from 5 to 300, got 4",
  ],
  [
    "a switch that is not a boolean",
    { "webapp:service": { waitForSteadyState: "yes" } },
    'webapp:service.waitForSteadyState: expected true or false, got "yes"',
  ],
  [
    "a minimum of zero tasks",
    { "webapp:scaling": { minTasks: 0 } },
    "webapp:scaling.minTasks: expected an integer from 1 to 5000, got 0",
  ],
  [
    "a CPU target above 100 %",
    { "webapp:scaling": { cpuTargetPercent: 101 } },
    "webapp:scaling.cpuTargetPercent: expected a percentage from 1 to 100, got 101",
  ],
  [
    "a negative cooldown",
    { "webapp:scaling": { cooldownSeconds: -1 } },
    "webapp:scaling.cooldownSeconds: expected an integer from 0 to 2147483647, got -1",
  ],
  [
    "a fractional task count",
    { "webapp:scaling": { maxTasks: 2.5 } },
    "webapp:scaling.maxTasks: expected an integer from 1 to 5000, got 2.5",
  ],
  [
    "a schedule that is neither at(...) nor cron(...)",
    { "webapp:scaling": { schedules: [{ name: "sale", schedule: "tomorrow 9am", minTasks: 8, maxTasks: 10 }] } },
    'webapp:scaling.schedules[0].schedule: expected an Application Auto Scaling schedule: at(yyyy-mm-ddThh:mm:ss), rate(n minutes, hours or days) or cron(minutes hours day-of-month month day-of-week year) with ? in one of the two day fields (not at(...), rate(...) or a six-field cron(...)), got "tomorrow 9am"',
  ],
  [
    "an at() on a day that does not exist",
    {
      "webapp:scaling": {
        schedules: [{ name: "sale", schedule: "at(2026-02-30T07:00:00)", minTasks: 8, maxTasks: 10 }],
      },
    },
    'webapp:scaling.schedules[0].schedule: expected an Application Auto Scaling schedule: at(yyyy-mm-ddThh:mm:ss), rate(n minutes, hours or days) or cron(minutes hours day-of-month month day-of-week year) with ? in one of the two day fields (no such date and time), got "at(2026-02-30T07:00:00)"',
  ],
  [
    "a cron with both day fields set (Application Auto Scaling needs ? in one)",
    {
      "webapp:scaling": {
        schedules: [{ name: "nightly", schedule: "cron(0 2 * * MON *)", minTasks: 1, maxTasks: 10 }],
      },
    },
    'webapp:scaling.schedules[0].schedule: expected an Application Auto Scaling schedule: at(yyyy-mm-ddThh:mm:ss), rate(n minutes, hours or days) or cron(minutes hours day-of-month month day-of-week year) with ? in one of the two day fields (one of the day fields must be ?), got "cron(0 2 * * MON *)"',
  ],
  [
    "a cron minute out of range",
    {
      "webapp:scaling": {
        schedules: [{ name: "nightly", schedule: "cron(60 2 ? * MON-FRI *)", minTasks: 1, maxTasks: 10 }],
      },
    },
    'webapp:scaling.schedules[0].schedule: expected an Application Auto Scaling schedule: at(yyyy-mm-ddThh:mm:ss), rate(n minutes, hours or days) or cron(minutes hours day-of-month month day-of-week year) with ? in one of the two day fields (bad minutes), got "cron(60 2 ? * MON-FRI *)"',
  ],
  [
    "a time zone that is not an IANA name",
    {
      "webapp:scaling": {
        schedules: [
          { name: "sale", schedule: "at(2026-11-27T07:00:00)", timezone: "Eastern", minTasks: 8, maxTasks: 10 },
        ],
      },
    },
    'webapp:scaling.schedules[0].timezone: expected an IANA time zone like UTC or America/New_York, got "Eastern"',
  ],
  [
    "a schedule whose floor is above its ceiling",
    {
      "webapp:scaling": {
        schedules: [{ name: "sale", schedule: "at(2026-11-27T07:00:00)", minTasks: 12, maxTasks: 10 }],
      },
    },
    "webapp:scaling.schedules[0].minTasks: expected at most scaling.schedules[0].maxTasks (10), got 12",
  ],
  [
    "two schedules with one name",
    {
      "webapp:scaling": {
        schedules: [
          { name: "sale", schedule: "at(2026-11-27T07:00:00)", minTasks: 8, maxTasks: 10 },
          { name: "sale", schedule: "at(2026-11-28T00:00:00)", minTasks: 2, maxTasks: 10 },
        ],
      },
    },
    'webapp:scaling.schedules[1].name: expected a name no other schedule has, got "sale"',
  ],
  [
    "a misspelt schedule key (caught, not dropped)",
    {
      "webapp:scaling": {
        schedules: [{ name: "sale", schedule: "at(2026-11-27T07:00:00)", timeZone: "UTC", minTasks: 8, maxTasks: 10 }],
      },
    },
    'webapp:scaling.schedules[0].timeZone: expected a known key of scaling.schedules[0] (did you mean scaling.schedules[0].timezone?), got "UTC"',
  ],
  [
    "a request target of zero",
    { "webapp:scaling": { requestsPerTarget: 0 } },
    "webapp:scaling.requestsPerTarget: expected an integer from 1 to 2147483647, got 0",
  ],
  [
    "an alarm address that is not an email address",
    { "webapp:alarms": { email: ["ops"] } },
    'webapp:alarms.email[0]: expected an email address like ops@example.com (at most 254 characters), got "ops"',
  ],
  [
    "an alarm address listed twice",
    { "webapp:alarms": { email: ["ops@example.com", "ops@example.com"] } },
    'webapp:alarms.email[1]: expected an address not listed before, got "ops@example.com"',
  ],
  [
    "an instance class without db.",
    { "webapp:database": { instanceClass: "t3.micro" } },
    'webapp:database.instanceClass: expected an RDS instance class whose memory the connection budget knows (db.t3/t4g.micro to 2xlarge, db.m5/m6g/m7g/r5/r6g/r7g.large to 4xlarge), got "t3.micro"',
  ],
  [
    "a PostgreSQL older than 15",
    { "webapp:database": { engineVersion: "14" } },
    'webapp:database.engineVersion: expected a PostgreSQL major version, 15 or later, like 17 (minor versions upgrade automatically), got "14"',
  ],
  [
    "a major.minor pin: RDS upgrades minors itself, then refuses the pinned one",
    { "webapp:database": { engineVersion: "17.4" } },
    'webapp:database.engineVersion: expected a PostgreSQL major version, 15 or later, like 17 (minor versions upgrade automatically), got "17.4"',
  ],
  [
    "a cooldown beyond the 32-bit integers AWS's API takes",
    { "webapp:scaling": { cooldownSeconds: 1e12 } },
    "webapp:scaling.cooldownSeconds: expected an integer from 0 to 2147483647, got 1000000000000",
  ],
  [
    "more tasks than ECS runs in one service",
    { "webapp:scaling": { maxTasks: 5001 } },
    "webapp:scaling.maxTasks: expected an integer from 1 to 5000, got 5001",
  ],
  [
    "the table's string key as the TTL attribute (TTL would expire nothing)",
    { "webapp:sessions": { ttlAttribute: "sessionId" } },
    'webapp:sessions.ttlAttribute: expected a non-empty attribute name of at most 255 characters, not the table\'s key sessionId, got "sessionId"',
  ],
  [
    "a final-snapshot switch that is not a boolean",
    { "webapp:database": { finalSnapshot: "keep" } },
    'webapp:database.finalSnapshot: expected true or false, got "keep"',
  ],
  [
    "storage under 20 GiB",
    { "webapp:database": { allocatedStorageGb: 10 } },
    "webapp:database.allocatedStorageGb: expected an integer from 20 to 65536, got 10",
  ],
  [
    "backups turned off (0 days)",
    { "webapp:database": { backupRetentionDays: 0 } },
    "webapp:database.backupRetentionDays: expected an integer from 1 to 35, got 0",
  ],
  [
    "a reserved database name",
    { "webapp:database": { name: "postgres" } },
    'webapp:database.name: expected a PostgreSQL database name: a letter, then up to 62 letters, digits or underscores, not postgres, template0, template1, got "postgres"',
  ],
  [
    "a secret name that looks like a full ARN's suffix",
    { "webapp:database": { credentialsSecretName: "webapp-db-abc123" } },
    'webapp:database.credentialsSecretName: expected a Secrets Manager secret name of letters, digits and / _ + = . @ -, not ending in a hyphen and six characters, at most 512 characters, got "webapp-db-abc123"',
  ],
  [
    "a table name with a space",
    { "webapp:sessions": { tableName: "user sessions" } },
    'webapp:sessions.tableName: expected a DynamoDB table name of letters, digits, underscores, dots and hyphens, got "user sessions"',
  ],
  [
    "an empty TTL attribute",
    { "webapp:sessions": { ttlAttribute: "" } },
    'webapp:sessions.ttlAttribute: expected a non-empty attribute name of at most 255 characters, not the table\'s key sessionId, got ""',
  ],
  [
    "keeping no images",
    { "webapp:registry": { keepImages: 0 } },
    "webapp:registry.keepImages: expected an integer from 1 to 2147483647, got 0",
  ],
  [
    "a malformed certificate ARN",
    { "webapp:tls": { certificateArn: "my-cert" } },
    'webapp:tls.certificateArn: expected an ACM certificate ARN like arn:aws:acm:us-east-2:123456789012:certificate/<id>, got "my-cert"',
  ],
  [
    "a certificate from another region",
    { "webapp:tls": { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" } },
    'webapp:tls.certificateArn: expected a certificate in the stack\'s region (us-east-2), got "arn:aws:acm:us-east-1:123456789012:certificate/abc"',
  ],
];

for (const [rule, raw, line] of rejections) {
  decode(`rejects ${rule}`, () => {
    assert.equal(problemsOf(raw), [line]);
  });
}

decode.run();

const fromPulumi = suite("fromPulumiConfig");

fromPulumi("parses structured values from the JSON Pulumi passes", () => {
  assert.equal(
    fromPulumiConfig({ "webapp:scaling": '{"maxTasks":12}', "webapp:network": '{"availabilityZones":["us-east-2a"]}' }),
    {
      "webapp:scaling": { maxTasks: 12 },
      "webapp:network": { availabilityZones: ["us-east-2a"] },
    },
  );
});

fromPulumi("keeps plain values as text, even when they look like numbers", () => {
  assert.equal(fromPulumiConfig({ "webapp:environmentSuffix": "123", "aws:region": "us-east-2" }), {
    "webapp:environmentSuffix": "123",
    "aws:region": "us-east-2",
  });
});

fromPulumi("leaves broken JSON for the decoder to reject as the wrong kind of value", () => {
  const raw = fromPulumiConfig({ "webapp:logs": "{retentionDays: 7" });
  assert.equal(problemsOf(raw), [
    'webapp:logs: expected an object with the keys retentionDays, got "{retentionDays: 7"',
  ]);
});

fromPulumi.run();

const keys = suite("configKeys");

keys("lists every key of the contract, each described in Pulumi.yaml and README.md", () => {
  const documents = ["Pulumi.yaml", "README.md"].map((f) => readFileSync(join(PROJECT_DIR, f), "utf8"));
  assert.ok(configKeys().length >= 30);
  for (const key of configKeys())
    assert.match(key, /^(?:environmentSuffix|[a-z]+\.[a-zA-Z]+)$/, "group.key, or the suffix");
  assert.equal(configKeys().slice(0, 2), ["environmentSuffix", "network.cidr"]);
  for (const key of configKeys()) {
    for (const [i, text] of documents.entries()) {
      assert.ok(
        text.includes(`webapp:${key}`) || text.includes(`\`${key}\``),
        `${key} is not described in ${i === 0 ? "Pulumi.yaml" : "README.md"}`,
      );
    }
  }
});

keys("names only keys the decoder reads: a wrong value for each is rejected under that key", () => {
  for (const key of configKeys().filter((k) => k.includes("."))) {
    const [group = "", inner = ""] = key.split(".");
    assert.equal(
      problemsOf({ [`webapp:${group}`]: { [inner]: { not: "a valid value" } } }).map((line) => line.split(":")[1]),
      [key],
    );
  }
});

keys.run();
