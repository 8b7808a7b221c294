// What a config edit does on the second `pulumi up`: given the resources the program registers before
// and after the edit (each with its inputs and options), which are created, deleted, updated in place,
// replaced create-first or replaced delete-first, and which of those lose data (DATA LOSS) or leave
// `pulumi up` stuck halfway (WEDGE). The rules for what forces a replacement are the provider's, as data
// in ./replacement-rules.ts; the engine's and AWS's rules on top of them are named below with sources.
// Pure: `npm run plan -- --against` feeds it two simulations and prints what it returns.
import { REPLACEMENT_RULES, type ReplacementRule } from "./replacement-rules";

// ---- types ----

// One resource as the program registers it: the mock runner's record fits this shape.
export interface ResourceState {
  readonly type: string; // e.g. "aws:rds/instance:Instance"
  readonly name: string; // the logical name
  readonly id: string; // the id it was given (references to it carry this, or one of `computed`)
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly computed: Readonly<Record<string, unknown>>; // what AWS computes: arn, dnsName, ...
  readonly options: {
    readonly ignoreChanges: readonly string[];
    readonly deleteBeforeReplace: boolean | undefined; // undefined: the provider decides
  };
}

export type Action = "create" | "delete" | "update" | "replace" | "replace-delete-first" | "same";

export interface Change {
  readonly type: string;
  readonly name: string;
  readonly action: Action;
  readonly changed: readonly string[]; // input properties whose value changes (after ignoreChanges)
  readonly replacing: readonly string[]; // those among them that force a replacement
  readonly dataLoss?: string; // why this change loses data
  readonly wedge?: string; // why AWS refuses this change halfway through `pulumi up`
}

export interface ChangeReport {
  readonly changes: readonly Change[]; // every resource of either side, in the after side's order
  readonly dataLoss: boolean;
  readonly wedge: boolean;
}

// ---- the rules on top of the provider's ----

// Deleting or replacing these loses what they hold (a replacement starts empty).
export const STATEFUL: Readonly<Record<string, string>> = {
  "aws:rds/instance:Instance": "the database and its automated backups",
  "aws:dynamodb/table:Table": "every session",
  "aws:s3/bucket:Bucket": "the access logs",
  "aws:ecr/repository:Repository": "the images",
  "aws:cloudwatch/logGroup:LogGroup": "the logs",
};

// A delete-first replacement deletes the old resource while others still use it; AWS refuses, and the
// update stops halfway (e.g. pulumi/pulumi-aws#4220 and #4226 for target groups).
export const DELETE_REFUSED_WHILE_IN_USE: Readonly<Record<string, string>> = {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteTargetGroup.html (ResourceInUse)
  "aws:lb/targetGroup:TargetGroup": "AWS refuses to delete a target group a listener rule or service uses",
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBParameterGroup.html (InvalidDBParameterGroupState)
  "aws:rds/parameterGroup:ParameterGroup": "AWS refuses to delete a parameter group a database uses",
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html (DependencyViolation)
  "aws:ec2/securityGroup:SecurityGroup": "AWS refuses to delete a security group a network interface uses",
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSubnet.html (DependencyViolation)
  "aws:ec2/subnet:Subnet": "AWS refuses to delete a subnet that holds network interfaces",
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBSubnetGroup.html (InvalidDBSubnetGroupStateFault)
  "aws:rds/subnetGroup:SubnetGroup": "AWS refuses to delete a subnet group a database uses",
};

// Changes the provider would make and AWS refuses, so the update fails at that resource. `replaced`
// tells whether a value refers to a resource this update replaces (whose id it will no longer be).
type Inputs = Readonly<Record<string, unknown>>;

interface Refusal {
  readonly type: string;
  readonly when: "update" | "replace"; // an in-place update, or a create-first replacement
  readonly refused: (before: Inputs, after: Inputs, replaced: (value: unknown) => boolean) => boolean;
  readonly why: string;
}

