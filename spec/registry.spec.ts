// The image repository and its lifecycle policy.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import { BUILD_CACHE_TAG, type Config } from "../src/contract/config";
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

// ---- the lifecycle policy against what the builds push ----

// ECR's evaluation, as https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
// states it: rules run from the lowest priority up; each identifies the images its selection matches and
// marks those beyond its count (or older than its age); it never marks an image a higher-priority rule
// identified, though it still counts it among its newest.
interface StoredImage {
  readonly id: string;
  readonly tags: readonly string[];
  readonly pushedDaysAgo: number;
}

interface Rule {
  readonly rulePriority: number;
  readonly selection: {
    readonly tagStatus: "tagged" | "untagged" | "any";
    readonly tagPatternList?: readonly string[];
    readonly tagPrefixList?: readonly string[];
    readonly countType: "imageCountMoreThan" | "sinceImagePushed";
    readonly countNumber: number;
  };
}

const expiredBy = (rules: readonly Rule[], images: readonly StoredImage[]): string[] => {
  const identifiedBefore = new Set<string>();
  const marked = new Set<string>();
  for (const rule of [...rules].sort((a, b) => a.rulePriority - b.rulePriority)) {
    const s = rule.selection;
    const identified = images.filter((image) => selects(s, image)).sort((a, b) => a.pushedDaysAgo - b.pushedDaysAgo);
    const beyond =
      s.countType === "imageCountMoreThan"
        ? identified.slice(s.countNumber)
        : identified.filter((image) => image.pushedDaysAgo > s.countNumber);
    for (const image of beyond) if (!identifiedBefore.has(image.id)) marked.add(image.id);
    for (const image of identified) identifiedBefore.add(image.id);
  }
  return images.map((image) => image.id).filter((id) => marked.has(id));
};

const selects = (s: Rule["selection"], image: StoredImage): boolean => {
  if (s.tagStatus === "any") return true;
  if (s.tagStatus === "untagged") return image.tags.length === 0;
  const pattern = (p: string) => new RegExp(`^${p.split("*").map(escapeRegExp).join(".*")}$`);
  return (
    image.tags.length > 0 &&
    (s.tagPatternList ?? []).every((p) => image.tags.some((tag) => pattern(p).test(tag))) &&
    (s.tagPrefixList ?? []).every((p) => image.tags.some((tag) => tag.startsWith(p)))
  );
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const rulesOf = (c: Config): Rule[] => {
  const { policy } = registry.lifecyclePolicyArgs(c, "webapp-dev");
  assert.ok(typeof policy === "string", "the policy is JSON text");
  return (JSON.parse(policy) as { rules: Rule[] }).rules;
};

// `builds` builds in a row, the newest last, as the stack pushes them: each the app's image under the
// image tag, then the build cache under `buildcache`; each push takes both tags from the build before.
const builds = (count: number): StoredImage[] =>
  Array.from({ length: count }, (_, i) => i + 1).flatMap((n) => [
    { id: `image-${n}`, tags: n === count ? ["latest"] : [], pushedDaysAgo: 2 * (count - n) + 1 },
    { id: `cache-${n}`, tags: n === count ? [BUILD_CACHE_TAG] : [], pushedDaysAgo: 2 * (count - n) },
  ]);

const survivors = (rules: readonly Rule[], images: readonly StoredImage[]): string[] => {
  const gone = expiredBy(rules, images);
  return images.map((image) => image.id).filter((id) => !gone.includes(id));
};

const BUILT = configOf({ "webapp:service": { build: { context: "app" } } });

const evaluation = suite("lifecyclePolicyDocument against the images the builds push");

evaluation("the evaluation model reproduces AWS's example of a policy of every rule type", () => {
  // https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html, "Filtering on
  // all images", example B: images A, B and D expire.
  const images: StoredImage[] = [
    { id: "A", tags: ["alpha-1", "beta-1"], pushedDaysAgo: 4 },
    { id: "B", tags: [], pushedDaysAgo: 3 },
    { id: "C", tags: ["alpha-2"], pushedDaysAgo: 2 },
    { id: "D", tags: ["git hash"], pushedDaysAgo: 1 },
    { id: "E", tags: [], pushedDaysAgo: 0.5 },
  ];
  const rule = (rulePriority: number, selection: Rule["selection"]): Rule => ({ rulePriority, selection });
  const rules = [
    rule(1, { tagStatus: "tagged", tagPrefixList: ["alpha"], countType: "imageCountMoreThan", countNumber: 1 }),
    rule(2, { tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 1 }),
    rule(3, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 }),
  ];
  assert.equal(expiredBy(rules, images), ["A", "B", "D"]);
});

evaluation("with service.build, the 5 newest builds' images survive twelve builds, and the current cache", () => {
  assert.equal(
    survivors(rulesOf(BUILT), builds(12)).filter((id) => id.startsWith("image-")),
    ["image-8", "image-9", "image-10", "image-11", "image-12"],
  );
  assert.ok(survivors(rulesOf(BUILT), builds(12)).includes("cache-12"));
});

evaluation("registry.keepImages counts the app's images, not the build caches pushed beside them", () => {
  const twelve = configOf({ "webapp:service": { build: { context: "app" } }, "webapp:registry": { keepImages: 3 } });
  assert.equal(
    survivors(rulesOf(twelve), builds(12)).filter((id) => id.startsWith("image-")),
    ["image-10", "image-11", "image-12"],
  );
  // Counting only keepImages images of any kind would keep one: the current cache and the previous one take
  // the other two places (ECR counts the cache in the last rule even though rule 1 keeps it).
  const [cacheRule, anyRule] = rulesOf(twelve);
  assert.ok(cacheRule && anyRule);
  const naive = [cacheRule, { ...anyRule, selection: { ...anyRule.selection, countNumber: 3 } }];
  assert.equal(
    survivors(naive, builds(12)).filter((id) => id.startsWith("image-")),
    ["image-12"],
  );
});

evaluation("the build cache survives any number of images pushed after it by hand", () => {
  const built = builds(3).map((image) => ({ ...image, pushedDaysAgo: image.pushedDaysAgo + 30 }));
  const byHand: StoredImage[] = Array.from({ length: 30 }, (_, i) => ({
    id: `by-hand-${i}`,
    tags: [`sha-${i}`],
    pushedDaysAgo: 29 - i,
  }));
  const left = survivors(rulesOf(BUILT), [...built, ...byHand]);
  assert.ok(left.includes("cache-3"), "the cache is identified by rule 1, which keeps it");
  assert.not.ok(left.includes("image-3"), "the images are counted with everything else");
});

evaluation("without service.build, the one rule keeps the 5 newest images, whatever their tags", () => {
  const pushes: StoredImage[] = Array.from({ length: 8 }, (_, i) => ({
    id: `push-${i}`,
    tags: i === 7 ? ["latest"] : [],
    pushedDaysAgo: 7 - i,
  }));
  assert.equal(survivors(rulesOf(dev), pushes), ["push-3", "push-4", "push-5", "push-6", "push-7"]);
});

evaluation("the rule of any tag status comes last, as ECR requires", () => {
  for (const c of [dev, BUILT]) {
    const rules = rulesOf(c);
    const last = rules.reduce((a, b) => (b.rulePriority > a.rulePriority ? b : a));
    assert.is(last.selection.tagStatus, "any");
    assert.is(rules.filter((r) => r.selection.tagStatus === "any").length, 1);
  }
});

evaluation.run();
