// What the plan says about a flash sale and a month's bill: the capacity model at the configured numbers
// (and what a scheduled floor or the request signal changes), and the cost estimate at the floor, at
// maxTasks and with sale hours. Pure: the models compute, this shapes their answers for text and JSON.
import type { Config } from "../contract/config";
import { type CapacityTimeline, capacityTimeline, defaultSpike } from "../models/capacity";
import { budgetOf } from "../contract/connections";
import { type CostEstimate, type CostOptions, formatUsd, monthlyCost } from "../models/cost";
import { FARGATE_VCPU_QUOTA_DEFAULT, type VcpuPeak, vcpuPeak } from "../models/quota";
import type { Style } from "./render";
import type { Simulation } from "./simulate";

// ---- types ----

export interface Alternative {
  readonly what: string; // how the sale was met differently
  readonly illustration: boolean; // true when the config does not have it yet (what it would change)
  readonly secondsToFull: number | null;
  readonly missingTaskMinutes: number;
  readonly actions: number;
  readonly leadSeconds: number | null; // how long before the sale a raised floor must be scheduled
}

export interface CapacityReport {
  readonly scenario: string;
  readonly secondsToFull: number | null; // spike at t = 0 to the last task needed passing its health check
  readonly missingTaskMinutes: number;
  readonly neededTasks: number;
  readonly fullTasks: number;
  readonly taskStartToHealthySeconds: number;
  readonly actions: readonly { atSeconds: number; from: number; to: number; signal: string }[];
  readonly timeline: readonly { atSeconds: number; desiredTasks: number; healthyTasks: number; neededTasks: number }[];
  readonly preScaled: Alternative;
  readonly withRequestSignal: Alternative;
  // The tiers behind the tasks at the peak: the database's connections, and the account's Fargate vCPUs.
  readonly database: DatabaseAtPeak;
  readonly peakVcpu: number;
  readonly quota: VcpuPeak;
}

export interface DatabaseAtPeak {
  readonly instanceClass: string;
  readonly maxConnections: number;
  readonly usableConnections: number;
  readonly peakTasks: number;
  readonly workers: number;
  readonly poolPerWorker: number;
  readonly peakConnections: number; // what the fleet's pools may open at once (the proxy's clients, with one)
  readonly serverConnections: number; // what reaches PostgreSQL
  readonly proxy: boolean;
}

export interface CostReport {
  readonly monthlyUsd: { readonly floor: number; readonly max: number; readonly sale: number };
  readonly saleHours: number;
  readonly items: readonly { resource: string; monthlyUsd: number }[]; // at the floor, largest first
  readonly lines: CostEstimate["items"]; // every billing dimension, with its arithmetic
  readonly usage: CostEstimate["usage"];
  readonly problems: readonly string[];
}

export interface Readiness {
  readonly capacity: CapacityReport;
  readonly cost: CostReport;
}

// ---- building ----

export const readiness = (c: Config, sim: Simulation, costOptions: CostOptions = {}): Readiness => ({
  capacity: capacityReport(c),
  cost: costReport(c, sim, costOptions),
});

// The mission's sale: from the floor at the CPU target, a spike to the load that needs maxTasks.
export const saleTimeline = (c: Config): CapacityTimeline => capacityTimeline(c, defaultSpike(c));

