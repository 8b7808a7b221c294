// The data tier: RDS PostgreSQL, the sessions table, and credentials from the existing secret.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as data from "../src/stack/data";
import { assertLeft, assertRight } from "./fixtures/assert";
import { configOf, devConfig } from "./fixtures/config";

const dev = devConfig();

const instance = suite("instanceArgs");

const args = data.instanceArgs(dev, {
  subnetGroupName: "subnets",
  parameterGroupName: "params",
  securityGroupId: "sg-db",
  username: "u",
  password: "p",
});

instance("is a private, encrypted gp3 PostgreSQL db.t3.micro named rds-<suffix>", () => {
  assert.equal(
    [
      args.identifier,
      args.engine,
      args.engineVersion,
      args.instanceClass,
      args.storageType,
      args.allocatedStorage,
      args.storageEncrypted,
      args.publiclyAccessible,
    ],
    ["rds-dev", "postgres", "17", "db.t3.micro", "gp3", 20, true, false],
  );
  assert.equal(
    [args.dbSubnetGroupName, args.vpcSecurityGroupIds, args.parameterGroupName],
    ["subnets", ["sg-db"], "params"],
  );
});

instance("keeps 5 days of backups in a window that ends before maintenance starts", () => {
  assert.is(args.backupRetentionPeriod, 5);
  const { backupWindow, maintenanceWindow } = args;
  assert.ok(typeof backupWindow === "string" && typeof maintenanceWindow === "string", "both windows are set");
  const [, backupEnd] = backupWindow.split("-");
  const maintenanceStart = maintenanceWindow.split("-")[0]?.split(":").slice(1).join(":");
  assert.ok((backupEnd ?? "") < (maintenanceStart ?? ""), `${backupWindow} vs ${maintenanceWindow}`);
});

instance("can be destroyed by CI: no deletion protection, no final snapshot", () => {
  assert.equal([args.deletionProtection, args.skipFinalSnapshot], [false, true]);
});

instance("exports its postgresql log, copies tags to snapshots and takes minor upgrades", () => {
  assert.equal(
    [args.enabledCloudwatchLogsExports, args.copyTagsToSnapshot, args.autoMinorVersionUpgrade],
    [["postgresql"], true, true],
  );
});

instance("takes its master credentials only from the references it is given", () => {
  assert.equal([args.username, args.password], ["u", "p"]);
});

instance("follows multiAz, class and backups from the config", () => {
  const c = configOf({ "webapp:database": { multiAz: true, instanceClass: "db.t4g.small", backupRetentionDays: 14 } });
  const a = data.instanceArgs(c, {
    subnetGroupName: "s",
    parameterGroupName: "p",
    securityGroupId: "g",
    username: "u",
    password: "p",
  });
  assert.equal([a.multiAz, a.instanceClass, a.backupRetentionPeriod], [true, "db.t4g.small", 14]);
});

instance.run();

const params = suite("parameterGroupArgs");

params("forces TLS in the family of the engine's major version", () => {
  const p = data.parameterGroupArgs(dev);
  assert.is(p.family, "postgres17");
  assert.equal(p.parameters, [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }]);
  assert.is(data.parameterGroupArgs(configOf({ "webapp:database": { engineVersion: "16" } })).family, "postgres16");
});

params.run();

const subnets = suite("subnetGroupArgs");

subnets("places the database in the private subnets", () => {
  assert.equal(data.subnetGroupArgs(dev, ["priv-a", "priv-b"]).subnetIds, ["priv-a", "priv-b"]);
});

subnets.run();

const table = suite("sessionsTableArgs");

table(
  "user-sessions-<suffix>: on demand, keyed by sessionId, TTL on expiry, encrypted, recoverable, destroyable",
  () => {
    assert.equal(data.sessionsTableArgs(dev), {
      name: "user-sessions-dev",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "sessionId",
      attributes: [{ name: "sessionId", type: "S" }],
      ttl: { attributeName: "expiry", enabled: true },
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: false,
      tags: { Name: "user-sessions-dev" },
    });
  },
);

table("does not declare the TTL attribute (only key attributes belong there)", () => {
  const c = configOf({ "webapp:sessions": { ttlAttribute: "expiresAt" } });
  const t = data.sessionsTableArgs(c);
  assert.equal(
    [t.ttl, t.attributes],
    [{ attributeName: "expiresAt", enabled: true }, [{ name: "sessionId", type: "S" }]],
  );
});

table.run();

const credentials = suite("parseCredentials");

credentials("reads username and password from the secret's JSON", () => {
  const parsed = data.parseCredentials(dev, JSON.stringify({ username: "webapp_admin", password: "s3cure-Passw0rd!" }));
  assertRight(parsed);
  assert.equal(parsed.right, { username: "webapp_admin", password: "s3cure-Passw0rd!" });
});

credentials("names the secret and the rule, never the value, when RDS would refuse it", () => {
  const cases: [string, RegExp][] = [
    ["not json", /"webapp\/dev\/db" is not JSON/],
    [JSON.stringify({ user: "x" }), /must hold the string keys "username" and "password"/],
    [JSON.stringify({ username: "admin", password: "long-enough-1" }), /username RDS refuses/],
    [JSON.stringify({ username: "webapp", password: "short" }), /password RDS refuses/],
    [JSON.stringify({ username: "webapp", password: "has@sign-inside" }), /password RDS refuses/],
  ];
  for (const [secret, message] of cases) {
    const parsed = data.parseCredentials(dev, secret);
    assertLeft(parsed);
    assert.match(parsed.left, message);
    assert.not.match(parsed.left, "has@sign-inside");
  }
});

credentials.run();

const missing = suite("missingSecretMessage");

missing("says which secret is missing, why, and the one command that creates it", () => {
  assert.is(
    data.missingSecretMessage(
      dev,
      "ResourceNotFoundException: Secrets Manager can't find the specified secret.\nstatus code: 400",
    ),
    'the database secret "webapp/dev/db" could not be read in us-east-2 (ResourceNotFoundException: Secrets Manager can\'t find the specified secret.). ' +
      "This stack never creates secrets; create it once with:\n" +
      '  aws secretsmanager create-secret --region us-east-2 --name webapp/dev/db --secret-string \'{"username":"webapp_admin","password":"<a strong password>"}\'',
  );
});

missing.run();
