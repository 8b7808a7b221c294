// The config contract at its edges: for every rule, the values just inside each limit decode without a
// problem, and the values just outside are refused with one line naming the key and the rule. The exact
// messages of typical mistakes live in config.spec.ts; here every limit is walked to its last step.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import {
  AlarmsConfig,
  DatabaseConfig,
  decodeConfig,
  formatConfigError,
  fromPulumiConfig,
  LogsConfig,
  NetworkConfig,
  RegistryConfig,
  ScalingConfig,
  Schedule,
  ServiceConfig,
  SessionsConfig,
  TlsConfig,
} from "../src/contract/config";
import { configOf } from "./fixtures/config";

// ---- helpers ----

// Every problem line for raw values, or none.
const lines = (raw: Record<string, unknown>, stack = "dev"): string[] => {
  const decoded = decodeConfig(raw, stack);
  return decoded._tag === "Right" ? [] : decoded.left.map(formatConfigError);
};

// Raw values with one key set: "service.containerPort" inside its group (beside other keys of that
// group), "environmentSuffix" on its own.
const withKey =
  (key: string, beside: Record<string, unknown> = {}) =>
  (value: unknown): Record<string, unknown> => {
    const [group = "", field] = key.replace(/^webapp:/, "").split(".");
    return { [`webapp:${group}`]: field === undefined ? value : { ...beside, [field]: value } };
  };

const label = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : String(value));

// The rule takes each value inside without a word, and refuses each value outside with exactly one line,
// `<key>: expected <rule>, got ...`.
const edges = (
  key: string,
  rule: string,
  cases: { inside: unknown[]; outside: unknown[]; raw?: (value: unknown) => Record<string, unknown> },
): void => {
  const raw = cases.raw ?? withKey(key);
  for (const value of cases.inside) assert.equal(lines(raw(value)), [], `${key} = ${label(value)} is taken`);
  for (const value of cases.outside) {
    const [line = "no problem", ...others] = lines(raw(value));
    assert.equal(others, [], `${key} = ${label(value)}: one problem only`);
    assert.ok(line.startsWith(`${key}: expected ${rule}, got `), `${key} = ${label(value)}: ${line}`);
  }
};

const webapp = (key: string): string => `webapp:${key}`;
const integerFrom = (min: number, max: number) => `an integer from ${min} to ${max}`;
const INT32_MAX = 2 ** 31 - 1;

// ---- the values themselves ----

const values = suite("decodeConfig: how numbers, switches and text are written");

values("an integer may be written as text, with spaces around it, as pulumi config set --path stores it", () => {
  const c = configOf({
    "webapp:scaling": { maxTasks: " 12 ", minTasks: "3" },
    "webapp:service": { desiredCount: "3" },
  });
  assert.equal([c.scaling.minTasks, c.scaling.maxTasks, c.service.desiredCount], [3, 12, 3]);
  assert.is(configOf({ "webapp:scaling": { cooldownSeconds: "-0" } }).scaling.cooldownSeconds, 0);
});

// A fleet of thousands fits the database's connections only through the proxy (see the connection budget).
const withProxy = (value: unknown) => ({ ...withKey("scaling.maxTasks")(value), "webapp:database": { proxy: true } });

values("an integer is whole: 2.5, '2.5', '1e3', '' and 'twelve' are not integers", () => {
  edges(webapp("scaling.maxTasks"), integerFrom(1, 5000), {
    raw: withProxy,
    inside: [1e3, "1000", 5000],
    outside: [2.5, "2.5", "1e3", "", " ", "twelve", "0x10", true, null, [3], { n: 3 }],
  });
});

values("a percentage may be fractional and written as text; not empty, not infinite", () => {
  edges(webapp("scaling.cpuTargetPercent"), "a percentage from 1 to 100", {
    inside: [1, 100, 55.5, "70", " 99.9 "],
    outside: [0.99, 100.01, 0, 101, "", " ", "seventy", "Infinity", true, null],
  });
});

values("a switch is true or false, as a boolean or as that text", () => {
  edges(webapp("service.waitForSteadyState"), "true or false", {
    inside: [true, false, "true", "false"],
    outside: ["yes", "True", "FALSE", 1, 0, "", null],
  });
  // The text decodes to the switch, not to a (truthy) string.
  for (const [text, switched] of [
    ["true", true],
    ["false", false],
  ] as const)
    assert.is(configOf({ "webapp:service": { waitForSteadyState: text } }).service.waitForSteadyState, switched);
});

values("text may come as a number (YAML reads 17 and 20241125 as numbers), not as a switch or a list", () => {
  assert.is(configOf({ "webapp:service": { imageTag: 20241125 } }).service.imageTag, "20241125");
  edges(webapp("service.imageTag"), "an image tag: up to 128 letters, digits, _ . -, not starting with . or -", {
    inside: [20241125],
    outside: [true, ["latest"], null],
  });
});

values("a key given without a value reads as nothing", () => {
  assert.equal(lines({ "webapp:service": { containerPort: undefined } }), [
    "webapp:service.containerPort: expected an integer from 1 to 65535, got nothing",
  ]);
});

values("a long value is cut to 120 characters in the message; a shorter one is shown whole", () => {
  const shown = (tag: string) => lines({ "webapp:service": { imageTag: tag } })[0]?.split(", got ")[1];
  const whole = `${"a".repeat(117)}/`; // 120 characters of JSON with its quotes
  assert.is(shown(whole), JSON.stringify(whole));
  const long = `${"a".repeat(118)}/`; // 121
  assert.is(shown(long), `${JSON.stringify(long).slice(0, 117)}...`);
});

values("a value JSON cannot show is named by its kind", () => {
  assert.equal(lines({ "webapp:service": { imageTag: () => "latest" } }), [
    "webapp:service.imageTag: expected an image tag: up to 128 letters, digits, _ . -, not starting with . or -, got function",
  ]);
});

values.run();

// ---- the keys and their groups ----

