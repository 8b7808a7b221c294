// The layering, enforced: only the shell (src/main.ts) and the mock runner (src/plan/simulate.ts) use
// Pulumi at run time; every other module imports @pulumi/* for types only, so builders stay pure.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";

import { suite } from "uvu";
import * as assert from "uvu/assert";

import { PROJECT_DIR, sourceFiles } from "./fixtures/config";

const SRC = join(PROJECT_DIR, "src");
const MAY_USE_PULUMI = ["main.ts", "plan/simulate.ts"];

// Imports and requires of @pulumi/* that bring values, not only types.
export const pulumiValueImports = (text: string): string[] => [
  ...[...text.matchAll(/^\s*import\s+(?!type\b)([^;]*?)\s+from\s+["'](@pulumi\/[^"']+)["']/gm)]
    .filter((m) => !/^\{\s*(type\s+\w+\s*,?\s*)+\}$/.test(m[1] ?? ""))
    .map((m) => m[2] ?? ""),
  ...[...text.matchAll(/(?:require|import)\(\s*["'](@pulumi\/[^"']+)["']\s*\)/g)].map((m) => m[1] ?? ""),
];

const layering = suite("layering");

layering("no module but main.ts and the mock runner imports @pulumi/* for values", () => {
  const files = sourceFiles(SRC);
  assert.ok(files.length > 5);
  const offenders = files
    .map((f) => relative(SRC, f))
    .filter((f) => !MAY_USE_PULUMI.includes(f))
    .filter((f) => pulumiValueImports(readFileSync(join(SRC, f), "utf8")).length > 0);
  assert.equal(offenders, []);
});

layering("the check sees value imports, including requires, and lets type-only imports pass", () => {
  assert.equal(pulumiValueImports('import * as aws from "@pulumi/aws";'), ["@pulumi/aws"]);
  assert.equal(pulumiValueImports('import { Output } from "@pulumi/pulumi";'), ["@pulumi/pulumi"]);
  assert.equal(pulumiValueImports('const p = require("@pulumi/pulumi");'), ["@pulumi/pulumi"]);
  assert.equal(pulumiValueImports('import type * as aws from "@pulumi/aws";'), []);
  assert.equal(pulumiValueImports('import { type Input } from "@pulumi/pulumi";'), []);
});

layering("the shell does use Pulumi: it is where the resources are made", () => {
  assert.ok(pulumiValueImports(readFileSync(join(SRC, "main.ts"), "utf8")).includes("@pulumi/aws"));
});

layering.run();
