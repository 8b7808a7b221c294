// The capacity model's timeline as a standalone SVG: demand, desired count and healthy tasks over time as step
// lines, the capacity missing shaded between demand and healthy tasks, each scaling action marked, maxTasks
// (and a pre-scaled floor) drawn, axes in minutes and tasks, a legend and the caller's caption. No fonts,
// scripts or links outside the file. Pure: the plan tool writes what this returns.
import type { Config } from "../contract/config";
import type { CapacityTimeline, TimelinePoint } from "../models/capacity";

// ---- layout ----

const WIDTH = 900;
const HEIGHT = 500;
const PLOT = { left: 72, right: 872, top: 100, bottom: 428 } as const;
const LEAD_IN_SECONDS = 120; // the baseline before the spike, so the step at t = 0 shows
const TAIL_SECONDS = 180; // room after the last change
const END_ROUNDING_SECONDS = 5 * 60; // the x axis ends on a whole five minutes
const FONT = 'font-family="Helvetica, Arial, sans-serif"'; // installed fonts only, none fetched

const COLORS = {
  demand: "#d9730d",
  desired: "#2f6fd0",
  healthy: "#2e9e4f",
  missing: "#e5484d",
  grid: "#e6e6e6",
  axis: "#444444",
  note: "#777777",
} as const;

const STROKES = {
  demand: `stroke="${COLORS.demand}" stroke-width="2"`,
  desired: `stroke="${COLORS.desired}" stroke-width="2" stroke-dasharray="7 4"`,
  healthy: `stroke="${COLORS.healthy}" stroke-width="3.5"`,
  grid: `stroke="${COLORS.grid}" stroke-width="1"`,
  axis: `stroke="${COLORS.axis}" stroke-width="1.2"`,
  spike: `stroke="${COLORS.axis}" stroke-width="1" stroke-dasharray="2 3"`,
  max: `stroke="${COLORS.note}" stroke-width="1" stroke-dasharray="6 4"`,
  floor: `stroke="${COLORS.note}" stroke-width="1" stroke-dasharray="2 4"`,
  full: `stroke="${COLORS.healthy}" stroke-width="1" stroke-dasharray="2 3"`,
} as const;

// ---- the picture ----

// Where README's picture lives (the project's top level holds no docs folder), and its caption: the
// mission's numbers, as the stack is configured.
export const CAPACITY_SVG = "src/plan/capacity.svg";

export const capacityCaption = (c: Config): string =>
  `${c.scaling.minTasks}..${c.scaling.maxTasks} tasks, ${c.scaling.cpuTargetPercent} % CPU target, ${c.scaling.cooldownSeconds} s cooldown`;

