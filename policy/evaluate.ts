// Runs the pack's policies without the Pulumi engine, over the resources the offline run records
// (src/plan/simulate.ts's RegisteredResource fits OfflineResource), as `pulumi preview --policy-pack`
// would: each resource policy on every resource's inputs, each stack policy once over the whole graph.
// The args each policy receives are shaped like @pulumi/policy's; what the engine would know but the
// mocks do not is derived here and said so:
// - props: the inputs with secrets unwrapped (the engine hands policies plain values); for a stack
//   policy, the outputs: inputs, what the mocks computed (arn, name, ...) and the id;
// - propertyDependencies: the resources whose id or computed value (arn, name, ...) an input holds,
//   as the engine records which resource fed which input;
// - dependencies: those, and the resources `dependsOn` names.
// Used by the plan (src/plan/cli.ts) and the tests.
import type {
  EnforcementLevel,
  PolicyPackConfig,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";

import { isStackPolicy, PACK_NAME, type Policy, policies as PACK } from "./policies";

// ---- types ----

export interface OfflineResource {
  readonly type: string;
  readonly name: string;
  readonly id: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly computed: Readonly<Record<string, unknown>>;
  readonly options: {
    readonly dependsOn: readonly string[];
    readonly ignoreChanges: readonly string[];
    readonly deleteBeforeReplace: boolean | undefined;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
  };
}

export interface Violation {
  readonly policy: string;
  readonly enforcementLevel: "mandatory" | "advisory";
  readonly resource: string | undefined; // the logical name; undefined for the stack as a whole
  readonly message: string;
}

export interface PolicyReport {
  readonly pack: string;
  readonly policies: number; // the policies run (not disabled)
  readonly violations: readonly Violation[];
}

export interface EvaluateOptions {
  readonly stack?: string;
  readonly project?: string;
  readonly policies?: readonly Policy[];
  // As a pack's config file holds it: per policy, an enforcement level or `{ enforcementLevel?, ...props }`.
  readonly config?: PolicyPackConfig;
}

// ---- evaluating ----

export const evaluatePolicies = async (
  resources: readonly OfflineResource[],
  options: EvaluateOptions = {},
): Promise<PolicyReport> => {
  const { stack = "dev", project = "webapp", policies = PACK, config = {} } = options;
  const graph = graphOf(resources, `urn:pulumi:${stack}::${project}::`);
  const byUrn = new Map(graph.map((r) => [r.urn, r.name]));
  const violations: Violation[] = [];
  let run = 0;
  for (const policy of policies) {
    const policyConfig = config[policy.name];
    const level = levelOf(typeof policyConfig === "string" ? policyConfig : policyConfig?.enforcementLevel, policy);
    if (level === undefined) continue;
    run += 1;
    const properties = typeof policyConfig === "object" ? withoutLevel(policyConfig) : {};
    const getConfig = (() => properties) as StackValidationArgs["getConfig"];
    const report = (resource: string | undefined) => (message: string, urn?: string) => {
      violations.push({
        policy: policy.name,
        enforcementLevel: level,
        resource: resource ?? nameOf(byUrn, urn),
        message,
      });
    };
    if (isStackPolicy(policy)) {
      const args: StackValidationArgs = { resources: graph, stackTags: new Map(), getConfig, notApplicable };
      await settle(() => policy.validateStack(args, report(undefined)));
      continue;
    }
    const validations: ResourceValidation[] =
      policy.validateResource === undefined
        ? []
        : Array.isArray(policy.validateResource)
          ? policy.validateResource
          : [policy.validateResource];
    for (const [i, r] of resources.entries()) {
      const node = graph[i] as PolicyResource;
      const inputs = inputsOf.get(node) ?? {};
      const args: ResourceValidationArgs = {
        type: r.type,
        name: r.name,
        urn: node.urn,
        props: inputs,
        opts: node.opts,
        stackTags: new Map(),
        isType: (resourceClass) => node.isType(resourceClass),
        asType: () => undefined,
        getConfig,
        notApplicable,
      };
      for (const validate of validations) await settle(() => validate(args, report(r.name)));
    }
  }
  return { pack: PACK_NAME, policies: run, violations };
};

// ---- the graph, as the engine hands it to a stack policy ----

// The graph of a run is built once per stack name (the tests judge one run with many policies); policies
// only read it. Each node's inputs, secrets unwrapped, are kept beside it for the resource policies.
const graphs = new WeakMap<readonly OfflineResource[], Map<string, PolicyResource[]>>();
const inputsOf = new WeakMap<PolicyResource, Record<string, unknown>>();

const graphOf = (resources: readonly OfflineResource[], urnPrefix: string): PolicyResource[] => {
  const byPrefix = graphs.get(resources) ?? new Map<string, PolicyResource[]>();
  graphs.set(resources, byPrefix);
  const graph = byPrefix.get(urnPrefix) ?? policyResources(resources, urnPrefix);
  byPrefix.set(urnPrefix, graph);
  return graph;
};

const policyResources = (resources: readonly OfflineResource[], urnPrefix: string): PolicyResource[] => {
  const nodes: PolicyResource[] = resources.map((r) => {
    const type = r.type;
    const inputs = plain(r.inputs) as Record<string, unknown>;
    const node: PolicyResource = {
      type,
      name: r.name,
      urn: `${urnPrefix}${type}::${r.name}`,
      props: { ...inputs, ...r.computed, id: r.id },
      opts: optionsOf(r),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => (resourceClass as { __pulumiType?: string }).__pulumiType === type,
      asType: () => undefined,
    };
    inputsOf.set(node, inputs);
    return node;
  });
  // Every value that names a resource: its id and what AWS computes for it (ARN, name, bucket, ...).
  const named = new Map<string, PolicyResource[]>();
  resources.forEach((r, i) => {
    for (const value of new Set([r.id, ...Object.values(r.computed).filter((v) => typeof v === "string")]))
      named.set(value, [...(named.get(value) ?? []), nodes[i] as PolicyResource]);
  });
  resources.forEach((r, i) => {
    const node = nodes[i] as PolicyResource;
    for (const [key, value] of Object.entries(r.inputs)) {
      if (key === "tags" || key === "tagsAll") continue;
      const fed = [...new Set(leaves(value).flatMap((leaf) => named.get(leaf) ?? []))].filter((d) => d !== node);
      if (fed.length > 0) node.propertyDependencies[key] = fed;
    }
    const explicit = nodes.filter((n) => r.options.dependsOn.includes(n.name) && n !== node);
    node.dependencies = [...new Set([...Object.values(node.propertyDependencies).flat(), ...explicit])];
  });
  return nodes;
};

const optionsOf = (r: OfflineResource): PolicyResourceOptions => ({
  protect: r.options.protect,
  ignoreChanges: [...r.options.ignoreChanges],
  ...(r.options.deleteBeforeReplace === undefined ? {} : { deleteBeforeReplace: r.options.deleteBeforeReplace }),
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
});

// ---- helpers ----

// The engine's rule: the config's level, else the policy's, else the pack's default (advisory);
// disabled policies do not run, and a remediation that still fails reports as mandatory.
const levelOf = (configured: EnforcementLevel | undefined, policy: Policy): "mandatory" | "advisory" | undefined => {
  const level = configured ?? policy.enforcementLevel ?? "advisory";
  return level === "disabled" ? undefined : level === "advisory" ? "advisory" : "mandatory";
};

const withoutLevel = (config: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(config).filter(([key]) => key !== "enforcementLevel"));

const nameOf = (byUrn: ReadonlyMap<string, string>, urn: string | undefined): string | undefined =>
  urn === undefined ? undefined : (byUrn.get(urn) ?? urn);

class NotApplicable extends Error {}
const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

// A policy that declares itself not applicable has nothing to report.
const settle = async (run: () => Promise<void> | void): Promise<void> => {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof NotApplicable)) throw e;
  }
};

