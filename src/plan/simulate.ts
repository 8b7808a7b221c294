// Runs src/main.ts unchanged under Pulumi's mocks and records every resource it registers, with its
// inputs resolved, plus the data-source calls and the stack outputs. The offline plan prints this; the
// whole-program tests assert on it. No AWS, no Pulumi CLI, no network. What the engine itself would
// refuse, the run refuses too: two resources with one URN.
import { createHash } from "node:crypto";

import type * as aws from "@pulumi/aws";
import type * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import type { Unwrap } from "@pulumi/pulumi";

import { DEFAULT_REGION } from "../contract/config";
import { PROJECT } from "../contract/names";

// ---- types ----

export interface RegisteredResource {
  readonly type: string; // e.g. "aws:ec2/subnet:Subnet"
  readonly name: string; // the logical name
  readonly inputs: Readonly<Record<string, unknown>>; // what the provider receives: JSON-shaped
  readonly provider: string | undefined; // "<urn>::<id>" of the explicit provider
  readonly id: string; // the placeholder id the mocks gave it
  readonly computed: Readonly<Record<string, unknown>>; // what AWS would compute: arn, dnsName, ...
  readonly options: ResourceOptions; // the options the program gave it, as the engine receives them
}

// The resource options that change what `pulumi up` and `pulumi destroy` do, seen by a stack
// transformation as the program sets them (resources by their logical names).
export interface ResourceOptions {
  readonly dependsOn: readonly string[];
  readonly ignoreChanges: readonly string[];
  readonly deleteBeforeReplace: boolean | undefined; // undefined: the provider decides
  readonly replaceOnChanges: readonly string[];
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
}

export interface DataSourceCall {
  readonly token: string; // e.g. "aws:secretsmanager/getSecret:getSecret"
  readonly inputs: Readonly<Record<string, unknown>>;
}

export interface Simulation {
  readonly resources: readonly RegisteredResource[];
  readonly calls: readonly DataSourceCall[];
  readonly outputs: Readonly<Record<string, unknown>>;
}

// Answers a data-source call, or undefined to fall back to the placeholders below.
export type CallAnswer = (call: DataSourceCall) => Record<string, unknown> | undefined;

export interface SimulationOptions {
  readonly stack: string;
  readonly config: Readonly<Record<string, string>>; // as Pulumi passes it: "webapp:network" -> JSON text
  readonly answer?: CallAnswer;
  // The program module to run, by absolute path; src/main.ts unless a test brings its own. It exports the
  // function Pulumi awaits and does all its work in it (the module is loaded once, then called per run).
  readonly program?: string;
}

// The program failed (bad config, a failed lookup); `registered` is what it had registered by then.
export class SimulationFailed extends Error {
  constructor(
    readonly reason: unknown,
    readonly registered: readonly RegisteredResource[],
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

// Placeholders the offline run stands in for what only AWS knows. Marked so nobody mistakes them.
export const PLACEHOLDER = {
  account: "123456789012",
  username: "placeholder_user",
  password: "PLACEHOLDER-not-a-real-password",
} as const;

// ---- running ----

const MAIN = require.resolve("../main");

export const simulate = async (options: SimulationOptions): Promise<Simulation> => {
  const resources: RegisteredResource[] = [];
  const calls: DataSourceCall[] = [];
  const optionsSeen = new Map<string, ResourceOptions>(); // by type and logical name
  const registered = new Set<string>(); // type and logical name: a resource's URN in this flat program
  const region = regionOf(options.config);
  const main = options.program === undefined ? MAIN : require.resolve(options.program);
  // A failed lookup or a RunError inside apply rejects an output nobody awaits: it surfaces here, as
  // it does in `pulumi up`, and ends the run instead of leaving its dependants waiting forever.
  let onRejection: (reason: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (onRejection = reject));
  failed.catch(() => undefined);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const id = `${args.name}-id`;
        // Pulumi's engine refuses a second resource with the same URN, and the mocks alone would not:
        // the offline run stops as `pulumi up` would, naming the type and the name. (Failing the run,
        // not this registration, which nobody would be left to hear once the run has ended.)
        const urn = key(args.type, args.name);
        if (registered.has(urn)) {
          onRejection(new Error(duplicateUrnMessage(options.stack, args.type, args.name)));
          return { id, state: {} };
        }
        registered.add(urn);
        const inputs = args.inputs as Record<string, unknown>; // the mocks' inputs are JSON-shaped
        const computed = computedState(args.type, args.name, inputs, region);
        const opts = optionsSeen.get(urn) ?? NO_OPTIONS;
        if (args.type !== ROOT_STACK)
          resources.push({
            type: args.type,
            name: args.name,
            inputs,
            provider: args.provider,
            id,
            computed,
            options: opts,
          });
        return { id, state: { ...inputs, ...computed } };
      },
      call: (args) => {
        const call: DataSourceCall = { token: args.token, inputs: args.inputs as Record<string, unknown> };
        calls.push(call);
        const answer = asEngineError(() => options.answer?.(call) ?? placeholderAnswer(call, region));
        if (answer === undefined) throw new Error(`the offline run has no answer for the data source ${args.token}`);
        return answer;
      },
    },
    PROJECT,
    options.stack,
    false,
  );
  pulumi.runtime.setAllConfig({ ...options.config });
  process.on("unhandledRejection", onRejection);
  const restore = withoutDebugging();
  try {
    // The program module exports the function Pulumi awaits; everything it does happens in that call,
    // so one evaluation of the module serves every run. A bad config throws in the call, before any
    // resource exists.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named at run time
    const program = require(main) as unknown;
    // As `pulumi up` does: the program runs inside the root Stack resource, whose transformation sees
    // every resource's options before it is registered.
    let programFailure: { reason: unknown } | undefined;
    const run = pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        optionsSeen.set(key(args.type, args.name), optionsOf(args.opts));
        return undefined;
      });
      // The program exports an async function whose result is the stack outputs. Its failure is kept
      // out of the Stack resource, whose internal promises would otherwise reject with nobody listening.
      try {
        return typeof program === "function" ? await (program as () => Promise<unknown>)() : program;
      } catch (e) {
        programFailure = { reason: e };
        return undefined;
      }
    });
    const outputs = (await Promise.race([run, failed])) ?? {};
    // Whether the program returned or failed, the Stack resource's own registration settles before the
    // next run replaces the mocks (a failed run would otherwise report into the next one).
    await Promise.race([pulumi.runtime.disconnect(), failed]);
    if (programFailure !== undefined) throw programFailure.reason;
    return { resources, calls, outputs };
  } catch (cause) {
    throw new SimulationFailed(cause, resources);
  } finally {
    restore();
    process.off("unhandledRejection", onRejection);
  }
};

