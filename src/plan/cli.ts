// `npm run plan`: what `pulumi up` would build for a stack, without AWS or the Pulumi CLI. Reads
// Pulumi.<stack>.yaml, decodes it (one line per problem, exit 1), runs src/main.ts unchanged under
// Pulumi's mocks, and prints the plan as text, JSON or a Mermaid diagram.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

import * as E from "fp-ts/Either";

import { decodeConfig, formatConfigError, fromPulumiConfig } from "../contract/config";
import { PROJECT } from "../contract/names";
import { mermaidDiagram, readmeWithDiagram } from "./mermaid";
import { buildPlan, COLOUR, PLAIN, renderJson, renderText } from "./render";
import { SimulationFailed, simulate } from "./simulate";
import { readStackFile, StackFileError, stackFilePath } from "./stack-file";

export const PROJECT_DIR = join(__dirname, "..", "..");

const USAGE = `usage: npm run plan -- [--stack NAME] [--json | --format text|json|mermaid] [--update-readme]
  --stack NAME       the stack file Pulumi.NAME.yaml (default: dev)
  --json             the plan as JSON (same as --format json)
  --format mermaid   the architecture as a Mermaid flowchart
  --update-readme    with --format mermaid: write the diagram into README.md`;

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly colour: boolean;
}

// Returns the exit code: 0 planned, 1 the stack file or its config is wrong, 2 the command line is.
export const runPlan = async (argv: readonly string[], io: Io, projectDir = PROJECT_DIR): Promise<number> => {
  let options: { stack: string; format: string; updateReadme: boolean };
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        stack: { type: "string", default: "dev" },
        json: { type: "boolean", default: false },
        format: { type: "string", default: "text" },
        "update-readme": { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const format = values.json ? "json" : values.format;
    if (!["text", "json", "mermaid"].includes(format)) throw new Error(`unknown format ${format}`);
    options = { stack: values.stack, format, updateReadme: values["update-readme"] };
  } catch (e) {
    io.err(`plan: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }

  const path = stackFilePath(projectDir, options.stack);
  let config: Record<string, string>;
  try {
    config = readStackFile(path);
  } catch (e) {
    if (e instanceof StackFileError) {
      io.err(`plan: ${e.message}`);
      return 1;
    }
    throw e;
  }

  // Decode first: a bad config is one line per problem, and nothing is run.
  const decoded = decodeConfig(fromPulumiConfig(config), options.stack);
  if (E.isLeft(decoded)) {
    io.err(decoded.left.map(formatConfigError).join("\n"));
    return 1;
  }

  let sim;
  try {
    sim = await simulate({ stack: options.stack, config });
  } catch (e) {
    if (e instanceof SimulationFailed) {
      io.err(`plan: ${e.message}`);
      return 1;
    }
    throw e;
  }

  if (options.format === "mermaid") {
    const diagram = mermaidDiagram(sim);
    if (options.updateReadme) {
      const readme = join(projectDir, "README.md");
      writeFileSync(readme, readmeWithDiagram(readFileSync(readme, "utf8"), diagram));
      io.out(`plan: wrote the diagram into ${readme}`);
    } else {
      io.out(diagram);
    }
    return 0;
  }
  const plan = buildPlan(sim, {
    project: PROJECT,
    stack: options.stack,
    region: decoded.right.region,
    suffix: decoded.right.environmentSuffix,
  });
  io.out(options.format === "json" ? renderJson(plan) : renderText(plan, io.colour ? COLOUR : PLAIN));
  return 0;
};

if (require.main === module) {
  // isTTY is undefined, not false, when stdout is a pipe or a file.
  const colour = process.stdout.isTTY ? process.env.NO_COLOR === undefined : false;
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
