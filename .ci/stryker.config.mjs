// StrykerJS: how well the suites notice a changed builder, model or config rule. Not part of npm test or
// CI (tens of minutes on two cores). Run it with `npm run mutate`, or for one file:
//   npm run mutate -- --mutate src/stack/edge.ts
// Each mutant runs only the suites of its own file (mutant-suites.mjs); the TypeScript checker drops
// mutants that would not compile. Everything Stryker writes stays under node_modules/.cache/stryker.
const OUT = "node_modules/.cache/stryker";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  mutate: ["src/stack/*.ts", "src/contract/*.ts", "src/models/*.ts"],
  testRunner: "command",
  commandRunner: { command: "node .ci/mutant-suites.mjs" },
  coverageAnalysis: "off", // a command reports pass or fail, not which test ran which code
  // A mutant that does not compile is a CompileError, not a test run. The checker is ours
  // (stryker-typescript-checker.mjs): the same verdicts as @stryker-mutator/typescript-checker, five
  // times faster here. `--checkers typescript` runs the stock one.
  plugins: ["@stryker-mutator/*", "./.ci/stryker-typescript-checker.mjs"],
  checkers: ["incremental-typescript"],
  // What the checker compiles: the mutated layers. A mutant that breaks only main.ts or a suite's types
  // is run, not dropped (its suite fails or it survives).
  tsconfigFile: ".ci/tsconfig.mutate.json",
  // Two cores, shared: one test process and the checker.
  concurrency: 2,
  // A mutant that loops forever is stopped after its suites' usual time, times 1.5, plus 10 s.
  timeoutFactor: 1.5,
  timeoutMS: 10000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `${OUT}/mutation.html` },
  jsonReporter: { fileName: `${OUT}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  // The goal the issue set: 90 % of the mutants of each builder and contract file killed.
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: `${OUT}/tmp`,
  ignorePatterns: ["scratch", ".ci/run", "Pulumi.live.yaml", "bill.yaml"],
  cleanTempDir: true,
};
