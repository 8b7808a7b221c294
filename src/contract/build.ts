// service.build: the image the stack builds and pushes itself (src/stack/image.ts), its codec, and what the
// decoder checks beyond it (the project's files, build arguments, the cache's tag).
import * as E from "fp-ts/Either";
import { pipe } from "fp-ts/function";
import * as t from "io-ts";
import { posix, win32 } from "node:path";

import { isRecord, matching, optional, refine, Text, withDefault } from "./codecs";
import type { ProjectFiles, ServiceConfig } from "./config";
import { type ConfigError, problem } from "./errors";

// The platforms Fargate runs, each with the task definition's cpuArchitecture, so the two always match.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#runtime-platform
export const BUILD_PLATFORMS = { "linux/amd64": "X86_64", "linux/arm64": "ARM64" } as const;
export type BuildPlatform = keyof typeof BUILD_PLATFORMS;
export const DEFAULT_BUILD_PLATFORM: BuildPlatform = "linux/amd64"; // the mission's tasks: X86_64

// The registry build cache's tag in the stack's repository (src/stack/image.ts, registry.ts): no app image's.
export const BUILD_CACHE_TAG = "buildcache";

const ProjectPath = refine(
  Text,
  (s) => s.trim() !== "" && !posix.isAbsolute(s) && !win32.isAbsolute(s),
  "a path relative to the project directory, like app",
);

const BuildProps = {
  context: ProjectPath,
  dockerfile: optional(ProjectPath), // default: <context>/Dockerfile
  target: optional(
    matching(/^[A-Za-z][A-Za-z0-9_.-]*$/, "a Dockerfile stage name: a letter, then letters, digits, _ . -"),
  ),
  args: withDefault(t.record(t.string, Text, "a map of build-argument names to values"), {}),
  platform: withDefault(
    t.keyof(BUILD_PLATFORMS, "linux/amd64 or linux/arm64 (Fargate runs X86_64 and ARM64 tasks)"),
    DEFAULT_BUILD_PLATFORM,
  ),
};
const RawBuild = t.type(BuildProps);

export interface BuildConfig extends Omit<t.TypeOf<typeof RawBuild>, "dockerfile"> {
  readonly dockerfile: string;
}

// An object with at least a context; its unknown keys refused here (t.type would keep them silently), the
// Dockerfile defaulted from the context.
export const Build = new t.Type<BuildConfig, unknown>(
  `an object with the keys ${Object.keys(BuildProps).join(", ")}, a context at least`,
  (u): u is BuildConfig => RawBuild.is(u) && typeof u.dockerfile === "string",
  (u, c) => {
    if (!isRecord(u) || u.context === undefined) return t.failure(u, c);
    const excess = Object.keys(u).filter((key) => !(key in BuildProps));
    if (excess.length > 0)
      return t.failures(
        excess.map((key) => ({
          value: u[key],
          context: [...c, { key, type: t.unknown, actual: u[key] }],
          message: `a known key of service.build (${Object.keys(BuildProps).join(", ")})`,
        })),
      );
    return pipe(
      RawBuild.validate(u, c),
      E.map((b) => ({ ...b, dockerfile: b.dockerfile ?? posix.join(b.context, "Dockerfile") })),
    );
  },
  (b) => b,
);

// What the decoder can say about service.build beyond its codec: the cache's tag is not the app's, build
// arguments are named as Docker takes them and hold no secret (they stay in the image's history), and the
// context and the Dockerfile exist (when the caller lets it look).
export const buildProblems = (service: ServiceConfig, files: ProjectFiles | undefined): ConfigError[] => {
  const build = service.build;
  if (build === undefined) return [];
  const names = Object.keys(build.args);
  const contextIsFolder = files?.kindOf(build.context) === "directory";
  const defaultDockerfile = build.dockerfile === posix.join(build.context, "Dockerfile");
  return [
    ...(service.imageTag === BUILD_CACHE_TAG
      ? [problem("service.imageTag", service.imageTag, `a tag other than ${BUILD_CACHE_TAG}, the build cache's`)]
      : []),
    ...names
      .filter((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      .map((name) => problem("service.build.args", name, "build-argument names of letters, digits and _")),
    ...names
      .filter((name) => /PASS|SECRET|TOKEN|KEY/i.test(name))
      .map((name) =>
        problem("service.build.args", name, "no secret among the build arguments (they stay in the image's history)"),
      ),
    ...(files === undefined || contextIsFolder
      ? []
      : [problem("service.build.context", build.context, "a folder, relative to the project directory")]),
    // A missing context already explains a missing default Dockerfile.
    ...(files === undefined || files.kindOf(build.dockerfile) === "file" || (!contextIsFolder && defaultDockerfile)
      ? []
      : [
          problem(
            "service.build.dockerfile",
            build.dockerfile,
            "a Dockerfile, relative to the project directory (default: <context>/Dockerfile)",
          ),
        ]),
  ];
};