// ---- speed ----

// What Pulumi does for its own debugging, which nothing here reads and which was most of a run's time
// (140 ms a run before these cuts, 60 ms after: `npm run bench`). Each is cut for the length of a run
// and put back after it; if a newer Pulumi moves one, that cut is skipped (slower, never wrong).
// - A stack trace for every promise (5,500 a run), mapped through tsx's source maps: traces are off.
// - A leak-tracking wrapper around each of those promises, read only at process exit to warn: the
//   promises pass through unwrapped. (A run ends with disconnect(), which waits for every registration.)
// - Each resource's source position, found by formatting an unlimited stack trace: no positions
//   (they are only shown by the Pulumi CLI, which is not here).
const withoutDebugging = (): (() => void) => {
  const sourceMaps = process.sourceMapsEnabled;
  const errors = { stackTraceLimit: Error.stackTraceLimit, prepareStackTrace: Reflect.get(Error, "prepareStackTrace") };
  const { debuggablePromise } = debuggable;
  const { callsites } = resourceClass;
  process.setSourceMapsEnabled(false);
  Error.stackTraceLimit = 0;
  Error.prepareStackTrace = () => "";
  if (typeof debuggablePromise === "function") debuggable.debuggablePromise = (p) => p;
  if (typeof callsites === "function") resourceClass.callsites = () => [];
  return () => {
    process.setSourceMapsEnabled(sourceMaps);
    Object.assign(Error, errors);
    debuggable.debuggablePromise = debuggablePromise;
    resourceClass.callsites = callsites;
  };
};

// Pulumi's internal module (no types are published for it) and the Resource class's private static.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module, see above
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise?: (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
};
const resourceClass = pulumi.Resource as unknown as { callsites?: () => unknown[] };

// ---- helpers ----

const ROOT_STACK = "pulumi:pulumi:Stack";

const key = (type: string, name: string): string => `${type}::${name}`;

// The engine's words for it, with the URN it would have built (every resource here is the stack's child).
const duplicateUrnMessage = (stack: string, type: string, name: string): string =>
  `Duplicate resource URN 'urn:pulumi:${stack}::${PROJECT}::${type}::${name}': two resources of type ${type} ` +
  `are both named "${name}"; Pulumi's engine refuses the second. Give each a unique logical name.`;

const NO_OPTIONS: ResourceOptions = {
  dependsOn: [],
  ignoreChanges: [],
  deleteBeforeReplace: undefined,
  replaceOnChanges: [],
  protect: false,
  retainOnDelete: false,
};

// dependsOn holds resources (or inputs of them); they are named by their logical names.
const optionsOf = (opts: pulumi.ResourceOptions & { deleteBeforeReplace?: boolean }): ResourceOptions => {
  const dependsOn =
    opts.dependsOn === undefined ? [] : Array.isArray(opts.dependsOn) ? opts.dependsOn : [opts.dependsOn];
  return {
    dependsOn: dependsOn.map(logicalName),
    ignoreChanges: [...(opts.ignoreChanges ?? [])],
    deleteBeforeReplace: opts.deleteBeforeReplace,
    replaceOnChanges: [...(opts.replaceOnChanges ?? [])],
    protect: opts.protect === true,
    retainOnDelete: opts.retainOnDelete === true,
  };
};

// Pulumi keeps a resource's logical name on the object; the program passes resources, not promises.
const logicalName = (r: unknown): string => (r as { readonly __name?: string }).__name ?? "<not a resource>";

