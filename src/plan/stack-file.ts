// Reads Pulumi.<stack>.yaml into the flat map Pulumi hands a program (key -> string, structured values
// as JSON), so the offline plan and the tests run the program exactly as `pulumi up` would. What it cannot
// do as the CLI does (decrypt a `secure:` value) it says, and plans with the key's default instead.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

import { parse } from "yaml";

import { isRecord } from "../contract/config";
import { PROJECT } from "../contract/names";

const STACK_FILE = /^Pulumi\.(.+)\.yaml$/;

// `--stack dev`, `--stack Pulumi.dev.yaml` and `--stack ./Pulumi.dev.yaml` all name the stack dev.
export const stackName = (given: string): string => STACK_FILE.exec(basename(given))?.[1] ?? given;

export const stackFilePath = (projectDir: string, stack: string): string =>
  join(projectDir, `Pulumi.${stackName(stack)}.yaml`);

// The stacks a project folder has files for, by name.
export const stacksIn = (projectDir: string): string[] =>
  readdirSync(projectDir)
    .map((file) => STACK_FILE.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();

export interface StackFile {
  readonly config: Record<string, string>; // as Pulumi passes it: key -> string, structured values as JSON
  readonly notes: readonly string[]; // what the plan could not read as the Pulumi CLI would, and what it did
}

// Throws StackFileError with a one-line reason when the file is missing, unreadable or malformed.
export const readStackFile = (path: string): Record<string, string> => readStackFileWithNotes(path).config;

export const readStackFileWithNotes = (path: string): StackFile => {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new StackFileError(missingStackMessage(path));
    throw new StackFileError(`cannot read the stack file ${path}: ${code ?? String(e)}`);
  }
  return stackConfig(text, path);
};

const missingStackMessage = (path: string): string => {
  const dir = join(path, "..");
  let stacks: string[] = [];
  try {
    stacks = stacksIn(dir);
  } catch {
    // the folder itself is missing: no stacks to list
  }
  return stacks.length === 0
    ? `no stack file ${basename(path)} in ${dir}, and no other Pulumi.<stack>.yaml there`
    : `no stack file ${basename(path)} in ${dir}; the stacks there: ${stacks.join(", ")} (npm run plan -- --stack <name>)`;
};

const stackConfig = (text: string, path: string): StackFile => {
  let document: unknown;
  try {
    document = parse(text);
  } catch (e) {
    throw new StackFileError(`the stack file ${path} is not valid YAML: ${(e as Error).message.split("\n")[0] ?? ""}`);
  }
  const config = isRecord(document) ? (document.config ?? {}) : document === null ? {} : undefined;
  if (!isRecord(config)) throw new StackFileError(`the stack file ${path} has no config map`);
  const secured = Object.keys(config).filter((key) => holdsSecure(config[key]));
  return {
    config: Object.fromEntries(
      Object.entries(config)
        .filter(([key]) => !secured.includes(key))
        .map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
    ),
    notes: secured.map((key) =>
      key.startsWith(`${PROJECT}:`)
        ? `${key} holds a secure value, which only the Pulumi CLI can decrypt (with the stack's passphrase or ` +
          `Pulumi Cloud): the plan uses the key's default instead`
        : `${key} holds a secure value, which only the Pulumi CLI can decrypt: the plan leaves it out`,
    ),
  };
};

// `pulumi config set --secret` writes {secure: <ciphertext>}, at the top or anywhere inside a structured value.
const holdsSecure = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.some(holdsSecure)
    : isRecord(value) && (typeof value.secure === "string" || Object.values(value).some(holdsSecure));

export class StackFileError extends Error {}
