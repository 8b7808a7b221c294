// The database connection budget: what RDS for PostgreSQL accepts on a class, what the app may use, and what
// each gunicorn worker may hold when the fleet is at its peak. Each number is worked by hand in a comment.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import {
  type BudgetInput,
  budgetOf,
  budgetProblem,
  connectionBudget,
  maxConnections,
} from "../src/contract/connections";
import { configOf, problemsOf } from "./fixtures/config";
import { containersOf, only, PROXY, runProgram, TYPES } from "./fixtures/program";

const MICRO: BudgetInput = {
  instanceClass: "db.t3.micro",
  maxTasks: 10,
  workers: 2,
  connectionsPerWorker: undefined,
  proxy: false,
};

const server = suite("maxConnections");

// LEAST(DBInstanceClassMemory / 9531392, 5000), DBInstanceClassMemory estimated as 90 % of the class's
// memory less 0.18 GiB: 1 GiB x 0.9 - 0.18 GiB = 0.72 GiB = 773,094,113 bytes; / 9,531,392 = 81.1 -> 81.
server("is the engine's memory over 9,531,392 bytes: 81 on a db.t3.micro (1 GiB)", () => {
  assert.is(maxConnections("db.t3.micro"), 81);
});

// 2 GiB x 0.9 - 0.18 = 1.62 GiB = 1,739,461,755 bytes / 9,531,392 = 182.5 -> 182.
server("doubles with the memory, less the part RDS keeps: 182 on a db.t3.small (2 GiB)", () => {
  assert.is(maxConnections("db.t3.small"), 182);
});

// 128 GiB x 0.9 - 0.18 = 115.02 GiB -> 12,957, above the cap.
server("is never more than 5,000, however large the class", () => {
  assert.is(maxConnections("db.r5.4xlarge"), 5000);
});

// Published readings: AWS's own 187 on a db.t3.small; 81 to 87 reported on a db.t3.micro; 823, 1,646 and
// 3,429 read on db.m5.large, xlarge and 2xlarge (docs/evidence.md).
server("stays at or below every published reading, so the budget never counts slots a server lacks", () => {
  const readings: [string, number][] = [
    ["db.t3.micro", 81],
    ["db.t3.small", 187],
    ["db.m5.large", 823],
    ["db.m5.xlarge", 1646],
    ["db.m5.2xlarge", 3429],
  ];
  for (const [instanceClass, read] of readings) {
    const estimate = maxConnections(instanceClass);
    assert.ok(estimate <= read, `${instanceClass}: ${String(estimate)} <= ${String(read)}`);
    assert.ok(estimate >= read * 0.9, `${instanceClass}: ${String(estimate)} within 10 % of ${String(read)}`);
  }
});

server("is 0 for a class the table does not know, so no budget fits it", () => {
  assert.is(maxConnections("db.x2iedn.32xlarge"), 0);
  assert.is(maxConnections("constructor"), 0);
});

server.run();

const budget = suite("connectionBudget");

// 81 - 3 (superuser_reserved_connections) - 2 (rds.rds_superuser_reserved_connections) - ceil(8.1) = 9 = 67.
budget(
  "keeps the reserved slots (3 + 2) and a tenth of the server as a margin: 67 of 81 usable on a db.t3.micro",
  () => {
    const b = connectionBudget(MICRO);
    assert.is(b.maxConnections, 81);
    assert.is(b.reservedConnections, 5);
    assert.is(b.marginConnections, 9);
    assert.is(b.usableConnections, 67);
  },
);

// A tenth of a tiny server would be 1 or 2: the margin is at least 5 (monitoring, a migration, an operator).
budget("keeps at least 5 connections as the margin", () => {
  assert.is(connectionBudget({ ...MICRO, instanceClass: "db.x2iedn.32xlarge" }).marginConnections, 5);
});

// 10 tasks x 200 %: old and new tasks run side by side while a deployment replaces them.
budget("counts the deployment's doubling: the peak is maxTasks x 200 % = 20 tasks", () => {
  assert.is(connectionBudget(MICRO).peakTasks, 20);
  assert.is(connectionBudget({ ...MICRO, maxTasks: 3 }).peakTasks, 6);
});