export const capacitySvg = (t: CapacityTimeline, caption: string): string => {
  const endSeconds = Math.min(t.horizonSeconds, roundUp(lastChange(t) + TAIL_SECONDS, END_ROUNDING_SECONDS));
  const startSeconds = -LEAD_IN_SECONDS;
  const top = Math.max(t.maxTasks, ...t.timeline.map((p) => p.neededTasks)) + 1;
  const yStep = niceStep(top, 12, [1, 2, 5, 10, 20, 50, 100]);
  const yMax = roundUp(top, yStep);
  const x = (seconds: number) =>
    PLOT.left + ((seconds - startSeconds) / (endSeconds - startSeconds)) * (PLOT.right - PLOT.left);
  const y = (tasks: number) => PLOT.bottom - (tasks / yMax) * (PLOT.bottom - PLOT.top);
  const frame: Frame = { x, y, endSeconds };
  const points = withLeadIn(t, startSeconds).filter((p) => p.atSeconds <= endSeconds);
  const xStep = niceStep((endSeconds - startSeconds) / 60, 16, [1, 2, 5, 10, 15, 30, 60]);

  const missing = points.flatMap((p, i) => {
    const until = Math.min(points[i + 1]?.atSeconds ?? endSeconds, endSeconds);
    const needed = Math.min(p.neededTasks, t.maxTasks);
    return p.atSeconds >= 0 && needed > p.healthyTasks
      ? [rect(x(p.atSeconds), y(needed), x(until) - x(p.atSeconds), y(p.healthyTasks) - y(needed))]
      : [];
  });

  const xTicks = range(Math.ceil(startSeconds / 60 / xStep) * xStep, endSeconds / 60, xStep);
  const yTicks = range(0, yMax, yStep);
  const summary = [
    t.secondsToFull === null
      ? `not at ${String(t.fullTasks)} healthy tasks within the sale`
      : `${String(t.fullTasks)} healthy tasks after ${minutes(t.secondsToFull)} min`,
    plural(t.actions.length, "scaling action"),
    `${String(t.missingTaskMinutes)} task-minutes missing`,
    ...(t.neededTasks > t.maxTasks ? [`the sale needs ${String(t.neededTasks)} tasks, above maxTasks`] : []),
  ].join(" · ");

  const body = [
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    text(WIDTH / 2, 28, caption, 'font-size="17" font-weight="bold" text-anchor="middle"'),
    text(WIDTH / 2, 50, summary, `font-size="13" text-anchor="middle" fill="${COLORS.axis}"`),
    legend(),
    // grid and ticks
    ...yTicks.map((v) => across(y(v), STROKES.grid)),
    ...xTicks.map((m) => upright(x(m * 60), STROKES.grid)),
    ...yTicks.map((v) => text(PLOT.left - 8, y(v) + 4, String(v), 'font-size="12" text-anchor="end"')),
    ...xTicks.map((m) => text(x(m * 60), PLOT.bottom + 18, String(m), 'font-size="12" text-anchor="middle"')),
    `<g class="missing" fill="${COLORS.missing}" fill-opacity="0.16">${missing.join("")}</g>`,
    // reference lines
    upright(x(0), STROKES.spike),
    text(x(0) + 4, PLOT.top + 12, "spike", `font-size="11" fill="${COLORS.axis}"`),
    across(y(t.maxTasks), STROKES.max),
    text(PLOT.right - 4, y(t.maxTasks) - 5, `maxTasks ${String(t.maxTasks)}`, `${note()} text-anchor="end"`),
    ...(t.floorTasks > t.minTasks
      ? [
          across(y(t.floorTasks), STROKES.floor),
          text(
            PLOT.right - 4,
            y(t.floorTasks) + 14,
            `floor raised to ${String(t.floorTasks)} by a scheduled action before the sale`,
            `${note()} text-anchor="end"`,
          ),
        ]
      : []),
    ...(t.secondsToFull === null || t.secondsToFull > endSeconds
      ? []
      : [
          upright(x(t.secondsToFull), STROKES.full),
          text(
            x(t.secondsToFull) + 4,
            PLOT.top + 12,
            `full at ${minutes(t.secondsToFull)} min`,
            `font-size="11" fill="${COLORS.healthy}"`,
          ),
        ]),
    // the series: healthy under desired, demand on top
    stepPath(frame, points, (p) => p.healthyTasks, STROKES.healthy),
    stepPath(frame, points, (p) => p.desiredTasks, STROKES.desired),
    stepPath(frame, points, (p) => p.neededTasks, STROKES.demand),
    ...t.actions
      .filter((a) => a.atSeconds <= endSeconds)
      .map((a) => {
        const cx = x(a.atSeconds);
        const cy = y(a.to);
        const shape =
          a.direction === "out"
            ? `<path d="M${n(cx)} ${n(cy - 7)} L${n(cx + 6)} ${n(cy + 4)} L${n(cx - 6)} ${n(cy + 4)} Z"/>`
            : `<path d="M${n(cx)} ${n(cy + 7)} L${n(cx + 6)} ${n(cy - 4)} L${n(cx - 6)} ${n(cy - 4)} Z"/>`;
        const label = `${String(a.from)}→${String(a.to)}${a.signal === "requests" ? " (requests)" : ""}`;
        return (
          `<g class="action" fill="${COLORS.desired}">${shape}` +
          text(cx + 8, a.direction === "out" ? cy + 17 : cy + 20, label, 'font-size="12"') +
          "</g>"
        );
      }),
    // axes
    across(PLOT.bottom, STROKES.axis),
    upright(PLOT.left, STROKES.axis),
    text(
      (PLOT.left + PLOT.right) / 2,
      PLOT.bottom + 40,
      "minutes since the spike (t = 0)",
      'font-size="13" text-anchor="middle"',
    ),
    text(
      22,
      (PLOT.top + PLOT.bottom) / 2,
      "tasks",
      `font-size="13" text-anchor="middle" transform="rotate(-90 22 ${n((PLOT.top + PLOT.bottom) / 2)})"`,
    ),
    text(
      PLOT.right,
      HEIGHT - 12,
      [
        `new task: ${String(t.taskStartToHealthySeconds)} s from desired count to healthy`,
        `CPU target ${String(t.cpuTargetPercent)} %`,
        `cooldown ${String(t.cooldownSeconds)} s`,
      ].join(" · "),
      `${note()} text-anchor="end"`,
    ),
  ];
  const viewBox = `viewBox="0 0 ${n(WIDTH)} ${n(HEIGHT)}"`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(WIDTH)}" height="${n(HEIGHT)}" ${viewBox} ${FONT}>`,
    `<title>${escape(caption)}</title>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
};

// ---- helpers ----

const legend = (): string => {
  const entries: readonly [string, string][] = [
    [swatch(STROKES.demand), "demand (tasks needed at the CPU target)"],
    [swatch(STROKES.desired), "desired count"],
    [swatch(STROKES.healthy), "healthy tasks"],
    [`<rect x="0" y="-6" width="22" height="10" fill="${COLORS.missing}" fill-opacity="0.25"/>`, "capacity missing"],
    [`<path d="M11 -8 L17 3 L5 3 Z" fill="${COLORS.desired}"/>`, "scaling action"],
  ];
  const widths = entries.map(([, label]) => 34 + label.length * 6.4);
  const total = widths.reduce((a, b) => a + b, 0);
  let at = (WIDTH - total) / 2;
  return entries
    .map(([mark, label], i) => {
      const caption = text(28, 4, label, 'font-size="12"');
      const item = `<g class="legend" transform="translate(${n(at)} 78)">${mark}${caption}</g>`;
      at += widths[i] ?? 0;
      return item;
    })
    .join("\n");
};

const swatch = (style: string): string => `<line x1="0" y1="0" x2="22" y2="0" ${style}/>`;

// The timeline with the steady baseline drawn before t = 0.
const withLeadIn = (t: CapacityTimeline, startSeconds: number): TimelinePoint[] => [
  {
    atSeconds: startSeconds,
    neededTasks: Math.ceil(t.baselineTasks),
    desiredTasks: t.startTasks,
    healthyTasks: t.startTasks,
  },
  ...t.timeline,
];

// Maps seconds and tasks to the plot's pixels.
interface Frame {
  readonly x: (seconds: number) => number;
  readonly y: (tasks: number) => number;
  readonly endSeconds: number;
}

const stepPath = (
  frame: Frame,
  points: readonly TimelinePoint[],
  value: (p: TimelinePoint) => number,
  style: string,
): string => {
  const [first, ...rest] = points;
  if (first === undefined) return "";
  const d = [
    `M${n(frame.x(first.atSeconds))} ${n(frame.y(value(first)))}`,
    ...rest.map((p) => `H${n(frame.x(p.atSeconds))} V${n(frame.y(value(p)))}`),
    `H${n(frame.x(frame.endSeconds))}`,
  ].join(" ");
  return `<path d="${d}" fill="none" ${style}/>`;
};

const lastChange = (t: CapacityTimeline): number =>
  Math.max(
    t.secondsToFull ?? 0,
    ...t.timeline.map((p) => p.atSeconds),
    ...t.actions.map((a) => a.healthyAtSeconds ?? a.atSeconds),
  );

const niceStep = (span: number, maxTicks: number, steps: readonly number[]): number =>
  steps.find((s) => span / s <= maxTicks) ?? steps[steps.length - 1] ?? 1;

const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: Math.max(0, Math.floor((to - from) / step + 1e-9) + 1) }, (_, i) => from + i * step);

const roundUp = (value: number, step: number): number => Math.ceil(value / step) * step;

const minutes = (seconds: number): string => String(Math.round((seconds / 60) * 10) / 10);

const plural = (count: number, noun: string): string => `${String(count)} ${noun}${count === 1 ? "" : "s"}`;

const note = (): string => `font-size="11" fill="${COLORS.note}"`;

// A line across the whole plot at height `y`, and one from its top to its bottom at `x`.
const across = (y: number, style: string): string =>
  `<line x1="${n(PLOT.left)}" y1="${n(y)}" x2="${n(PLOT.right)}" y2="${n(y)}" ${style}/>`;

const upright = (x: number, style: string): string =>
  `<line x1="${n(x)}" y1="${n(PLOT.top)}" x2="${n(x)}" y2="${n(PLOT.bottom)}" ${style}/>`;

const rect = (x: number, y: number, width: number, height: number): string =>
  `<rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}"/>`;

const text = (x: number, y: number, content: string, attributes: string): string =>
  `<text x="${n(x)}" y="${n(y)}" ${attributes}>${escape(content)}</text>`;

const escape = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const n = (value: number): string => String(Math.round(value * 10) / 10);
