// The database connection budget: how many connections RDS for PostgreSQL accepts on an instance class,
// how many of them the app may use, and how many each gunicorn worker may hold when the fleet is at its
// largest (maxTasks, doubled while a deployment runs old and new tasks side by side). The decoder refuses a
// config whose peak does not fit; the task definition hands the answer to the app (WEB_CONCURRENCY,
// DB_POOL_SIZE); the proxy's pool, the connections alarm and the plan read it. Pure: numbers in, numbers out.
import type { Config } from "./config";
import { instanceClassOf } from "./limits";
import { DEPLOYMENT_MAXIMUM_PERCENT } from "./tuning";

// ---- AWS's rules ----

// RDS for PostgreSQL's default max_connections: LEAST({DBInstanceClassMemory/9531392}, 5000).
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
export const MAX_CONNECTIONS_BYTES_EACH = 9_531_392;
export const MAX_CONNECTIONS_CAP = 5000;

// DBInstanceClassMemory is "the number of bytes of memory available to the database process ... always
// somewhat lower than the memory figures shown in the instance class tables": RDS subtracts what the OS and
// its own processes keep, and documents no figure.
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ParamValuesRef.html
// The stack's conservative estimate: 90 % of the class's memory less 0.18 GiB. It stays below every
// published reading of max_connections (AWS: 187 on a db.t3.small, this gives 182; 81 to 87 reported on a
// db.t3.micro, this gives 81; readings from 2 to 32 GiB in docs/evidence.md), so the budget errs towards
// fewer connections, never more.
export const ENGINE_MEMORY_FRACTION = 0.9;
export const ENGINE_MEMORY_KEPT_GIB = 0.18;

// Connections the app's role can never use: "max_connections - superuser_reserved_connections -
// rds.rds_superuser_reserved_connections. The default value for superuser_reserved_connections is 3, and the
// default value for rds.rds_superuser_reserved_connections is 2."
// https://repost.aws/knowledge-center/rds-postgresql-error-connection-slots
export const SUPERUSER_RESERVED_CONNECTIONS = 3;
export const RDS_SUPERUSER_RESERVED_CONNECTIONS = 2;

// The stack's own margin, kept free for what is not the fleet: RDS's monitoring sessions, a migration, an
// operator's psql, the connections RDS Proxy "reserves ... for active monitoring". A tenth of the server's
// connections, at least 5.
export const SAFETY_MARGIN_FRACTION = 0.1;
export const SAFETY_MARGIN_MIN = 5;

// With RDS Proxy the tasks' connections are clients of the proxy, which multiplexes them onto its pool: a
// worker may hold a SQLAlchemy-sized pool without the server seeing it. SQLAlchemy's own default pool_size.
// https://docs.sqlalchemy.org/en/20/core/pooling.html#sqlalchemy.pool.QueuePool
export const PROXY_CLIENT_POOL_PER_WORKER = 5;

// ---- types ----

export interface BudgetInput {
  readonly instanceClass: string;
  readonly maxTasks: number;
  readonly workers: number; // gunicorn workers per task (WEB_CONCURRENCY)
  readonly connectionsPerWorker: number | undefined; // configured; undefined: computed from the budget
  readonly proxy: boolean;
}

export interface ConnectionBudget {
  readonly instanceClass: string;
  readonly memoryGib: number;
  readonly maxConnections: number; // the server's max_connections
  readonly reservedConnections: number; // superuser and rds_superuser slots
  readonly marginConnections: number; // the stack's margin
  readonly usableConnections: number; // what the app (or the proxy's pool) may use
  readonly peakTasks: number; // maxTasks x deployment maximum % / 100
  readonly workers: number;
  readonly peakWorkers: number; // peakTasks x workers
  readonly poolPerWorker: number; // DB_POOL_SIZE: the most connections one worker holds (pool + overflow)
  readonly peakConnections: number; // peakWorkers x poolPerWorker: what the fleet may open at once
  readonly serverConnections: number; // what reaches PostgreSQL: peakConnections, or the proxy's pool
  readonly proxy: boolean;
  readonly proxyMaxConnectionsPercent: number | null; // the proxy pool's share of max_connections
  readonly fits: boolean; // serverConnections <= usableConnections, and every worker has a connection
}

