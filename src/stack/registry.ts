// The stack's private image repository: scanned on push, encrypted at rest, destroyable with its images,
// and trimmed to the newest few images by a lifecycle policy. Used by src/main.ts for aws.ecr.*.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import type { Config } from "../contract/config";
import { names } from "./spec";

export const repositoryArgs = (c: Config): aws.ecr.RepositoryArgs => ({
  name: names(c).repository,
  // The mission deploys `latest`; immutable tags need a unique tag per build (service.imageTag can carry one).
  imageTagMutability: "MUTABLE",
  imageScanningConfiguration: { scanOnPush: true },
  encryptionConfigurations: [{ encryptionType: "AES256" }], // AWS-managed; a KMS key would outlive destroy
  forceDelete: true, // CI destroys stacks whose repository still holds images
  tags: { Name: names(c).repository },
});

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
// A `tagStatus: any` rule must carry the highest priority number; it is the only rule here.
export const lifecyclePolicyDocument = (c: Config) => ({
  rules: [
    {
      rulePriority: 1,
      description: `Keep the ${c.registry.keepImages} newest images`,
      selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: c.registry.keepImages },
      action: { type: "expire" },
    },
  ],
});

export const lifecyclePolicyArgs = (c: Config, repository: Input<string>): aws.ecr.LifecyclePolicyArgs => ({
  repository,
  policy: JSON.stringify(lifecyclePolicyDocument(c)),
});
