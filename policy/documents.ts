// The JSON documents inside resources: IAM policy documents (identity, trust, resource and KMS key
// policies) and ECS container definitions. The engine hands both to a policy as JSON text when the
// program built them from outputs (and the AWS provider stores them as text), so they are parsed here;
// a document given as an object is read as it is. Used by policy/policies.ts.
import type { PolicyResource } from "@pulumi/policy";

import { list, T } from "./graph";

// ---- types ----

export interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

// Which grammar a document follows: whose permissions it states, and what `Resource` means in it.
// - identity: what a role, user or group may do (IAM identity-based policies);
// - trust: who may assume a role (no Resource);
// - resource: who may use a bucket, topic, queue or repository (Resource names that resource);
// - key: a KMS key policy, where `Resource: "*"` means the key itself and nothing else
//   (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).
export type DocumentKind = "identity" | "trust" | "resource" | "key";

export interface Document {
  readonly kind: DocumentKind;
  readonly where: string; // the input it came from, for messages: "policy", "inlinePolicies[0]"
  readonly statements: readonly Statement[];
}

export class MalformedDocument extends Error {}

// ---- IAM documents ----

const DOCUMENT_INPUTS: Readonly<Record<string, readonly [DocumentKind, string]>> = {
  [T.rolePolicy]: ["identity", "policy"],
  [T.iamPolicy]: ["identity", "policy"],
  [T.userPolicy]: ["identity", "policy"],
  [T.groupPolicy]: ["identity", "policy"],
  [T.bucketPolicy]: ["resource", "policy"],
  [T.bucket]: ["resource", "policy"],
  [T.bucketV2]: ["resource", "policy"],
  [T.topicPolicy]: ["resource", "policy"],
  [T.topic]: ["resource", "policy"],
  [T.queuePolicy]: ["resource", "policy"],
  [T.repositoryPolicy]: ["resource", "policy"],
  [T.key]: ["key", "policy"],
  [T.keyPolicy]: ["key", "policy"],
};

// Every policy document a resource carries; a document that is not JSON throws MalformedDocument.
export const documentsOf = (type: string, props: Readonly<Record<string, unknown>>): Document[] => {
  const documents: Document[] = [];
  const input = DOCUMENT_INPUTS[type];
  if (input !== undefined && props[input[1]] !== undefined && props[input[1]] !== "") {
    documents.push({ kind: input[0], where: input[1], statements: statementsOf(props[input[1]]) });
  }
  if (type === T.role) {
    if (props.assumeRolePolicy !== undefined)
      documents.push({ kind: "trust", where: "assumeRolePolicy", statements: statementsOf(props.assumeRolePolicy) });
    list(props.inlinePolicies as readonly { policy?: unknown }[] | undefined).forEach((p, i) => {
      if (p.policy !== undefined && p.policy !== "")
        documents.push({ kind: "identity", where: `inlinePolicies[${i}]`, statements: statementsOf(p.policy) });
    });
  }
  return documents;
};

export const statementsOf = (policy: unknown): Statement[] => {
  let document: unknown = policy;
  if (typeof policy === "string") {
    try {
      document = JSON.parse(policy);
    } catch {
      throw new MalformedDocument("is not a JSON policy document");
    }
  }
  if (typeof document !== "object" || document === null || !("Statement" in document))
    throw new MalformedDocument("is not a policy document (no Statement)");
  return list(document.Statement as Statement | readonly Statement[]);
};

export const allows = (s: Statement): boolean => s.Effect === "Allow";
export const actionsOf = (s: Statement): string[] => list(s.Action);
export const resourcesOf = (s: Statement): string[] => list(s.Resource);
export const conditionKeys = (s: Statement): string[] =>
  Object.values(s.Condition ?? {}).flatMap((byKey) => Object.keys(byKey));
export const servicePrincipals = (s: Statement): string[] =>
  typeof s.Principal === "object" && s.Principal !== null && "Service" in s.Principal
    ? list(s.Principal.Service as string | readonly string[])
    : [];

// `*` or `<service>:*`: every action, or every action of a service.
export const isWildcardAction = (action: string): boolean => action === "*" || /^[A-Za-z0-9-]+:\*$/.test(action);

// The statements of the policies a role holds: its inline policies and the role policies attached to it.
export const roleStatements = (resources: readonly PolicyResource[], role: PolicyResource): Statement[] => [
  ...documentsOf(role.type, role.props)
    .filter((d) => d.kind === "identity")
    .flatMap((d) => d.statements),
  ...resources
    .filter((p) => p.type === T.rolePolicy && (p.propertyDependencies.role ?? []).includes(role))
    .flatMap((p) => documentsOf(p.type, p.props).flatMap((d) => d.statements)),
];

// Managed policies attached to a role: their statements are not in the stack to be judged.
export const managedPolicyAttachments = (
  resources: readonly PolicyResource[],
  role: PolicyResource,
): PolicyResource[] =>
  resources.filter((a) => a.type === T.rolePolicyAttachment && (a.propertyDependencies.role ?? []).includes(role));

// ---- container definitions ----

export interface Container {
  readonly name?: string;
  readonly privileged?: boolean;
  readonly readonlyRootFilesystem?: boolean;
  readonly environment?: readonly { readonly name?: string; readonly value?: string }[];
  readonly secrets?: readonly { readonly name?: string; readonly valueFrom?: string }[];
  readonly logConfiguration?: { readonly logDriver?: string; readonly options?: Readonly<Record<string, string>> };
}

export const containersOf = (definitions: unknown): Container[] => {
  if (typeof definitions !== "string") return list(definitions as Container | readonly Container[] | undefined);
  try {
    return list(JSON.parse(definitions) as Container | readonly Container[]);
  } catch {
    throw new MalformedDocument("has container definitions that are not JSON");
  }
};

// The Secrets Manager secret a container's `valueFrom` names: the ARN without the JSON key, version
// stage and version id that may follow it (arn:aws:secretsmanager:region:account:secret:name-AbCdEf).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
export const secretArnOf = (valueFrom: string): string | undefined =>
  valueFrom.startsWith("arn:") && valueFrom.split(":")[2] === "secretsmanager"
    ? valueFrom.split(":").slice(0, 7).join(":")
    : undefined;
