// The offline plan, the project's main job without AWS: what it prints, how it fails, and the diagram.
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { suite } from "uvu";
import * as assert from "uvu/assert";

import { CAPACITY_SVG } from "../src/plan/capacity-svg";
import { runPlan } from "../src/plan/cli";
import { diagramInReadme, mermaidDiagram, readmeWithDiagram } from "../src/plan/mermaid";
import { areaOf, buildPlan, type Plan, renderText } from "../src/plan/render";
import { PROJECT_DIR } from "./fixtures/config";
import { runProgram, simulateOnce } from "./fixtures/program";

// What `npm run plan -- <argv>` prints and returns. A plan of this project's own stack files is made once
// per command line and shared, as the program's runs are.
const plans = new Map<string, Promise<{ code: number; out: string; err: string }>>();
const captured = (argv: string[], projectDir = PROJECT_DIR) => {
  const plan = async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), colour: false };
    const code = await runPlan(argv, io, { projectDir, simulate: simulateOnce });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
  if (projectDir !== PROJECT_DIR) return plan();
  const key = JSON.stringify(argv);
  const shared = plans.get(key) ?? plan();
  plans.set(key, shared);
  return shared;
};

// A scratch project: the real Pulumi.yaml and README beside a stack file of the test's own.
const scratchProject = (stacks: Record<string, string>): string => {
  const dir = mkdtempSync(join(tmpdir(), "webapp-plan-"));
  for (const f of ["Pulumi.yaml", "README.md"]) copyFileSync(join(PROJECT_DIR, f), join(dir, f));
  for (const [stack, text] of Object.entries(stacks)) writeFileSync(join(dir, `Pulumi.${stack}.yaml`), text);
  return dir;
};

const cli = suite("runPlan");

cli("prints the dev stack by area, with outputs, warnings and a count line", async () => {
  const { code, out } = await captured([]);
  assert.is(code, 0);
  assert.match(out, /^webapp · stack dev · us-east-2 · suffix dev/);
  for (const area of ["network", "edge", "containers", "scaling", "data", "registry", "observability", "identity"]) {
    assert.match(out, new RegExp(`^${area} \\(\\d+\\)$`, "m"));
  }
  assert.match(out, /ec2\.Subnet\s+private-subnet-us-east-2a-dev\s+10\.0\.3\.0\/24, us-east-2a/);
  assert.match(out, /lb\.TargetGroup\s+tg-5000-dev\s+ip targets :5000, health \/health every 30s/);
  assert.match(out, /ecs\.TaskDefinition\s+webapp-dev\s+FARGATE 512 CPU \/ 1024 MiB/);
  assert.match(
    out,
    /appautoscaling\.Policy\s+cpu-target-dev\s+ECSServiceAverageCPUUtilization at 70%, cooldown in 300s \/ out 300s/,
  );
  assert.match(out, /rds\.Instance\s+rds-dev\s+postgres 17 db\.t3\.micro, 20 GiB gp3 encrypted, backups 5 d/);
  assert.match(out, /albDnsName\s+alb-dev-/);
  assert.match(out, /! no TLS certificate: the load balancer serves plain HTTP/);
  assert.match(out, /\n\d+ resources in 8 areas, 13 outputs, \d+ warnings$/);
});

cli("--json prints the same plan as JSON", async () => {
  const { code, out } = await captured(["--json"]);
  assert.is(code, 0);
  const plan = JSON.parse(out) as Plan;
  assert.equal([plan.project, plan.stack, plan.region, plan.suffix], ["webapp", "dev", "us-east-2", "dev"]);
  assert.is(plan.counts.resources, Object.values(plan.areas).flat().length);
  assert.ok(plan.counts.resources > 50);
});

