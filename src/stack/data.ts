// The data tier: RDS PostgreSQL in the private subnets (encrypted, TLS enforced, backed up, destroyable),
// the DynamoDB sessions table, and the database credentials read from an EXISTING secret, which the
// stack never creates, writes or rotates. Used by src/main.ts for aws.rds.*, aws.dynamodb.Table and the
// secret lookup.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";
import * as E from "fp-ts/Either";

import type { Config } from "../contract/config";
import { budgetOf } from "../contract/connections";
import { SESSION_KEY } from "../contract/tuning";
import { names } from "./spec";

// ---- tuning (not the mission's numbers) ----

// UTC; night in Ohio. The backup window ends an hour before maintenance starts, so they never overlap.
const BACKUP_WINDOW = "06:00-07:00";
const MAINTENANCE_WINDOW = "sun:08:00-sun:09:00";

// ---- types ----

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

// ---- builders ----

export const subnetGroupArgs = (c: Config, privateSubnetIds: readonly Input<string>[]): aws.rds.SubnetGroupArgs => ({
  name: names(c).databaseSubnetGroup,
  description: "The private subnets",
  subnetIds: [...privateSubnetIds],
  tags: { Name: names(c).databaseSubnetGroup },
});

const parameterGroupFamily = (c: Config): string => `postgres${c.database.engineVersion}`;

// Its own group, so rds.force_ssl is explicit (encryption in transit) rather than a version's default.
export const parameterGroupArgs = (c: Config): aws.rds.ParameterGroupArgs => ({
  name: names(c).databaseParameterGroup,
  family: parameterGroupFamily(c),
  description: "webapp: TLS required",
  parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }],
  tags: { Name: names(c).databaseParameterGroup },
});

export const instanceArgs = (
  c: Config,
  refs: {
    subnetGroupName: Input<string>;
    parameterGroupName: Input<string>;
    securityGroupId: Input<string>;
    username: Input<string>; // secret outputs, from the existing secret
    password: Input<string>;
  },
): aws.rds.InstanceArgs => ({
  identifier: names(c).database,
  engine: "postgres",
  engineVersion: c.database.engineVersion,
  instanceClass: c.database.instanceClass,
  allocatedStorage: c.database.allocatedStorageGb,
  // Storage autoscaling up to this ceiling when set. Left out, the provider turns autoscaling off
  // (MaxAllocatedStorage = AllocatedStorage: terraform-provider-aws internal/service/rds/instance.go,
  // resourceInstanceUpdate), and it ignores storage AWS grew beyond allocatedStorage (DiffSuppressFunc).
  ...(c.database.maxAllocatedStorageGb === undefined ? {} : { maxAllocatedStorage: c.database.maxAllocatedStorageGb }),
  storageType: "gp3",
  storageEncrypted: true, // AWS-managed key: a stack-owned KMS key would outlive destroy
  dbName: c.database.name,
  port: c.database.port,
  username: refs.username,
  password: refs.password,
  dbSubnetGroupName: refs.subnetGroupName,
  parameterGroupName: refs.parameterGroupName,
  vpcSecurityGroupIds: [refs.securityGroupId],
  publiclyAccessible: false,
  multiAz: c.database.multiAz,
  backupRetentionPeriod: c.database.backupRetentionDays,
  backupWindow: BACKUP_WINDOW,
  maintenanceWindow: MAINTENANCE_WINDOW,
  autoMinorVersionUpgrade: true,
  // Raising database.engineVersion (17 -> 18) is an in-place upgrade; the config holds a major only.
  allowMajorVersionUpgrade: true,
  // Without it, ModifyDBInstance queues class, storage, Multi-AZ and version changes to the maintenance
  // window while `pulumi up` reports them done (src/models/change-safety.ts says which wait).
  applyImmediately: c.database.applyImmediately,
  enabledCloudwatchLogsExports: ["postgresql"], // into the 7-day group the stack creates first
  copyTagsToSnapshot: true,
  deletionProtection: false, // every stack must be destroyable by CI
  // A CI stack goes completely; a stack that holds real data (database.finalSnapshot) leaves a final
  // snapshot and its automated backups behind when it is destroyed.
  skipFinalSnapshot: !c.database.finalSnapshot,
  ...(c.database.finalSnapshot ? { finalSnapshotIdentifier: `${names(c).database}-final` } : {}),
  deleteAutomatedBackups: !c.database.finalSnapshot,
  tags: { Name: names(c).database },
});

export const sessionsTableArgs = (c: Config): aws.dynamodb.TableArgs => ({
  name: names(c).sessionsTable,
  billingMode: "PAY_PER_REQUEST", // flash sales need no capacity planning
  hashKey: SESSION_KEY,
  attributes: [{ name: SESSION_KEY, type: "S" }], // key attributes only; the TTL attribute is not declared
  ttl: { attributeName: c.sessions.ttlAttribute, enabled: true },
  serverSideEncryption: { enabled: true },
  pointInTimeRecovery: { enabled: true },
  deletionProtectionEnabled: false, // every stack must be destroyable by CI
  tags: { Name: names(c).sessionsTable },
});

// ---- the optional RDS Proxy (database.proxy) ----

// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html ("Default: 1800 (30
// minutes) Constraints: 1 to 28,800"): the proxy drops a client idle this long, AWS's default. gunicorn's
// pooled connections idle between requests; a quiet night is longer than that, and the app's pool reconnects
// (psycopg_pool checks a connection before lending it).
const PROXY_IDLE_CLIENT_TIMEOUT_SECONDS = 1800;
// How long a client waits for a pooled connection before the proxy gives up (AWS's default is 120 s): the
// stack's choice, shorter than the load balancer's idle timeout (60 s by default,
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout),
// so a saturated pool answers an error rather than a request the load balancer cuts off.
const PROXY_CONNECTION_BORROW_TIMEOUT_SECONDS = 30;
// Idle server connections the proxy keeps open, as a share of its maximum: AWS's default ("50 for all other
// engines", rds-proxy-connections.html above).
const PROXY_MAX_IDLE_CONNECTIONS_PERCENT = 50;

// The proxy: PostgreSQL, TLS required from clients, the database's credentials from the existing secret
// (never IAM authentication: the app logs in with the secret's password), in the private subnets. The
// proxy reaches a database that enforces TLS (rds.force_ssl = 1, the parameter group's) with TLS of its own;
// it listens on 5432 and needs the secret's username and password keys, which the stack already requires.
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-setup.html (docs/evidence.md)
export const proxyArgs = (
  c: Config,
  refs: {
    roleArn: Input<string>;
    secretArn: Input<string>;
    subnetIds: readonly Input<string>[];
    securityGroupId: Input<string>;
  },
): aws.rds.ProxyArgs => ({
  name: names(c).proxy,
  engineFamily: "POSTGRESQL",
  requireTls: true,
  idleClientTimeout: PROXY_IDLE_CLIENT_TIMEOUT_SECONDS,
  debugLogging: false, // it would log statements, parameters included
  roleArn: refs.roleArn,
  vpcSubnetIds: [...refs.subnetIds],
  vpcSecurityGroupIds: [refs.securityGroupId],
  auths: [
    {
      authScheme: "SECRETS",
      secretArn: refs.secretArn,
      iamAuth: "DISABLED",
      clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256",
      description: "The database credentials from the existing secret",
    },
  ],
  tags: { Name: names(c).proxy },
});

// The pool: never more than the budget's usable share of max_connections (./connections.ts), so the
// reserved and margin slots stay free for superusers, RDS and an operator.
export const proxyDefaultTargetGroupArgs = (
  c: Config,
  proxyName: Input<string>,
): aws.rds.ProxyDefaultTargetGroupArgs => ({
  dbProxyName: proxyName,
  connectionPoolConfig: {
    maxConnectionsPercent: budgetOf(c).proxyMaxConnectionsPercent ?? 0,
    maxIdleConnectionsPercent: PROXY_MAX_IDLE_CONNECTIONS_PERCENT,
    connectionBorrowTimeout: PROXY_CONNECTION_BORROW_TIMEOUT_SECONDS,
  },
});

// The database behind the proxy's default target group.
export const proxyTargetArgs = (refs: {
  proxyName: Input<string>;
  targetGroupName: Input<string>;
  databaseIdentifier: Input<string>;
}): aws.rds.ProxyTargetArgs => ({
  dbProxyName: refs.proxyName,
  targetGroupName: refs.targetGroupName,
  dbInstanceIdentifier: refs.databaseIdentifier,
});

// ---- the existing secret ----

// The one command that creates the secret this stack expects (README shows the same).
const createSecretCommand = (c: Config): string =>
  `aws secretsmanager create-secret --region ${c.region} --name ${c.database.credentialsSecretName} ` +
  `--secret-string '{"username":"webapp_admin","password":"<a strong password>"}'`;

export const missingSecretMessage = (c: Config, cause: string): string =>
  `the database secret "${c.database.credentialsSecretName}" could not be read in ${c.region} (${firstLine(cause)}). ` +
  `This stack never creates secrets; create it once with:\n  ${createSecretCommand(c)}`;

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (MasterUsername,
// MasterUserPassword for PostgreSQL). Checked before RDS sees them, with a message naming the secret.
export const parseCredentials = (c: Config, secretString: string): E.Either<string, Credentials> => {
  const where = `the secret "${c.database.credentialsSecretName}"`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    return E.left(`${where} is not JSON: it must hold {"username": ..., "password": ...}`);
  }
  const { username, password } = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  if (typeof username !== "string" || typeof password !== "string") {
    return E.left(`${where} must hold the string keys "username" and "password"`);
  }
  if (
    !/^[A-Za-z][A-Za-z0-9_]{0,15}$/.test(username) ||
    ["admin", "rdsadmin"].includes(username.toLowerCase()) ||
    username.toLowerCase().startsWith("pg_")
  ) {
    return E.left(
      `${where} has a username RDS refuses: 1-16 letters, digits or underscores, starting with a letter, not admin, rdsadmin or pg_*`,
    );
  }
  if (!/^[\x21-\x7e]{8,128}$/.test(password) || /[/"@]/.test(password)) {
    return E.left(`${where} has a password RDS refuses: 8-128 printable ASCII characters without spaces, /, " or @`);
  }
  return E.right({ username, password });
};

const firstLine = (text: string): string =>
  text
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim() ?? "unknown error";
