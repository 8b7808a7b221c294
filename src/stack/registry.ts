// The stack's private image repository: scanned on push, encrypted at rest, destroyable with its images,
// and trimmed to the newest few images by a lifecycle policy. Used by src/main.ts for aws.ecr.*.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import { BUILD_CACHE_TAG, type Config } from "../contract/config";
import { INT32_MAX } from "../contract/limits";
import { names } from "./spec";

export const repositoryArgs = (c: Config): aws.ecr.RepositoryArgs => ({
  name: names(c).repository,
  // The mission deploys `latest`; immutable tags need a unique tag per build (service.imageTag can carry one).
  // With service.build the build cache's tag moves on every build, and the task definition pins a digest.
  imageTagMutability: "MUTABLE",
  imageScanningConfiguration: { scanOnPush: true },
  encryptionConfigurations: [{ encryptionType: "AES256" }], // AWS-managed; a KMS key would outlive destroy
  forceDelete: true, // CI destroys stacks whose repository still holds images
  tags: { Name: names(c).repository },
});

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html (evaluation rules) and
// lifecycle_policy_examples.html ("Filtering on all images", example B). What ECR does, as those pages say:
// - rules run from the lowest rulePriority up; a `tagStatus: any` rule must carry the highest;
// - a rule identifies the images its selection matches and, with imageCountMoreThan N, marks all but the
//   N newest (by push time) of them;
// - an image identified by a higher-priority rule is never expired by a lower one, but a lower rule still
//   counts it among its N newest.
// Without service.build the repository holds only the app's images: one rule keeps the N newest.
// With it, every build pushes two manifests: the app's image (the one before loses its tag, but a previous
// task definition still names it by digest, so it is a rollback target) and the build cache under
// `buildcache` (the one before loses the tag too). Untagged, the two kinds look alike to ECR, so:
// - rule 1 identifies the current cache by its exact tag: never expired, however many images are pushed;
// - rule 2 keeps the 2N newest images of any kind: the N newest builds' app images with their caches (the
//   current cache counts here but cannot be expired here). Keeping only N would leave about N/2 app images.
// spec/registry.spec.ts plays builds through these rules.
export const lifecyclePolicyDocument = (c: Config) => {
  const keep = c.registry.keepImages;
  if (c.service.build === undefined)
    return {
      rules: [
        {
          rulePriority: 1,
          description: `Keep the ${keep} newest images`,
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
          action: { type: "expire" },
        },
      ],
    };
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Keep the build cache (${BUILD_CACHE_TAG})`,
        selection: {
          tagStatus: "tagged",
          tagPatternList: [BUILD_CACHE_TAG],
          countType: "imageCountMoreThan",
          countNumber: 1,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the ${keep} newest builds: each an image and its build cache`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: Math.min(2 * keep, INT32_MAX) },
        action: { type: "expire" },
      },
    ],
  };
};

export const lifecyclePolicyArgs = (c: Config, repository: Input<string>): aws.ecr.LifecyclePolicyArgs => ({
  repository,
  policy: JSON.stringify(lifecyclePolicyDocument(c)),
});
