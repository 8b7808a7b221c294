// The app's image, built from service.build and pushed to the stack's repository, with a registry build
// cache beside it in the same repository. Used by src/main.ts for docker-build's Image; the task definition
// then names the image by the digest the build reports (src/stack/service.ts).
import type * as dockerBuild from "@pulumi/docker-build";
import type { Input } from "@pulumi/pulumi";
import { join } from "node:path";

import { BUILD_CACHE_TAG, type BuildConfig, type Config } from "../contract/config";
import { type Spec, spec, names } from "./spec";

// ---- types ----

// Where the image and its cache go, from the repository's URL (see imageReferences).
export interface ImageReferences {
  readonly tag: string; // <repositoryUrl>:<service.imageTag>
  readonly cache: string; // <repositoryUrl>:buildcache
}

// A registry login: ECR's short-lived token (aws.ecr.getAuthorizationTokenOutput), the password a secret.
export interface RegistryLogin {
  readonly address: Input<string>;
  readonly username: Input<string>;
  readonly password: Input<string>;
}

// ---- builders ----

// Plain values in: src/main.ts calls it inside apply on the repository's URL.
export const imageReferences = (c: Config, repositoryUrl: string): ImageReferences => ({
  tag: `${repositoryUrl}:${c.service.imageTag}`,
  cache: `${repositoryUrl}:${BUILD_CACHE_TAG}`,
});

// The image, named as its repository. `projectDir` is the project folder as the build resolves paths (from
// the working directory, see src/contract/files.ts); the config's paths are relative to it.
export const imageSpec = (
  c: Config,
  build: BuildConfig,
  refs: { projectDir: string; tag: Input<string>; cache: Input<string>; registry: RegistryLogin },
): Spec<dockerBuild.ImageArgs> =>
  spec(names(c).repository, {
    push: true,
    tags: [refs.tag],
    context: { location: join(refs.projectDir, build.context) },
    dockerfile: { location: join(refs.projectDir, build.dockerfile) },
    ...(build.target === undefined ? {} : { target: build.target }),
    buildArgs: { ...build.args },
    // The task definition's cpuArchitecture follows the same setting (src/stack/service.ts).
    platforms: [build.platform],
    registries: [refs.registry],
    // ECR takes a registry cache only as an OCI image manifest; `max` keeps the layers of every stage.
    // https://docs.docker.com/build/cache/backends/registry/
    cacheFrom: [{ registry: { ref: refs.cache } }],
    cacheTo: [{ registry: { ref: refs.cache, imageManifest: true, ociMediaTypes: true, mode: "max" } }],
  });