const REFUSALS: readonly Refusal[] = [
  {
    // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html: one TTL
    // change per table per hour, and not to another attribute while one is enabled.
    type: "aws:dynamodb/table:Table",
    when: "update",
    refused: (before, after) => ttlAttribute(before) !== undefined && ttlAttribute(before) !== ttlAttribute(after),
    why: "AWS refuses to move TTL to another attribute while one is enabled (and allows one TTL change an hour)",
  },
  {
    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.ModifyingExisting.html: storage grows only.
    type: "aws:rds/instance:Instance",
    when: "update",
    refused: (before, after) => Number(after.allocatedStorage) < Number(before.allocatedStorage),
    why: "AWS refuses to shrink a database's storage",
  },
  {
    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.html: no downgrades.
    type: "aws:rds/instance:Instance",
    when: "update",
    refused: (before, after) => Number(after.engineVersion) < Number(before.engineVersion),
    why: "AWS refuses to downgrade PostgreSQL",
  },
  {
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSubnetGroup.html: a subnet
    // the instance runs in cannot leave its group (InvalidSubnet); the database does not move itself.
    type: "aws:rds/subnetGroup:SubnetGroup",
    when: "update",
    refused: (before, after, replaced) => {
      const kept = new Set(list(after.subnetIds));
      return list(before.subnetIds).some((id) => !kept.has(id) || replaced(id));
    },
    why: "AWS refuses to take a subnet the database runs in out of its subnet group",
  },
  {
    // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html: an Elastic IP belongs to one
    // NAT gateway; a second one cannot take it while the first exists.
    type: "aws:ec2/natGateway:NatGateway",
    when: "replace",
    refused: (before, after, replaced) =>
      same(before.allocationId, after.allocationId) && !replaced(after.allocationId),
    why: "AWS refuses to give the NAT gateway's Elastic IP to its replacement while the old gateway holds it",
  },
];

// ---- comparing ----

export const compareResources = (before: readonly ResourceState[], after: readonly ResourceState[]): ChangeReport => {
  const key = (r: ResourceState) => `${r.type}::${r.name}`;
  const old = new Map(before.map((r) => [key(r), r]));
  const kept = new Set(after.map(key));
  // A replaced resource gets a new id and ARN: whatever refers to it changes too. Repeat until stable.
  const pass = (replaced: ReadonlySet<string>): Change[] => {
    const stale = identitiesOf(before.filter((r) => replaced.has(key(r))));
    return after.map((r) => {
      const previous = old.get(key(r));
      return previous === undefined ? created(r) : compared(previous, r, stale);
    });
  };
  const replacedIn = (cs: readonly Change[]) =>
    new Set(cs.filter((c) => c.action.startsWith("replace")).map((c) => `${c.type}::${c.name}`));
  let changes = pass(new Set());
  for (let replaced = replacedIn(changes), grown = true; grown;) {
    changes = pass(replaced);
    const next = replacedIn(changes);
    grown = next.size > replaced.size;
    replaced = next;
  }
  const all = [...changes, ...before.filter((r) => !kept.has(key(r))).map(deleted)];
  return {
    changes: all,
    dataLoss: all.some((c) => c.dataLoss !== undefined),
    wedge: all.some((c) => c.wedge !== undefined),
  };
};

const created = (r: ResourceState): Change => ({
  type: r.type,
  name: r.name,
  action: "create",
  changed: [],
  replacing: [],
});

// Resources the new program no longer declares are deleted at the end of the update, after everything
// that used them has moved (Pulumi deletes last); only what they held is lost.
const deleted = (r: ResourceState): Change => ({
  type: r.type,
  name: r.name,
  action: "delete",
  changed: [],
  replacing: [],
  ...lossOf(r.type, "deleted"),
});

