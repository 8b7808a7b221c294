// Reads Pulumi.<stack>.yaml into the flat map Pulumi hands a program (key -> string, structured values
// as JSON), so the offline plan and the tests run the program exactly as `pulumi up` would.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { parse } from "yaml";

import { isRecord } from "../contract/config";

export const stackFilePath = (projectDir: string, stack: string): string => join(projectDir, `Pulumi.${stack}.yaml`);

// Throws StackFileError with a one-line reason when the file is missing, unreadable or malformed.
export const readStackFile = (path: string): Record<string, string> => {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new StackFileError(`cannot read the stack file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return stackConfig(text, path);
};

const stackConfig = (text: string, path: string): Record<string, string> => {
  let document: unknown;
  try {
    document = parse(text);
  } catch (e) {
    throw new StackFileError(`the stack file ${path} is not valid YAML: ${(e as Error).message.split("\n")[0] ?? ""}`);
  }
  const config = isRecord(document) ? (document.config ?? {}) : document === null ? {} : undefined;
  if (!isRecord(config)) throw new StackFileError(`the stack file ${path} has no config map`);
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
  );
};

export class StackFileError extends Error {}
