// Alarm notifications: an encrypted topic only this account's alarms may publish to, and one email
// subscription per address; nothing at all without addresses.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as notifications from "../src/stack/notifications";
import { configOf, devConfig } from "./fixtures/config";

const notifying = configOf({ "webapp:alarms": { email: ["ops@example.com", "oncall@example.com"] } });

const notifies = suite("notifies");

notifies("only when alarms.email lists an address", () => {
  assert.is(notifications.notifies(devConfig()), false);
  assert.is(notifications.notifies(notifying), true);
});

notifies.run();

const key = suite("alarmTopicKeyArgs and alarmTopicKeyPolicy");

key("a rotated key that AWS deletes 7 days after destroy, the least it allows, named for its topic", () => {
  assert.equal(notifications.alarmTopicKeyArgs(notifying, "{}"), {
    description: "alarms-dev: encrypts alarm notifications",
    enableKeyRotation: true,
    deletionWindowInDays: 7,
    policy: "{}",
    tags: { Name: "alarms-key-dev" },
  });
});

key("the account administers the key by named actions; this account's CloudWatch alarms may use it", () => {
  const [admin, alarms, ...rest] = notifications.alarmTopicKeyPolicy({ accountId: "123456789012" }).Statement;
  assert.is(rest.length, 0);
  // In a key policy, Resource "*" is this key; a statement without it is a malformed policy.
  assert.equal(
    { ...admin, Action: undefined },
    {
      Sid: "TheAccountAdministersTheKey",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: undefined,
      Resource: "*",
    },
  );
  const actions = [admin?.Action ?? []].flat();
  for (const needed of ["kms:ScheduleKeyDeletion", "kms:Put*", "kms:Describe*"])
    assert.ok(actions.includes(needed), needed);
  assert.not.ok(actions.includes("kms:*"), "no kms:* wildcard");
  assert.equal(alarms, {
    Sid: "ThisAccountsAlarmsPublish",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
  });
});

key("only CloudWatch may use the key to publish: the administrators may not, so no person can publish by hand", () => {
  const statements = notifications.alarmTopicKeyPolicy({ accountId: "123456789012" }).Statement;
  const using = statements.filter((st) =>
    [st.Action].flat().some((a) => /^kms:(Decrypt|Encrypt|GenerateDataKey)/.test(a)),
  );
  // Without both actions for the service principal CloudWatch's notifications are dropped silently.
  assert.equal(
    using.map((st) => [st.Principal, st.Action]),
    [[{ Service: "cloudwatch.amazonaws.com" }, ["kms:Decrypt", "kms:GenerateDataKey*"]]],
  );
});

key.run();

const topic = suite("alarmTopicArgs and alarmTopicPolicy");

topic("names the topic alarms-<suffix> and encrypts it with the stack's key", () => {
  assert.equal(notifications.alarmTopicArgs(notifying, "key-arn"), {
    name: "alarms-dev",
    kmsMasterKeyId: "key-arn",
    tags: { Name: "alarms-dev" },
  });
});

topic("only this account's alarms in this region publish, and never without TLS", () => {
  const policy = notifications.alarmTopicPolicy({ topicArn: "arn:topic", accountId: "1", region: "us-east-2" });
  assert.equal(policy.Statement, [
    {
      Sid: "ThisAccountsAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: "arn:topic",
      Condition: {
        StringEquals: { "aws:SourceAccount": "1" },
        ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-2:1:alarm:*" },
      },
    },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: "arn:topic",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ]);
});

topic.run();

const subscriptions = suite("alarmSubscriptions");

subscriptions("one email subscription per address, named after it so a list edit keeps the others", () => {
  assert.equal(notifications.alarmSubscriptions(notifying, "arn:topic"), [
    {
      name: "alarm-email-ops@example.com-dev",
      args: { topic: "arn:topic", protocol: "email", endpoint: "ops@example.com" },
    },
    {
      name: "alarm-email-oncall@example.com-dev",
      args: { topic: "arn:topic", protocol: "email", endpoint: "oncall@example.com" },
    },
  ]);
  assert.equal(notifications.alarmSubscriptions(devConfig(), "arn:topic"), []);
});

subscriptions.run();