const compared = (before: ResourceState, after: ResourceState, stale: Identities): Change => {
  const rule: ReplacementRule | undefined = REPLACEMENT_RULES[after.type];
  const ignored = new Set(after.options.ignoreChanges);
  const properties = [...new Set([...Object.keys(before.inputs), ...Object.keys(after.inputs)])];
  const changed = properties.filter(
    (p) => !ignored.has(p) && (!same(before.inputs[p], after.inputs[p]) || mentions(before.inputs[p], stale)),
  );
  const replacing = (rule?.forceNew ?? []).filter((path) => {
    const [top = path] = path.split(".");
    return changed.includes(top) && !same(at(before.inputs, path), at(after.inputs, path));
  });
  const replacingByReference = changed.filter(
    (p) => rule?.forceNew.includes(p) === true && mentions(before.inputs[p], stale),
  );
  const forcing = [...new Set([...replacing, ...replacingByReference])];
  const replaced = (value: unknown) => mentions(value, stale);
  const refusal = (when: Refusal["when"]) =>
    REFUSALS.find((r) => r.type === after.type && r.when === when && r.refused(before.inputs, after.inputs, replaced));
  const identity = { type: after.type, name: after.name };
  if (forcing.length === 0) {
    const action = changed.length > 0 ? "update" : "same";
    const refused = action === "update" ? refusal("update") : undefined;
    return { ...identity, action, changed, replacing: [], ...(refused ? { wedge: refused.why } : {}) };
  }
  const deleteFirst = deletesFirst(after, rule);
  const inUse = DELETE_REFUSED_WHILE_IN_USE[after.type];
  const refusedReplacement = deleteFirst ? undefined : refusal("replace");
  return {
    ...identity,
    action: deleteFirst ? "replace-delete-first" : "replace",
    changed,
    replacing: forcing,
    ...lossOf(after.type, "replaced"),
    ...(deleteFirst && inUse !== undefined ? { wedge: inUse } : {}),
    ...(refusedReplacement ? { wedge: refusedReplacement.why } : {}),
  };
};

// The engine's rule: the program's deleteBeforeReplace option wins; without it the provider decides, and
// the bridge replaces delete-first when the program set the physical name (two cannot coexist).
// https://github.com/pulumi/pulumi/blob/master/pkg/resource/deploy/step_generator.go ("The user can
// override the provider's decision by setting the deleteBeforeReplace field")
const deletesFirst = (r: ResourceState, rule: ReplacementRule | undefined): boolean =>
  r.options.deleteBeforeReplace ??
  (ALWAYS_DELETE_FIRST.includes(r.type) || (rule?.namedBy !== undefined && r.inputs[rule.namedBy] !== undefined));

// pulumi-aws's own override (provider/resources.go: DeleteBeforeReplace for aws_ecr_lifecycle_policy, one
// policy per repository).
const ALWAYS_DELETE_FIRST: readonly string[] = ["aws:ecr/lifecyclePolicy:LifecyclePolicy"];

const lossOf = (type: string, what: "deleted" | "replaced"): { dataLoss?: string } => {
  const held = STATEFUL[type];
  return held === undefined ? {} : { dataLoss: `${what}: ${held} would be lost` };
};

// ---- helpers ----

// What identifies a replaced resource in others' inputs: its id, and what AWS computes for it that is
// new after a replacement (ARNs, generated names), exactly or embedded in text (policies and container
// definitions embed ARNs). Not its name: a replacement keeps the name it was given.
interface Identities {
  readonly exact: ReadonlySet<string>;
  readonly embedded: readonly string[];
}

const identitiesOf = (resources: readonly ResourceState[]): Identities => {
  const values = resources.flatMap((r) => [
    r.id,
    ...Object.entries(r.computed)
      .filter(([field]) => field !== "name")
      .map(([, value]) => value)
      .filter((v): v is string => typeof v === "string"),
  ]);
  return { exact: new Set(values), embedded: values.filter((v) => v.includes(":") || v.includes("/")) };
};

const mentions = (value: unknown, ids: Identities): boolean => {
  if (typeof value === "string") return ids.exact.has(value) || ids.embedded.some((id) => value.includes(id));
  if (Array.isArray(value)) return value.some((v) => mentions(v, ids));
  if (typeof value === "object" && value !== null) return Object.values(value).some((v) => mentions(v, ids));
  return false;
};

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const at = (value: unknown, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>(
      (v, part) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[part] : undefined),
      value,
    );

const ttlAttribute = (inputs: Readonly<Record<string, unknown>>): unknown =>
  at(inputs, "ttl.enabled") === true ? at(inputs, "ttl.attributeName") : undefined;
