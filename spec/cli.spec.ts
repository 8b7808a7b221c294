// The plan's command line at its edges, as a new user meets them: a stack that is not there, a stack named
// by its file, a value only the Pulumi CLI can decrypt, colour in a log, and lines that fit a terminal.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { suite } from "uvu";
import * as assert from "uvu/assert";

import { colourFor } from "../src/plan/cli";
import { fitLines, shortType, TEXT_WIDTH } from "../src/plan/render";
import { stackName } from "../src/plan/stack-file";
import { PROJECT_DIR } from "./fixtures/config";
import { captured, scratchProject } from "./fixtures/plan";

const devFile = (): string => readFileSync(join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");

const edges = suite("npm run plan at its edges");

edges("a stack with no file names the stacks there are, and exits 1", async () => {
  const dir = scratchProject({ dev: devFile(), staging: devFile() });
  const { code, out, err } = await captured(["--stack", "prod"], dir);
  assert.is(code, 1);
  assert.is(out, "");
  assert.is(
    err,
    `plan: no stack file Pulumi.prod.yaml in ${dir}; the stacks there: dev, staging (npm run plan -- --stack <name>)`,
  );
});

edges("a stack may be named by its file: --stack Pulumi.dev.yaml plans the dev stack", async () => {
  const [byName, byFile] = await Promise.all([captured(["--stack", "dev"]), captured(["--stack", "Pulumi.dev.yaml"])]);
  assert.is(byFile.code, 0);
  assert.is(byFile.out, byName.out);
  assert.equal(["dev", "Pulumi.dev.yaml", "./Pulumi.dev.yaml", "Pulumi.pr-12.yaml"].map(stackName), [
    "dev",
    "dev",
    "dev",
    "pr-12",
  ]);
});

edges("the usage line lists every format, svg included", async () => {
  const { code, out } = await captured(["--help"]);
  assert.is(code, 0);
  assert.ok(out.split("\n")[0]?.includes("--format text|json|mermaid|svg"), out);
});

edges(
  "a secure value is said to be one the plan cannot decrypt, and its key's default is planned instead",
  async () => {
    const dir = scratchProject({
      secret: `${devFile()}  webapp:account:\n    fargateVcpuQuota:\n      secure: AAABAKz0fQjLu6c2\n`,
    });
    const { code, err, out } = await captured(["--stack", "secret"], dir);
    assert.is(code, 0);
    assert.is(
      err,
      "plan: webapp:account holds a secure value, which only the Pulumi CLI can decrypt (with the stack's passphrase or " +
        "Pulumi Cloud): the plan uses the key's default instead",
    );
    assert.ok(out.includes("quota L-3032A538 may be 6 on a new account"), "planned without the quota");
  },
);

edges("colour only on a terminal, and never with NO_COLOR (a CI log gets plain text)", () => {
  assert.equal(
    [
      colourFor(true, {}),
      colourFor(undefined, {}),
      colourFor(false, {}),
      colourFor(true, { NO_COLOR: "1" }),
      colourFor(true, { NO_COLOR: "" }),
    ],
    [true, false, false, false, true],
  );
});

edges("every line of the text plan fits 120 columns, on the dev stack and on a busier one", async () => {
  const busy = scratchProject({
    busy: devFile()
      .replace("    proxy: false", "    proxy: true")
      .replace("    email: []", "    email: [ops@example.com]")
      .replace(
        "    schedules: []",
        '    schedules: [{name: sale, schedule: "at(2026-11-27T06:00:00)", minTasks: 8, maxTasks: 10}]',
      ),
  });
  for (const { out } of [await captured([]), await captured(["--stack", "busy"], busy)]) {
    const long = out.split("\n").filter((line) => line.length > TEXT_WIDTH);
    assert.equal(long, []);
  }
});

edges("a long line is broken at spaces, continued two past its indent; colour does not count", () => {
  const words = Array.from({ length: 30 }, (_, i) => `word${String(i)}`).join(" ");
  const lines = fitLines(`  ! ${words}`, 60).split("\n");
  assert.ok(lines.length > 1);
  assert.ok(lines.every((l) => l.length <= 60));
  assert.ok(lines.slice(1).every((l) => l.startsWith("    word")));
  assert.is(fitLines(`\x1b[33m${"x".repeat(60)}\x1b[39m`, 60), `\x1b[33m${"x".repeat(60)}\x1b[39m`);
});

edges("a provider reads as one, not as an empty type", () => {
  assert.equal(
    [shortType("pulumi:providers:aws"), shortType("aws:ec2/subnet:Subnet"), shortType("aws:rds/proxy:Proxy")],
    ["provider aws", "ec2.Subnet", "rds.Proxy"],
  );
});

edges.run();
