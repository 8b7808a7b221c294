// The policy pack `pulumi preview --policy-pack policy` and `pulumi policy publish` run: the security bar's
// policies (policy/policies.ts), served to the Pulumi engine. Importing @pulumi/policy's PolicyPack starts
// the analyzer's gRPC server, so this entry is the only module that does; the tests and the offline plan
// import the policies themselves (policy/evaluate.ts).
import { PolicyPack } from "@pulumi/policy";

import { PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, {
  description:
    "The webapp platform's security and reliability bar: network reachability, encryption, public access, TLS, " +
    "least-privilege IAM, logging and retention, and destroyability by CI.",
  provider: "aws",
  enforcementLevel: "mandatory",
  policies: [...policies],
});