const keys = suite("decodeConfig: keys and groups");

keys("keys of other namespaces are not the contract's business", () => {
  assert.equal(lines({ "aws:profile": "ops", "other:anything": { x: 1 }, webapp: "no colon" }), []);
});

keys("a group that is not an object is refused whole, without a line per key inside it", () => {
  assert.equal(lines({ "webapp:logs": [7] }), ["webapp:logs: expected an object with the keys retentionDays, got [7]"]);
  assert.equal(lines({ "webapp:tls": "arn" }), [
    'webapp:tls: expected an object with the key certificateArn, got "arn"',
  ]);
  assert.equal(lines({ "webapp:logs": null }), [
    "webapp:logs: expected an object with the keys retentionDays, got null",
  ]);
});

keys("an unknown key and a broken value of the same group are both reported", () => {
  assert.equal(lines({ "webapp:registry": { keepImages: 0, keepImage: 3 } }), [
    "webapp:registry.keepImage: expected a known key of registry (did you mean registry.keepImages?), got 3",
    "webapp:registry.keepImages: expected an integer from 1 to 2147483647, got 0",
  ]);
});

keys("a list's items are named by their index, the list itself by its key", () => {
  assert.equal(lines({ "webapp:network": { availabilityZones: ["us-east-2a", 5] } }), [
    "webapp:network.availabilityZones[1]: expected an availability zone like us-east-2a, got 5",
  ]);
  assert.equal(lines({ "webapp:network": { availabilityZones: "us-east-2a" } }), [
    'webapp:network.availabilityZones: expected a list of availability zones, got "us-east-2a"',
  ]);
});

keys("a group, a list or a schedule given as the wrong kind of value is named with what it should be", () => {
  assert.equal(lines({ "webapp:service": 5 }), [
    "webapp:service: expected an object with the keys containerPort, cpu, memory, desiredCount, imageTag, healthCheckPath, healthCheckIntervalSeconds, waitForSteadyState, build, workers, got 5",
  ]);
  assert.equal(lines({ "webapp:network": { publicSubnetCidrs: "10.0.1.0/24", privateSubnetCidrs: "10.0.3.0/24" } }), [
    'webapp:network.publicSubnetCidrs: expected a list of CIDR blocks, got "10.0.1.0/24"',
    'webapp:network.privateSubnetCidrs: expected a list of CIDR blocks, got "10.0.3.0/24"',
  ]);
  assert.equal(lines({ "webapp:scaling": { schedules: "sale" } }), [
    'webapp:scaling.schedules: expected a list of schedules, got "sale"',
  ]);
  assert.equal(lines({ "webapp:scaling": { schedules: ["sale"] } }), [
    'webapp:scaling.schedules[0]: expected a schedule { name, schedule, timezone, minTasks, maxTasks }, got "sale"',
  ]);
  assert.equal(lines({ "webapp:alarms": { email: "ops@example.com" } }), [
    'webapp:alarms.email: expected a list of email addresses, got "ops@example.com"',
  ]);
});

keys("an index of two digits is still an index: email[10]", () => {
  const eleven = [...Array.from({ length: 10 }, (_, i) => `ops${String(i)}@example.com`), "ops"];
  assert.equal(lines({ "webapp:alarms": { email: eleven } }), [
    'webapp:alarms.email[10]: expected an email address like ops@example.com (at most 254 characters), got "ops"',
  ]);
});

keys("the suffix defaults to the stack; a broken suffix is the one problem, not every name made of it", () => {
  assert.equal(lines({ "webapp:environmentSuffix": "Bad_Suffix" }, "dev"), [
    'webapp:environmentSuffix: expected lowercase letters and digits joined by single hyphens, like dev or pr-123, got "Bad_Suffix"',
  ]);
  assert.equal(lines({}, "Dev"), [
    'webapp:environmentSuffix: expected lowercase letters and digits joined by single hyphens, like dev or pr-123, got "Dev"',
  ]);
  assert.is(configOf({ "webapp:environmentSuffix": "qa" }, "dev").database.credentialsSecretName, "webapp/qa/db");
});

keys.run();

const pulumiValues = suite("fromPulumiConfig: which values are JSON");

pulumiValues("an object or a list, even after spaces, is JSON; anything else stays text", () => {
  assert.equal(
    fromPulumiConfig({
      "webapp:scaling": ' \n {"maxTasks": 3}',
      "webapp:network": '["a"]',
      "webapp:environmentSuffix": "pr-{1}",
      "webapp:logs": "x[1]",
    }),
    {
      "webapp:scaling": { maxTasks: 3 },
      "webapp:network": ["a"],
      "webapp:environmentSuffix": "pr-{1}",
      "webapp:logs": "x[1]",
    },
  );
});

pulumiValues.run();

// ---- environment and region ----

const stack = suite("decodeConfig: environmentSuffix and aws:region");

stack("a suffix is lowercase letters and digits joined by single hyphens", () => {
  edges(webapp("environmentSuffix"), "lowercase letters and digits joined by single hyphens, like dev or pr-123", {
    inside: ["a", "7", "pr-1-x", 123],
    outside: ["", "-a", "a-", "a--b", "Dev", "a_b", "a.b", "a b"],
  });
});

stack("a suffix of 24 characters fits tg-5000-<suffix> (32); 25 does not", () => {
  const rule = (suffix: string) => `a value that keeps the target group name "tg-5000-${suffix}" within 32 characters`;
  edges(webapp("environmentSuffix"), rule("s".repeat(25)), { inside: ["s".repeat(24)], outside: ["s".repeat(25)] });
});

