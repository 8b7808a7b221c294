// A StrykerJS checker plugin ("incremental-typescript"): a mutant that does not compile is reported as a
// CompileError instead of being run. It keeps one incremental TypeScript builder program over the
// tsconfig Stryker is given and swaps one mutated file in at a time, so a check re-checks only the files
// the mutant affects: about a second each here. @stryker-mutator/typescript-checker gives the same
// verdicts but rebuilds a watched solution for every mutant, about five seconds each, which alone would
// make a run of this project take hours on two cores.
import { resolve } from "node:path";

import { CheckStatus } from "@stryker-mutator/api/check";
import { commonTokens, declareClassPlugin, PluginKind, tokens } from "@stryker-mutator/api/plugin";
import ts from "typescript";

class IncrementalTypescriptChecker {
  static inject = tokens(commonTokens.options);

  constructor(options) {
    this.tsconfigFile = resolve(options.tsconfigFile);
    this.mutated = undefined; // { fileName, text, version } while a mutant is being checked
  }

  async init() {
    const config = ts.getParsedCommandLineOfConfigFile(
      this.tsconfigFile,
      { noEmit: true, incremental: false, composite: false, noUnusedLocals: false, noUnusedParameters: false },
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    this.config = config;
    this.rootFiles = new Set(config.fileNames.map((f) => resolve(f)));
    const host = ts.createCompilerHost(config.options);
    const read = host.getSourceFile.bind(host);
    const originals = new Map(); // parsed once: the declarations of @pulumi/aws alone are thousands of files
    this.original = (fileName, languageVersion = ts.ScriptTarget.Latest) => {
      if (!originals.has(fileName)) {
        const file = read(fileName, languageVersion);
        if (file !== undefined) file.version = "original";
        originals.set(fileName, file);
      }
      return originals.get(fileName);
    };
    host.getSourceFile = (fileName, languageVersion) => {
      const mutant = this.mutated;
      if (mutant === undefined || resolve(fileName) !== mutant.fileName)
        return this.original(fileName, languageVersion);
      const file = ts.createSourceFile(fileName, mutant.text, languageVersion, true);
      file.version = mutant.version;
      return file;
    };
    this.host = host;
    const errors = this.build();
    if (errors.length > 0) throw new Error(`TypeScript errors before any mutant:\n${this.describe(errors)}`);
  }

  async check(mutants) {
    const results = {};
    for (const mutant of mutants) {
      const fileName = resolve(mutant.fileName);
      if (!this.rootFiles.has(fileName)) {
        results[mutant.id] = { status: CheckStatus.Passed }; // not part of the checked project
        continue;
      }
      const source = this.original(fileName);
      const at = ({ line, column }) => source.getPositionOfLineAndCharacter(line, column);
      const text = source.text;
      this.mutated = {
        fileName,
        text: `${text.slice(0, at(mutant.location.start))}${mutant.replacement}${text.slice(at(mutant.location.end))}`,
        version: `mutant-${mutant.id}`,
      };
      const errors = this.build();
      results[mutant.id] =
        errors.length === 0
          ? { status: CheckStatus.Passed }
          : { status: CheckStatus.CompileError, reason: this.describe(errors) };
    }
    this.mutated = undefined; // the next build sees the original again
    return results;
  }

  build() {
    this.program = ts.createEmitAndSemanticDiagnosticsBuilderProgram(
      this.config.fileNames,
      this.config.options,
      this.host,
      this.program,
    );
    return [...this.program.getSyntacticDiagnostics(), ...this.program.getSemanticDiagnostics()].filter(
      (d) => d.category === ts.DiagnosticCategory.Error,
    );
  }

  describe(errors) {
    return ts.formatDiagnostics(errors, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => process.cwd(),
      getNewLine: () => "\n",
    });
  }
}

export const strykerPlugins = [
  declareClassPlugin(PluginKind.Checker, "incremental-typescript", IncrementalTypescriptChecker),
];