export const capacityReport = (c: Config): CapacityReport => {
  const quota = vcpuPeak(c);
  const t = saleTimeline(c);
  // A floor raised before the sale: the highest a schedule raises it to, or (none configured) halfway.
  const scheduled = [...c.scaling.schedules].sort((a, b) => b.minTasks - a.minTasks)[0];
  const floor = Math.min(
    scheduled?.minTasks ?? Math.ceil((c.scaling.minTasks + c.scaling.maxTasks) / 2),
    c.scaling.maxTasks,
  );
  const preScaled = capacityTimeline(c, { ...defaultSpike(c), preScaledMinTasks: floor });
  // The request policy's target is the request rate a task serves at the CPU target, so any value shows
  // the same dynamics; the configured one when there is one.
  const requests = capacityTimeline(c, {
    ...defaultSpike(c),
    requests: { targetPerTask: c.scaling.requestsPerTarget ?? ILLUSTRATIVE_REQUESTS_PER_TASK },
  });
  return {
    scenario:
      `a spike at t = 0 from ${c.scaling.minTasks} tasks' load to the load ${t.fullTasks} tasks serve ` +
      `at ${c.scaling.cpuTargetPercent} % CPU`,
    secondsToFull: t.secondsToFull,
    missingTaskMinutes: t.missingTaskMinutes,
    neededTasks: t.neededTasks,
    fullTasks: t.fullTasks,
    taskStartToHealthySeconds: t.taskStartToHealthySeconds,
    actions: t.actions.map((a) => ({ atSeconds: a.atSeconds, from: a.from, to: a.to, signal: a.signal })),
    timeline: t.timeline.map((p) => ({
      atSeconds: p.atSeconds,
      desiredTasks: p.desiredTasks,
      healthyTasks: p.healthyTasks,
      neededTasks: p.neededTasks,
    })),
    preScaled: alternative(
      scheduled === undefined
        ? `a floor of ${floor} raised before the sale (scaling.schedules is empty)`
        : `the floor of ${floor} schedule ${scheduled.name} raises`,
      scheduled === undefined,
      preScaled,
    ),
    database: databaseAtPeak(c),
    peakVcpu: quota.peakVcpu,
    quota,
    withRequestSignal: alternative(
      c.scaling.requestsPerTarget === undefined
        ? "a request-count policy beside CPU (scaling.requestsPerTarget is off)"
        : `the request-count policy at ${c.scaling.requestsPerTarget} requests a task a minute`,
      c.scaling.requestsPerTarget === undefined,
      requests,
    ),
  };
};

const databaseAtPeak = (c: Config): DatabaseAtPeak => {
  const b = budgetOf(c);
  return {
    instanceClass: b.instanceClass,
    maxConnections: b.maxConnections,
    usableConnections: b.usableConnections,
    peakTasks: b.peakTasks,
    workers: b.workers,
    poolPerWorker: b.poolPerWorker,
    peakConnections: b.peakConnections,
    serverConnections: b.serverConnections,
    proxy: b.proxy,
  };
};

export const costReport = (c: Config, sim: Simulation, options: CostOptions = {}): CostReport => {
  const estimate = monthlyCost(c, sim.resources, options);
  const byResource = Object.entries(estimate.byResource)
    .map(([resource, totals]) => ({ resource, monthlyUsd: totals?.floor ?? 0 }))
    .sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.resource.localeCompare(b.resource));
  return {
    monthlyUsd: estimate.monthlyUsd,
    saleHours: estimate.saleHours,
    items: byResource,
    lines: estimate.items,
    usage: estimate.usage,
    problems: estimate.problems,
  };
};

// ---- text ----

export const renderReadinessText = (c: Config, r: Readiness, style: Style): string[] => {
  const { capacity, cost } = r;
  const steps = capacity.actions
    .map((a) => `${a.from} -> ${a.to} at ${clock(a.atSeconds)}${a.signal === "cpu" ? "" : ` (${a.signal})`}`)
    .join(", ");
  const full = (seconds: number | null) => (seconds === null ? "not within the sale" : `after ${clock(seconds)}`);
  const alt = (a: Alternative) =>
    `  with ${a.what}: full ${full(a.secondsToFull)}, ${num(a.missingTaskMinutes)} task-minutes missing` +
    (a.leadSeconds === null ? "" : ` (schedule it at least ${clock(a.leadSeconds)} before the sale)`);
  const totals: [string, number][] = [
    [`at the floor (${c.scaling.minTasks} tasks all month)`, cost.monthlyUsd.floor],
    [`at maxTasks (${c.scaling.maxTasks} tasks all month)`, cost.monthlyUsd.max],
    [`with ${num(cost.saleHours)} sale hours at maxTasks`, cost.monthlyUsd.sale],
  ];
  const labelWidth = Math.max(...totals.map(([label]) => label.length));
  const top = cost.items.slice(0, TOP_ITEMS);
  const floor = cost.monthlyUsd.floor;
  const share = (usd: number) => (floor > 0 ? `${Math.round((usd / floor) * 100)} %` : "-");
  const u = cost.usage;
  return [
    style.heading(
      `capacity (target tracking: ${c.scaling.minTasks}..${c.scaling.maxTasks} tasks, ` +
        `${c.scaling.cpuTargetPercent} % CPU, ${c.scaling.cooldownSeconds} s cooldowns)`,
    ),
    `  ${capacity.scenario}:`,
    `  scale-out ${steps === "" ? "none" : steps} (min:s after the spike)`,
    `  full (${capacity.fullTasks} healthy tasks) ${full(capacity.secondsToFull)}; ` +
      `${num(capacity.missingTaskMinutes)} task-minutes of capacity missing meanwhile`,
    alt(capacity.preScaled),
    alt(capacity.withRequestSignal),
    ...databaseLines(capacity.database),
    ...quotaLines(capacity.quota, style),
    "",
    style.heading("cost (us-east-2 on-demand list prices, 730 h a month, no free tier, no taxes)"),
    ...totals.map(([label, usd]) => `  ${label.padEnd(labelWidth)}  ${formatUsd(usd).padStart(9)} a month`),
    `  the largest items at the floor:`,
    ...top.map((i) => `    ${formatUsd(i.monthlyUsd).padStart(9)}  ${share(i.monthlyUsd).padStart(4)}  ${i.resource}`),
    style.dim(
      `  usage assumed: ${num(u.natGbPerMonth)} GB through NAT, ${num(u.albLcusQuiet)} LCU quiet / ${num(u.albLcusPeak)} in a sale, ` +
        `${num(u.dynamoReadMillionsPerMonth)} M reads + ${num(u.dynamoWriteMillionsPerMonth)} M writes, ` +
        `${num(u.appLogGbPerMonth)} GB app logs, ${num(u.flowLogGbPerMonth)} GB flow logs a month ` +
        "(all in --json; replace them with npm run plan -- --usage FILE, the sale's hours with --sale-hours N)",
    ),
    ...cost.problems.map((p) => style.warn(`  ! ${p}`)),
  ];
};

