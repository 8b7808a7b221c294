// `npm run plan -- --usage FILE`: the cost estimate's usage profile from a file of the operator's own (a
// real bill's GB through NAT, LCUs, requests, log GB...), over the defaults it leaves out. YAML or JSON, a
// map of the profile's fields to non-negative numbers; a field the profile does not have is refused with
// the one meant, so a typo never prices silently at the default.
import { readFileSync } from "node:fs";

import { parse } from "yaml";

import { isRecord } from "../contract/config";
import { DEFAULT_USAGE, type UsageProfile } from "../models/cost";

export class UsageFileError extends Error {}

// Every problem of the file at once, one line each; the profile when there is none.
export const usageFrom = (document: unknown): { usage: UsageProfile } | { problems: string[] } => {
  if (!isRecord(document)) return { problems: ["a usage file is a map of usage fields to numbers"] };
  const fields = Object.keys(DEFAULT_USAGE);
  const problems = Object.entries(document).flatMap(([key, value]) =>
    !fields.includes(key)
      ? [`${key}: not a usage field (${fields.join(", ")})`]
      : typeof value !== "number" || !Number.isFinite(value) || value < 0
        ? [`${key}: expected a number of 0 or more, got ${JSON.stringify(value)}`]
        : [],
  );
  return problems.length > 0 ? { problems } : { usage: { ...DEFAULT_USAGE, ...(document as Partial<UsageProfile>) } };
};

export const readUsageFile = (path: string): UsageProfile => {
  let document: unknown;
  try {
    document = parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new UsageFileError(`cannot read the usage file ${path}: ${(e as Error).message.split("\n")[0] ?? ""}`);
  }
  const read = usageFrom(document);
  if ("problems" in read) throw new UsageFileError(read.problems.map((p) => `usage file ${path}: ${p}`).join("\n"));
  return read.usage;
};
