// The image the stack builds (service.build): the builder's arguments, the decoder's rules on the build
// settings, and the whole program under mocks, where the task definition runs the build by digest.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import { decodeConfig, formatConfigError } from "../src/contract/config";
import { PROJECT_DIR, projectFiles } from "../src/contract/files";
import { PLACEHOLDER, type RegisteredResource } from "../src/plan/simulate";
import { readStackFile, stackFilePath } from "../src/plan/stack-file";
import * as image from "../src/stack/image";
import { cpuArchitecture } from "../src/stack/service";
import { assertLeft } from "./fixtures/assert";
import { configOf } from "./fixtures/config";
import { containersOf, failure, only, ofType, parsed, runProgram, TYPES } from "./fixtures/program";

const REPOSITORY = "111122223333.dkr.ecr.us-east-2.amazonaws.com/webapp-dev";
const LOGIN = { address: REPOSITORY, username: "AWS", password: "token" };

// The service group of the per-PR template, as the workflow deploys it.
const prService = (): unknown => JSON.parse(readStackFile(stackFilePath(PROJECT_DIR, "pr"))["webapp:service"] ?? "{}");

// ---- the builder ----

const references = suite("imageReferences");

references("the image under service.imageTag, its build cache under buildcache, in one repository", () => {
  assert.equal(image.imageReferences(configOf(), REPOSITORY), {
    tag: `${REPOSITORY}:latest`,
    cache: `${REPOSITORY}:buildcache`,
  });
  assert.is(
    image.imageReferences(configOf({ "webapp:service": { imageTag: "v2" } }), REPOSITORY).tag,
    `${REPOSITORY}:v2`,
  );
});

references.run();

const args = suite("imageSpec");

const built = configOf({ "webapp:service": { build: { context: "app" } } });
const buildOf = (c = built) => {
  if (c.service.build === undefined) throw new Error("the config has no build");
  return c.service.build;
};
const refs = { projectDir: "", ...image.imageReferences(built, REPOSITORY), registry: LOGIN };

args("builds app/ with its Dockerfile for linux/amd64, pushes it and its ECR-compatible registry cache", () => {
  assert.equal(image.imageSpec(built, buildOf(), refs), {
    name: "webapp-dev",
    args: {
      push: true,
      tags: [`${REPOSITORY}:latest`],
      context: { location: "app" },
      dockerfile: { location: "app/Dockerfile" },
      buildArgs: {},
      platforms: ["linux/amd64"],
      registries: [LOGIN],
      cacheFrom: [{ registry: { ref: `${REPOSITORY}:buildcache` } }],
      cacheTo: [
        { registry: { ref: `${REPOSITORY}:buildcache`, imageManifest: true, ociMediaTypes: true, mode: "max" } },
      ],
    },
  });
});

args("resolves the config's paths from the project folder, wherever the program runs (pulumi up: src/)", () => {
  const { args: fromSrc } = image.imageSpec(built, buildOf(), { ...refs, projectDir: ".." });
  assert.equal(fromSrc.context, { location: "../app" });
  assert.equal(fromSrc.dockerfile, { location: "../app/Dockerfile" });
});

args("passes the stage, the build arguments and the platform as configured", () => {
  const arm = configOf({
    "webapp:service": {
      build: {
        context: "app",
        dockerfile: "app/Dockerfile",
        target: "runtime",
        args: { PYTHON: 3.12 },
        platform: "linux/arm64",
      },
    },
  });
  const { args: a } = image.imageSpec(arm, buildOf(arm), refs);
  assert.is(a.target, "runtime");
  assert.equal(a.buildArgs, { PYTHON: "3.12" });
  assert.equal(a.platforms, ["linux/arm64"]);
  assert.is(cpuArchitecture(arm), "ARM64", "the task runs what was built");
  assert.is(cpuArchitecture(built), "X86_64");
  assert.is(cpuArchitecture(configOf()), "X86_64", "without a build, the mission's X86_64");
});

args.run();

// ---- the decoder's rules ----

const rules = suite("decodeConfig: service.build");

const problems = (build: unknown, service: Record<string, unknown> = {}): string[] => {
  const decoded = decodeConfig({ "webapp:service": { ...service, build } }, "dev", projectFiles());
  assertLeft(decoded);
  return decoded.left.map(formatConfigError);
};

rules("accepts the per-PR template's build, the Dockerfile defaulted from the context", () => {
  const decoded = decodeConfig({ "webapp:service": prService() }, "pr-1", projectFiles());
  assert.is(decoded._tag, "Right");
  if (decoded._tag === "Right")
    assert.equal(decoded.right.service.build, {
      context: "app",
      dockerfile: "app/Dockerfile",
      target: undefined,
      args: {},
      platform: "linux/amd64",
    });
});

rules("refuses a context that is not a folder of the project, in one line", () => {
  assert.equal(problems({ context: "apps" }), [
    'webapp:service.build.context: expected a folder, relative to the project directory, got "apps"',
  ]);
  assert.equal(problems({ context: "README.md" }), [
    'webapp:service.build.context: expected a folder, relative to the project directory, got "README.md"',
  ]);
  assert.equal(problems({ context: "/srv/app" }), [
    'webapp:service.build.context: expected a path relative to the project directory, like app, got "/srv/app"',
  ]);
});