cli("a stack file with three mistakes prints three lines naming them, and exits 1", async () => {
  const dir = scratchProject({
    bad: [
      "config:",
      "  webapp:scaling:",
      "    minTasks: 5",
      "    maxTasks: 3",
      "  webapp:logs:",
      "    retentionDays: 8",
      "  webapp:servce:",
      "    cpu: 512",
    ].join("\n"),
  });
  const { code, out, err } = await captured(["--stack", "bad"], dir);
  assert.is(code, 1);
  assert.is(out, "");
  assert.equal(err.split("\n"), [
    'webapp:servce: expected a known key (environmentSuffix, network, service, scaling, database, sessions, registry, logs, alarms, tls), got {"cpu":512}',
    "webapp:logs.retentionDays: expected one of CloudWatch Logs' retention periods in days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 8",
    "webapp:scaling.minTasks: expected at most scaling.maxTasks (3), got 5",
  ]);
});

cli("a missing stack file is its own clear message", async () => {
  const { code, err } = await captured(["--stack", "nosuch"]);
  assert.is(code, 1);
  assert.match(err, /^plan: cannot read the stack file .*Pulumi\.nosuch\.yaml: ENOENT$/);
});

cli("a stack file that is not YAML says so", async () => {
  const dir = scratchProject({ broken: "config: [unclosed" });
  const { code, err } = await captured(["--stack", "broken"], dir);
  assert.is(code, 1);
  assert.match(err, /^plan: the stack file .*Pulumi\.broken\.yaml is not valid YAML/);
});

cli("an unknown option or format is a usage error (exit 2)", async () => {
  assert.is((await captured(["--stak", "dev"])).code, 2);
  assert.is((await captured(["--format", "png"])).code, 2);
});

