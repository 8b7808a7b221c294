// The change-safety report of `npm run plan -- --against BEFORE`, as text or JSON: every resource the
// edit touches, what `pulumi up` does to it, and the DATA LOSS and WEDGE verdicts. Pure: cli.ts prints it.
import type { Action, Change, ChangeReport } from "../models/change-safety";
import { shortType, type Style } from "./render";

export interface ChangesHeader {
  readonly project: string;
  readonly stack: string;
  readonly before: string; // the stack file the live stack was deployed from
  readonly after: string;
}

const VERB: Readonly<Record<Action, string>> = {
  create: "create",
  delete: "delete (last)",
  update: "update in place",
  replace: "replace, create-first",
  "replace-delete-first": "REPLACE, DELETE-FIRST",
  same: "unchanged",
};

// What a change touches, and why it is dangerous if it is.
const detail = (c: Change): string =>
  [
    c.replacing.length > 0 ? `replaced by ${c.replacing.join(", ")}` : c.changed.join(", "),
    c.dataLoss === undefined ? "" : `DATA LOSS: ${c.dataLoss}`,
    c.wedge === undefined ? "" : `WEDGE: ${c.wedge}`,
  ]
    .filter((part) => part !== "")
    .join("; ");

export const renderChangesText = (header: ChangesHeader, report: ChangeReport, style: Style): string => {
  const touched = report.changes.filter((c) => c.action !== "same");
  const rows = touched.map((c) => ({ verb: VERB[c.action], type: shortType(c.type), name: c.name, detail: detail(c) }));
  const width = (pick: (r: (typeof rows)[number]) => string) => Math.max(0, ...rows.map((r) => pick(r).length));
  const [verbs, types, names] = [width((r) => r.verb), width((r) => r.type), width((r) => r.name)];
  const count = (action: Action) => report.changes.filter((c) => c.action === action).length;
  const verdict =
    report.dataLoss || report.wedge
      ? style.warn(
          [report.dataLoss ? "DATA LOSS" : "", report.wedge ? "WEDGE" : ""].filter((v) => v !== "").join(" and ") +
            ": do not apply this edit to a live stack (README: keys that are new stack only)",
        )
      : "safe: no data lost, nothing AWS refuses halfway";
  return [
    style.heading(`${header.project} · stack ${header.stack} · ${header.before} -> ${header.after}`),
    style.dim("what the second `pulumi up` would do (offline: both configs under Pulumi's mocks)"),
    "",
    ...(rows.length === 0
      ? ["  nothing changes"]
      : rows.map((r) =>
          `  ${r.verb.padEnd(verbs)}  ${r.type.padEnd(types)}  ${r.name.padEnd(names)}  ${style.dim(r.detail)}`.trimEnd(),
        )),
    "",
    `${count("create")} to create, ${count("update")} to update, ` +
      `${count("replace") + count("replace-delete-first")} to replace, ${count("delete")} to delete, ` +
      `${count("same")} unchanged`,
    verdict,
  ].join("\n");
};

export const renderChangesJson = (header: ChangesHeader, report: ChangeReport): string =>
  JSON.stringify(
    {
      ...header,
      dataLoss: report.dataLoss,
      wedge: report.wedge,
      changes: report.changes.filter((c) => c.action !== "same"),
      unchanged: report.changes.filter((c) => c.action === "same").length,
    },
    null,
    2,
  );
