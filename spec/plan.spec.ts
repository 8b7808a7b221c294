// The offline plan, the project's main job without AWS: what it prints, how it fails, and the diagram.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { suite } from "uvu";
import * as assert from "uvu/assert";

import { CAPACITY_SVG } from "../src/plan/capacity-svg";
import { diagramInReadme, LABEL_LINE_MAX, label, mermaidDiagram, readmeWithDiagram } from "../src/plan/mermaid";
import { areaOf, buildPlan, type Plan, renderText } from "../src/plan/render";
import { PROJECT_DIR } from "./fixtures/config";
import { captured, scratchProject } from "./fixtures/plan";
import { ofType, PROXY, runProgram, SALE_READY, SINGLE_NAT, TLS } from "./fixtures/program";

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
    'webapp:servce: expected a known key (did you mean service?), got {"cpu":512}',
    "webapp:logs.retentionDays: expected one of CloudWatch Logs' retention periods in days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 8",
    "webapp:scaling.minTasks: expected at most scaling.maxTasks (3), got 5",
  ]);
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

// The diagram read back: its boxes (subgraphs) with what each holds, its nodes' label lines, and its edges
// in the direction their arrows point (an edge written head first has its tail's arrowhead hidden by
// linkStyle), with how many columns each spans in the layout.
interface Drawn {
  readonly text: string;
  readonly nodes: Map<string, string[]>; // id -> label lines
  readonly boxes: Map<string, { title: string; parent: string | undefined; members: string[] }>;
  readonly edges: {
    from: string;
    to: string;
    label: string;
    arrow: string; // as written
    stroke: string;
    span: number;
    headFirst: boolean;
  }[];
}

const drawn = (text: string): Drawn => {
  const nodes = new Map<string, string[]>();
  const boxes = new Map<string, { title: string; parent: string | undefined; members: string[] }>();
  const written: { tail: string; head: string; label: string; arrow: string }[] = [];
  const hidden = new Set<number>();
  const open: string[] = [];
  const holds = (member: string) => boxes.get(open.at(-1) ?? "")?.members.push(member);
  for (const line of text.split("\n").slice(1)) {
    const [, box = "", title = ""] = /^ *subgraph (\w+)\["(.*)"\]$/.exec(line) ?? [];
    const [, node = "", lines = ""] = /^ *(\w+)(?:\[\(|\(\(|\[)"(.*)"(?:\)\]|\)\)|\])$/.exec(line) ?? [];
    const [, tail = "", arrow = "", label = "", head = ""] =
      /^ *(\w+) (<?[-.~]+>?)(?:\|"(.*)"\|)? (\w+)$/.exec(line) ?? [];
    const [, styled = ""] = /^ *linkStyle ([\d,]+) marker-end:none$/.exec(line) ?? [];
    if (box) {
      holds(box);
      boxes.set(box, { title, parent: open.at(-1), members: [] });
      open.push(box);
    } else if (line.trim() === "end") open.pop();
    else if (node) {
      holds(node);
      nodes.set(node, lines.split("<br/>"));
    } else if (tail) written.push({ tail, arrow, label, head });
    else if (styled) styled.split(",").forEach((i) => hidden.add(Number(i)));
    else assert.unreachable(`a line the diagram should not have: ${line}`);
  }
  const edges = written.map((e, i) => {
    const headFirst = e.arrow.startsWith("<") && hidden.has(i);
    const stroke = e.arrow.includes("~") ? "invisible" : e.arrow.includes(".") ? "dotted" : "solid";
    const span = {
      invisible: e.arrow.length - 2,
      dotted: e.arrow.split(".").length - 1,
      solid: e.arrow.replace(/[<>]/g, "").length - 1,
    }[stroke];
    const [from, to] = headFirst ? [e.head, e.tail] : [e.tail, e.head];
    return { from, to, label: e.label, arrow: e.arrow, stroke, span, headFirst };
  });
  return { text, nodes, boxes, edges };
};