// The database at the peak: connections used of usable, and what each worker holds.
const databaseLines = (d: DatabaseAtPeak): string[] => {
  const fleet = `${d.peakTasks} tasks x ${d.workers} workers x ${d.poolPerWorker} (DB_POOL_SIZE)`;
  return d.proxy
    ? [
        `  database at the peak: ${fleet} = ${d.peakConnections} client connections to RDS Proxy, multiplexed onto ` +
          `at most ${d.serverConnections} of the ${d.usableConnections} usable (${d.maxConnections} max_connections on ${d.instanceClass})`,
      ]
    : [
        `  database at the peak: ${fleet} = ${d.peakConnections} connections of ${d.usableConnections} usable ` +
          `(${d.maxConnections} max_connections on ${d.instanceClass}, less reserved slots and a margin)`,
      ];
};

// The account's Fargate vCPUs at the peak, against its quota when the operator has read it. Commands stand
// on lines of their own, whole, to be copied.
const quotaLines = (q: VcpuPeak, style: Style): string[] => [
  `  Fargate vCPUs at the peak: ${q.peakTasks} tasks x ${num(q.vcpuPerTask)} = ${num(q.peakVcpu)}` +
    (q.quota === null
      ? `; quota ${q.quotaCode} may be ${FARGATE_VCPU_QUOTA_DEFAULT} on a new account. Read it with:`
      : ` of the account's ${num(q.quota)} (quota ${q.quotaCode}; read it again with:)`),
  `    ${q.command}`,
  ...(q.overQuota === true
    ? [
        style.warn(
          `  ! the peak needs ${num(q.peakVcpu)} Fargate vCPUs and the account allows ${num(q.quota ?? 0)}: ` +
            "scale-out stops at the quota. Ask for more with:",
        ),
        `    aws service-quotas request-service-quota-increase --service-code fargate --quota-code ` +
          `${q.quotaCode} --desired-value ${String(Math.ceil(q.peakVcpu))}`,
      ]
    : []),
];

// ---- helpers ----

const TOP_ITEMS = 6;
// Any positive number shows the same dynamics (see capacityReport); this one reads as a real rate.
const ILLUSTRATIVE_REQUESTS_PER_TASK = 1000;

const alternative = (what: string, illustration: boolean, t: CapacityTimeline): Alternative => ({
  what,
  illustration,
  secondsToFull: t.secondsToFull,
  missingTaskMinutes: t.missingTaskMinutes,
  actions: t.actions.filter((a) => a.direction === "out").length,
  leadSeconds: t.preScaleLeadSeconds,
});

const clock = (seconds: number): string => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

const num = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 1 });
