// The project's folder as the config decoder and the image build see it. The decoder stays pure: it asks a
// ProjectFiles (src/contract/config.ts) whether service.build's context and Dockerfile exist, and src/main.ts
// and the plan hand it this one, which reads the disk. Paths in the config are relative to the project
// folder (Pulumi.yaml's), not to the working directory: `pulumi up` runs the program in src/, the folder of
// Pulumi.yaml's `main`, while the plan and the tests run in the project folder.
import { statSync } from "node:fs";
import { join, relative } from "node:path";

import type { ProjectFiles } from "./config";

// This file sits in src/contract/.
export const PROJECT_DIR = join(__dirname, "..", "..");

export const projectFiles = (root: string = PROJECT_DIR): ProjectFiles => ({
  kindOf: (path) => {
    try {
      const stats = statSync(join(root, path));
      return stats.isDirectory() ? "directory" : stats.isFile() ? "file" : undefined;
    } catch {
      return undefined; // not there, or a path through a file, or unreadable: not a folder nor a file
    }
  },
});

// The project folder as a tool started by this process resolves it ("" here, ".." under `pulumi up`): the
// image build resolves its context and Dockerfile against the working directory. Relative, so the state
// reads the same on every machine.
export const projectDirFromWorkingDirectory = (root: string = PROJECT_DIR): string => relative(process.cwd(), root);
