// README's "Container contract" against the task definition's container, and the reference app in app/
// against both: what users follow for their own image says what the task really gives.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { suite } from "uvu";
import * as assert from "uvu/assert";

import { PROJECT_DIR } from "./fixtures/config";
import { containersOf, only, runProgram, TYPES } from "./fixtures/program";

interface ContractRow {
  readonly name: string;
  readonly from: string;
}

// The rows of the table under "### Container contract": | `NAME` | environment or secret | ... |
const contractRows = (): ContractRow[] => {
  const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
  const start = readme.indexOf("### Container contract");
  const section = readme.slice(start, readme.indexOf("\n#", start + 1));
  return [...section.matchAll(/^\| `([A-Z_]+)` \| (\w+) \|/gm)].map((m) => ({ name: m[1] ?? "", from: m[2] ?? "" }));
};

const appFile = (name: string): string => readFileSync(join(PROJECT_DIR, "app", name), "utf8");

const contract = suite("README's container contract");

contract("lists every variable the container receives, each from where the task definition sets it", async () => {
  const [container] = containersOf(only(await runProgram(), TYPES.taskDefinition));
  const rows = contractRows();
  assert.ok(rows.length > 0, "README has the table");
  assert.equal(
    rows
      .filter((r) => r.from === "environment")
      .map((r) => r.name)
      .sort(),
    (container?.environment ?? []).map((e) => e.name).sort(),
  );
  assert.equal(
    rows
      .filter((r) => r.from === "secret")
      .map((r) => r.name)
      .sort(),
    (container?.secrets ?? []).map((s) => s.name).sort(),
  );
});

contract("the same variables with the RDS Proxy on: only their values change", async () => {
  const [container] = containersOf(
    only(await runProgram({ "webapp:database": { proxy: true } }), TYPES.taskDefinition),
  );
  const names = [...(container?.environment ?? []), ...(container?.secrets ?? [])].map((e) => e.name).sort();
  assert.equal(
    names,
    contractRows()
      .map((r) => r.name)
      .sort(),
  );
});

contract.run();

const app = suite("the reference app (app/)");

// gunicorn reads two of them itself: WEB_CONCURRENCY (its worker count) and PORT (its bind, 0.0.0.0:$PORT).
const READ_BY_GUNICORN = ["WEB_CONCURRENCY", "PORT"];

app("reads every variable of the contract (gunicorn reads WEB_CONCURRENCY and PORT itself)", () => {
  const code = appFile("app.py");
  const unread = contractRows()
    .map((r) => r.name)
    .filter((name) => !READ_BY_GUNICORN.includes(name) && !code.includes(`"${name}"`));
  assert.equal(unread, []);
  assert.not.match(appFile("Dockerfile"), /--workers|-w \d/, "the worker count is left to WEB_CONCURRENCY");
  assert.not.match(appFile("Dockerfile"), /--bind|-b /, "the address is left to PORT");
});

app("runs as a user of its own, with python3 for the health check and /tmp its writable place", () => {
  const dockerfile = appFile("Dockerfile");
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
  assert.match(finalStage, /^FROM python:[\d.]+-slim$/m, "a Python image: python3 is on the PATH");
  assert.match(finalStage, /^USER app$/m);
  assert.match(finalStage, /chown app \/tmp/);
  assert.match(finalStage, /^VOLUME \/tmp$/m);
  assert.match(finalStage, /--worker-tmp-dir", "\/dev\/shm"/);
  assert.match(finalStage, /PORT=5000/);
});

app("pins every requirement", () => {
  const requirements = appFile("requirements.txt")
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line !== "");
  assert.ok(requirements.length >= 4);
  assert.equal(
    requirements.filter((line) => !/^[a-z0-9-]+(\[[a-z]+\])?==[\d.]+$/.test(line)),
    [],
  );
});

app("is valid Python", () => {
  const out = mkdtempSync(join(tmpdir(), "app-"));
  try {
    const compiled = spawnSync(
      "python3",
      [
        "-c",
        "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
        "app.py",
        join(out, "app.pyc"),
      ],
      { cwd: join(PROJECT_DIR, "app"), encoding: "utf8" },
    );
    assert.is(compiled.error, undefined, "python3 runs");
    assert.is(compiled.status, 0, compiled.stderr);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

app.run();