// The engine reports a failed invoke as a gRPC error whose `details` carry the provider's message.
const asEngineError = <A>(answer: () => A): A => {
  try {
    return answer();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw Object.assign(new Error(message), { details: message });
  }
};

const regionOf = (config: Readonly<Record<string, string>>): string => config["aws:region"] ?? DEFAULT_REGION;

// What AWS would compute for a resource: ARNs, DNS names, endpoints. Only what the program reads.
const computedState = (
  type: string,
  name: string,
  inputs: Readonly<Record<string, unknown>>,
  region: string,
): Record<string, unknown> => {
  const account = PLACEHOLDER.account;
  const physical = (inputs as { readonly name?: string }).name ?? name; // the args' name, where they have one
  const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
  const base = { arn: `arn:aws:${service}:${region}:${account}:${physical}`, name: physical };
  switch (type) {
    case "aws:ec2/eip:Eip":
      return { ...base, allocationId: `eipalloc-${name}`, publicIp: "198.51.100.10" };
    case "aws:lb/loadBalancer:LoadBalancer":
      return {
        ...base,
        dnsName: `${physical}-0000000000.${region}.elb.amazonaws.com`,
        arnSuffix: `app/${physical}/0000000000`,
      };
    case "aws:lb/targetGroup:TargetGroup":
      return { ...base, arnSuffix: `targetgroup/${physical}/0000000000` };
    case "aws:ecr/repository:Repository":
      return {
        ...base,
        arn: `arn:aws:ecr:${region}:${account}:repository/${physical}`,
        repositoryUrl: `${account}.dkr.ecr.${region}.amazonaws.com/${physical}`,
      };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { ...base, arn: `arn:aws:logs:${region}:${account}:log-group:${physical}` };
    case "aws:dynamodb/table:Table":
      return { ...base, arn: `arn:aws:dynamodb:${region}:${account}:table/${physical}` };
    case "aws:iam/role:Role":
      return { ...base, arn: `arn:aws:iam::${account}:role/${physical}` };
    case "aws:s3/bucket:Bucket": {
      const bucket = `${(inputs as Unwrap<aws.s3.BucketArgs>).bucketPrefix ?? physical}00000000000000000000000000`;
      return { ...base, arn: `arn:aws:s3:::${bucket}`, bucket };
    }
    // The build's digest: a hash of what was asked of it, so another build setting is another image.
    case "docker-build:index:Image": {
      const image = inputs as Unwrap<dockerBuild.ImageArgs>;
      const digest = `sha256:${createHash("sha256").update(JSON.stringify(inputs)).digest("hex")}`;
      const [tag] = image.tags ?? [];
      return { digest, ref: tag === undefined ? "" : `${tag}@${digest}`, contextHash: "placeholder" };
    }
    case "aws:rds/instance:Instance": {
      const db = inputs as Unwrap<aws.rds.InstanceArgs>;
      const address = `${db.identifier ?? physical}.placeholder.${region}.rds.amazonaws.com`;
      return { ...base, address, port: db.port, endpoint: `${address}:${String(db.port)}` };
    }
    case "aws:rds/proxy:Proxy":
      return {
        ...base,
        arn: `arn:aws:rds:${region}:${account}:db-proxy:prx-PLACEHOLDER`,
        endpoint: `${physical}.proxy-placeholder.${region}.rds.amazonaws.com`,
      };
    case "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup":
      return { ...base, name: "default" };
    default:
      return base;
  }
};

const placeholderAnswer = (call: DataSourceCall, region: string): Record<string, unknown> | undefined => {
  const account = PLACEHOLDER.account;
  switch (call.token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: account,
        arn: `arn:aws:iam::${account}:user/placeholder`,
        userId: "PLACEHOLDER",
        id: account,
      };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    case "aws:index/getRegion:getRegion":
      return { name: region, region, id: region };
    case "aws:elb/getServiceAccount:getServiceAccount":
      return { arn: `arn:aws:iam::elb-account-of-${region}:root`, id: `elb-account-of-${region}` };
    case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
      return {
        id: region,
        region,
        userName: "AWS",
        password: "PLACEHOLDER-ecr-token",
        authorizationToken: Buffer.from("AWS:PLACEHOLDER-ecr-token").toString("base64"),
        proxyEndpoint: `https://${account}.dkr.ecr.${region}.amazonaws.com`,
        expiresAt: "2000-01-01T12:00:00Z",
      };
    case "aws:secretsmanager/getSecret:getSecret": {
      const name = String(call.inputs.name);
      return { name, id: name, arn: `arn:aws:secretsmanager:${region}:${account}:secret:${name}-PLHLDR` };
    }
    case "aws:secretsmanager/getSecretVersion:getSecretVersion":
      return {
        arn: String(call.inputs.secretId),
        secretString: JSON.stringify({ username: PLACEHOLDER.username, password: PLACEHOLDER.password }),
        versionId: "PLACEHOLDER",
      };
    default:
      return undefined;
  }
};