stack("with port 65535 the target group name is one longer: 23 fits, 24 does not, and the port is to blame", () => {
  const suffix = "s".repeat(24);
  assert.equal(lines({ "webapp:environmentSuffix": "s".repeat(23), "webapp:service": { containerPort: 65535 } }), []);
  // tg-5000-<24 characters> is 32: the suffix fits with the default port, so the port breaks the name.
  assert.equal(lines({ "webapp:environmentSuffix": suffix, "webapp:service": { containerPort: 65535 } }), [
    `webapp:service.containerPort: expected a value that keeps the target group name "tg-65535-${suffix}" within 32 characters, got 65535`,
  ]);
  // tg-5000-<25 characters> is 33: too long with any port, so the suffix is to blame.
  const longer = "s".repeat(25);
  assert.equal(lines({ "webapp:environmentSuffix": longer, "webapp:service": { containerPort: 65535 } }), [
    `webapp:environmentSuffix: expected a value that keeps the target group name "tg-65535-${longer}" within 32 characters, got "${longer}"`,
  ]);
});

stack("a region is two letters, words, and one digit", () => {
  const rule = "an AWS region like us-east-2";
  edges("aws:region", rule, {
    // A region the contract knows no zones of takes any "<region><letter>".
    raw: (region) => ({
      "aws:region": region,
      "webapp:network": { availabilityZones: [`${String(region)}a`, `${String(region)}b`] },
    }),
    inside: ["us-east-2", "eu-central-1", "us-gov-west-1", "ap-southeast-4"],
    outside: [],
  });
  assert.equal(
    lines({
      "aws:region": "eu-central-1",
      "webapp:network": { availabilityZones: ["eu-central-1a", "eu-central-2a"] },
    }),
    [
      'webapp:network.availabilityZones[1]: expected an availability zone of eu-central-1, like eu-central-1a, got "eu-central-2a"',
    ],
  );
  edges("aws:region", rule, {
    raw: (region) => ({ "aws:region": region }),
    inside: [],
    outside: [
      "",
      "us-east",
      "us-east-12",
      "useast-2",
      "u-east-2",
      "use-east-2",
      "US-EAST-2",
      "us-east-2a",
      "us-east-2 ",
    ],
  });
});

stack.run();

// ---- network ----

const network = suite("decodeConfig: network");

const cidrRule = "an IPv4 CIDR block from /16 to /28 with no host bits set, like 10.0.0.0/16";

network("the VPC block is /16 to /28: /15 and /29 are refused", () => {
  // Alone: a /28 VPC cannot hold the default subnets, which is another rule's business.
  const blamed = (cidr: string) =>
    lines({ "webapp:network": { cidr } }).filter((l) => l.startsWith("webapp:network.cidr:"));
  assert.equal(blamed("10.0.0.0/28"), []);
  assert.equal(blamed("10.0.0.0/16"), []);
  edges(webapp("network.cidr"), cidrRule, {
    inside: [],
    outside: ["10.0.0.0/15", "10.0.0.0/29", "10.0.0.1/16", "10.0.0.0", ""],
  });
});

network("subnet blocks follow the same rule, each named by its place in the list", () => {
  assert.equal(lines({ "webapp:network": { publicSubnetCidrs: ["10.0.1.0/29", "10.0.2.0/24"] } }), [
    "webapp:network.publicSubnetCidrs[0]: expected " + cidrRule + ', got "10.0.1.0/29"',
  ]);
  assert.equal(
    lines({ "webapp:network": { privateSubnetCidrs: ["10.0.0.0/28", "10.0.4.0/24"] } }),
    [],
    "a /28 subnet is fine",
  );
});

network("zones: two are enough for a load balancer; one is not, and neither is none", () => {
  assert.equal(lines({}), []);
  assert.equal(lines({ "webapp:network": { availabilityZones: [], publicSubnetCidrs: [], privateSubnetCidrs: [] } }), [
    "webapp:network.availabilityZones: expected at least 2 availability zones (a load balancer needs two), got []",
  ]);
});

network("a zone is a region and a letter", () => {
  const rule = "an availability zone like us-east-2a";
  for (const zone of ["us-east-2", "us-east-2ab", "US-east-2a", "us-east-a", "", "xus-east-2a"]) {
    assert.equal(lines({ "webapp:network": { availabilityZones: ["us-east-2a", zone] } }), [
      `webapp:network.availabilityZones[1]: expected ${rule}, got ${JSON.stringify(zone)}`,
    ]);
  }
});

network("in a region the contract knows, only its zones; elsewhere, any zone of that region", () => {
  assert.equal(
    lines({
      "webapp:network": {
        availabilityZones: ["us-east-2c", "us-east-2d"],
      },
    }),
    [
      'webapp:network.availabilityZones[1]: expected an availability zone of us-east-2 (us-east-2a, us-east-2b, us-east-2c), got "us-east-2d"',
    ],
  );
  assert.equal(
    lines({ "aws:region": "eu-west-3", "webapp:network": { availabilityZones: ["eu-west-3a", "eu-west-3c"] } }),
    [],
  );
  assert.equal(
    lines({ "aws:region": "eu-west-3", "webapp:network": { availabilityZones: ["eu-west-3a", "eu-west-1b"] } }),
    [
      'webapp:network.availabilityZones[1]: expected an availability zone of eu-west-3, like eu-west-3a, got "eu-west-1b"',
    ],
  );
});

network("a zone listed again is blamed where it repeats, not where it first appears", () => {
  assert.equal(
    lines({
      "webapp:network": {
        availabilityZones: ["us-east-2a", "us-east-2b", "us-east-2a"],
        publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24", "10.0.5.0/24"],
        privateSubnetCidrs: ["10.0.3.0/24", "10.0.4.0/24", "10.0.6.0/24"],
      },
    }),
    ['webapp:network.availabilityZones[2]: expected a zone not listed before, got "us-east-2a"'],
  );
});