// 67 usable / (20 tasks x 2 workers) = 1.675 -> 1 each; 20 x 2 x 1 = 40 connections at the peak.
budget("gives each worker the usable connections over the workers at the peak, rounded down: 1 on the defaults", () => {
  const b = connectionBudget(MICRO);
  assert.is(b.peakWorkers, 40);
  assert.is(b.poolPerWorker, 1);
  assert.is(b.peakConnections, 40);
  assert.is(b.serverConnections, 40);
  assert.ok(b.fits);
});

// 67 / (20 x 1) = 3.35 -> 3 each, 60 at the peak; 67 / (4 x 1) = 16.75 -> 16 with maxTasks 2.
budget("fewer workers or fewer tasks leave each worker more", () => {
  assert.is(connectionBudget({ ...MICRO, workers: 1 }).poolPerWorker, 3);
  assert.is(connectionBudget({ ...MICRO, workers: 1, maxTasks: 2 }).poolPerWorker, 16);
});

// 20 x 2 x 2 = 80 > 67.
budget("a configured pool is checked, not computed: 2 per worker is 80 connections, above 67", () => {
  const b = connectionBudget({ ...MICRO, connectionsPerWorker: 2 });
  assert.is(b.poolPerWorker, 2);
  assert.is(b.peakConnections, 80);
  assert.not.ok(b.fits);
  assert.is(
    budgetProblem(b),
    "20 tasks at the peak (scaling.maxTasks x 200 % while deploying) x 2 workers x 2 = 80 connections, above the 67 usable on db.t3.micro; fewer service.workers, a smaller database.connectionsPerWorker, a bigger database.instanceClass or database.proxy: true",
  );
});

// 20 tasks x 2 workers x 1 = 40 <= 67: exactly fits; 34 tasks' peak is 68 x 2 = 136 workers > 67.
budget("a fleet with more workers at the peak than usable connections does not fit, even at one each", () => {
  const b = connectionBudget({ ...MICRO, maxTasks: 34 });
  assert.is(b.poolPerWorker, 0);
  assert.not.ok(b.fits);
  assert.is(
    budgetProblem(b),
    "68 tasks at the peak (scaling.maxTasks x 200 % while deploying) x 2 workers = 136 connections at one each, above the 67 usable on db.t3.micro; fewer service.workers, a smaller database.connectionsPerWorker, a bigger database.instanceClass or database.proxy: true",
  );
  assert.is(budgetProblem(connectionBudget(MICRO)), undefined);
});

// With the proxy: 5 per worker (SQLAlchemy's pool_size), 40 workers = 200 client connections; the proxy's
// pool is floor(67 / 81 x 100) = 82 % of max_connections = floor(66.42) = 66 server connections <= 67.
budget("with the proxy, workers are the proxy's clients (5 each) and the server sees at most the usable share", () => {
  const b = connectionBudget({ ...MICRO, proxy: true });
  assert.is(b.poolPerWorker, 5);
  assert.is(b.peakConnections, 200);
  assert.is(b.proxyMaxConnectionsPercent, 82);
  assert.is(b.serverConnections, 66);
  assert.ok(b.serverConnections <= b.usableConnections);
  assert.ok(b.fits);
});

// 5000 tasks x 200 % x 2 workers = 20,000 workers: far past a db.t3.micro, but clients of the proxy.
budget("the proxy lets a fleet far larger than the server's connections fit", () => {
  assert.not.ok(connectionBudget({ ...MICRO, maxTasks: 5000 }).fits);
  assert.ok(connectionBudget({ ...MICRO, maxTasks: 5000, proxy: true }).fits);
});

// db.t3.small: 182 - 5 - ceil(18.2) = 19 -> 158 usable; 79 tasks x 200 % x 1 worker x 1 = 158.
budget("a peak exactly at the usable connections fits; one more worker does not", () => {
  const small = { ...MICRO, instanceClass: "db.t3.small", workers: 1, connectionsPerWorker: 1 };
  assert.is(connectionBudget({ ...small, maxTasks: 79 }).peakConnections, 158);
  assert.ok(connectionBudget({ ...small, maxTasks: 79 }).fits);
  assert.not.ok(connectionBudget({ ...small, maxTasks: 80 }).fits);
});