rules("refuses a Dockerfile that is not there, in one line", () => {
  assert.equal(problems({ context: "app", dockerfile: "app/Dockerfile.prod" }), [
    'webapp:service.build.dockerfile: expected a Dockerfile, relative to the project directory (default: <context>/Dockerfile), got "app/Dockerfile.prod"',
  ]);
});

rules("refuses a platform Fargate does not run, in one line", () => {
  assert.equal(problems({ context: "app", platform: "linux/386" }), [
    'webapp:service.build.platform: expected linux/amd64 or linux/arm64 (Fargate runs X86_64 and ARM64 tasks), got "linux/386"',
  ]);
});

rules("refuses an unknown key, a build without a context, and secrets or odd names among the build arguments", () => {
  assert.equal(problems({ context: "app", dockerFile: "app/Dockerfile" }), [
    'webapp:service.build.dockerFile: expected a known key of service.build (context, dockerfile, target, args, platform), got "app/Dockerfile"',
  ]);
  assert.equal(problems({ dockerfile: "app/Dockerfile" }), [
    'webapp:service.build: expected an object with the keys context, dockerfile, target, args, platform, a context at least, got {"dockerfile":"app/Dockerfile"}',
  ]);
  assert.equal(problems({ context: "app", args: { "PIP-INDEX": "x", NPM_TOKEN: "y" } }), [
    'webapp:service.build.args: expected build-argument names of letters, digits and _, got "PIP-INDEX"',
    'webapp:service.build.args: expected no secret among the build arguments (they stay in the image\'s history), got "NPM_TOKEN"',
  ]);
});

rules("keeps the build cache's tag for the cache", () => {
  assert.equal(problems({ context: "app" }, { imageTag: "buildcache" }), [
    'webapp:service.imageTag: expected a tag other than buildcache, the build cache\'s, got "buildcache"',
  ]);
});

rules("without the project's files (the builder tests), only the file rules wait", () => {
  assert.is(decodeConfig({ "webapp:service": { build: { context: "apps" } } }, "dev")._tag, "Right");
  assert.is(decodeConfig({ "webapp:service": { build: { context: "apps", platform: "x" } } }, "dev")._tag, "Left");
});

rules.run();

// ---- the program ----

const program = suite("the program with and without service.build");

const imageOf = (resources: readonly RegisteredResource[]) => resources.find((r) => r.type === TYPES.image);

program(
  "with service.build as in Pulumi.pr.yaml: builds, pushes to this stack's repository, runs the digest",
  async () => {
    const sim = await runProgram({ "webapp:service": prService() });
    const repositoryUrl = `${PLACEHOLDER.account}.dkr.ecr.us-east-2.amazonaws.com/webapp-dev`;
    const build = only(sim, TYPES.image);
    assert.equal(build.inputs.tags, [`${repositoryUrl}:latest`]);
    assert.is(build.inputs.push, true);
    assert.equal(build.inputs.context, { location: "app" });
    assert.equal(build.inputs.platforms, ["linux/amd64"]);
    assert.equal(build.inputs.cacheTo, [
      { registry: { ref: `${repositoryUrl}:buildcache`, imageManifest: true, ociMediaTypes: true, mode: "max" } },
    ]);
    const digest = String(build.computed.digest);
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    const [container] = containersOf(only(sim, TYPES.taskDefinition));
    assert.is(container?.image, `${repositoryUrl}@${digest}`);
  },
);

program("logs in to the registry with ECR's token, the password a secret", async () => {
  const sim = await runProgram({ "webapp:service": prService() });
  assert.ok(sim.calls.some((c) => c.token === "aws:ecr/getAuthorizationToken:getAuthorizationToken"));
  // Read untyped: the secret password makes the whole list a secret, its value beside Pulumi's signature.
  const registries = (only(sim, TYPES.image) as RegisteredResource).inputs.registries as {
    readonly value: readonly Record<string, unknown>[];
  };
  assert.ok(Object.keys(registries).length > 1, "as a Pulumi secret, encrypted in the state");
  assert.equal(registries.value, [
    {
      address: `${PLACEHOLDER.account}.dkr.ecr.us-east-2.amazonaws.com/webapp-dev`,
      username: "AWS",
      password: "PLACEHOLDER-ecr-token",
    },
  ]);
});

program("keeps the build cache and the 5 newest builds in the repository", async () => {
  const sim = await runProgram({ "webapp:service": prService() });
  const policy = parsed<{ rules: { selection: { tagStatus: string } }[] }>(
    only(sim, TYPES.lifecyclePolicy).inputs.policy,
  );
  assert.equal(
    policy.rules.map((r) => r.selection.tagStatus),
    ["tagged", "any"],
  );
});

program("without service.build: no build, no registry login, the image by its tag", async () => {
  const sim = await runProgram();
  assert.is(imageOf(sim.resources), undefined);
  assert.not.ok(sim.calls.some((c) => c.token.startsWith("aws:ecr/")));
  const [container] = containersOf(only(sim, TYPES.taskDefinition));
  assert.is(container?.image, `${PLACEHOLDER.account}.dkr.ecr.us-east-2.amazonaws.com/webapp-dev:latest`);
  assert.is(ofType(sim, TYPES.image).length, 0);
});

program("refuses a missing context before anything is built, in one line", async () => {
  const stopped = await failure(runProgram({ "webapp:service": { build: { context: "apps" } } }));
  assert.is(
    stopped.message,
    'invalid configuration:\nwebapp:service.build.context: expected a folder, relative to the project directory, got "apps"',
  );
  assert.equal(stopped.registered, []);
});

program.run();
