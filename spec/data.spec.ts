// The data tier: RDS PostgreSQL, the sessions table, and credentials from the existing secret.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as data from "../src/stack/data";
import { assertLeft, assertRight } from "./fixtures/assert";
import { configOf, devConfig, problemsOf } from "./fixtures/config";

const dev = devConfig();

const instance = suite("instanceArgs");

const args = data.instanceArgs(dev, {
  subnetGroupName: "subnets",
  parameterGroupName: "params",
  securityGroupId: "sg-db",
  username: "u",
  password: "p",
});

instance("the whole dev instance: what RDS needs to create it, and every rule the stack holds it to", () => {
  assert.equal(args, {
    identifier: "rds-dev",
    engine: "postgres",
    engineVersion: "17",
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    storageType: "gp3",
    storageEncrypted: true,
    dbName: "webapp",
    port: 5432,
    username: "u",
    password: "p",
    dbSubnetGroupName: "subnets",
    parameterGroupName: "params",
    vpcSecurityGroupIds: ["sg-db"],
    publiclyAccessible: false,
    multiAz: false,
    backupRetentionPeriod: 5,
    backupWindow: "06:00-07:00",
    maintenanceWindow: "sun:08:00-sun:09:00",
    autoMinorVersionUpgrade: true,
    allowMajorVersionUpgrade: true,
    applyImmediately: true,
    enabledCloudwatchLogsExports: ["postgresql"],
    copyTagsToSnapshot: true,
    deletionProtection: false,
    skipFinalSnapshot: true,
    deleteAutomatedBackups: true,
    tags: { Name: "rds-dev" },
  });
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

instance("with database.finalSnapshot, destroy leaves rds-<suffix>-final and the automated backups", () => {
  const keeping = data.instanceArgs(configOf({ "webapp:database": { finalSnapshot: true } }), {
    subnetGroupName: "s",
    parameterGroupName: "p",
    securityGroupId: "g",
    username: "u",
    password: "p",
  });
  assert.equal(
    [keeping.skipFinalSnapshot, keeping.finalSnapshotIdentifier, keeping.deleteAutomatedBackups],
    [false, "rds-dev-final", false],
  );
  assert.not.ok("finalSnapshotIdentifier" in args, "no snapshot name when none is taken");
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

instance("applies modifications during the update unless database.applyImmediately is false", () => {
  const refs = { subnetGroupName: "s", parameterGroupName: "p", securityGroupId: "g", username: "u", password: "p" };
  const queued = data.instanceArgs(configOf({ "webapp:database": { applyImmediately: false } }), refs);
  assert.equal([args.applyImmediately, queued.applyImmediately], [true, false]);
});

instance("grows its storage on its own only up to database.maxAllocatedStorageGb, and only when it is set", () => {
  const refs = { subnetGroupName: "s", parameterGroupName: "p", securityGroupId: "g", username: "u", password: "p" };
  const growing = data.instanceArgs(configOf({ "webapp:database": { maxAllocatedStorageGb: 100 } }), refs);
  assert.equal([growing.allocatedStorage, growing.maxAllocatedStorage], [20, 100]);
  assert.not.ok("maxAllocatedStorage" in args, "off by default: the provider then turns autoscaling off");
});

instance("refuses a storage ceiling AWS refuses: less than 10 % above the allocated storage, or above 65536", () => {
  assert.equal(problemsOf({ "webapp:database": { allocatedStorageGb: 100, maxAllocatedStorageGb: 109 } }), [
    "webapp:database.maxAllocatedStorageGb: expected at least 10 % more than database.allocatedStorageGb (100): 110 or more, got 109",
  ]);
  configOf({ "webapp:database": { allocatedStorageGb: 100, maxAllocatedStorageGb: 110 } });
  assert.equal(problemsOf({ "webapp:database": { maxAllocatedStorageGb: 65537 } }), [
    "webapp:database.maxAllocatedStorageGb: expected an integer from 20 to 65536, got 65537",
  ]);
});

instance.run();

const params = suite("parameterGroupArgs");

params("forces TLS in the family of the engine's major version", () => {
  assert.equal(data.parameterGroupArgs(dev), {
    name: "rds-params-postgres17-dev",
    family: "postgres17",
    description: "webapp: TLS required",
    parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }],
    tags: { Name: "rds-params-postgres17-dev" },
  });
  assert.is(data.parameterGroupArgs(configOf({ "webapp:database": { engineVersion: "16" } })).family, "postgres16");
});

params.run();

const subnets = suite("subnetGroupArgs");

subnets("places the database in the private subnets", () => {
  assert.equal(data.subnetGroupArgs(dev, ["priv-a", "priv-b"]), {
    name: "rds-subnets-dev",
    description: "The private subnets",
    subnetIds: ["priv-a", "priv-b"],
    tags: { Name: "rds-subnets-dev" },
  });
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

// What RDS says of a master username for PostgreSQL, each limit with the example just inside and just outside.
const USERNAME_RULE =
  'the secret "webapp/dev/db" has a username RDS refuses: 1-16 letters, digits or underscores, starting with a letter, not admin, rdsadmin or pg_*';
const PASSWORD_RULE =
  'the secret "webapp/dev/db" has a password RDS refuses: 8-128 printable ASCII characters without spaces, /, " or @';
const verdict = (username: string, password = "long-enough-1"): string => {
  const parsed = data.parseCredentials(dev, JSON.stringify({ username, password }));
  return parsed._tag === "Right" ? "accepted" : parsed.left;
};

credentials("a username of 1 to 16 characters is accepted; 17 is refused", () => {
  assert.equal(
    ["a", "a".repeat(16), "a".repeat(17), ""].map((u) => verdict(u)),
    ["accepted", "accepted", USERNAME_RULE, USERNAME_RULE],
  );
});

credentials("a username starts with a letter, then letters, digits or underscores", () => {
  assert.equal(
    ["Webapp_Admin_9", "z9_", "9webapp", "_webapp", "web-app", "web app", "wébapp"].map((u) => verdict(u)),
    ["accepted", "accepted", USERNAME_RULE, USERNAME_RULE, USERNAME_RULE, USERNAME_RULE, USERNAME_RULE],
  );
});

credentials("admin, rdsadmin and any pg_ name are reserved, in any case; a name merely containing them is not", () => {
  assert.equal(
    ["admin", "Admin", "rdsadmin", "RDSADMIN", "pg_user", "PG_user", "pg_"].map((u) => verdict(u)),
    Array<string>(7).fill(USERNAME_RULE),
  );
  assert.equal(
    ["admin1", "myadmin", "rdsadmins", "app_pg_", "pg", "pgx_user"].map((u) => verdict(u)),
    Array<string>(6).fill("accepted"),
  );
});

credentials("a password of 8 to 128 characters is accepted; 7 and 129 are refused", () => {
  assert.equal(
    ["x".repeat(8), "x".repeat(128), "x".repeat(7), "x".repeat(129)].map((p) => verdict("webapp", p)),
    ["accepted", "accepted", PASSWORD_RULE, PASSWORD_RULE],
  );
});

credentials('a password is printable ASCII from ! to ~, without a space, /, " or @', () => {
  assert.equal(
    ["!!!!!!!!", "~~~~~~~~", "Aa1#$%^&*()_+-=[]{};:',.<>?|`\\"].map((p) => verdict("webapp", p)),
    ["accepted", "accepted", "accepted"],
  );
  assert.equal(
    ["has space", "has/slash", 'has"quote', "has@sign", "has\ttab1", "pässwörd", "line\nbreak"].map((p) =>
      verdict("webapp", p),
    ),
    Array<string>(7).fill(PASSWORD_RULE),
  );
});

credentials("holds exactly the two string keys it needs; anything else is refused by name", () => {
  const shape = 'the secret "webapp/dev/db" must hold the string keys "username" and "password"';
  const notJson = 'the secret "webapp/dev/db" is not JSON: it must hold {"username": ..., "password": ...}';
  const cases: [string, string][] = [
    ["{", notJson],
    ["", notJson],
    ["null", shape],
    ['"webapp"', shape],
    ["[]", shape],
    [JSON.stringify({ username: "webapp" }), shape],
    [JSON.stringify({ password: "long-enough-1" }), shape],
    [JSON.stringify({ username: 7, password: "long-enough-1" }), shape],
    [JSON.stringify({ username: "webapp", password: 12345678 }), shape],
  ];
  for (const [secret, message] of cases) {
    const parsed = data.parseCredentials(dev, secret);
    assertLeft(parsed);
    assert.is(parsed.left, message, secret);
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

missing("quotes only the first non-blank line of the cause, trimmed, or says it does not know", () => {
  const reason = (cause: string) => /\((.*)\)\. This stack/.exec(data.missingSecretMessage(dev, cause))?.[1];
  assert.is(reason("\n   \n  AccessDeniedException: no  \nstack trace"), "AccessDeniedException: no");
  assert.is(reason(""), "unknown error");
  assert.is(reason(" \n\t\n"), "unknown error");
});

missing.run();
