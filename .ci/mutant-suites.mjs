// The command StrykerJS's command runner calls in its sandbox (see stryker.config.mjs): runs only the uvu
// suites that test the file the active mutant lives in, so that a mutant costs a builder's suite (about
// 1.5 s) instead of every suite (about 8 s). Without an active mutant (Stryker's first, unmutated run) it
// runs the suites of every file being mutated, which must all pass.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";

// A source file's suites: spec/<its name>.spec.ts, unless this table says otherwise. A mutant whose file
// cannot be found, or a file without a suite of its name, runs every suite: slower, never wrong.
const SUITES = {
  "src/stack/scaling.ts": ["scaling", "service"],
  "src/stack/spec.ts": ["network", "firewall"],
  "src/stack/provider.ts": ["program"],
  "src/contract/config.ts": ["config", "config-boundaries", "image", "connections"],
  "src/stack/service.ts": ["service", "image", "container-contract", "connections"],
  "src/contract/names.ts": ["names", "config-boundaries"],
  "src/contract/cidr.ts": ["cidr", "config-boundaries"],
  "src/contract/limits.ts": ["config", "config-boundaries"],
  "src/contract/tuning.ts": ["network", "firewall", "edge", "data", "service", "config-boundaries"],
  "src/contract/connections.ts": ["connections", "config-boundaries", "service", "observability", "proxy"],
  "src/contract/codecs.ts": ["config", "config-boundaries"],
  "src/contract/schedule.ts": ["config", "config-boundaries"],
  "src/contract/rules.ts": ["config", "config-boundaries", "connections", "image"],
  "src/contract/build.ts": ["image", "config"],
  "src/contract/errors.ts": ["config", "config-boundaries"],
  "src/models/prices.ts": ["cost"],
  "src/models/pricers.ts": ["cost"],
  "src/models/change-safety.ts": ["day-two"],
  "src/models/replacement-rules.ts": ["day-two"],
  "src/models/schedule-ranges.ts": ["scaling", "day-two"],
};
const EVERY_SUITE = "[^/]+";

const suitesOf = (file) => {
  if (file === undefined) return [EVERY_SUITE];
  const own = basename(file, ".ts");
  return SUITES[file] ?? (existsSync(join("spec", `${own}.spec.ts`)) ? [own] : [EVERY_SUITE]);
};

// Stryker's instrumenter guards each mutant with this helper, called with the mutant's id.
const MUTANT_GUARD = "stryMutAct_9fa48";

const sourceFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );

// The sandbox's files that carry mutants, and the one that carries the active mutant.
const instrumented = sourceFiles("src").filter((file) => readFileSync(file, "utf8").includes(MUTANT_GUARD));
const active = process.env.__STRYKER_ACTIVE_MUTANT__;
const files =
  active === undefined
    ? instrumented
    : [instrumented.find((file) => readFileSync(file, "utf8").includes(`${MUTANT_GUARD}("${active}")`))];
const suites = [...new Set(files.flatMap(suitesOf))];
const pattern = `^(${suites.join("|") || EVERY_SUITE})\\.spec\\.ts$`;
console.log(`mutant ${active ?? "none"} in ${files.join(", ") || "?"}: ${pattern}`);

// uvu's command line, wherever node finds the package (it exports no path to it).
const bin = join(dirname(createRequire(import.meta.url).resolve("uvu")), "..", "bin.js");
const uvu = spawnSync(process.execPath, [bin, "-r", "tsx/cjs", "spec", pattern, "-i", "fixtures"], {
  stdio: "inherit",
});
process.exit(uvu.status ?? 1);
