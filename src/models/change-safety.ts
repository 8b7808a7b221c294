// What a config edit does on the second `pulumi up`: given the resources the program registers before
// and after the edit (each with its inputs and options), which are created, deleted, updated in place,
// replaced create-first or replaced delete-first, and of those which lose data (DATA LOSS), which leave
// `pulumi up` stuck halfway on something AWS refuses (WEDGE), which interrupt the service while they are
// applied without losing data (INTERRUPTION), and which AWS accepts now but applies only in the
// database's maintenance window (QUEUED). The rules for what forces a replacement are the provider's, as
// data in ./replacement-rules.ts; the engine's and AWS's rules on top of them are named below with
// sources. Pure: `npm run plan -- --against` feeds it two simulations and prints what it returns.
import { REPLACEMENT_RULES, type ReplacementRule } from "./replacement-rules";
import { restoreRangeCommand, SCHEDULED_ACTION, TARGET, targetRange } from "./schedule-ranges";

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
  readonly interruption?: string; // how the service is interrupted while `pulumi up` applies it, and for how long
  readonly queued?: string; // what AWS accepts now and applies only in the maintenance window
  readonly warning?: string; // what the operator must do by hand afterwards, and how
}

export interface ChangeReport {
  readonly changes: readonly Change[]; // every resource of either side, in the after side's order
  readonly dataLoss: boolean;
  readonly wedge: boolean;
  readonly interruption: boolean;
  readonly queued: boolean;
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

// A create-first replacement creates the new resource before the old one is gone. When the program set
// the physical name and the replacement keeps it, the create asks AWS for a second resource of a name
// that is taken, and AWS refuses (CreateTargetGroup: DuplicateTargetGroupName; CreateDBParameterGroup:
// DBParameterGroupAlreadyExists; CreateRole: EntityAlreadyExists; ...). Names are unique per type in an
// account and region for every named type the stack creates, so the rule is the same for all of them.
const sameNameRefusal = (type: string, name: string): string =>
  `AWS refuses to create a second ${shortTypeOf(type)} named ${name} while the old one exists (a create-first replacement keeps the name)`;

// Replaced delete-first, these take the service down until their replacement is up.
const DOWN_WHILE_REPLACED_DELETE_FIRST: Readonly<Record<string, string>> = {
  "aws:ecs/service:Service": "the service and its tasks are deleted before the new service starts any",
  "aws:lb/loadBalancer:LoadBalancer": "the load balancer is deleted before the new one (with a new DNS name) exists",
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

// ---- the database: when a modification happens, and what it costs ----

// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ModifyInstance.Settings.html (the
// "When the change occurs" and "Downtime notes" columns, read 2026-11-27), by aws.rds.Instance input.
// `window`: at the next maintenance window unless ApplyImmediately is set; `now`: as soon as possible
// whatever ApplyImmediately says. Inputs not listed change nothing on the running database (tags, the
// provider's own switches) or apply at once without downtime (backup window, password, security groups,
// storage autoscaling's maximum, log exports, deletion protection, the maintenance window itself).
type Downtime = "none" | "restart" | "outage" | "upgrade";
const RDS_MODIFICATIONS: Readonly<Record<string, { readonly when: "window" | "now"; readonly downtime: Downtime }>> = {
  allocatedStorage: { when: "window", downtime: "none" }, // "Performance might be degraded"
  instanceClass: { when: "window", downtime: "outage" },
  engineVersion: { when: "window", downtime: "upgrade" },
  multiAz: { when: "window", downtime: "none" }, // a standby from a snapshot: "a possible performance impact"
  dbSubnetGroupName: { when: "window", downtime: "outage" },
  storageType: { when: "window", downtime: "outage" }, // "a brief downtime while the process starts"
  iops: { when: "window", downtime: "none" },
  caCertIdentifier: { when: "window", downtime: "outage" },
  port: { when: "now", downtime: "restart" }, // "The DB instance is rebooted immediately"
  // "The parameter group change occurs immediately"; with a major upgrade it goes with the upgrade.
  parameterGroupName: { when: "now", downtime: "none" },
};

// How long the database is unavailable, where AWS says.
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html#Concepts.MultiAZ.Failover
const FAILOVER = "typically 60-120 s (a Multi-AZ failover)";
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RebootDBInstance.html: "a momentary outage".
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Maintenance.html (Multi-AZ):
// an engine upgrade shuts the primary and the standby down together, for as long as it takes (no length given).
// https://repost.aws/knowledge-center/rds-mysql-downtime-impact: with Multi-AZ a class change is made on the
// standby first and ends with a failover.
const rdsDowntime = (downtime: Downtime, multiAz: boolean, property: string): string => {
  switch (downtime) {
    case "restart":
      return `${property}: RDS restarts the database at once to apply it, whatever applyImmediately says (a momentary outage)`;
    case "upgrade":
      return (
        `${property}: the engine upgrade stops the database${multiAz ? " and its standby together" : ""} until it ` +
        `finishes; AWS gives no length (it grows with the data): time it on a restored snapshot first`
      );
    default:
      return multiAz
        ? `${property}: RDS modifies the standby, then fails over to it: the database is away ${FAILOVER}`
        : `${property}: the database is down while RDS applies it (no Multi-AZ standby to fail over to); AWS ` +
            `gives no length, expect minutes`;
  }
};

// ---- comparing ----

export const compareResources = (before: readonly ResourceState[], after: readonly ResourceState[]): ChangeReport => {
  const key = (r: ResourceState) => `${r.type}::${r.name}`;
  const old = new Map(before.map((r) => [key(r), r]));
  const kept = new Set(after.map(key));
  const seen = withoutEchoes(after, old, key);
  // A replaced resource gets a new id and ARN: whatever refers to it changes too. Repeat until stable.
  const pass = (replaced: ReadonlySet<string>): Change[] => {
    const stale = identitiesOf(before.filter((r) => replaced.has(key(r))));
    return seen.map((r) => {
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
  const gone = before.filter((r) => !kept.has(key(r)));
  const all = consequences(
    [...changes, ...gone.map((r) => deleted(r, after))],
    { before, after: seen, gone, replaced: replacedIn(changes) },
    key,
  );
  return {
    changes: all,
    dataLoss: all.some((c) => c.dataLoss !== undefined),
    wedge: all.some((c) => c.wedge !== undefined),
    interruption: all.some((c) => c.interruption !== undefined),
    queued: all.some((c) => c.queued !== undefined),
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
// that used them has moved (Pulumi deletes last); only what they held is lost. A scheduled action that
// goes leaves the target's range wherever it was put last (./schedule-ranges.ts).
const deleted = (r: ResourceState, after: readonly ResourceState[]): Change => {
  const target = r.type === SCHEDULED_ACTION ? targetRange(after) : undefined;
  return {
    type: r.type,
    name: r.name,
    action: "delete",
    changed: [],
    replacing: [],
    ...lossOf(r.type, "deleted"),
    ...(target === undefined
      ? {}
      : {
          warning:
            `deleting ${r.name} leaves the task range wherever the last scheduled action put it, and \`pulumi up\` ` +
            `does not put back scaling.minTasks..maxTasks (${target.minCapacity}..${target.maxCapacity}): Pulumi compares ` +
            `the target with its saved state, which no scheduled action changes. Afterwards run ` +
            `${restoreRangeCommand(target, regionOf(after))} (or \`pulumi up --refresh\`)`,
        }),
  };
};

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
    return {
      ...identity,
      action,
      changed,
      replacing: [],
      ...(refused ? { wedge: refused.why } : {}),
      ...(action === "update" ? inPlaceEffects(before, after, changed) : {}),
    };
  }
  const deleteFirst = deletesFirst(after, rule);
  const inUse = DELETE_REFUSED_WHILE_IN_USE[after.type];
  const physical = physicalName(after, rule);
  const nameTaken = !deleteFirst && physical === physicalName(before, rule) ? physical : undefined;
  const refusedReplacement = deleteFirst ? undefined : refusal("replace");
  const down = deleteFirst ? DOWN_WHILE_REPLACED_DELETE_FIRST[after.type] : undefined;
  return {
    ...identity,
    action: deleteFirst ? "replace-delete-first" : "replace",
    changed,
    replacing: forcing,
    ...lossOf(after.type, "replaced"),
    ...(deleteFirst && inUse !== undefined ? { wedge: inUse } : {}),
    ...(nameTaken === undefined ? {} : { wedge: sameNameRefusal(after.type, nameTaken) }),
    ...(refusedReplacement ? { wedge: refusedReplacement.why } : {}),
    ...(down === undefined ? {} : { interruption: down }),
  };
};

// What an in-place update does to the running service beyond changing a setting.
const inPlaceEffects = (
  before: ResourceState,
  after: ResourceState,
  changed: readonly string[],
): Pick<Change, "interruption" | "queued" | "warning"> => {
  switch (after.type) {
    case "aws:rds/instance:Instance":
      return databaseEffects(before.inputs, after.inputs, changed);
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
    case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
      return portMoved(before.inputs, after.inputs);
    default:
      return {};
  }
};

// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.DBInstance.Modifying.html#USER_ModifyInstance.ApplyImmediately:
// without ApplyImmediately the change waits in the pending-modifications queue for the maintenance
// window. The provider reads the live (old) values back, so until then every preview shows the diff again.
const databaseEffects = (
  before: Inputs,
  after: Inputs,
  changed: readonly string[],
): Pick<Change, "interruption" | "queued"> => {
  const immediately = after.applyImmediately === true;
  const multiAz = before.multiAz === true && after.multiAz === true;
  const modified = changed.filter((p) => p in RDS_MODIFICATIONS);
  const upgrading = modified.includes("engineVersion");
  // With a major upgrade the new parameter group is applied by the upgrade, and waits with it.
  const waits = (p: string) =>
    !immediately && (RDS_MODIFICATIONS[p]?.when === "window" || (upgrading && p === "parameterGroupName"));
  const queued = modified.filter(waits);
  const now = modified.filter((p) => !waits(p) && RDS_MODIFICATIONS[p]?.downtime !== "none");
  const window =
    typeof after.maintenanceWindow === "string" ? `${after.maintenanceWindow} UTC` : "its maintenance window";
  return {
    ...(now.length === 0
      ? {}
      : {
          interruption: `applied now: ${now.map((p) => rdsDowntime(RDS_MODIFICATIONS[p]?.downtime ?? "none", multiAz, p)).join("; ")}`,
        }),
    ...(queued.length === 0
      ? {}
      : {
          queued:
            `${queued.join(", ")} queued to the maintenance window (${window}; database.applyImmediately is false): ` +
            `\`pulumi up\` succeeds, the database keeps the old values until then, and every preview shows this change again` +
            (queued.some((p) => RDS_MODIFICATIONS[p]?.downtime !== "none") ? "; the downtime comes in the window" : ""),
        }),
  };
};

// A security group rule whose port changes is updated in place early in the update (nothing orders it
// after the deployment that moves its users): from then on, what still uses the old port is refused.
const portMoved = (before: Inputs, after: Inputs): Pick<Change, "interruption"> => {
  const port = (i: Inputs) => `${String(i.ipProtocol)}/${String(i.fromPort)}`;
  return same(before.fromPort, after.fromPort) && same(before.toPort, after.toPort)
    ? {}
    : {
        interruption:
          `moves from ${port(before)} to ${port(after)} as soon as it is updated, early in the update: whatever still uses ` +
          `${String(before.fromPort)} (the running tasks, until the rolling deployment replaces them) is cut off until then`,
      };
};

// What the changes do together, beyond each resource alone.
interface Sides {
  readonly before: readonly ResourceState[];
  readonly after: readonly ResourceState[];
  readonly gone: readonly ResourceState[];
  readonly replaced: ReadonlySet<string>;
}

const consequences = (changes: readonly Change[], sides: Sides, key: (r: ResourceState) => string): Change[] => {
  const byKey = (rs: readonly ResourceState[]) => new Map(rs.map((r) => [key(r), r]));
  const [before, after] = [byKey(sides.before), byKey(sides.after)];
  // Target groups that start empty in this update: new ones, and replacements.
  const fresh = sides.after.filter(
    (r) => r.type === TARGET_GROUP && (!before.has(key(r)) || sides.replaced.has(key(r))),
  );
  // The parameter groups databases still use because their engine upgrade waits for the window.
  const stillUsed = new Set(
    changes
      .filter((c) => c.type === DATABASE && c.changed.includes("engineVersion"))
      .map((c) => [before.get(`${c.type}::${c.name}`)?.inputs, after.get(`${c.type}::${c.name}`)?.inputs])
      .filter(([, now]) => now?.applyImmediately !== true)
      .map(([was]) => String(was?.parameterGroupName)),
  );
  const scheduling = [...sides.before, ...sides.after].some((r) => r.type === SCHEDULED_ACTION);
  // A service rolled onto a new task definition in this update, without `pulumi up` waiting for its new
  // tasks: Pulumi deletes what the update removes at its end, while the old tasks may still be serving.
  const rolledWithoutWaiting = changes.some(
    (c) =>
      c.type === SERVICE &&
      c.changed.includes("taskDefinition") &&
      after.get(`${c.type}::${c.name}`)?.inputs.waitForSteadyState !== true,
  );
  return changes.map((c) => {
    const k = `${c.type}::${c.name}`;
    if (SECURITY_GROUP_RULES.includes(c.type) && c.action === "delete" && rolledWithoutWaiting) {
      return {
        ...c,
        interruption:
          "deleted at the end of the update, which does not wait for the service's new tasks " +
          "(service.waitForSteadyState is off): the running tasks lose this path before their replacements are " +
          "healthy (minutes); with service.waitForSteadyState: true the update waits, and nothing is cut off",
      };
    }
    if (c.type === TARGET && scheduling && c.changed.some((p) => p === "minCapacity" || p === "maxCapacity")) {
      const range = after.get(k)?.inputs;
      return {
        ...c,
        warning:
          `the task range becomes ${String(range?.minCapacity)}..${String(range?.maxCapacity)} at once: a range a scheduled ` +
          `action has in force (a sale's raised floor) is replaced until the next action runs; apply this outside a sale`,
      };
    }
    if (
      (c.type === LISTENER_RULE || c.type === LISTENER) &&
      (c.action === "update" || c.action.startsWith("replace"))
    ) {
      const r = after.get(k);
      const target = fresh.find((tg) => mentions(r?.inputs.actions ?? r?.inputs.defaultActions, identitiesOf([tg])));
      if (target !== undefined) return { ...c, interruption: emptyTargetGroup(target) };
    }
    if (c.type === PARAMETER_GROUP && (c.action === "delete" || c.action.startsWith("replace"))) {
      const group = before.get(k);
      const name = String(group?.inputs.name ?? group?.computed.name);
      if (stillUsed.has(name))
        return {
          ...c,
          wedge:
            `AWS refuses to delete the parameter group ${name} while the database still uses it: the engine upgrade ` +
            `that moves the database off it waits for the maintenance window (database.applyImmediately is false)`,
        };
    }
    return c;
  });
};

// Pulumi updates a listener rule as soon as the target group it references exists; the service, which
// waits for the rules (src/main.ts: dependsOn), registers its new tasks there only afterwards, and a
// target takes `healthyThreshold` passing checks to receive traffic.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
const emptyTargetGroup = (tg: ResourceState): string => {
  const check = (tg.inputs.healthCheck ?? {}) as { interval?: unknown; healthyThreshold?: unknown };
  const seconds = Number(check.interval) * Number(check.healthyThreshold);
  const wait = Number.isFinite(seconds)
    ? ` and passed ${String(check.healthyThreshold)} health checks (${seconds} s)`
    : "";
  return (
    `forwards to ${tg.name}, which starts empty: the rule moves as soon as the group exists, before the service's new ` +
    `tasks have started, registered${wait}, so these paths answer 503 until then (minutes); no data is lost`
  );
};

// The engine's rule: the program's deleteBeforeReplace option wins; without it the provider decides, and
// the bridge replaces delete-first when the program set the physical name (two cannot coexist).
// https://github.com/pulumi/pulumi/blob/master/pkg/resource/deploy/step_generator.go ("The user can
// override the provider's decision by setting the deleteBeforeReplace field")
const deletesFirst = (r: ResourceState, rule: ReplacementRule | undefined): boolean =>
  r.options.deleteBeforeReplace ?? (ALWAYS_DELETE_FIRST.includes(r.type) || physicalName(r, rule) !== undefined);

// pulumi-aws's own override (provider/resources.go: DeleteBeforeReplace for aws_ecr_lifecycle_policy, one
// policy per repository).
const ALWAYS_DELETE_FIRST: readonly string[] = ["aws:ecr/lifecyclePolicy:LifecyclePolicy"];

const lossOf = (type: string, what: "deleted" | "replaced"): { dataLoss?: string } => {
  const held = STATEFUL[type];
  return held === undefined ? {} : { dataLoss: `${what}: ${held} would be lost` };
};

// ---- helpers ----

const DATABASE = "aws:rds/instance:Instance";
const PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
const LISTENER = "aws:lb/listener:Listener";
const LISTENER_RULE = "aws:lb/listenerRule:ListenerRule";
const SERVICE = "aws:ecs/service:Service";
const SECURITY_GROUP_RULES = [
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
];

// The physical name the program set, when the type has one the bridge would otherwise generate.
const physicalName = (r: ResourceState, rule: ReplacementRule | undefined): string | undefined => {
  const name = rule?.namedBy === undefined ? undefined : r.inputs[rule.namedBy];
  return typeof name === "string" ? name : undefined;
};

// "aws:lb/targetGroup:TargetGroup" -> "lb.TargetGroup".
const shortTypeOf = (type: string): string => type.replace(/^aws:([a-z0-9]+)\/[A-Za-z0-9]+:/, "$1.");

const regionOf = (resources: readonly ResourceState[]): string | undefined => {
  const region = resources.find((r) => r.type === "pulumi:providers:aws")?.inputs.region;
  return typeof region === "string" ? region : undefined;
};

// Pulumi's rule for ignoreChanges: the engine sends the provider the old value of an ignored input, so
// the resource keeps it, and so do its outputs. Under mocks an output echoes the new input (the database's
// dbName, read by the container definitions), so a resource that reads it would seem to change. Those
// echoes are put back to the old value, as exact strings and as quoted strings inside JSON text.
const withoutEchoes = (
  after: readonly ResourceState[],
  old: ReadonlyMap<string, ResourceState>,
  key: (r: ResourceState) => string,
): readonly ResourceState[] => {
  const echoes = after.flatMap((r) =>
    r.options.ignoreChanges.flatMap((p) => {
      const [was, is] = [old.get(key(r))?.inputs[p], r.inputs[p]];
      return typeof was === "string" && typeof is === "string" && was !== is ? [{ owner: key(r), was, is }] : [];
    }),
  );
  if (echoes.length === 0) return after;
  const restore = (value: unknown, owner: string): unknown => {
    const mine = echoes.filter((e) => e.owner !== owner);
    if (typeof value === "string") {
      const exact = mine.find((e) => e.is === value);
      if (exact !== undefined) return exact.was;
      return mine.reduce((text, e) => text.split(JSON.stringify(e.is)).join(JSON.stringify(e.was)), value);
    }
    if (Array.isArray(value)) return value.map((v) => restore(v, owner));
    if (typeof value === "object" && value !== null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v, owner)]));
    return value;
  };
  return after.map((r) => ({ ...r, inputs: restore(r.inputs, key(r)) as Inputs }));
};

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
