// `npm run bench`: how long the offline plan and the test suites take on this machine. Times the
// program's evaluation under mocks (the first run, then N warm runs: median and max), the peak memory,
// and the uvu suites (without tsc) as a child process. A measurement, not a test: it never fails on time.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

import { PROJECT_DIR } from "./cli";
import { simulate } from "./simulate";
import { readStackFile, stackFilePath } from "./stack-file";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const SUITE_RUNS = Number(process.env.BENCH_SUITE_RUNS ?? 3);

const timed = async (work: () => unknown): Promise<number> => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

// uvu colours its summary.
// eslint-disable-next-line no-control-regex -- the escape character is what it matches
const ANSI = /\x1b\[[0-9;]*m/g;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const main = async () => {
  const config = readStackFile(stackFilePath(PROJECT_DIR, "dev"));
  const plan = () => simulate({ stack: "dev", config });
  const first = await timed(plan);
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) warm.push(await timed(plan));
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;

  const uvu = join(PROJECT_DIR, "node_modules", "uvu", "bin.js");
  const suites: number[] = [];
  const ownTimes: number[] = []; // uvu's Duration: the tests alone, after the process has loaded them
  for (let i = 0; i < SUITE_RUNS; i++) {
    suites.push(
      await timed(() => {
        const run = spawnSync(process.execPath, [uvu, "-r", "tsx/cjs", "spec", "\\.spec\\.ts$", "-i", "fixtures"], {
          cwd: PROJECT_DIR,
          encoding: "utf8",
        });
        if (run.status !== 0) throw new Error(`the suites failed:\n${run.stdout}${run.stderr}`);
        ownTimes.push(Number(/Duration:\s*([\d.]+)ms/.exec(run.stdout.replace(ANSI, ""))?.[1] ?? NaN));
      }),
    );
  }

  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const rows: [string, string, string][] = [
    ["plan: first evaluation (loads the AWS SDK)", ms(first), ""],
    [`plan: warm evaluation, ${RUNS} runs`, `median ${ms(median(warm))}`, `max ${ms(Math.max(...warm))}`],
    ["plan: peak resident memory", `${peakRssMiB.toFixed(0)} MiB`, ""],
    [
      `uvu suites (no tsc), ${SUITE_RUNS} runs, whole process`,
      `median ${ms(median(suites))}`,
      `max ${ms(Math.max(...suites))}`,
    ],
    [
      "uvu suites: the tests alone (uvu's Duration)",
      `median ${ms(median(ownTimes))}`,
      `max ${ms(Math.max(...ownTimes))}`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(rows.map(([label, a, b]) => `${label.padEnd(width)}  ${a.padEnd(14)}  ${b}`.trimEnd()).join("\n"));
};

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
