// The change-safety report of `npm run plan -- --against BEFORE`, as text or JSON: every resource the
// edit touches, what `pulumi up` does to it, the DATA LOSS, WEDGE, INTERRUPTION and QUEUED verdicts and
// what to do by hand afterwards; and the one-phrase effect README's config table shows for each key.
// Pure: cli.ts prints it.
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

// What a change touches, and why it matters if it does.
const detail = (c: Change): string =>
  [
    c.replacing.length > 0 ? `replaced by ${c.replacing.join(", ")}` : c.changed.join(", "),
    c.dataLoss === undefined ? "" : `DATA LOSS: ${c.dataLoss}`,
    c.wedge === undefined ? "" : `WEDGE: ${c.wedge}`,
    c.interruption === undefined ? "" : `INTERRUPTION: ${c.interruption}`,
    c.queued === undefined ? "" : `QUEUED: ${c.queued}`,
  ]
    .filter((part) => part !== "")
    .join("; ");

// --against exits 3 on DATA LOSS or WEDGE (src/plan/cli.ts) and 0 otherwise, INTERRUPTION and QUEUED
// included: those are costs an operator may choose to pay (a quiet hour, a maintenance window), not
// mistakes, and CI that must refuse them reads `interruption` / `queued` from the JSON.
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
  const warnings = touched.flatMap((c) => (c.warning === undefined ? [] : [style.warn(`! ${c.warning}`)]));
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
    ...(report.interruption
      ? [
          style.warn(
            "INTERRUPTION: the service is interrupted while `pulumi up` applies this edit (above): apply it in a quiet hour",
          ),
        ]
      : []),
    ...(report.queued
      ? [style.warn("QUEUED: AWS applies part of this edit only in the database's maintenance window (above)")]
      : []),
    ...warnings,
  ].join("\n");
};

export const renderChangesJson = (header: ChangesHeader, report: ChangeReport): string =>
  JSON.stringify(
    {
      ...header,
      dataLoss: report.dataLoss,
      wedge: report.wedge,
      interruption: report.interruption,
      queued: report.queued,
      changes: report.changes.filter((c) => c.action !== "same"),
      unchanged: report.changes.filter((c) => c.action === "same").length,
    },
    null,
    2,
  );

// ---- README's "on a live stack" column ----

// What an edit does to a live stack, in the words README's config table starts each "on a live stack"
// cell with, most serious first: the first that applies is the key's effect. A test edits every key alone
// on the dev stack and checks README against this (spec/day-two.spec.ts).
export const LIVE_STACK_EFFECTS = [
  "new stack only", // loses data or wedges the update
  "interruption", // the service is interrupted while the update runs
  "queued", // AWS applies part of it in the maintenance window
  "rolling deployment", // a new task definition: the tasks are replaced, 100 % healthy throughout
  "replaces", // a resource is replaced, nothing interrupted
  "adds or removes", // resources are created or deleted
  "in place", // settings updated in place
  "no change", // the live stack keeps what it was created with
] as const;
export type LiveStackEffect = (typeof LIVE_STACK_EFFECTS)[number];

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

export const liveStackEffect = (report: ChangeReport): LiveStackEffect => {
  const touched = report.changes.filter((c) => c.action !== "same");
  const replaced = touched.filter((c) => c.action === "replace" || c.action === "replace-delete-first");
  if (report.dataLoss || report.wedge) return "new stack only";
  if (report.interruption) return "interruption";
  if (report.queued) return "queued";
  if (replaced.some((c) => c.type === TASK_DEFINITION)) return "rolling deployment";
  if (replaced.length > 0) return "replaces";
  if (touched.some((c) => c.action === "create" || c.action === "delete")) return "adds or removes";
  return touched.length > 0 ? "in place" : "no change";
};
