// `npm run plan`: what `pulumi up` would build for a stack, without AWS or the Pulumi CLI. Reads
// Pulumi.<stack>.yaml, decodes it (one line per problem, exit 1), runs src/main.ts unchanged under
// Pulumi's mocks, and prints the plan as text, JSON or a Mermaid diagram; with --against, what an edit
// of the stack file would do to the live stack.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

import * as E from "fp-ts/Either";

import { evaluatePolicies, policyJson, policySection } from "../../policy/evaluate";
import { type Config, decodeConfig, formatConfigError, fromPulumiConfig } from "../contract/config";
import { PROJECT_DIR, projectFiles } from "../contract/files";
import { PROJECT } from "../contract/names";
import { compareResources } from "../models/change-safety";
import { HOURS_PER_MONTH, type UsageProfile } from "../models/cost";
import { renderChangesJson, renderChangesText } from "./changes";
import { CAPACITY_SVG, capacityCaption, capacitySvg } from "./capacity-svg";
import { mermaidDiagram, readmeWithDiagram } from "./mermaid";
import { readiness, renderReadinessText, saleTimeline } from "./readiness";
import { buildPlan, COLOUR, fitLines, PLAIN, renderJson, renderText } from "./render";
import { type Simulation, SimulationFailed, type SimulationOptions, simulate } from "./simulate";
import { readUsageFile, UsageFileError } from "./usage";
import { readStackFileWithNotes, StackFileError, stackFilePath, stackName } from "./stack-file";

export { PROJECT_DIR };

const USAGE = `usage: npm run plan -- [--stack NAME] [--json | --format text|json|mermaid|svg] [--update-readme]
                    [--against BEFORE] [--usage FILE] [--sale-hours N]
  --stack NAME       the stack file Pulumi.NAME.yaml (default: dev); NAME or the file's name
  --json             the plan as JSON (same as --format json)
  --format mermaid   the architecture as a Mermaid flowchart
  --format svg       the capacity timeline of a flash sale (the README picture) as SVG
  --update-readme    with --format mermaid: write the diagram into README.md;
                     with --format svg: write the picture README shows (src/plan/capacity.svg)
  --against BEFORE   what the second \`pulumi up\` does when the stack, deployed from Pulumi.BEFORE.yaml,
                     is updated to Pulumi.NAME.yaml: each resource updated, replaced or deleted, with
                     DATA LOSS, WEDGE, INTERRUPTION or QUEUED verdicts (exit 3 on data loss or a wedge)
  --usage FILE       the cost estimate's usage (GB through NAT, LCUs, requests, log GB, ...) from a YAML or
                     JSON map of the fields --json shows under cost.usage; the rest keep their defaults
  --sale-hours N     hours of a month at maxTasks in the sale estimate (default 72)
Colour only on a terminal; NO_COLOR turns it off there too.`;

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly colour: boolean;
}

interface Options {
  readonly stack: string;
  readonly usageFile: string | undefined;
  readonly saleHours: number | undefined;
  readonly format: string;
  readonly updateReadme: boolean;
  readonly against: string | undefined;
}

// Where the plan reads its stack files from, and how it runs the program (the tests share their runs).
export interface Setting {
  readonly projectDir?: string;
  readonly simulate?: (options: SimulationOptions) => Promise<Simulation>;
}

// Exit codes: 0 planned, 1 the stack file or its config is wrong, 2 the command line is, 3 the edit
// (--against) would lose data or wedge the update.
export const runPlan = async (argv: readonly string[], io: Io, setting: Setting = {}): Promise<number> => {
  const options = parseOptions(argv, io);
  if (typeof options === "number") return options;
  const { projectDir = PROJECT_DIR, simulate: run = simulate } = setting;
  const planned = (file: string, stack: string) => plannedStack(projectDir, file, stack, io, run);
  const after = await planned(options.stack, options.stack);
  if (typeof after === "number") return after;

  if (options.against !== undefined) {
    // Both files describe the same stack at two moments: the old config is run under this stack's name.
    const before = await planned(options.against, options.stack);
    if (typeof before === "number") return before;
    const report = compareResources(before.sim.resources, after.sim.resources);
    const header = {
      project: PROJECT,
      stack: options.stack,
      before: stackFileName(options.against),
      after: stackFileName(options.stack),
    };
    io.out(
      options.format === "json"
        ? renderChangesJson(header, report)
        : fitLines(renderChangesText(header, report, io.colour ? COLOUR : PLAIN)),
    );
    return report.dataLoss || report.wedge ? 3 : 0;
  }

  if (options.format === "mermaid") {
    const diagram = mermaidDiagram(after.sim);
    if (options.updateReadme) {
      const readme = join(projectDir, "README.md");
      writeFileSync(readme, readmeWithDiagram(readFileSync(readme, "utf8"), diagram));
      io.out(`plan: wrote the diagram into ${readme}`);
    } else {
      io.out(diagram);
    }
    return 0;
  }
  if (options.format === "svg") {
    const svg = capacitySvg(saleTimeline(after.config), capacityCaption(after.config));
    if (options.updateReadme) {
      writeFileSync(join(projectDir, CAPACITY_SVG), `${svg}\n`);
      io.out(`plan: wrote the capacity timeline into ${join(projectDir, CAPACITY_SVG)}`);
    } else {
      io.out(svg);
    }
    return 0;
  }
  const plan = buildPlan(after.sim, {
    project: PROJECT,
    stack: options.stack,
    region: after.config.region,
    suffix: after.config.environmentSuffix,
  });
  let usage: UsageProfile | undefined;
  try {
    usage = options.usageFile === undefined ? undefined : readUsageFile(join(projectDir, options.usageFile));
  } catch (e) {
    if (!(e instanceof UsageFileError)) throw e;
    io.err(`plan: ${e.message}`);
    return 2;
  }
  const sale = readiness(after.config, after.sim, {
    ...(usage && { usage }),
    ...(options.saleHours !== undefined && { saleHours: options.saleHours }),
  });
  // The policy pack, judging the simulated graph as `pulumi preview --policy-pack policy` would.
  const policy = await evaluatePolicies(after.sim.resources, { stack: options.stack, project: PROJECT });
  const style = io.colour ? COLOUR : PLAIN;
  io.out(
    options.format === "json"
      ? renderJson({ ...plan, ...sale, policy: policyJson(policy) })
      : fitLines(
          renderText(plan, style, [...renderReadinessText(after.config, sale, style), ...policySection(policy, style)]),
        ),
  );
  return 0;
};