// ---- the model ----

export const maxConnections = (instanceClass: string): number => {
  const memoryGib = instanceClassOf(instanceClass)?.memoryGib ?? 0;
  const engineBytes = (memoryGib * ENGINE_MEMORY_FRACTION - ENGINE_MEMORY_KEPT_GIB) * 1024 ** 3;
  return Math.max(Math.min(Math.floor(engineBytes / MAX_CONNECTIONS_BYTES_EACH), MAX_CONNECTIONS_CAP), 0);
};

export const connectionBudget = (input: BudgetInput): ConnectionBudget => {
  const max = maxConnections(input.instanceClass);
  const reserved = SUPERUSER_RESERVED_CONNECTIONS + RDS_SUPERUSER_RESERVED_CONNECTIONS;
  const margin = Math.max(Math.ceil(max * SAFETY_MARGIN_FRACTION), SAFETY_MARGIN_MIN);
  const usable = Math.max(max - reserved - margin, 0);
  const peakTasks = Math.ceil((input.maxTasks * DEPLOYMENT_MAXIMUM_PERCENT) / 100);
  const peakWorkers = peakTasks * input.workers;
  const computed = input.proxy ? PROXY_CLIENT_POOL_PER_WORKER : Math.floor(usable / peakWorkers);
  const poolPerWorker = input.connectionsPerWorker ?? computed;
  const peakConnections = peakWorkers * poolPerWorker;
  // The proxy opens at most its share of max_connections, and never the reserved or margin slots.
  const proxyPercent = input.proxy && max > 0 ? Math.floor((usable / max) * 100) : null;
  const serverConnections = proxyPercent === null ? peakConnections : Math.floor((max * proxyPercent) / 100);
  return {
    instanceClass: input.instanceClass,
    memoryGib: instanceClassOf(input.instanceClass)?.memoryGib ?? 0,
    maxConnections: max,
    reservedConnections: reserved,
    marginConnections: margin,
    usableConnections: usable,
    peakTasks,
    workers: input.workers,
    peakWorkers,
    poolPerWorker,
    peakConnections,
    serverConnections,
    proxy: input.proxy,
    proxyMaxConnectionsPercent: proxyPercent,
    fits: poolPerWorker >= 1 && serverConnections <= usable,
  };
};

// The budget of a decoded stack (the decoder has refused every config whose budget does not fit).
export const budgetOf = (c: Config): ConnectionBudget =>
  connectionBudget({
    instanceClass: c.database.instanceClass,
    maxTasks: c.scaling.maxTasks,
    workers: c.service.workers,
    connectionsPerWorker: c.database.connectionsPerWorker,
    proxy: c.database.proxy,
  });

// Why a budget does not fit, in one line with its numbers and the ways out; undefined when it fits.
export const budgetProblem = (b: ConnectionBudget): string | undefined => {
  if (b.fits) return undefined;
  const fleet =
    `${b.peakTasks} tasks at the peak (scaling.maxTasks x ${DEPLOYMENT_MAXIMUM_PERCENT} % while ` +
    `deploying) x ${b.workers} workers`;
  const ways =
    "fewer service.workers, a smaller database.connectionsPerWorker, a bigger database.instanceClass or database.proxy: true";
  return b.poolPerWorker < 1
    ? `${fleet} = ${b.peakWorkers} connections at one each, above the ${b.usableConnections} usable on ${b.instanceClass}; ${ways}`
    : `${fleet} x ${b.poolPerWorker} = ${b.peakConnections} connections, above the ${b.usableConnections} ` +
        `usable on ${b.instanceClass}; ${ways}`;
};