// The boxes a node is in, innermost first.
const boxesOf = (d: Drawn, id: string): string[] => {
  const inside = [...d.boxes].find(([, b]) => b.members.includes(id))?.[0];
  return inside === undefined ? [] : [inside, ...boxesOf(d, inside)];
};

const edgesFrom = (d: Drawn, from: string, to: string) => d.edges.filter((e) => e.from === from && e.to === to);

const drawnFor = async (overrides: Record<string, unknown> = {}) => drawn(mermaidDiagram(await runProgram(overrides)));

diagram(
  "draws the path of a request: internet -> ALB in the public subnets -> the service -> RDS, both private",
  async () => {
    const d = await drawnFor();
    assert.match(d.text, /^flowchart LR\n/);
    assert.equal(boxesOf(d, "internet"), []);
    assert.equal(d.boxes.get("vpc")?.title, "VPC 10.0.0.0/16");
    assert.equal(boxesOf(d, "alb_dev"), ["public", "vpc"]);
    assert.equal(d.nodes.get("alb_dev"), ["ALB alb-dev", "us-east-2a 10.0.1.0/24", "us-east-2b 10.0.2.0/24"]);
    assert.equal(boxesOf(d, "service_dev"), ["private", "vpc"]);
    assert.equal(d.nodes.get("service_dev"), [
      "Fargate service-dev",
      "tasks: 0.5 vCPU, 1 GiB",
      "us-east-2a 10.0.3.0/24",
      "us-east-2b 10.0.4.0/24",
    ]);
    assert.equal(boxesOf(d, "rds_dev"), ["private", "vpc"]);
    assert.equal(d.nodes.get("rds_dev"), ["RDS rds-dev", "postgres 17", "db.t3.micro, 20 GiB", "single-AZ"]);
    assert.is(edgesFrom(d, "internet", "alb_dev")[0]?.label, "HTTP :80");
    assert.is(edgesFrom(d, "alb_dev", "service_dev")[0]?.label, "/health, /api/*<br/>tg-5000-dev :5000");
    assert.is(edgesFrom(d, "service_dev", "rds_dev")[0]?.label, ":5432");
    assert.not.ok(d.nodes.has("rds_proxy_dev"));
  },
);

diagram("with TLS, the internet's edge names both listeners and the redirect", async () => {
  const d = await drawnFor(TLS);
  assert.is(edgesFrom(d, "internet", "alb_dev")[0]?.label, "HTTP :80 to :443<br/>HTTPS :443");
});

diagram("with the proxy, the service's database edge goes to the proxy, and the proxy's to the database", async () => {
  const d = await drawnFor(PROXY);
  assert.equal(boxesOf(d, "rds_proxy_dev"), ["private", "vpc"]);
  assert.equal(d.nodes.get("rds_proxy_dev"), ["RDS Proxy", "rds-proxy-dev", "TLS required"]);
  assert.is(edgesFrom(d, "service_dev", "rds_proxy_dev")[0]?.label, ":5432");
  assert.is(edgesFrom(d, "rds_proxy_dev", "rds_dev")[0]?.label, ":5432");
  assert.equal(edgesFrom(d, "service_dev", "rds_dev"), []);
  // The proxy signs in to the database with the secret's credentials.
  assert.is(edgesFrom(d, "rds_proxy_dev", "secret")[0]?.stroke, "dotted");
});

diagram("each zone's NAT gateway sits in that zone's box in the public tier, the service's egress to it", async () => {
  const d = await drawnFor();
  for (const zone of ["us-east-2a", "us-east-2b"]) {
    const nat = `nat_${zone.replace(/-/g, "_")}_dev`;
    assert.equal(boxesOf(d, nat), [`public_${zone.replace(/-/g, "_")}`, "public", "vpc"], zone);
    assert.is(d.boxes.get(`public_${zone.replace(/-/g, "_")}`)?.title, zone);
    assert.equal(d.nodes.get(nat), ["NAT gateway", `nat-${zone}-dev`]);
    assert.equal(
      edgesFrom(d, "service_dev", nat).map((e) => e.label),
      [`egress of tasks in<br/>${zone}`],
      zone,
    );
  }
});