const parseOptions = (argv: readonly string[], io: Io): Options | number => {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        stack: { type: "string", default: "dev" },
        json: { type: "boolean", default: false },
        format: { type: "string", default: "text" },
        "update-readme": { type: "boolean", default: false },
        against: { type: "string" },
        usage: { type: "string" },
        "sale-hours": { type: "string" },
        help: { type: "boolean", default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const format = values.json ? "json" : values.format;
    if (!["text", "json", "mermaid", "svg"].includes(format)) throw new Error(`unknown format ${format}`);
    if (values.against !== undefined && !["text", "json"].includes(format)) {
      throw new Error("--against prints text or JSON");
    }
    return {
      stack: stackName(values.stack),
      format,
      updateReadme: values["update-readme"],
      against: values.against === undefined ? undefined : stackName(values.against),
      usageFile: values.usage,
      saleHours: saleHoursOf(values["sale-hours"]),
    };
  } catch (e) {
    io.err(`plan: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
};

// Reads Pulumi.<file>.yaml, decodes it (one line per problem) and runs the program on it as <stack>;
// an exit code when any of that fails.
const plannedStack = async (
  projectDir: string,
  file: string,
  stack: string,
  io: Io,
  run: (options: SimulationOptions) => Promise<Simulation>,
): Promise<{ config: Config; sim: Simulation } | number> => {
  let raw: Record<string, string>;
  try {
    const stackFile = readStackFileWithNotes(stackFilePath(projectDir, file));
    raw = stackFile.config;
    stackFile.notes.forEach((note) => {
      io.err(`plan: ${note}`);
    });
  } catch (e) {
    if (e instanceof StackFileError) {
      io.err(`plan: ${e.message}`);
      return 1;
    }
    throw e;
  }
  // Decode first: a bad config is one line per problem, and nothing is run.
  const decoded = decodeConfig(fromPulumiConfig(raw), stack, projectFiles(projectDir));
  if (E.isLeft(decoded)) {
    io.err(decoded.left.map(formatConfigError).join("\n"));
    return 1;
  }
  try {
    return { config: decoded.right, sim: await run({ stack, config: raw }) };
  } catch (e) {
    if (e instanceof SimulationFailed) {
      io.err(`plan: ${e.message}`);
      return 1;
    }
    throw e;
  }
};

const stackFileName = (name: string): string => `Pulumi.${name}.yaml`;

// --sale-hours: hours of a month, 0 to 730 (a bad one stops the command line, exit 2).
const saleHoursOf = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const hours = Number(text);
  if (text.trim() === "" || !Number.isFinite(hours) || hours < 0 || hours > HOURS_PER_MONTH)
    throw new Error(`--sale-hours takes hours of a month, 0 to ${String(HOURS_PER_MONTH)}, got ${text}`);
  return hours;
};

// ANSI colour only on a terminal (a CI log or a file gets plain text), and never with NO_COLOR
// (https://no-color.org). isTTY is undefined, not false, when stdout is a pipe or a file.
export const colourFor = (isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean =>
  isTTY === true && (env.NO_COLOR ?? "") === "";

if (require.main === module) {
  const colour = colourFor(process.stdout.isTTY, process.env);
  const io: Io = {
    out: (t) => {
      console.log(t);
    },
    err: (t) => {
      console.error(t);
    },
    colour,
  };
  runPlan(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`plan: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
