// What every builder returns and shares: a named spec, the Name tag, the stack's names from its Config,
// and a checked lookup in the zone-indexed lists builders receive.
import type { Config } from "../contract/config";
import { type Names, resourceNames } from "../contract/names";

// A resource's logical name (equal to its physical name or Name tag) with its arguments.
export interface Spec<A> {
  readonly name: string;
  readonly args: A;
}

export const spec = <A>(name: string, args: A): Spec<A> => ({ name, args });

export const names = (c: Config): Names =>
  resourceNames({
    suffix: c.environmentSuffix,
    sessionsTableName: c.sessions.tableName,
    containerPort: c.service.containerPort,
    engineVersion: c.database.engineVersion,
  });

// An IAM, bucket, key or topic policy, as the builders write them (JSON-ready).
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[]; // absent in trust policies
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

// Resources AWS does not name carry their name as a tag; provider default tags add the rest.
export const nameTag = (name: string): Record<string, string> => ({ Name: name });

// Lists here are zone-indexed and the decoder guarantees their lengths; a miss is a wiring bug.
export const at = <A>(list: readonly A[], i: number): A => {
  const item = list[i];
  if (item === undefined) throw new Error(`no item ${i} in a list of ${list.length}: zone-indexed inputs are miswired`);
  return item;
};