diagram("with one NAT gateway, the first zone's box holds it and it carries both zones' egress", async () => {
  const d = await drawnFor(SINGLE_NAT);
  assert.equal(
    [...d.boxes.keys()].filter((b) => b.startsWith("public_")),
    ["public_us_east_2a"],
  );
  assert.is(
    edgesFrom(d, "service_dev", "nat_us_east_2a_dev")[0]?.label,
    "egress of tasks in<br/>us-east-2a, us-east-2b",
  );
  assert.not.ok(d.nodes.has("nat_us_east_2b_dev"));
});

diagram("the regional services sit outside the VPC, the sessions table behind the gateway endpoints", async () => {
  const d = await drawnFor();
  const outside = [
    "secret",
    "user_sessions_dev",
    "webapp_dev",
    "ecs_webapp_dev",
    "scaling_target_dev",
    "alarms",
    "alb_logs_dev",
  ];
  for (const id of outside) assert.equal(boxesOf(d, id), ["aws"], id);
  assert.equal(d.nodes.get("gateway_endpoints"), ["Gateway endpoints", "S3, DynamoDB"]);
  assert.equal(boxesOf(d, "gateway_endpoints"), ["private", "vpc"]);
  assert.is(edgesFrom(d, "service_dev", "gateway_endpoints").length, 1);
  assert.is(edgesFrom(d, "gateway_endpoints", "user_sessions_dev")[0]?.label, "sessions");
  assert.equal(edgesFrom(d, "service_dev", "user_sessions_dev"), []);
  for (const [to, label] of [
    ["webapp_dev", "image"],
    ["secret", "DB_USERNAME,<br/>DB_PASSWORD"],
    ["ecs_webapp_dev", "logs"],
  ] as const) {
    assert.equal(
      edgesFrom(d, "service_dev", to).map((e) => [e.label, e.stroke]),
      [[label, "dotted"]],
      to,
    );
  }
  assert.equal(d.nodes.get("secret"), ["Secrets Manager", "webapp/dev/db"]);
  assert.equal(d.nodes.get("ecs_webapp_dev"), ["CloudWatch Logs", "/ecs/webapp-dev"]);
});

diagram("shows auto scaling (range, target tracking, schedules) and the ALB's access-log bucket", async () => {
  const dev = await drawnFor();
  assert.equal(dev.nodes.get("scaling_target_dev"), ["Auto scaling", "2..10 tasks", "target tracking:", "CPU at 70 %"]);
  assert.equal(
    edgesFrom(dev, "scaling_target_dev", "service_dev").map((e) => e.label),
    ["task count"],
  );
  assert.equal(dev.nodes.get("alb_logs_dev"), ["S3 access logs", "alb-logs-dev", "kept 7 days"]);
  assert.equal(
    edgesFrom(dev, "alb_dev", "alb_logs_dev").map((e) => [e.label, e.stroke]),
    [["access logs", "dotted"]],
  );
  const sale = await drawnFor(SALE_READY);
  assert.equal(sale.nodes.get("scaling_target_dev"), [
    "Auto scaling",
    "2..10 tasks",
    "target tracking:",
    "CPU at 70 %",
    "1000 requests/min/task",
    "2 schedules",
  ]);
});

