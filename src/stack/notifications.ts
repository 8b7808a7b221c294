// Alarm notifications, only when alarms.email lists someone: an encrypted SNS topic that only this
// account's CloudWatch alarms may publish to, and an email subscription per address. CloudWatch cannot
// publish to a topic under the AWS-managed aws/sns key (its key policy does not admit the service), so
// the topic has a key of its own that admits exactly that. Used by src/main.ts for aws.kms.Key,
// aws.sns.Topic, TopicPolicy and TopicSubscription.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import type { Config } from "../contract/config";
import { type PolicyDocument, type Spec, names, spec } from "./spec";

// ---- tuning (not the mission's numbers) ----

// https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html: 7 days is the least
// AWS waits after `pulumi destroy` before the key is gone.
const KEY_DELETION_WINDOW_DAYS = 7;
const CLOUDWATCH = "cloudwatch.amazonaws.com";

// ---- builders ----

// Whether the stack notifies anyone: no topic, key or subscription otherwise.
export const notifies = (c: Config): boolean => c.alarms.email.length > 0;

export const alarmTopicKeyArgs = (c: Config, policy: Input<string>): aws.kms.KeyArgs => ({
  description: `${names(c).alarmTopic}: encrypts alarm notifications`,
  enableKeyRotation: true,
  deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
  policy,
  tags: { Name: names(c).alarmTopicKey },
});

// https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
// The account administers the key (no kms:* wildcard: the administrative actions by name); this
// account's CloudWatch alarms may use it to publish. In a key policy, Resource "*" means this key.
// CloudWatch calls KMS itself when an alarm publishes to an encrypted topic, and without kms:Decrypt and
// kms:GenerateDataKey* for its service principal every notification is dropped (KMS AccessDenied in the
// alarm's history, nothing else); the aws:SourceAccount condition is one CloudWatch's request carries (AWS's
// own aws/modern-data-architecture-accelerator grantCloudWatchAlarmsTopicAccess uses it for this grant).
// No person may use the key, so `aws sns publish` to the topic is refused: test the path with
// `aws cloudwatch set-alarm-state` (README), which publishes as CloudWatch does.
export const alarmTopicKeyPolicy = (refs: { accountId: string }): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "TheAccountAdministersTheKey",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${refs.accountId}:root` },
      Action: KEY_ADMINISTRATION,
      Resource: "*",
    },
    {
      Sid: "ThisAccountsAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: CLOUDWATCH },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": refs.accountId } },
    },
  ],
});

export const alarmTopicArgs = (c: Config, keyId: Input<string>): aws.sns.TopicArgs => ({
  name: names(c).alarmTopic,
  kmsMasterKeyId: keyId,
  tags: { Name: names(c).alarmTopic },
});

// Only this account's alarms in this region may publish; nothing reaches the topic without TLS.
export const alarmTopicPolicy = (refs: { topicArn: string; accountId: string; region: string }): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "ThisAccountsAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: CLOUDWATCH },
      Action: "sns:Publish",
      Resource: refs.topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": refs.accountId },
        ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${refs.region}:${refs.accountId}:alarm:*` },
      },
    },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: refs.topicArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
});

// One email subscription per address; AWS mails each a confirmation link first, valid for three days
// (https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html); an unconfirmed subscription is deleted
// by SNS, and `pulumi up --refresh` then subscribes the address again (README).
export const alarmSubscriptions = (c: Config, topicArn: Input<string>): Spec<aws.sns.TopicSubscriptionArgs>[] =>
  c.alarms.email.map((endpoint) =>
    spec(names(c).alarmSubscription(endpoint), { topic: topicArn, protocol: "email", endpoint }),
  );

// ---- helpers ----

// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
const KEY_ADMINISTRATION = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
] as const;