network("one subnet block per zone in each tier: one more or one fewer is refused", () => {
  assert.equal(lines({ "webapp:network": { publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24", "10.0.5.0/24"] } }), [
    'webapp:network.publicSubnetCidrs: expected one CIDR block per availability zone (2), got ["10.0.1.0/24","10.0.2.0/24","10.0.5.0/24"]',
  ]);
});

network("subnets reach the VPC's first and last addresses; a block past either end is outside", () => {
  assert.equal(lines({ "webapp:network": { publicSubnetCidrs: ["10.0.0.0/24", "10.0.255.0/24"] } }), []);
  assert.equal(lines({ "webapp:network": { privateSubnetCidrs: ["10.0.3.0/24", "10.1.0.0/24"] } }), [
    'webapp:network.privateSubnetCidrs[1]: expected a block inside network.cidr (10.0.0.0/16), got "10.1.0.0/24"',
  ]);
  assert.equal(lines({ "webapp:network": { privateSubnetCidrs: ["9.255.255.0/24", "10.0.4.0/24"] } }), [
    'webapp:network.privateSubnetCidrs[0]: expected a block inside network.cidr (10.0.0.0/16), got "9.255.255.0/24"',
  ]);
});

network("adjacent subnets are fine; overlapping ones are blamed on the later one, within a tier or across", () => {
  assert.equal(lines({ "webapp:network": { publicSubnetCidrs: ["10.0.1.0/25", "10.0.1.128/25"] } }), []);
  assert.equal(lines({ "webapp:network": { publicSubnetCidrs: ["10.0.1.0/24", "10.0.1.128/25"] } }), [
    'webapp:network.publicSubnetCidrs[1]: expected a block that does not overlap network.publicSubnetCidrs[0] (10.0.1.0/24), got "10.0.1.128/25"',
  ]);
  assert.equal(lines({ "webapp:network": { privateSubnetCidrs: ["10.0.3.0/24", "10.0.1.0/28"] } }), [
    'webapp:network.privateSubnetCidrs[1]: expected a block that does not overlap network.publicSubnetCidrs[0] (10.0.1.0/24), got "10.0.1.0/28"',
  ]);
});

network("NAT gateways: perAz or single, spelled so", () => {
  edges(webapp("network.natGateways"), "perAz (one NAT gateway per zone) or single", {
    inside: ["perAz", "single"],
    outside: ["PerAz", "perAZ", "Single", "none", ""],
  });
});

network.run();

// ---- service ----

const service = suite("decodeConfig: service");

service("the container port is 1 to 65535", () => {
  edges(webapp("service.containerPort"), integerFrom(1, 65535), {
    inside: [1, 65535, "8080"],
    outside: [0, 65536, -1],
  });
});

service("CPU is one of Fargate's sizes, each with its smallest and largest memory", () => {
  const pairs: [number, number, number][] = [
    [256, 512, 2048],
    [512, 1024, 4096],
    [1024, 2048, 8192],
    [2048, 4096, 16384],
    [4096, 8192, 30720],
    [8192, 16384, 61440],
    [16384, 32768, 122880],
  ];
  for (const [cpu, smallest, largest] of pairs) {
    assert.equal(lines({ "webapp:service": { cpu, memory: smallest } }), [], `${cpu}/${smallest}`);
    assert.equal(lines({ "webapp:service": { cpu, memory: largest } }), [], `${cpu}/${largest}`);
  }
  edges(webapp("service.cpu"), "Fargate CPU units: 256, 512, 1024, 2048, 4096, 8192, 16384", {
    inside: [],
    outside: [255, 257, 128, 32768, 0],
  });
});

service("memory must be a size Fargate pairs with the CPU: one step past either end is refused", () => {
  const refused: [number, number, string][] = [
    [256, 256, "512, 1024, 2048"],
    [256, 3072, "512, 1024, 2048"],
    [512, 5120, "1024 to 4096 in steps of 1024"],
    [1024, 1024, "2048 to 8192 in steps of 1024"],
    [4096, 31744, "8192 to 30720 in steps of 1024"],
    [8192, 18432, "16384 to 61440 in steps of 4096"],
    [16384, 126976, "32768 to 122880 in steps of 8192"],
  ];
  for (const [cpu, memory, sizes] of refused) {
    assert.equal(lines({ "webapp:service": { cpu, memory } }), [
      `webapp:service.memory: expected a memory size Fargate pairs with ${cpu} CPU units (${sizes} MiB), got ${memory}`,
    ]);
  }
  edges(webapp("service.memory"), integerFrom(1, INT32_MAX), { inside: [], outside: [0, INT32_MAX + 1] });
});

service("the desired count is within scaling.minTasks..maxTasks, both ends included", () => {
  const rule = "between scaling.minTasks (2) and scaling.maxTasks (10)";
  edges(webapp("service.desiredCount"), rule, { inside: [2, 10], outside: [1, 11] });
  edges(webapp("service.desiredCount"), integerFrom(1, 5000), { inside: [], outside: [0, 5001] });
});

service("an image tag: 1 to 128 letters, digits, _ . -, not starting with . or -", () => {
  edges(webapp("service.imageTag"), "an image tag: up to 128 letters, digits, _ . -, not starting with . or -", {
    inside: ["a", "_", "9", "v1.2-rc_3", `a${".".repeat(127)}`, "A".repeat(128)],
    outside: ["", ".a", "-a", "A".repeat(129), "a/b", "a:b", "a b", "a@sha"],
  });
});

service("the health path: /, then at most 127 more safe characters, no wildcards or quotes", () => {
  const rule = "a URL path starting with /, at most 128 characters of letters, digits and _ - . $ / ~ ' @ : +";
  edges(webapp("service.healthCheckPath"), rule, {
    inside: ["/", "/a-b_c.d$e/f~g'h@i:j+k", `/${"a".repeat(127)}`, "/Z9"],
    outside: ["", "health", `/${"a".repeat(128)}`, "/a*", "/a?", "/a b", '/a"b', "/a%20", "/a#b", "/é", " /a"],
  });
});

service("the health-check interval is 5 to 300 seconds", () => {
  edges(webapp("service.healthCheckIntervalSeconds"), integerFrom(5, 300), {
    inside: [15, 75],
    outside: [4, 301],
  });
});

// 15 s: 150 s to healthy, 10 checks drain in 150 s. 14 s: 148 s to healthy, but 10 checks (the most) drain
// in 140 s. 75 s: 270 s to healthy, 4 checks drain in 300 s. 76 s: 272 s to healthy, 4 checks take 304 s.
service(
  "the interval lets a saturated task fail for as long as a new task takes to turn healthy, within 5 minutes",
  () => {
    edges(
      webapp("service.healthCheckIntervalSeconds"),
      "an interval at which 2 to 10 failed checks last at least the 148 s a new task takes to turn healthy and at most 300 s (about 15 to 75)",
      { inside: [15, 30, 75], outside: [14] },
    );
    assert.equal(lines(withKey("service.healthCheckIntervalSeconds")(76)), [
      "webapp:service.healthCheckIntervalSeconds: expected an interval at which 2 to 10 failed checks last at least the 272 s a new task takes to turn healthy and at most 300 s (about 15 to 75), got 76",
    ]);
  },
);

service.run();

// ---- scaling ----

const scaling = suite("decodeConfig: scaling");

scaling("tasks: 1 to 5000 (ECS's limit per service); min may equal max, and may not exceed it", () => {
  edges(webapp("scaling.minTasks"), integerFrom(1, 5000), {
    inside: [1, 2],
    outside: [0],
  });
  edges(webapp("scaling.maxTasks"), integerFrom(1, 5000), { raw: withProxy, inside: [2, 5000], outside: [0, 5001] });
  assert.equal(lines({ "webapp:scaling": { minTasks: 3, maxTasks: 3 }, "webapp:service": { desiredCount: 3 } }), []);
  assert.equal(lines({ "webapp:scaling": { minTasks: 3, maxTasks: 3 }, "webapp:service": { desiredCount: 2 } }), [
    "webapp:service.desiredCount: expected between scaling.minTasks (3) and scaling.maxTasks (3), got 2",
  ]);
});

scaling("min above max is the one problem: the desired count is not measured against a range that is not one", () => {
  assert.equal(lines({ "webapp:scaling": { minTasks: 3, maxTasks: 2 } }), [
    "webapp:scaling.minTasks: expected at most scaling.maxTasks (2), got 3",
  ]);
});

scaling("cooldowns: 0 to the largest 32-bit integer", () => {
  edges(webapp("scaling.cooldownSeconds"), integerFrom(0, INT32_MAX), {
    inside: [0, INT32_MAX],
    outside: [-1, INT32_MAX + 1],
  });
});

scaling.run();

// ---- database ----

const database = suite("decodeConfig: database");

database(
  "an instance class is one whose memory the budget knows: db.t3/t4g micro..2xlarge, m and r large..4xlarge",
  () => {
    edges(
      webapp("database.instanceClass"),
      "an RDS instance class whose memory the connection budget knows (db.t3/t4g.micro to 2xlarge, db.m5/m6g/m7g/r5/r6g/r7g.large to 4xlarge)",
      {
        inside: ["db.t3.micro", "db.t4g.2xlarge", "db.m5.large", "db.r6g.2xlarge", "db.r7g.4xlarge"],
        outside: [
          "db.x2iedn.32xlarge", // a real class, but not in the table: its max_connections is not known here
          "db.t3.nano",
          "db.m5.micro",
          "db.r5.8xlarge",
          "t3.micro",
          "db.t3",
          "db..micro",
          "db.t3.micro.x",
          "DB.t3.micro",
          "db.T3.micro",
          "db.t3.micro ",
          "xdb.t3.micro",
          "constructor", // a name every object has must not count as a class
        ],
      },
    );
  },
);

database("the engine is a PostgreSQL major, 15 or later, without a minor", () => {
  const rule = "a PostgreSQL major version, 15 or later, like 17 (minor versions upgrade automatically)";
  edges(webapp("database.engineVersion"), rule, {
    inside: ["15", 15, "18", "100"],
    outside: ["14", "9", "17.4", "v17", "", " 17", "17 "],
  });
});

database("storage: 20 to 65536 GiB; backups: 1 to 35 days; port: 1150 to 65535", () => {
  edges(webapp("database.allocatedStorageGb"), integerFrom(20, 65536), { inside: [20, 65536], outside: [19, 65537] });
  edges(webapp("database.backupRetentionDays"), integerFrom(1, 35), { inside: [1, 35], outside: [0, 36] });
  edges(webapp("database.port"), integerFrom(1150, 65535), { inside: [1150, 65535], outside: [1149, 65536] });
});

database("a database name: a letter, then up to 62 letters, digits or underscores; not a name the server keeps", () => {
  const rule =
    "a PostgreSQL database name: a letter, then up to 62 letters, digits or underscores, not postgres, template0, template1";
  edges(webapp("database.name"), rule, {
    inside: ["a", `A${"b".repeat(62)}`, "webapp_2", "postgres1", "template", "my_postgres"],
    outside: ["", `a${"b".repeat(63)}`, "1db", "_db", "web-app", "postgres", "POSTGRES", "template0", "Template1"],
  });
});

database("the secret's name: up to 512 of letters, digits and / _ + = . @ -, not ending like an ARN's suffix", () => {
  const rule =
    "a Secrets Manager secret name of letters, digits and / _ + = . @ -, not ending in a hyphen and six characters, at most 512 characters";
  edges(webapp("database.credentialsSecretName"), rule, {
    inside: ["webapp/dev/db", "s".repeat(512), "db-abc12", "db-abc1234", "a+b=c.d@e_f"],
    outside: ["s".repeat(513), "db-abc123", "web app", "db:1", ""],
  });
});

database("multiAz and finalSnapshot are switches", () => {
  edges(webapp("database.multiAz"), "true or false", { inside: [true, "false"], outside: ["no"] });
  edges(webapp("database.finalSnapshot"), "true or false", { inside: [true, "false"], outside: [1] });
});

database.run();

// ---- sessions, registry, logs, tls ----

const rest = suite("decodeConfig: sessions, registry, logs and tls");

rest("a table name: letters, digits, _ . -; with its suffix at most 255 characters", () => {
  edges(webapp("sessions.tableName"), "a DynamoDB table name of letters, digits, underscores, dots and hyphens", {
    inside: ["a", "User.Sessions_2-x", "t".repeat(251)],
    outside: ["", "user sessions", "user/sessions", "sessions!"],
  });
  // The value the line shows is the table name given (not the suffix), the rule the derived name's.
  const long = "t".repeat(252);
  assert.equal(lines({ "webapp:sessions": { tableName: long } }), [
    // A value longer than 120 characters is shown cut short.
    `webapp:sessions.tableName: expected a value that keeps the DynamoDB table name "${long}-dev" within 255 characters, got "${long.slice(0, 116)}...`,
  ]);
});

rest("a TTL attribute: 1 to 255 characters, and not the table's key", () => {
  const rule = "a non-empty attribute name of at most 255 characters, not the table's key sessionId";
  edges(webapp("sessions.ttlAttribute"), rule, {
    inside: ["x", "e".repeat(255), "sessionid", "SessionId"],
    outside: ["", "e".repeat(256), "sessionId"],
  });
});

rest("images kept: 1 to the largest 32-bit integer", () => {
  edges(webapp("registry.keepImages"), integerFrom(1, INT32_MAX), {
    inside: [1, INT32_MAX],
    outside: [0, INT32_MAX + 1],
  });
});

rest("log retention: exactly one of CloudWatch's periods, from 1 day to 10 years", () => {
  const periods = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
  ];
  edges(webapp("logs.retentionDays"), `one of CloudWatch Logs' retention periods in days (${periods.join(", ")})`, {
    inside: periods,
    outside: [0, 2, 4, 8, 366, 730, 3654],
  });
});

rest("a certificate: an ACM ARN of any partition, a 12-digit account and an id", () => {
  const rule = "an ACM certificate ARN like arn:aws:acm:us-east-2:123456789012:certificate/<id>";
  const arn = (account: string, id = "0b5c1d6e-1111") => `arn:aws:acm:us-east-2:${account}:certificate/${id}`;
  edges(webapp("tls.certificateArn"), rule, {
    inside: [arn("123456789012"), "arn:aws-us-gov:acm:us-east-2:123456789012:certificate/abc"],
    outside: [
      arn("12345678901"),
      arn("1234567890123"),
      arn("123456789012", ""),
      arn("123456789012", "a/b"),
      "arn:aws:iam:us-east-2:123456789012:certificate/abc",
      "arn:aws:acm:us-east-2:123456789012:key/abc",
      `x${arn("123456789012")}`,
      "",
    ],
  });
});

rest("a certificate of the stack's region only (the load balancer cannot use another's)", () => {
  assert.equal(lines({ "webapp:tls": {} }), []);
  assert.equal(lines({ "webapp:tls": { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" } }), [
    'webapp:tls.certificateArn: expected a certificate in the stack\'s region (us-east-2), got "arn:aws:acm:us-east-1:123456789012:certificate/abc"',
  ]);
});

rest.run();

// ---- scheduled scaling, the requests target, alarm addresses ----

const scheduled = suite("decodeConfig: schedules, requestsPerTarget and alarms");

const SCHEDULE_RULE =
  "an Application Auto Scaling schedule: at(yyyy-mm-ddThh:mm:ss), rate(n minutes, hours or days) or cron(minutes hours day-of-month month day-of-week year) with ? in one of the two day fields";

// One schedule with the given fields over a valid one.
const oneSchedule =
  (field: string) =>
  (value: unknown): Record<string, unknown> => ({
    "webapp:scaling": {
      schedules: [{ name: "sale", schedule: "at(2026-11-27T07:00:00)", minTasks: 8, maxTasks: 10, [field]: value }],
    },
  });

// Schedule expressions Application Auto Scaling takes, and ones it refuses.
const takes = (...expressions: string[]): void => {
  edges("webapp:scaling.schedules[0].schedule", SCHEDULE_RULE, {
    raw: oneSchedule("schedule"),
    inside: expressions,
    outside: [],
  });
};
// Each refusal says why: the rule, then what is wrong with this expression.
const refuses = (reason: string, ...expressions: string[]): void => {
  edges("webapp:scaling.schedules[0].schedule", `${SCHEDULE_RULE} (${reason})`, {
    raw: oneSchedule("schedule"),
    inside: [],
    outside: expressions,
  });
};
const NOT_A_SCHEDULE = "not at(...), rate(...) or a six-field cron(...)";

scheduled(
  "at(): a real date and time, to the second, in the years 1970 to 2199; the last second of a day, a month and a leap day are real",
  () => {
    takes(
      "at(2026-11-27T07:00:00)",
      "at(2026-12-31T23:59:59)",
      "at(2028-02-29T00:00:00)",
      "at(2026-04-30T12:30:45)",
      "at(1970-01-01T00:00:00)",
      "at(2199-12-31T23:59:59)",
    );
  },
);

scheduled("at(): a day, hour, minute or second one past its end, month 0 or 13, or a year out of range is not", () => {
  refuses(
    "no such date and time",
    "at(2026-02-29T00:00:00)",
    "at(2026-04-31T00:00:00)",
    "at(2026-11-00T00:00:00)",
    "at(2026-13-01T00:00:00)",
    "at(2026-00-01T00:00:00)",
    "at(2026-11-27T24:00:00)",
    "at(2026-11-27T23:60:00)",
    "at(2026-11-27T23:59:60)",
    "at(0099-11-27T07:00:00)",
    "at(1969-12-31T23:59:59)",
    "at(2200-01-01T00:00:00)",
  );
  refuses(
    NOT_A_SCHEDULE,
    "at(2026-11-27 07:00:00)",
    "at(2026-11-27T07:00)",
    " at(2026-11-27T07:00:00)",
    "at(2026-11-27T07:00:00) ",
  );
});

scheduled("rate(): a whole number of minutes, hours or days, singular for 1 and plural above", () => {
  takes("rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)", "rate(7 days)");
  refuses("the unit is singular for 1 and plural above", "rate(1 minutes)", "rate(2 hour)", "rate(3 day)");
  refuses("a rate of at least 1", "rate(0 minutes)");
  refuses(
    "a rate is a whole number and minutes, hours or days",
    "rate(1.5 hours)",
    "rate(5 weeks)",
    "rate(5 seconds)",
    "rate(-1 days)",
    "rate()",
    "rate(5  minutes)",
    "rate(5 Minutes)",
    "rate(5 minutesx)",
  );
  refuses(NOT_A_SCHEDULE, "rate(5 minutes) ", "rate 5 minutes", "xrate(5 minutes)");
});

scheduled("cron(): six fields, spaces around them allowed; five or seven are not a cron", () => {
  takes("cron(0 7 ? * FRI *)", "cron( 0  7 ? *  FRI * )", "cron(0 7 27 11 ? 2026)");
  refuses(
    NOT_A_SCHEDULE,
    "cron(0 7 ? * FRI)",
    "cron(0 7 ? * FRI * *)",
    "cron()",
    "cron 0 7 ? * FRI *",
    "0 7 ? * FRI *",
    " cron(0 7 ? * FRI *)",
    "cron(0 7 ? * FRI *) ",
  );
});

scheduled(
  "cron(): each field at its ends: minutes 0-59, hours 0-23, day 1-31, month 1-12, weekday 1-7, year 1970-2199",
  () => {
    takes("cron(0 0 1 1 ? 1970)", "cron(59 23 31 12 ? 2199)", "cron(0 0 ? 1 1 *)", "cron(0 0 ? 12 7 *)");
    refuses("bad minutes", "cron(60 0 1 1 ? *)", "cron(-1 0 1 1 ? *)");
    refuses("bad hours", "cron(0 24 1 1 ? *)");
    refuses("bad day-of-month", "cron(0 0 0 1 ? *)", "cron(0 0 32 1 ? *)");
    refuses("bad month", "cron(0 0 1 0 ? *)", "cron(0 0 1 13 ? *)");
    refuses("bad day-of-week", "cron(0 0 ? 1 0 *)", "cron(0 0 ? 1 8 *)");
    refuses("bad year", "cron(0 0 1 1 ? 1969)", "cron(0 0 1 1 ? 2200)");
  },
);

scheduled("cron(): every month's and weekday's name in any case, lists, ranges and steps", () => {
  takes(
    "cron(0,30 7-9 ? JAN-MAR MON-FRI *)",
    "cron(*/15 * ? dec sun *)",
    "cron(0/5 7 ? * SAT *)",
    "cron(0 7 ? feb,Nov 1-7 2026-2030)",
    "cron(0 7 ? JAN,FEB,MAR,APR,MAY,JUN,JUL,AUG,SEP,OCT,NOV,DEC * *)",
    "cron(0 7 ? * SUN,MON,TUE,WED,THU,FRI,SAT *)",
  );
  refuses("bad month", "cron(0 7 ? JANUARY MON *)", "cron(0 7 ? SUN MON *)");
  refuses("bad day-of-week", "cron(0 7 ? * MONDAY *)", "cron(0 7 ? * MON-FRI-SAT *)");
  refuses(
    "bad minutes",
    "cron(0/x 7 ? * MON *)",
    "cron(0/ 7 ? * MON *)",
    "cron(0/5x 7 ? * MON *)",
    "cron(0/x5 7 ? * MON *)",
    "cron(5- 7 ? * MON *)",
    "cron(0,60 7 ? * MON *)",
  );
});

scheduled("cron(): the special days: L, LW and nW of the month; nL and n#k (k up to 5) of the week", () => {
  takes("cron(0 7 L * ? *)", "cron(0 7 LW * ? *)", "cron(0 7 15W * ? *)", "cron(0 7 ? * 6L *)", "cron(0 7 ? * 2#5 *)");
  refuses("bad day-of-month", "cron(0 7 W * ? *)", "cron(0 7 L# * ? *)", "cron(0 7 XL * ? *)", "cron(0 7 15WX * ? *)");
  refuses(
    "bad day-of-week",
    "cron(0 7 ? * 8L *)",
    "cron(0 7 ? * 2#6 *)",
    "cron(0 7 ? * 0#1 *)",
    "cron(0 7 ? * x6L *)",
    "cron(0 7 ? * 6Lx *)",
  );
});

scheduled("cron(): exactly one of the two day fields is ?", () => {
  takes("cron(0 7 1 * ? *)", "cron(0 7 ? * 1 *)");
  refuses("one of the day fields must be ?", "cron(0 7 ? * ? *)", "cron(0 7 1 * 1 *)", "cron(0 7 * * * *)");
});

scheduled("a schedule's name: 1 to 48 lowercase letters, digits and inner hyphens; each name once", () => {
  edges("webapp:scaling.schedules[0].name", "a schedule name of up to 48 lowercase letters, digits and inner hyphens", {
    raw: oneSchedule("name"),
    inside: ["s", "9", "black-friday-2026", "s".repeat(48)],
    outside: ["", "s".repeat(49), "-sale", "sale-", "Sale", "sale_1", "sale 1"],
  });
  const two = (first: string, second: string) =>
    lines({
      "webapp:scaling": {
        schedules: [
          { name: first, schedule: "at(2026-11-27T07:00:00)", minTasks: 8, maxTasks: 10 },
          { name: second, schedule: "at(2026-11-28T00:00:00)", minTasks: 2, maxTasks: 10 },
        ],
      },
    });
  assert.equal(two("sale", "after-sale"), []);
  assert.equal(two("sale", "sale"), [
    'webapp:scaling.schedules[1].name: expected a name no other schedule has, got "sale"',
  ]);
});

scheduled("a schedule's time zone: an IANA region/city name or UTC; UTC when left out", () => {
  edges("webapp:scaling.schedules[0].timezone", "an IANA time zone like UTC or America/New_York", {
    raw: oneSchedule("timezone"),
    inside: ["UTC", "America/New_York", "Europe/Berlin", "America/Argentina/Buenos_Aires"],
    outside: ["", "utc", "EST", "GMT", "Eastern", "Mars/Olympus_Mons", "America/Gotham"],
  });
  assert.is(configOf(oneSchedule("name")("sale")).scaling.schedules[0]?.timezone, "UTC");
});

scheduled("a schedule's task range: 1 to 5000, floor at most its ceiling (equal is fine)", () => {
  edges("webapp:scaling.schedules[0].minTasks", integerFrom(1, 5000), {
    raw: oneSchedule("minTasks"),
    inside: [1, 10],
    outside: [0],
  });
  edges("webapp:scaling.schedules[0].minTasks", "at most scaling.schedules[0].maxTasks (10)", {
    raw: oneSchedule("minTasks"),
    inside: [],
    outside: [11],
  });
  edges("webapp:scaling.schedules[0].maxTasks", integerFrom(1, 5000), {
    raw: oneSchedule("maxTasks"),
    inside: [8, 5000],
    outside: [5001],
  });
});

scheduled("requests per target: off when left out, else 1 to the largest 32-bit integer", () => {
  assert.is(configOf({}).scaling.requestsPerTarget, undefined);
  edges(webapp("scaling.requestsPerTarget"), integerFrom(1, INT32_MAX), {
    inside: [1, INT32_MAX, "600"],
    outside: [0, INT32_MAX + 1, "many", null],
  });
});

scheduled("an alarm address: something@domain.tld, at most 254 characters, each once", () => {
  const address = (length: number) => `${"a".repeat(length - "@example.com".length)}@example.com`;
  edges("webapp:alarms.email[0]", "an email address like ops@example.com (at most 254 characters)", {
    raw: (value) => ({ "webapp:alarms": { email: [value] } }),
    inside: ["a@b.c", "ops+alarms@sub.example.com", address(254)],
    outside: [
      "",
      "ops",
      "ops@example",
      "@example.com",
      "ops@.com",
      "ops@example.",
      "o ps@example.com",
      "ops@ex@ample.com",
      "ops@example.com x",
      address(255),
    ],
  });
  assert.equal(lines({ "webapp:alarms": { email: ["a@example.com", "b@example.com"] } }), []);
});

scheduled.run();

// ---- the exported codecs ----

const codecs = suite("the group codecs: type guards and encoding");

const full = configOf({
  "webapp:scaling": {
    schedules: [
      { name: "sale", schedule: "cron(0 7 ? * FRI *)", timezone: "America/New_York", minTasks: 8, maxTasks: 10 },
    ],
    requestsPerTarget: 600,
  },
  "webapp:alarms": { email: ["ops@example.com"] },
  "webapp:tls": { certificateArn: "arn:aws:acm:us-east-2:123456789012:certificate/abc" },
});

codecs("each group's type guard takes what decoding made", () => {
  assert.ok(NetworkConfig.is(full.network));
  assert.ok(ServiceConfig.is(full.service));
  assert.ok(ScalingConfig.is(full.scaling));
  assert.ok(ScalingConfig.is({ ...full.scaling, requestsPerTarget: undefined }), "requestsPerTarget may be absent");
  assert.ok(Schedule.is(full.scaling.schedules[0]));
  assert.ok(DatabaseConfig.is(full.database));
  assert.ok(SessionsConfig.is(full.sessions));
  assert.ok(RegistryConfig.is(full.registry));
  assert.ok(LogsConfig.is(full.logs));
  assert.ok(AlarmsConfig.is(full.alarms));
  assert.ok(TlsConfig.is(full.tls));
});

codecs("a type guard refuses a value outside its rule, and text where the decoded type is a number or a switch", () => {
  const refused: [string, boolean][] = [
    ["port 0", ServiceConfig.is({ ...full.service, containerPort: 0 })],
    ["port as text", ServiceConfig.is({ ...full.service, containerPort: "5000" })],
    ["port 80.5", ServiceConfig.is({ ...full.service, containerPort: 80.5 })],
    ["switch as text", ServiceConfig.is({ ...full.service, waitForSteadyState: "false" })],
    ["tag as a number", ServiceConfig.is({ ...full.service, imageTag: 5 })],
    ["percentage as text", ScalingConfig.is({ ...full.scaling, cpuTargetPercent: "70" })],
    ["percentage 0", ScalingConfig.is({ ...full.scaling, cpuTargetPercent: 0 })],
    ["requests 0", ScalingConfig.is({ ...full.scaling, requestsPerTarget: 0 })],
    ["no time zone", Schedule.is({ ...full.scaling.schedules[0], timezone: undefined })],
    ["a schedule that is not one", Schedule.is({ ...full.scaling.schedules[0], schedule: "cron(60 7 ? * FRI *)" })],
    ["a schedule as a number", Schedule.is({ ...full.scaling.schedules[0], schedule: 5 })],
    ["NAT none", NetworkConfig.is({ ...full.network, natGateways: "none" })],
    ["retention 8", LogsConfig.is({ retentionDays: 8 })],
  ];
  for (const [what, taken] of refused) assert.is(taken, false, what);
});

codecs("encoding a decoded group gives it back unchanged", () => {
  assert.equal(NetworkConfig.encode(full.network), full.network);
  assert.equal(ServiceConfig.encode(full.service), full.service);
  assert.equal(ScalingConfig.encode(full.scaling), full.scaling);
  assert.equal(DatabaseConfig.encode(full.database), full.database);
  assert.equal(SessionsConfig.encode(full.sessions), full.sessions);
  assert.equal(RegistryConfig.encode(full.registry), full.registry);
  assert.equal(LogsConfig.encode(full.logs), full.logs);
  assert.equal(AlarmsConfig.encode(full.alarms), full.alarms);
  assert.equal(TlsConfig.encode(full.tls), full.tls);
});

codecs.run();
