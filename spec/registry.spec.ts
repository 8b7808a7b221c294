// The image repository and its lifecycle policy.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as registry from "../src/stack/registry";
import { configOf, devConfig } from "./fixtures/config";

const dev = devConfig();

const repository = suite("repositoryArgs");

repository("is webapp-<suffix>, scanned on push, encrypted at rest and force-deleted with its images", () => {
  assert.equal(registry.repositoryArgs(dev), {
    name: "webapp-dev",
    imageTagMutability: "MUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfigurations: [{ encryptionType: "AES256" }],
    forceDelete: true,
    tags: { Name: "webapp-dev" },
  });
});

repository.run();

const lifecycle = suite("lifecyclePolicyArgs");

lifecycle("expires every image but the 5 newest, in this stack's repository", () => {
  const { repository, policy } = registry.lifecyclePolicyArgs(dev, "webapp-dev");
  assert.is(repository, "webapp-dev");
  assert.ok(typeof policy === "string", "the policy is JSON text");
  assert.equal(JSON.parse(policy), {
    rules: [
      {
        rulePriority: 1,
        description: "Keep the 5 newest images",
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 5 },
        action: { type: "expire" },
      },
    ],
  });
});

lifecycle("keeps as many images as registry.keepImages says", () => {
  const document = registry.lifecyclePolicyDocument(configOf({ "webapp:registry": { keepImages: 12 } }));
  assert.is(document.rules[0]?.selection.countNumber, 12);
  assert.is(document.rules[0]?.description, "Keep the 12 newest images");
});

lifecycle.run();
