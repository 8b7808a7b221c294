// What the stack costs a month: every resource of a plan priced by its Pulumi type from the list prices in
// ./prices.ts, at the floor (scaling.minTasks all month), at scaling.maxTasks all month, and for a month
// with some hours of a sale at maxTasks. Usage-driven charges (traffic, requests, logs, stored bytes) come
// from a named usage profile that the answer repeats, so every figure can be traced to a price and a count.
// A type the model does not know is a problem line, never a silent zero. Pure: no Pulumi, no I/O.
import type { Config } from "../contract/config";
import { HOURS_PER_MONTH } from "./prices";
import { type Context, type Line, priceOf } from "./pricers";

export { coverageOf, FREE, PRICED_TYPES } from "./pricers";
export { HOURS_PER_MONTH };

// ---- types ----

// One resource of a plan, as the offline run records it (only what pricing reads).
export interface PlannedResource {
  readonly type: string; // the Pulumi token, e.g. "aws:ec2/natGateway:NatGateway"
  readonly name: string; // the logical name
  readonly inputs: Readonly<Record<string, unknown>>;
}

// What the stack does in a month, for the charges that follow use rather than what is provisioned.
export interface UsageProfile {
  readonly natGbPerMonth: number; // through all NAT gateways together (image layers use the S3 endpoint)
  readonly albLcusQuiet: number; // average LCUs in an hour at the floor
  readonly albLcusPeak: number; // average LCUs in an hour of a sale, at maxTasks
  readonly dynamoWriteMillionsPerMonth: number;
  readonly dynamoReadMillionsPerMonth: number;
  readonly dynamoStorageGb: number;
  readonly imageSizeGb: number; // one pushed image; the repository keeps registry.keepImages of them
  readonly appLogGbPerMonth: number; // each application log group
  readonly databaseLogGbPerMonth: number; // RDS's exported postgresql log
  readonly containerInsightsLogGbPerMonth: number; // Container Insights' performance log events
  readonly flowLogGbPerMonth: number; // VPC flow log records delivered
  readonly accessLogGbPerMonth: number; // the load balancer's access logs in S3
  readonly databaseUsedGb: number; // data actually in the database (the first full backup)
  readonly databaseChangeGbPerDay: number; // what each daily incremental backup adds
  readonly snsPublishesPerMonth: number; // alarm notifications, when a topic exists
}

export type Area = "network" | "edge" | "service" | "scaling" | "data" | "registry" | "observability";

// One charge of one resource. `monthlyUsd` is at the floor; `maxMonthlyUsd` with maxTasks all month.
export interface CostItem {
  readonly resource: string;
  readonly type: string;
  readonly area: Area;
  readonly what: string; // the billing dimension: "NAT gateway hours", "data processed", ...
  readonly monthlyUsd: number;
  readonly maxMonthlyUsd: number;
  readonly basis: string; // the arithmetic, in words
}

export interface Totals {
  readonly floor: number;
  readonly max: number;
  readonly sale: number;
}

export interface CostEstimate {
  readonly monthlyUsd: Totals;
  readonly saleHours: number;
  readonly items: readonly CostItem[];
  readonly byArea: Readonly<Partial<Record<Area, Totals>>>;
  readonly byResource: Readonly<Partial<Record<string, Totals>>>;
  readonly usage: UsageProfile;
  readonly problems: readonly string[];
}

export interface CostOptions {
  readonly saleHours?: number;
  readonly usage?: UsageProfile;
}

// ---- constants ----

// A three-day sale at the fleet's ceiling.
export const DEFAULT_SALE_HOURS = 72;

// A modest production month. Every figure is an assumption to replace with a real bill's usage.
export const DEFAULT_USAGE: UsageProfile = {
  natGbPerMonth: 20,
  albLcusQuiet: 1,
  albLcusPeak: 10,
  dynamoWriteMillionsPerMonth: 2,
  dynamoReadMillionsPerMonth: 10,
  dynamoStorageGb: 1,
  imageSizeGb: 0.25,
  appLogGbPerMonth: 5,
  databaseLogGbPerMonth: 1,
  containerInsightsLogGbPerMonth: 1,
  flowLogGbPerMonth: 10,
  accessLogGbPerMonth: 2,
  databaseUsedGb: 2,
  databaseChangeGbPerDay: 0.2,
  snsPublishesPerMonth: 100,
};

// ---- the model ----

export const monthlyCost = (
  config: Config,
  resources: readonly PlannedResource[],
  options: CostOptions = {},
): CostEstimate => {
  const usage = options.usage ?? DEFAULT_USAGE;
  const requested = options.saleHours ?? DEFAULT_SALE_HOURS;
  const saleHours = Number.isFinite(requested) ? Math.min(Math.max(requested, 0), HOURS_PER_MONTH) : 0;
  const context: Context = { config, usage, resources };
  const priced = resources.map((r) => priceOf(r, context));
  const lines = priced.flatMap((p) => p.lines);
  const problems = [
    ...(saleHours === requested
      ? []
      : [`sale hours must be from 0 to ${num(HOURS_PER_MONTH)}, got ${String(requested)}`]),
    ...priced.flatMap((p) => p.problems),
  ];
  return {
    monthlyUsd: totalOf(lines, saleHours),
    saleHours,
    items: lines.map((l) => ({
      resource: l.resource,
      type: l.type,
      area: l.area,
      what: l.what,
      monthlyUsd: l.floor,
      maxMonthlyUsd: l.max,
      basis: l.basis,
    })),
    byArea: groupTotals(lines, (l) => l.area, saleHours),
    byResource: groupTotals(lines, (l) => l.resource, saleHours),
    usage,
    problems,
  };
};

// Dollars and cents, for presenting only: the model never rounds.
export const formatUsd = (usd: number): string =>
  usd.toLocaleString("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2 });

// ---- helpers ----

// Sale month: the floor, plus the difference to maxTasks for the hours of the sale.
const saleOf = (l: Line, saleHours: number): number => l.floor + ((l.max - l.floor) * saleHours) / HOURS_PER_MONTH;

const totalOf = (lines: readonly Line[], saleHours: number): Totals => ({
  floor: sum(lines.map((l) => l.floor)),
  max: sum(lines.map((l) => l.max)),
  sale: sum(lines.map((l) => saleOf(l, saleHours))),
});

const groupTotals = <K extends string>(
  lines: readonly Line[],
  key: (l: Line) => K,
  saleHours: number,
): Partial<Record<K, Totals>> => {
  const keys = [...new Set(lines.map(key))];
  return Object.fromEntries(
    keys.map((k) => [
      k,
      totalOf(
        lines.filter((l) => key(l) === k),
        saleHours,
      ),
    ]),
  ) as Partial<Record<K, Totals>>;
};

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

const num = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 4 });
