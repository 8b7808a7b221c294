// README's list of the pack's policies, generated from the pack so the two cannot disagree (a test in
// spec/policy.spec.ts compares them). `npm run policy:readme` rewrites the list between its markers.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { isStackPolicy, type Policy, policies } from "./policies";

const BEGIN = "<!-- policy-list:begin (generated: npm run policy:readme) -->";
const END = "<!-- policy-list:end -->";

// One row per policy: its name, level, whether it judges a resource or the stack's graph, and its rule.
export const policyTable = (pack: readonly Policy[]): string =>
  [
    "| policy | level | judges | rule and source |",
    "|---|---|---|---|",
    ...pack.map(
      (p) =>
        `| \`${p.name}\` | ${p.enforcementLevel ?? "advisory"} | ${isStackPolicy(p) ? "the stack" : "each resource"} | ` +
        `${p.description.replace(/\|/g, "\\|")} |`,
    ),
  ].join("\n");

export const readmeWithPolicies = (readme: string, table: string): string => {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README has no ${BEGIN} ... ${END} markers`);
  return `${readme.slice(0, start + BEGIN.length)}\n${table}\n${readme.slice(end)}`;
};

if (require.main === module) {
  const readme = join(__dirname, "..", "README.md");
  writeFileSync(readme, readmeWithPolicies(readFileSync(readme, "utf8"), policyTable(policies)));
  console.log(`policy: wrote the list of ${policies.length} policies into ${readme}`);
}
