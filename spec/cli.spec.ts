// The plan's command line at its edges, as a new user meets them: a stack that is not there, a stack named
// by its file, a value only the Pulumi CLI can decrypt, colour in a log, and lines that fit a terminal.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { suite } from "uvu";
import * as assert from "uvu/assert";

import { RDS_PROXY_VCPU_HOUR } from "../src/models/prices";
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
  // One run at a time: the program's runs share Pulumi's global mocks.
  const byName = await captured(["--stack", "dev"]);
  const byFile = await captured(["--stack", "Pulumi.dev.yaml"]);
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

edges("README's sample run is lines the plan prints today", async () => {
  const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
  const start = readme.indexOf("<!-- plan-sample:begin");
  const open = readme.indexOf("```\n", start) + 4;
  const sample = readme.slice(open, readme.indexOf("\n```", open));
  const { out } = await captured([]);
  const printed = new Set(out.split("\n"));
  const lines = sample.split("\n").filter((line) => line !== "...");
  assert.ok(lines.length > 30);
  assert.equal(
    lines.filter((line) => !printed.has(line)),
    [],
  );
});

edges.run();

const usage = suite("npm run plan -- --usage FILE and --sale-hours N");

interface CostJson {
  cost: { monthlyUsd: { floor: number; max: number; sale: number }; usage: Record<string, number>; saleHours: number };
}

usage("a usage file replaces the profile's fields it names: 200 GB through NAT adds 180 x $0.045 = $8.10", async () => {
  const dir = scratchProject({ dev: devFile() });
  writeFileSync(join(dir, "bill.yaml"), "natGbPerMonth: 200\n");
  const base = await captured(["--json"], dir);
  const billed = await captured(["--json", "--usage", "bill.yaml"], dir);
  const [before, after] = [base, billed].map((r) => (JSON.parse(r.out) as CostJson).cost);
  assert.is(after?.usage.natGbPerMonth, 200);
  assert.is(after?.usage.albLcusPeak, before?.usage.albLcusPeak, "the rest keep their defaults");
  assert.ok(Math.abs((after?.monthlyUsd.floor ?? 0) - (before?.monthlyUsd.floor ?? 0) - 8.1) < 1e-9);
});

usage(
  "a usage file with a field the profile lacks or a negative number is refused, every line at once (exit 2)",
  async () => {
    const dir = scratchProject({ dev: devFile() });
    writeFileSync(join(dir, "bill.yaml"), "natGb: 200\nalbLcusPeak: -1\n");
    const { code, out, err } = await captured(["--usage", "bill.yaml"], dir);
    assert.is(code, 2);
    assert.is(out, "");
    const lines = err.split("\n");
    assert.is(lines.length, 2);
    assert.ok(
      lines[0]?.startsWith(`plan: usage file ${join(dir, "bill.yaml")}: natGb: not a usage field (natGbPerMonth,`),
    );
    assert.ok(lines[1]?.endsWith("albLcusPeak: expected a number of 0 or more, got -1"));
  },
);

usage("--sale-hours 0 makes the sale month the floor's; hours past a month are refused", async () => {
  const { out } = await captured(["--json", "--sale-hours", "0"]);
  const cost = (JSON.parse(out) as CostJson).cost;
  assert.equal([cost.saleHours, cost.monthlyUsd.sale], [0, cost.monthlyUsd.floor]);
  const refused = await captured(["--sale-hours", "731"]);
  assert.is(refused.code, 2);
  assert.ok(refused.err.startsWith("plan: --sale-hours takes hours of a month, 0 to 730, got 731"));
});

usage.run();

const figures = suite("README's figures");

interface EstimateJson {
  cost: { monthlyUsd: { floor: number; max: number; sale: number }; items: { resource: string; monthlyUsd: number }[] };
}

// Every $ figure of README's "What it costs" is one the estimate makes today: the dev stack's totals and
// largest items, the single-NAT stack's floor, what one NAT gateway and its address save, a PR stack's day,
// and the proxy's price.
figures("every dollar figure in 'What it costs' comes from the estimate", async () => {
  const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
  const start = readme.indexOf("## What it costs");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const written = [...section.matchAll(/\$(\d+(?:\.\d+)?)/g)].map((m) => m[1] ?? "");
  const single = scratchProject({ single: devFile().replace("natGateways: perAz", "natGateways: single") });
  const proxied = scratchProject({ proxied: devFile().replace("    proxy: false", "    proxy: true") });
  const costOf = async (argv: string[], dir?: string) =>
    (JSON.parse((await captured(argv, dir)).out) as EstimateJson).cost;
  const dev = await costOf(["--json"]);
  const oneNat = await costOf(["--json", "--stack", "single"], single);
  const proxy = await costOf(["--json", "--stack", "proxied"], proxied);
  const item = (name: string) => dev.items.find((i) => i.resource === name)?.monthlyUsd ?? NaN;
  const cents = (usd: number) => usd.toFixed(2);
  const computed = [
    cents(dev.monthlyUsd.floor),
    cents(dev.monthlyUsd.max),
    cents(dev.monthlyUsd.sale),
    cents(item("service-dev")),
    cents(item("nat-us-east-2a-dev")),
    cents(item("nat-eip-us-east-2a-dev")),
    cents(item("alb-dev")),
    cents(item("rds-dev")),
    cents(oneNat.monthlyUsd.floor),
    cents(dev.monthlyUsd.floor - oneNat.monthlyUsd.floor),
    cents(oneNat.monthlyUsd.floor / (730 / 24)),
    cents(proxy.monthlyUsd.floor - dev.monthlyUsd.floor),
    String(RDS_PROXY_VCPU_HOUR.usd),
  ];
  assert.ok(written.length >= 10, written.join(" "));
  assert.equal(
    written.filter((figure) => !computed.includes(figure)),
    [],
  );
});

figures.run();
