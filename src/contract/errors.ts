// What a refused config says: one ConfigError per problem, { key, value, rule }, printed as one line,
// `webapp:scaling.minTasks: expected at most scaling.maxTasks (3), got 5`. Shared by the codecs, the rules
// across keys and the decoder (./config.ts).
import type * as NEA from "fp-ts/NonEmptyArray";

import { PROJECT } from "./names";

export interface ConfigError {
  readonly key: string; // the full config key, e.g. "webapp:scaling.minTasks"
  readonly value: unknown;
  readonly rule: string; // what was expected, in words
}

export type ConfigErrors = NEA.NonEmptyArray<ConfigError>;

// The two keys outside the project's groups.
export const REGION_KEY = "aws:region";
export const SUFFIX_KEY = "environmentSuffix";

export const fullKey = (path: string): string => `${PROJECT}:${path}`;

export const problem = (path: string, value: unknown, rule: string): ConfigError => ({
  key: fullKey(path),
  value,
  rule,
});

// One line per problem: `webapp:scaling.minTasks: expected at most scaling.maxTasks (3), got 5`.
export const formatConfigError = (e: ConfigError): string => `${e.key}: expected ${e.rule}, got ${show(e.value)}`;

const show = (value: unknown): string => {
  if (value === undefined) return "nothing";
  const text = (JSON.stringify(value) as string | undefined) ?? typeof value; // JSON has no text for a function
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};
