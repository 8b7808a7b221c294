// The monthly cost model: each line checked against arithmetic done by hand in the comments, each config
// switch shown to move the lines it should and no others, and every type the program creates accounted for.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import {
  type CostEstimate,
  coverageOf,
  DEFAULT_USAGE,
  formatUsd,
  FREE,
  monthlyCost,
  type PlannedResource,
  PRICED_TYPES,
} from "../src/models/cost";
import { configOf, devConfig } from "./fixtures/config";
import { runProgram, SALE_READY, TLS } from "./fixtures/program";

// ---- helpers ----

// The whole program's plan and its cost for the dev stack with some keys overridden.
const estimateFor = async (overrides: Record<string, unknown> = {}, saleHours?: number): Promise<CostEstimate> => {
  const sim = await runProgram(overrides);
  return monthlyCost(configOf(overrides), sim.resources, saleHours === undefined ? {} : { saleHours });
};

// The floor (or, with "max", the maxTasks) total of the lines of one billing dimension.
const usd = (e: CostEstimate, what: string, at: "floor" | "max" = "floor"): number =>
  e.items.filter((i) => i.what === what).reduce((s, i) => s + (at === "floor" ? i.monthlyUsd : i.maxMonthlyUsd), 0);

// Money in the model is never rounded, so compare to a tolerance far below a cent.
const assertUsd = (actual: number, expected: number, label = ""): void => {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${label} ${String(actual)} is not ${String(expected)}`);
};

// Every line that is not of the given dimensions, as [resource, what, floor, max].
const linesOtherThan = (e: CostEstimate, ...whats: string[]): [string, string, number, number][] =>
  e.items.filter((i) => !whats.includes(i.what)).map((i) => [i.resource, i.what, i.monthlyUsd, i.maxMonthlyUsd]);

const resource = (type: string, name: string, inputs: Record<string, unknown> = {}): PlannedResource => ({
  type,
  name,
  inputs,
});

// ---- monthlyCost ----

const cost = suite("monthlyCost");

cost("prices each NAT gateway by the hour: two for 730 h = 2 × 730 × $0.045 = $65.70", async () => {
  const dev = await estimateFor();
  assertUsd(usd(dev, "NAT gateway hours"), 65.7);
});

cost("prices every public IPv4: 2 NAT EIPs + 2 load balancer nodes = 4 × 730 × $0.005 = $14.60", async () => {
  const dev = await estimateFor();
  assertUsd(usd(dev, "public IPv4"), 14.6);
  assert.equal(
    dev.items.filter((i) => i.what === "public IPv4").map((i) => [i.resource, i.monthlyUsd]),
    [
      ["nat-eip-us-east-2a-dev", 730 * 0.005],
      ["nat-eip-us-east-2b-dev", 730 * 0.005],
      ["alb-dev", 2 * 730 * 0.005],
    ],
  );
});

cost("splits the NAT traffic of the usage profile over the gateways: 20 GB × $0.045 = $0.90", async () => {
  const dev = await estimateFor();
  assertUsd(usd(dev, "data processed"), 0.9);
});

cost(
  "prices the minTasks Fargate fleet at the floor: 2 × 730 × (0.5 × $0.04048 + 1 × $0.004445) = $36.0401",
  async () => {
    // 0.5 × 0.04048 = 0.02024; + 0.004445 = 0.024685 per task-hour; × 730 × 2 = 36.0401
    const dev = await estimateFor();
    assertUsd(usd(dev, "Fargate tasks"), 36.0401);
  },
);

cost("prices the maxTasks Fargate fleet for the max month: 10 × 730 × $0.024685 = $180.2005", async () => {
  const dev = await estimateFor();
  assertUsd(usd(dev, "Fargate tasks", "max"), 180.2005);
});

cost(
  "prices the load balancer: 730 × $0.0225 = $16.425 a month, LCUs 1 × 730 × $0.008 = $5.84 (10 at max: $58.40)",
  async () => {
    const dev = await estimateFor();
    assertUsd(usd(dev, "load balancer hours"), 16.425);
    assertUsd(usd(dev, "LCUs"), 5.84);
    assertUsd(usd(dev, "LCUs", "max"), 58.4);
    // 2 nodes × 12 objects an hour × 730 h = 17,520 PUTs × $0.005 / 1,000 = $0.0876
    assertUsd(usd(dev, "access log PUTs"), 0.0876);
  },
);

cost("prices db.t3.micro Single-AZ at 730 × $0.018 = $13.14 and 20 GB of gp3 at 20 × $0.115 = $2.30", async () => {
  const dev = await estimateFor();
  assertUsd(usd(dev, "instance hours"), 13.14);
  assert.equal(
    dev.items.filter((i) => i.resource === "rds-dev").map((i) => [i.what, i.monthlyUsd]),
    [
      ["instance hours", 730 * 0.018],
      ["storage", 20 * 0.115],
      ["backup storage", 0],
    ],
  );
});

cost("charges backups only past the free 100% of provisioned storage", () => {
  const rds = resource("aws:rds/instance:Instance", "rds-dev", {
    engine: "postgres",
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    storageType: "gp3",
    backupRetentionPeriod: 5,
  });
  // 20 GB of data + 5 days × 1 GB of changes = 25 GB of backups; 25 − 20 free = 5 GB × $0.095 = $0.475
  const big = monthlyCost(devConfig(), [rds], {
    usage: { ...DEFAULT_USAGE, databaseUsedGb: 20, databaseChangeGbPerDay: 1 },
  });
  assertUsd(usd(big, "backup storage"), 0.475);
  // 2 GB + 5 × 0.2 GB = 3 GB, inside the 20 GB free: a $0 line that says why
  const small = monthlyCost(devConfig(), [rds]);
  assert.is(usd(small, "backup storage"), 0);
  assert.match(small.items.find((i) => i.what === "backup storage")?.basis ?? "", "20 GB free");
});

cost(
  "counts each metric an alarm reads: the 5xx rate reads three (3 × $0.10), the throttle alarm two ($0.20)",
  async () => {
    const dev = await estimateFor();
    const alarms = dev.items
      .filter((i) => i.what === "alarm metrics")
      .map((i) => [i.resource, Math.round(i.monthlyUsd * 100) / 100]);
    assert.equal(alarms.sort(), [
      ["alb-5xx-dev", 0.3],
      ["rds-connections-high-dev", 0.1],
      ["rds-cpu-high-dev", 0.1],
      ["rds-memory-low-dev", 0.1],
      ["rds-storage-low-dev", 0.1],
      ["sessions-throttled-dev", 0.2],
      ["tasks-at-max-dev", 0.1],
      ["unhealthy-targets-dev", 0.1],
    ]);
  },
);

cost("prices the two alarms a target-tracking policy creates: 2 × $0.10 = $0.20", async () => {
  const dev = await estimateFor();
  assertUsd(usd(dev, "target-tracking alarms"), 0.2);
});

cost("prices Container Insights' metrics as custom metrics: (12 + 15 + 10) × $0.30 = $11.10", async () => {
  const dev = await estimateFor();
  assertUsd(usd(dev, "Container Insights metrics"), 11.1);
});

cost(
  "prices DynamoDB on demand from the usage profile: 2 M × $0.625 + 10 M × $0.125 + 1 GB × ($0.25 + $0.20)",
  async () => {
    const dev = await estimateFor();
    // 1.25 + 1.25 + 0.25 + 0.20 = 2.95
    const table = dev.items.filter((i) => i.resource === "user-sessions-dev");
    assertUsd(
      table.reduce((s, i) => s + i.monthlyUsd, 0),
      2.95,
    );
  },
);

cost("bills flow-log ingestion once, as vended delivery, and the flow-log group only for storage", async () => {
  const dev = await estimateFor();
  // 10 GB × $0.50 = $5.00 on the flow log; 10 GB × 7 / (730 / 24) days × $0.03 ≈ $0.069 on the group
  assertUsd(usd(dev, "flow log delivery"), 5);
  assert.equal(
    dev.items.filter((i) => i.resource === "/vpc/flow-logs-dev").map((i) => i.what),
    ["log storage"],
  );
  assertUsd(
    dev.items.find((i) => i.resource === "/vpc/flow-logs-dev")?.monthlyUsd ?? NaN,
    ((10 * 7) / (730 / 24)) * 0.03,
  );
});

cost("the totals are the sums of the lines", async () => {
  const dev = await estimateFor();
  assertUsd(
    dev.monthlyUsd.floor,
    dev.items.reduce((s, i) => s + i.monthlyUsd, 0),
  );
  assertUsd(
    dev.monthlyUsd.max,
    dev.items.reduce((s, i) => s + i.maxMonthlyUsd, 0),
  );
  const areas = Object.values(dev.byArea);
  assertUsd(
    areas.reduce((s, a) => s + a.floor, 0),
    dev.monthlyUsd.floor,
  );
  assertUsd(
    areas.reduce((s, a) => s + a.sale, 0),
    dev.monthlyUsd.sale,
  );
});

cost("a sale month is the floor plus maxTasks' extra for the sale hours only", async () => {
  // Only Fargate and LCUs follow the load: (180.2005 − 36.0401) + (58.40 − 5.84) = 196.7204 a month more at max
  const dev = await estimateFor({}, 72);
  assert.is(dev.saleHours, 72);
  assertUsd(dev.monthlyUsd.max - dev.monthlyUsd.floor, 196.7204);
  // 196.7204 × 72 / 730 = 19.40256
  assertUsd(dev.monthlyUsd.sale - dev.monthlyUsd.floor, 19.40256);
  const none = await estimateFor({}, 0);
  assertUsd(none.monthlyUsd.sale, none.monthlyUsd.floor);
  const all = await estimateFor({}, 730);
  assertUsd(all.monthlyUsd.sale, all.monthlyUsd.max);
});

cost("natGateways single halves the NAT gateway hours and their addresses, not the traffic", async () => {
  const dev = await estimateFor();
  const single = await estimateFor({ "webapp:network": { natGateways: "single" } });
  assertUsd(usd(single, "NAT gateway hours"), 32.85); // 1 × 730 × $0.045
  assert.equal(
    single.items.filter((i) => i.what === "public IPv4").map((i) => [i.resource, i.monthlyUsd]),
    [
      ["nat-eip-us-east-2a-dev", 3.65],
      ["alb-dev", 7.3],
    ],
  );
  assertUsd(usd(single, "data processed"), usd(dev, "data processed"));
  assertUsd(dev.monthlyUsd.floor - single.monthlyUsd.floor, 32.85 + 3.65);
});

cost("multiAz doubles the RDS instance line (730 × $0.036 = $26.28) and its storage, nothing else", async () => {
  const dev = await estimateFor();
  const multiAz = await estimateFor({ "webapp:database": { multiAz: true } });
  assertUsd(usd(multiAz, "instance hours"), 26.28);
  assertUsd(multiAz.items.find((i) => i.resource === "rds-dev" && i.what === "storage")?.monthlyUsd ?? NaN, 4.6);
  assert.equal(
    multiAz.items.filter((i) => i.resource !== "rds-dev").map((i) => [i.resource, i.what, i.monthlyUsd]),
    dev.items.filter((i) => i.resource !== "rds-dev").map((i) => [i.resource, i.what, i.monthlyUsd]),
  );
});

cost("a bigger task moves only the Fargate line: 2 × 730 × (1 × $0.04048 + 2 × $0.004445) = $72.0802", async () => {
  const dev = await estimateFor();
  const bigger = await estimateFor({ "webapp:service": { cpu: 1024, memory: 2048 } });
  // 0.04048 + 0.00889 = 0.04937 per task-hour; × 730 × 2 = 72.0802; × 730 × 10 = 360.401
  assertUsd(usd(bigger, "Fargate tasks"), 72.0802);
  assertUsd(usd(bigger, "Fargate tasks", "max"), 360.401);
  assert.equal(linesOtherThan(bigger, "Fargate tasks"), linesOtherThan(dev, "Fargate tasks"));
});

// db.t3.micro has 2 vCPUs, the minimum billed: 2 x 730 h x $0.015 = $21.90.
cost("prices RDS Proxy by the vCPUs of the database behind it, at least two: 2 × 730 h × $0.015 = $21.90", async () => {
  const proxied = await estimateFor({ "webapp:database": { proxy: true } });
  assertUsd(usd(proxied, "proxy vCPU hours"), 21.9);
  const dev = await estimateFor();
  assertUsd(proxied.monthlyUsd.floor - dev.monthlyUsd.floor, 21.9);
  assert.equal(proxied.problems, dev.problems);
});

cost("maxTasks moves only the max total (and the sale's hours at max), never the floor", async () => {
  const dev = await estimateFor();
  // One worker a task, so that 40 tasks at the peak fit a db.t3.micro's 67 usable connections.
  const higher = await estimateFor({ "webapp:scaling": { maxTasks: 20 }, "webapp:service": { workers: 1 } });
  assert.equal(
    higher.items.map((i) => [i.resource, i.what, i.monthlyUsd]),
    dev.items.map((i) => [i.resource, i.what, i.monthlyUsd]),
  );
  assertUsd(higher.monthlyUsd.floor, dev.monthlyUsd.floor);
  // 10 more tasks × 730 h × $0.024685 = $180.2005 more at max; × 72 sale hours = $17.7732 more in a sale month
  assertUsd(higher.monthlyUsd.max - dev.monthlyUsd.max, 180.2005);
  assertUsd(higher.monthlyUsd.sale - dev.monthlyUsd.sale, 17.7732);
});

cost("names an RDS class it has no price for instead of pricing it at zero", async () => {
  // The dev plan with its database of a class the price list lacks (the program passes the class
  // through as it is: data.spec).
  const overrides = { "webapp:database": { instanceClass: "db.r7g.large" } };
  const resources = (await runProgram()).resources.map((r) =>
    r.type === "aws:rds/instance:Instance" ? { ...r, inputs: { ...r.inputs, instanceClass: "db.r7g.large" } } : r,
  );
  const unknown = monthlyCost(configOf(overrides), resources, {});
  assert.equal(unknown.problems, ["no price for db.r7g.large"]);
  assert.is(unknown.items.filter((i) => i.what === "instance hours").length, 0);
  assertUsd(usd(unknown, "storage"), 2.3 + 0.25); // RDS gp3 and the DynamoDB table still priced
});

cost("names a type that is neither priced nor free", () => {
  const estimate = monthlyCost(devConfig(), [
    resource("aws:foo/bar:Bar", "mystery"),
    resource("aws:ec2/vpc:Vpc", "vpc-dev"),
  ]);
  assert.equal(estimate.problems, ["no price for aws:foo/bar:Bar"]);
  assert.equal(estimate.items, []);
});

cost("prices resources added later by their type: a dashboard, an SNS topic and its email subscription", () => {
  const estimate = monthlyCost(devConfig(), [
    resource("aws:cloudwatch/dashboard:Dashboard", "dashboard-dev"),
    resource("aws:sns/topic:Topic", "alerts-dev"),
    resource("aws:sns/topicSubscription:TopicSubscription", "alerts-email-dev", { protocol: "email" }),
    resource("aws:appautoscaling/scheduledAction:ScheduledAction", "sale-start-dev"),
  ]);
  assert.equal(estimate.problems, []);
  assert.equal(
    estimate.items.map((i) => [i.resource, i.monthlyUsd]),
    [
      ["dashboard-dev", 3], // the account's first 3 free dashboards are not applied
      ["alerts-dev", (100 / 1e6) * 0.5], // 100 publishes × $0.50 / million
      ["alerts-email-dev", (100 / 1e5) * 2], // 100 emails × $2.00 / 100,000
    ],
  );
});

cost("shows the usage profile it used, and a different profile moves the usage lines", async () => {
  const dev = await estimateFor();
  assert.equal(dev.usage, DEFAULT_USAGE);
  const sim = await runProgram();
  const busier = monthlyCost(devConfig(), sim.resources, { usage: { ...DEFAULT_USAGE, natGbPerMonth: 200 } });
  assertUsd(usd(busier, "data processed"), 200 * 0.045);
  assertUsd(usd(busier, "NAT gateway hours"), usd(dev, "NAT gateway hours"));
});

cost("reports sale hours outside a month and keeps them within it", async () => {
  const sim = await runProgram();
  const estimate = monthlyCost(devConfig(), sim.resources, { saleHours: 1000 });
  assert.is(estimate.saleHours, 730);
  assert.equal(estimate.problems, ["sale hours must be from 0 to 730, got 1000"]);
});

cost.run();

// ---- coverageOf ----

const schedules = suite("monthlyCost: schedules and notifications");

schedules("a scheduled floor costs the tasks it holds above minTasks until the next schedule", async () => {
  const estimate = await estimateFor(SALE_READY);
  // 8 - 2 = 6 extra tasks × 18 h (06:00 to 00:00 the next day) × (0.5 × $0.04048 + 1 × $0.004445) = 6 × 18 × $0.024685
  // = $2.66598.
  assertUsd(usd(estimate, "scheduled floor"), 2.66598);
});

schedules("the alarm topic's key costs $1 a month; no topic, no key, no charge", async () => {
  assertUsd(usd(await estimateFor(SALE_READY), "key"), 1);
  assertUsd(usd(await estimateFor(), "key"), 0);
});

schedules.run();

const coverage = suite("coverageOf");

// A stack readied for a sale (SALE_READY) creates what the dev stack does not: a key, a topic,
// subscriptions, scheduled actions, a second policy.
coverage(
  "every type the dev program, its TLS variant and a sale-ready stack create is priced or known free",
  async () => {
    for (const overrides of [{}, TLS, SALE_READY]) {
      const sim = await runProgram(overrides);
      const unaccounted = [...new Set(sim.resources.map((r) => r.type))].filter((t) => coverageOf(t) === undefined);
      assert.equal(unaccounted, [], "add a price rule to src/models/cost.ts, or the type to FREE with its reason");
      assert.equal(monthlyCost(configOf(overrides), sim.resources).problems, []);
    }
  },
);

coverage("no type is both priced and free, and every free type says why", () => {
  assert.equal(
    PRICED_TYPES.filter((t) => t in FREE),
    [],
  );
  assert.equal(
    Object.entries(FREE).filter(([, reason]) => reason.trim() === ""),
    [],
  );
});

coverage("a type the model has never seen is neither", () => {
  assert.is(coverageOf("aws:foo/bar:Bar"), undefined);
  assert.is(coverageOf("aws:ec2/natGateway:NatGateway"), "priced");
  assert.is(coverageOf("aws:ec2/vpc:Vpc"), "free");
});

coverage.run();

// ---- formatUsd ----

const format = suite("formatUsd");

format("rounds to cents only when presenting", () => {
  assert.is(formatUsd(65.7), "$65.70");
  assert.is(formatUsd(0.0876), "$0.09");
  assert.is(formatUsd(36.0401), "$36.04");
  assert.is(formatUsd(1234.567), "$1,234.57");
});

format.run();
