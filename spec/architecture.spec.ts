// The layering README's "Layout" describes, enforced on the source: the contract (what a stack file may say)
// at the bottom; builders in src/stack/, siblings that never import each other; models beside them;
// the plan tool and src/main.ts on top, the only modules that touch the Pulumi runtime.
import { readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

import { suite } from "uvu";
import * as assert from "uvu/assert";

import { PROJECT_DIR, sourceFiles } from "./fixtures/config";

const SRC = join(PROJECT_DIR, "src");
const POLICY = join(PROJECT_DIR, "policy");

// Imports and requires of @pulumi/* that bring values, not only types.
export const pulumiValueImports = (text: string): string[] => [
  ...[...text.matchAll(/^\s*import\s+(?!type\b)([^;]*?)\s+from\s+["'](@pulumi\/[^"']+)["']/gm)]
    .filter((m) => !/^\{\s*(type\s+\w+\s*,?\s*)+\}$/.test(m[1] ?? ""))
    .map((m) => m[2] ?? ""),
  ...[...text.matchAll(/(?:require|import)\(\s*["'](@pulumi\/[^"']+)["']\s*\)/g)].map((m) => m[1] ?? ""),
];

// The project modules a file imports (types included), as paths below src/ without the extension.
export const localImports = (file: string, text: string): string[] =>
  [...text.matchAll(/(?:from|import|require|resolve)\s*\(?\s*["'](\.[^"']*)["']/g)].map((m) =>
    normalize(join(dirname(file), m[1] ?? "")),
  );

// The first path segment: "stack/data" -> "stack", "main" -> "main".
const layerOf = (module: string): string => module.split("/")[0] ?? module;

// Which layers each layer may import; builders may also import src/stack/spec.ts, their shared shape.
const MAY_IMPORT: Record<string, readonly string[]> = {
  contract: ["contract"],
  stack: ["contract", "stack/spec"],
  models: ["contract", "models"],
  // The plan also runs the policy pack's policies (through its evaluator, never the pack's server entry).
  plan: ["contract", "stack", "models", "plan", "main", "../policy/evaluate"],
  main: ["contract", "stack", "models"],
};

const sources = () =>
  sourceFiles(SRC).map((f) => {
    const file = relative(SRC, f).replace(/\.ts$/, "");
    return { file, text: readFileSync(f, "utf8") };
  });

const allowed = (file: string, imported: string): boolean =>
  (MAY_IMPORT[layerOf(file)] ?? []).some((layer) => imported === layer || imported.startsWith(`${layer}/`));

const layering = suite("layering");

layering("every file in src/ sits in a layer: contract, stack, models, plan, or is main.ts", () => {
  const files = sources().map((s) => s.file);
  assert.ok(files.length > 5);
  assert.equal(
    files.filter((f) => !(layerOf(f) in MAY_IMPORT)),
    [],
  );
});

layering("each layer imports only the layers below it, and no builder imports another builder", () => {
  const offenders = sources().flatMap(({ file, text }) =>
    localImports(file, text)
      .filter((imported) => imported !== file && !allowed(file, imported))
      .map((imported) => `${file} -> ${imported}`),
  );
  assert.equal(offenders, []);
});

layering("only main.ts and the plan tool import @pulumi/* for values; models import nothing of Pulumi", () => {
  const offenders = sources()
    .filter(({ file }) => !["main", "plan"].includes(layerOf(file)))
    .filter(
      ({ file, text }) =>
        pulumiValueImports(text).length > 0 ||
        (layerOf(file) === "models" && /(?:from|import|require)\s*\(?\s*["']@pulumi\//.test(text)),
    )
    .map(({ file }) => file);
  assert.equal(offenders, []);
});

layering("the import checks see what they must", () => {
  assert.equal(pulumiValueImports('import * as aws from "@pulumi/aws";'), ["@pulumi/aws"]);
  assert.equal(pulumiValueImports('import { Output } from "@pulumi/pulumi";'), ["@pulumi/pulumi"]);
  assert.equal(pulumiValueImports('const p = require("@pulumi/pulumi");'), ["@pulumi/pulumi"]);
  assert.equal(pulumiValueImports('import type * as aws from "@pulumi/aws";'), []);
  assert.equal(pulumiValueImports('import { type Input } from "@pulumi/pulumi";'), []);
  assert.equal(localImports("stack/edge", 'import type { Config } from "../contract/config";'), ["contract/config"]);
  assert.ok(!allowed("stack/edge", "stack/firewall"), "a builder importing a sibling");
  assert.ok(allowed("stack/edge", "stack/spec"));
  assert.ok(!allowed("models/cost", "stack/spec"), "a model importing a builder");
  assert.ok(!allowed("contract/config", "plan/cli"), "the contract importing the plan");
});

layering("the policy pack stands alone; only its entry, policy/index.ts, imports a Pulumi value", () => {
  const files = sourceFiles(POLICY).map((f) => ({ file: relative(POLICY, f), text: readFileSync(f, "utf8") }));
  assert.ok(files.some((f) => f.file === "policies.ts"));
  assert.equal(
    files.map(({ file, text }) => ({ file, imports: pulumiValueImports(text) })).filter((f) => f.imports.length > 0),
    [{ file: "index.ts", imports: ["@pulumi/policy"] }],
  );
  assert.equal(
    files.flatMap(({ file, text }) => localImports(file, text).filter((m) => m.startsWith(".."))),
    [],
    "nothing outside policy/ (it is published alone)",
  );
});

layering("the shell does use Pulumi: it is where the resources are made", () => {
  assert.ok(pulumiValueImports(readFileSync(join(SRC, "main.ts"), "utf8")).includes("@pulumi/aws"));
});

layering.run();

const reading = suite("the source as a reader meets it");

// Prettier keeps code within 120 columns but cannot break a long string or comment: those are split by hand.
reading("no line of src/ or policy/ is over 140 characters", () => {
  const long = [...sourceFiles(SRC), ...sourceFiles(POLICY)].flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, i) => (line.length > 140 ? [`${relative(PROJECT_DIR, file)}:${String(i + 1)}`] : [])),
  );
  assert.equal(long, []);
});

reading("no comment or message points outside the repository for what it relies on", () => {
  const outside = [...sourceFiles(SRC), ...sourceFiles(POLICY)].filter((file) =>
    /DESIGN\.md|AWS-RULES\.md|SECURITY-BAR\.md|\.\.\/shared\//.test(readFileSync(file, "utf8")),
  );
  assert.equal(outside, []);
});

reading.run();
