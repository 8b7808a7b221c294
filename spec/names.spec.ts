// Physical names: every one carries the suffix, and the decoder checks each against its AWS rule.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import { checkedNames, NAME_RULES, type NameParts, nameProblem, resourceNames } from "../src/contract/names";
import { problemsOf } from "./fixtures/config";

const parts = (overrides: Partial<NameParts> = {}): NameParts => ({
  suffix: "dev",
  sessionsTableName: "user-sessions",
  containerPort: 5000,
  engineVersion: "17",
  ...overrides,
});

const resource = suite("resourceNames");

resource("ends every name with the environment suffix, so stacks live side by side", () => {
  const n = resourceNames(parts({ suffix: "pr-42" }));
  const all = Object.values(n).map((v) =>
    typeof v === "function" ? (v as (...a: string[]) => string)("public", "us-east-2a") : v,
  );
  assert.ok(all.length > 30);
  for (const name of all) assert.ok(/-pr-42(-|\/postgresql|\/performance)?$/.test(name), name);
});

resource("names the sessions table <tableName>-<suffix>", () => {
  assert.is(resourceNames(parts()).sessionsTable, "user-sessions-dev");
});

resource("names the image repository webapp-<suffix>, so the image reads webapp:latest", () => {
  assert.is(resourceNames(parts()).repository, "webapp-dev");
});

resource("the target group's name carries its port, so a port change makes a new group beside the old one", () => {
  assert.is(resourceNames(parts()).targetGroup, "tg-5000-dev");
  assert.is(resourceNames(parts({ containerPort: 8080 })).targetGroup, "tg-8080-dev");
});

resource("the parameter group's name carries its engine family, so a major upgrade makes a new group first", () => {
  assert.is(resourceNames(parts()).databaseParameterGroup, "rds-params-postgres17-dev");
  assert.is(resourceNames(parts({ engineVersion: "18" })).databaseParameterGroup, "rds-params-postgres18-dev");
});

resource.run();

const checked = suite("checkedNames");

checked("a 16-character suffix keeps every checked name within its AWS rule, even with a 5-digit port", () => {
  for (const { name, rule } of checkedNames(
    resourceNames(parts({ suffix: "pr-1234567890123", containerPort: 65535 })),
  )) {
    assert.is(nameProblem(name, rule), undefined, `${rule.what} ${name}`);
  }
});

checked("a suffix over every short limit is blamed once per name it breaks", () => {
  const lines = problemsOf({ "webapp:environmentSuffix": "a-suffix-of-twenty-nine-chars" });
  assert.equal(
    lines.map((l) => /the (.+?) "/.exec(l)?.[1]),
    ["load balancer name", "target group name", "access-log bucket prefix"],
  );
});

checked("a long table name is blamed on sessions.tableName, not on the suffix", () => {
  const lines = problemsOf({ "webapp:sessions": { tableName: "t".repeat(252) } });
  assert.equal(lines.length, 1);
  assert.ok(lines[0]?.startsWith("webapp:sessions.tableName: expected a value that keeps the DynamoDB table name"));
});

checked.run();

const problem = suite("nameProblem");

problem("tells length from pattern", () => {
  assert.is(nameProblem("a".repeat(33), NAME_RULES.loadBalancer), "length");
  assert.is(nameProblem("internal-alb", NAME_RULES.loadBalancer), "pattern");
  assert.is(nameProblem("alb-dev", NAME_RULES.loadBalancer), undefined);
});

problem("follows AWS's rules for RDS identifiers: a letter first, no double or trailing hyphen", () => {
  assert.is(nameProblem("rds-dev", NAME_RULES.rdsInstance), undefined);
  assert.is(nameProblem("1rds", NAME_RULES.rdsInstance), "pattern");
  assert.is(nameProblem("rds--dev", NAME_RULES.rdsInstance), "pattern");
  assert.is(nameProblem("rds-", NAME_RULES.rdsInstance), "pattern");
});

problem("keeps log groups out of the aws/ namespace but allows /aws/rds/...", () => {
  assert.is(nameProblem("aws/x", NAME_RULES.logGroup), "pattern");
  assert.is(nameProblem("/aws/rds/instance/rds-dev/postgresql", NAME_RULES.logGroup), undefined);
});

problem.run();