diagram("the alarms: a count and no notifications in dev; with alarms.email, the SNS topic they notify", async () => {
  const devSim = await runProgram();
  const dev = drawn(mermaidDiagram(devSim));
  const alarms = ofType(devSim, "aws:cloudwatch/metricAlarm:MetricAlarm").length;
  assert.ok(alarms > 0);
  assert.equal(dev.nodes.get("alarms"), ["CloudWatch alarms", `${alarms} alarms`, "no notifications"]);
  assert.not.ok([...dev.nodes.values()].some((lines) => lines[0]?.startsWith("SNS")));
  const sale = await drawnFor(SALE_READY);
  assert.equal(sale.nodes.get("alarms"), ["CloudWatch alarms", `${alarms} alarms`]);
  assert.equal(sale.nodes.get("alarms_dev"), ["SNS alarms-dev", "email to 1 address"]);
  assert.equal(boxesOf(sale, "alarms_dev"), ["aws"]);
  assert.equal(
    edgesFrom(sale, "alarms", "alarms_dev").map((e) => e.label),
    ["notify"],
  );
});

diagram(
  "the layout's columns: an arrow back towards the internet is written head first; the services share one",
  async () => {
    for (const overrides of [{}, PROXY, { ...PROXY, ...SALE_READY, ...SINGLE_NAT }]) {
      const d = await drawnFor(overrides);
      // Only the egress to a NAT gateway and auto scaling's task count point back; they are written from
      // their heads, two-headed, the tails' heads hidden.
      assert.equal(
        d.edges
          .filter((e) => e.headFirst)
          .map((e) => `${e.from} -> ${e.to}`)
          .sort(),
        [
          ...[...d.nodes.keys()].filter((id) => id.startsWith("nat_")).map((nat) => `service_dev -> ${nat}`),
          "scaling_target_dev -> service_dev",
        ].sort(),
      );
      assert.ok(d.edges.every((e) => e.arrow.startsWith("<") === e.headFirst));
      // Columns by the longest path from the internet along the edges as the layout reads them.
      const column = new Map<string, number>([["internet", 0]]);
      let moved = true;
      while (moved) {
        moved = false;
        for (const e of d.edges) {
          const [tail, head] = e.headFirst ? [e.to, e.from] : [e.from, e.to];
          const at = column.get(tail);
          if (at === undefined || (column.get(head) ?? -1) >= at + e.span) continue;
          column.set(head, at + e.span);
          moved = true;
        }
      }
      const services = (d.boxes.get("aws")?.members ?? []).filter((id) => !id.startsWith("alarms_"));
      const inVpc = [...d.nodes.keys()].filter((id) => boxesOf(d, id).includes("vpc") && column.has(id));
      const servicesColumn = column.get("secret") ?? -1;
      assert.ok(
        services.every((id) => column.get(id) === servicesColumn),
        JSON.stringify([...column]),
      );
      assert.ok(
        inVpc.every((id) => (column.get(id) ?? Infinity) < servicesColumn),
        JSON.stringify([...column]),
      );
    }
  },
);

diagram(
  "labels are lines of at most LABEL_LINE_MAX characters, names broken only after a hyphen or slash",
  async () => {
    assert.is(label("egress of tasks in", "us-east-2a, us-east-2b"), "egress of tasks in<br/>us-east-2a, us-east-2b");
    assert.is(label("us-east-2a, us-east-2b, us-east-2c"), "us-east-2a,<br/>us-east-2b, us-east-2c");
    assert.is(label("ALB alb-staging-eu-west-blue"), "ALB alb-staging-eu-<br/>west-blue");
    assert.is(label("/ecs/webapp-staging-eu-west-blue"), "/ecs/webapp-staging-<br/>eu-west-blue");
    const suffix = "staging-eu-west-blue";
    for (const overrides of [
      {},
      PROXY,
      SALE_READY,
      SINGLE_NAT,
      TLS,
      { "webapp:environmentSuffix": suffix, ...PROXY, ...SALE_READY },
    ]) {
      const d = await drawnFor(overrides);
      const labels = [
        ...d.nodes.values(),
        ...d.edges.map((e) => e.label.split("<br/>")),
        ...[...d.boxes.values()].map((b) => [b.title]),
      ];
      for (const line of labels.flat())
        assert.ok(line.length <= LABEL_LINE_MAX, `${line} (${JSON.stringify(overrides)})`);
    }
    // With a long suffix, the names come back whole when a line broken after a hyphen is joined to the next.
    const long = mermaidDiagram(await runProgram({ "webapp:environmentSuffix": suffix, ...PROXY, ...SALE_READY }));
    const rejoined = long.replace(/([-/])<br\/>/g, "$1");
    for (const name of [
      `nat-us-east-2a-${suffix}`,
      `rds-proxy-${suffix}`,
      `user-sessions-${suffix}`,
      `/ecs/webapp-${suffix}`,
    ])
      assert.ok(rejoined.includes(name), name);
  },
);

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