// The mocks keep a secret input wrapped in Pulumi's secret envelope; the engine gives policies the value.
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const plain = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIG] === SECRET) return plain(record.value);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plain(v)]));
};

const leaves = (value: unknown): string[] =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(leaves)
      : typeof value === "object" && value !== null
        ? Object.values(value).flatMap(leaves)
        : [];

// ---- reading a report ----

export const mandatory = (report: PolicyReport): Violation[] =>
  report.violations.filter((v) => v.enforcementLevel === "mandatory");

// One line per violation: level, policy, resource and message.
export const violationLines = (report: PolicyReport): string[] => {
  const width = Math.max(0, ...report.violations.map((v) => v.policy.length));
  return [...report.violations]
    .sort((a, b) => (a.enforcementLevel === b.enforcementLevel ? 0 : a.enforcementLevel === "mandatory" ? -1 : 1))
    .map(
      (v) =>
        `${v.enforcementLevel.padEnd(9)}  ${v.policy.padEnd(width)}  ${v.resource === undefined ? "" : `${v.resource}: `}${v.message}`,
    );
};

// The plan's "policy pack" section: a heading, then each violation (none on the shipped stacks but the
// documented advisories). `style` colours the heading and mandatory violations when printing to a terminal.
export const policySection = (
  report: PolicyReport,
  style: { readonly heading: (s: string) => string; readonly warn: (s: string) => string },
): string[] => [
  "",
  style.heading(
    `policy pack ${report.pack} (${report.policies} policies, as \`pulumi preview --policy-pack policy\` runs them)`,
  ),
  ...(mandatory(report).length === 0 ? ["  no mandatory violation"] : []),
  ...violationLines(report).map((line) => `  ${line.startsWith("mandatory") ? style.warn(line) : line}`),
];

// The plan's JSON: the pack, how many policies ran, and every violation.
export const policyJson = (report: PolicyReport) => ({
  pack: report.pack,
  policies: report.policies,
  violations: report.violations,
});
