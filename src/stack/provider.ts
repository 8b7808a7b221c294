// The stack's AWS provider: its region, and the tags AWS puts on every resource it creates.
// Used by src/main.ts for the one aws.Provider every resource is created through.
import type * as aws from "@pulumi/aws";

import type { Config } from "../contract/config";
import { PROJECT } from "../contract/names";

export const providerArgs = (c: Config): aws.ProviderArgs => ({
  region: c.region,
  // Merged into every taggable resource's tags by the provider (visible in tagsAll).
  defaultTags: { tags: { Project: PROJECT, Environment: c.environmentSuffix, ManagedBy: "pulumi" } },
});