sale("--json carries the tiers behind the tasks: capacity.database at the peak and capacity.peakVcpu", async () => {
  const { out } = await captured(["--json"]);
  const plan = JSON.parse(out) as {
    capacity: {
      database: Record<string, unknown>;
      peakVcpu: number;
      quota: { quotaCode: string; quota: number | null; overQuota: boolean | null };
    };
  };
  // db.t3.micro: 81 max, 67 usable; 20 tasks x 2 workers x 1 = 40. 20 tasks x 0.5 vCPU = 10.
  assert.equal(plan.capacity.database, {
    instanceClass: "db.t3.micro",
    maxConnections: 81,
    usableConnections: 67,
    peakTasks: 20,
    workers: 2,
    poolPerWorker: 1,
    peakConnections: 40,
    serverConnections: 40,
    proxy: false,
  });
  assert.is(plan.capacity.peakVcpu, 10);
  assert.equal(
    [plan.capacity.quota.quotaCode, plan.capacity.quota.quota, plan.capacity.quota.overQuota],
    ["L-3032A538", null, null],
  );
});

sale("the text shows the database at the peak and the Fargate vCPU peak, the quota's command whole", async () => {
  const { out } = await captured([]);
  assert.ok(
    out.includes(
      "database at the peak: 20 tasks x 2 workers x 1 (DB_POOL_SIZE) = 40 connections of 67 usable (81 max_connections on\n" +
        "    db.t3.micro, less reserved slots and a margin)",
    ),
  );
  assert.ok(
    out.includes("Fargate vCPUs at the peak: 20 tasks x 0.5 = 10; quota L-3032A538 may be 6 on a new account."),
  );
  // The command on a line of its own, whole, to be copied.
  assert.ok(
    out.includes(
      "\n    aws service-quotas get-service-quota --service-code fargate --quota-code L-3032A538 --region us-east-2\n",
    ),
  );
  assert.not.ok(out.includes("scale-out stops at the quota"));
});

sale("with account.fargateVcpuQuota below the peak, the plan warns in words and says how to ask for more", async () => {
  const dir = scratchProject({
    quota: `${readFileSync(join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8")}  webapp:account:\n    fargateVcpuQuota: 6\n`,
  });
  const { code, out } = await captured(["--stack", "quota"], dir);
  assert.is(code, 0);
  assert.ok(out.includes("= 10 of the account's 6 (quota L-3032A538"));
  assert.ok(
    out.includes(
      "  ! the peak needs 10 Fargate vCPUs and the account allows 6: scale-out stops at the quota. Ask for more with:\n" +
        "    aws service-quotas request-service-quota-increase --service-code fargate --quota-code L-3032A538 --desired-value 10\n",
    ),
  );
});

sale("with the proxy, the database line counts the proxy's clients and the connections it opens", async () => {
  const dir = scratchProject({
    proxied: readFileSync(join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8").replace("    proxy: false", "    proxy: true"),
  });
  const { code, out } = await captured(["--stack", "proxied"], dir);
  assert.is(code, 0);
  // 40 workers x 5 = 200 clients; the pool: 82 % of 81 = 66.
  assert.ok(
    out.includes(
      "database at the peak: 20 tasks x 2 workers x 5 (DB_POOL_SIZE) = 200 client connections to RDS Proxy, multiplexed onto\n" +
        "    at most 66 of the 67 usable",
    ),
  );
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