cli(
  "--against: what an edit of the stack file does to the live stack, exit 0 when safe and 3 on DATA LOSS",
  async () => {
    // The dev stack, deployed from its file (kept as Pulumi.live.yaml), and its file edited.
    const live = readFileSync(join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
    const edited = (from: string, to: string) => scratchProject({ live, dev: live.replace(from, to) });
    const safe = await captured(["--against", "live"], edited("containerPort: 5000", "containerPort: 8080"));
    assert.is(safe.code, 0);
    assert.match(safe.out, /^ {2}create\s+lb\.TargetGroup\s+tg-8080-dev/m);
    assert.match(safe.out, /^safe: no data lost, nothing AWS refuses halfway$/m);
    const lossy = await captured(
      ["--against", "live", "--json"],
      edited("tableName: user-sessions", "tableName: sessions"),
    );
    assert.is(lossy.code, 3);
    const report = JSON.parse(lossy.out) as {
      dataLoss: boolean;
      changes: { name: string; action: string; dataLoss?: string }[];
    };
    assert.is(report.dataLoss, true);
    assert.match(report.changes.find((c) => c.name === "user-sessions-dev")?.dataLoss ?? "", /every session/);
  },
);

cli("another stack's file plans that stack", async () => {
  const dir = scratchProject({
    "pr-9": "config:\n  aws:region: us-east-2\n  webapp:network:\n    natGateways: single\n",
  });
  const { code, out } = await captured(["--stack", "pr-9"], dir);
  assert.is(code, 0);
  assert.match(out, /suffix pr-9/);
  assert.match(out, /! natGateways is single: one NAT gateway serves 2 zones/);
});

cli.run();

const render = suite("buildPlan and renderText");

render("files every resource under one of the eight areas and counts them all", async () => {
  const sim = await runProgram();
  const plan = buildPlan(sim, { project: "webapp", stack: "dev", region: "us-east-2", suffix: "dev" });
  const listed = Object.values(plan.areas).flat().length;
  assert.is(listed, sim.resources.filter((r) => r.type.startsWith("aws:")).length);
  assert.is(plan.counts.resources, listed);
  assert.is(areaOf("aws:iam/role:Role"), "identity");
  assert.is(areaOf("aws:ec2/flowLog:FlowLog"), "observability");
});

render("warns about plain HTTP only when there is no HTTPS listener", async () => {
  const tls = await runProgram({
    "webapp:tls": { certificateArn: "arn:aws:acm:us-east-2:123456789012:certificate/abc" },
  });
  const plan = buildPlan(tls, { project: "webapp", stack: "dev", region: "us-east-2", suffix: "dev" });
  assert.not.ok(plan.warnings.some((w) => w.includes("plain HTTP")));
  assert.match(
    renderText(plan),
    /lb\.Listener\s+listener-443-dev\s+HTTPS:443, default 404, ELBSecurityPolicy-TLS13-1-2-2021-06/,
  );
});

render.run();

const diagram = suite("mermaidDiagram");

diagram("draws the path of a request: internet -> ALB in the public subnets -> the service -> RDS", async () => {
  const text = mermaidDiagram(await runProgram());
  assert.match(text, /^flowchart LR\n {2}internet\(\(Internet\)\) -->\|"HTTP :80"\| alb_dev\n/);
  // The ALB sits inside the public subnets' box, with both of its subnets.
  assert.match(
    text,
    /subgraph public\["public subnets"\]\n {6}alb_dev\["ALB alb-dev<br\/>us-east-2a 10\.0\.1\.0\/24<br\/>us-east-2b 10\.0\.2\.0\/24"\]/,
  );
  assert.ok(text.includes('alb_dev -->|"/health, /api/*<br/>tg-5000-dev :5000"| service_dev'));
  assert.ok(text.includes('service_dev -->|":5432"| rds_dev'));
  assert.ok(text.includes('rds_dev[("RDS rds-dev<br/>postgres 17 db.t3.micro")]'));
});

diagram(
  "draws what the service shares once: one node spanning the zones, one edge each to ECR, secret, logs, DynamoDB",
  async () => {
    const text = mermaidDiagram(await runProgram());
    assert.ok(
      text.includes(
        'service_dev["Fargate service-dev<br/>2..10 tasks of 512 CPU / 1024 MiB<br/>us-east-2a 10.0.3.0/24<br/>us-east-2b 10.0.4.0/24"]',
      ),
    );
    for (const edge of [
      "webapp_dev -.->|image| service_dev",
      'secret -.->|"DB_USERNAME, DB_PASSWORD"| service_dev',
      "service_dev -.->|logs| ecs_webapp_dev",
      'service_dev -->|"gateway endpoint"| user_sessions_dev',
    ]) {
      assert.is(text.split("\n").filter((line) => line.trim() === edge).length, 1, edge);
    }
  },
);

diagram("each NAT gateway says which zones' tasks it carries: its own with one per zone", async () => {
  const text = mermaidDiagram(await runProgram());
  for (const zone of ["us-east-2a", "us-east-2b"]) {
    const id = `nat_${zone.replace(/-/g, "_")}_dev`;
    assert.ok(text.includes(`egress of tasks in ${zone}"]`), zone);
    assert.ok(text.includes(`service_dev --> ${id}`), zone);
  }
});

diagram("with one NAT gateway, the first zone's carries both zones' egress", async () => {
  const text = mermaidDiagram(await runProgram({ "webapp:network": { natGateways: "single" } }));
  assert.ok(
    text.includes("NAT nat-us-east-2a-dev<br/>us-east-2a 10.0.1.0/24<br/>egress of tasks in us-east-2a, us-east-2b"),
  );
  assert.not.match(text, /nat_us_east_2b_dev/);
});

diagram(
  "README's diagram is the one the code generates (npm run plan -- --format mermaid --update-readme)",
  async () => {
    const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
    assert.is(diagramInReadme(readme), mermaidDiagram(await runProgram()));
  },
);

diagram("a hand edit of README's diagram is caught", async () => {
  const generated = mermaidDiagram(await runProgram());
  const readme = readmeWithDiagram(readFileSync(join(PROJECT_DIR, "README.md"), "utf8"), generated);
  assert.is(diagramInReadme(readme), generated);
  const edited = readme.replace("ALB alb-dev", "ALB (edited by hand)");
  assert.is.not(diagramInReadme(edited), generated);
});

diagram.run();

const sale = suite("the plan's capacity and cost sections");

sale(
  "--json carries capacity (secondsToFull, a timeline) and cost (floor and max a month, items) at the top",
  async () => {
    const { code, out } = await captured(["--json"]);
    assert.is(code, 0);
    const plan = JSON.parse(out) as {
      capacity: {
        secondsToFull: number;
        timeline: { atSeconds: number; desiredTasks: number; healthyTasks: number }[];
      };
      cost: { monthlyUsd: { floor: number; max: number }; items: { resource: string; monthlyUsd: number }[] };
    };
    // The mission's sale: 2..10 tasks, 70 %, 300 s (the model's own suite derives the 28 minutes by hand).
    assert.is(plan.capacity.secondsToFull, 1680);
    const [first] = plan.capacity.timeline;
    assert.equal([first?.atSeconds, first?.desiredTasks, first?.healthyTasks], [0, 2, 2]);
    assert.is(plan.capacity.timeline.at(-1)?.healthyTasks, 10);
    assert.ok(plan.cost.monthlyUsd.max > plan.cost.monthlyUsd.floor && plan.cost.monthlyUsd.floor > 0);
    const total = plan.cost.items.reduce((sum, i) => sum + i.monthlyUsd, 0);
    assert.ok(Math.abs(total - plan.cost.monthlyUsd.floor) < 1e-6, "the items add up to the floor");
    assert.ok(plan.cost.items.some((i) => i.resource === "service-dev" && i.monthlyUsd > 0));
  },
);

sale("the text shows the sale's timeline, both remedies, and the three monthly totals", async () => {
  const { out } = await captured([]);
  assert.match(out, /^capacity \(target tracking: 2\.\.10 tasks, 70 % CPU, 300 s cooldowns\)$/m);
  assert.match(out, /full \(10 healthy tasks\) after 28:00/);
  assert.match(out, /with a floor of 6 raised before the sale \(scaling\.schedules is empty\): full after 14:00/);
  assert.match(out, /with a request-count policy beside CPU \(scaling\.requestsPerTarget is off\): full after 7:00/);
  assert.match(out, /^cost \(us-east-2 on-demand list prices/m);
  for (const total of ["at the floor (2 tasks all month)", "at maxTasks (10 tasks all month)", "with 72 sale hours"]) {
    assert.ok(out.includes(total), total);
  }
});

sale("a configured schedule and request policy are what the plan reports, not illustrations", async () => {
  const dir = scratchProject({
    sale: readFileSync(join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8").replace(
      "    schedules: []",
      '    schedules: [{name: black-friday, schedule: "at(2026-11-27T06:00:00)", minTasks: 10, maxTasks: 10}]\n    requestsPerTarget: 900',
    ),
  });
  const { code, out } = await captured(["--stack", "sale"], dir);
  assert.is(code, 0);
  assert.match(out, /with the floor of 10 schedule black-friday raises: full after 0:00/);
  assert.match(out, /with the request-count policy at 900 requests a task a minute: full after 7:00/);
});

sale(
  "README's capacity picture is the one the model draws (npm run plan -- --format svg --update-readme)",
  async () => {
    const { out } = await captured(["--format", "svg"]);
    assert.is(readFileSync(join(PROJECT_DIR, CAPACITY_SVG), "utf8"), `${out}\n`);
    const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
    assert.ok(readme.includes(`](${CAPACITY_SVG})`));
    // The picture's caption carries the mission's numbers; README's sentence the model's answer.
    assert.ok(out.includes("2..10 tasks, 70 % CPU target, 300 s cooldown"));
    assert.ok(readme.includes("**28 minutes to full size, 154 task-minutes of capacity missing"));
  },
);

sale.run();