// A configured pool of 1 that does not fit is named as the pool it is, not as "one each" computed.
budget("a configured pool of one that does not fit says its arithmetic: 68 x 2 x 1 = 136", () => {
  assert.is(
    budgetProblem(connectionBudget({ ...MICRO, maxTasks: 34, connectionsPerWorker: 1 })),
    "68 tasks at the peak (scaling.maxTasks x 200 % while deploying) x 2 workers x 1 = 136 connections, above the 67 usable on db.t3.micro; fewer service.workers, a smaller database.connectionsPerWorker, a bigger database.instanceClass or database.proxy: true",
  );
});

// A class the table does not know has no max_connections to share out: no pool share, and no fit.
budget("with the proxy, a server without connections gives the proxy no share of them", () => {
  const b = connectionBudget({ ...MICRO, instanceClass: "db.x2iedn.32xlarge", proxy: true });
  assert.equal([b.maxConnections, b.proxyMaxConnectionsPercent, b.fits], [0, null, false]);
});

budget.run();

const contract = suite("the budget in the config contract and the container");

contract(
  "the defaults fit: WEB_CONCURRENCY x DB_POOL_SIZE x peak tasks stays within a db.t3.micro's usable",
  async () => {
    const sim = await runProgram();
    const env = Object.fromEntries(
      (containersOf(only(sim, TYPES.taskDefinition))[0]?.environment ?? []).map((e) => [e.name, e.value]),
    );
    const b = budgetOf(configOf({}));
    assert.equal([env.WEB_CONCURRENCY, env.DB_POOL_SIZE], ["2", "1"]);
    assert.ok(Number(env.WEB_CONCURRENCY) * Number(env.DB_POOL_SIZE) * b.peakTasks <= b.usableConnections);
  },
);

contract("with the proxy the container gets the proxy's endpoint and port, and a client pool of 5", async () => {
  const sim = await runProgram(PROXY);
  const env = Object.fromEntries(
    (containersOf(only(sim, TYPES.taskDefinition))[0]?.environment ?? []).map((e) => [e.name, e.value]),
  );
  assert.is(env.DB_HOST, "rds-proxy-dev.proxy-placeholder.us-east-2.rds.amazonaws.com");
  assert.is(env.DB_PORT, "5432");
  assert.is(env.DB_POOL_SIZE, "5");
});

contract("a config that breaks the budget is refused in one line, blaming the pool when it is set", () => {
  assert.equal(problemsOf({ "webapp:database": { connectionsPerWorker: 2 } }), [
    "webapp:database.connectionsPerWorker: expected a fleet that fits the database's connections: 20 tasks at the peak (scaling.maxTasks x 200 % while deploying) x 2 workers x 2 = 80 connections, above the 67 usable on db.t3.micro; fewer service.workers, a smaller database.connectionsPerWorker, a bigger database.instanceClass or database.proxy: true, got 2",
  ]);
});

contract("and blaming the workers when the pool is computed", () => {
  assert.equal(problemsOf({ "webapp:service": { workers: 4 }, "webapp:scaling": { maxTasks: 10 } }), [
    "webapp:service.workers: expected a fleet that fits the database's connections: 20 tasks at the peak (scaling.maxTasks x 200 % while deploying) x 4 workers = 80 connections at one each, above the 67 usable on db.t3.micro; fewer service.workers, a smaller database.connectionsPerWorker, a bigger database.instanceClass or database.proxy: true, got 4",
  ]);
});

contract("a bigger class or the proxy is a way out", () => {
  const raw = { "webapp:service": { workers: 4 } };
  assert.ok(budgetOf(configOf({ ...raw, "webapp:database": { instanceClass: "db.t3.small" } })).fits);
  assert.ok(budgetOf(configOf({ ...raw, "webapp:database": { proxy: true } })).fits);
});

contract("the proxy needs a PostgreSQL major it supports (15 to 17)", () => {
  assert.equal(problemsOf({ "webapp:database": { proxy: true, engineVersion: "18" } }), [
    'webapp:database.engineVersion: expected a PostgreSQL major RDS Proxy supports when database.proxy is on (15, 16, 17), got "18"',
  ]);
  assert.ok(configOf({ "webapp:database": { engineVersion: "18" } }));
});

contract.run();
