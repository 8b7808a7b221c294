// The load balancer, its target group, listeners, path rules and access-log bucket.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import * as edge from "../src/stack/edge";
import { configOf, devConfig } from "./fixtures/config";

const dev = devConfig();
const tls = configOf({ "webapp:tls": { certificateArn: "arn:aws:acm:us-east-2:123456789012:certificate/abc" } });

const lb = suite("loadBalancerArgs");

lb(
  "is internet-facing in the public subnets, drops invalid headers, mitigates desync, logs access, and can be destroyed",
  () => {
    assert.equal(
      edge.loadBalancerArgs(dev, {
        securityGroupId: "sg-alb",
        subnetIds: ["pub-a", "pub-b"],
        accessLogsBucket: "logs",
      }),
      {
        name: "alb-dev",
        loadBalancerType: "application",
        internal: false,
        ipAddressType: "ipv4",
        securityGroups: ["sg-alb"],
        subnets: ["pub-a", "pub-b"],
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "defensive",
        enableDeletionProtection: false,
        enableHttp2: true,
        accessLogs: { bucket: "logs", prefix: "alb", enabled: true },
        tags: { Name: "alb-dev" },
      },
    );
  },
);

lb.run();

const tg = suite("targetGroupArgs");

tg("registers task IPs on the container port and health-checks /health every 30 s", () => {
  const args = edge.targetGroupArgs(dev, "vpc-1");
  assert.equal(
    [args.name, args.targetType, args.protocol, args.port, args.vpcId],
    ["tg-5000-dev", "ip", "HTTP", 5000, "vpc-1"],
  );
  assert.equal(args.healthCheck, {
    enabled: true,
    protocol: "HTTP",
    port: "traffic-port",
    path: "/health",
    interval: 30,
    timeout: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 3,
    matcher: "200",
  });
});

tg("carries its port in its name, so a port change replaces it without a name collision", () => {
  assert.is(edge.targetGroupArgs(configOf({ "webapp:service": { containerPort: 8080 } }), "vpc-1").name, "tg-8080-dev");
});

tg("drains in 30 s instead of AWS's 300", () => {
  assert.is(edge.targetGroupArgs(dev, "vpc-1").deregistrationDelay, 30);
});

tg("keeps the health-check timeout below a short interval", () => {
  const fast = configOf({ "webapp:service": { healthCheckIntervalSeconds: 5 } });
  const check = edge.targetGroupArgs(fast, "vpc-1").healthCheck as { interval: number; timeout: number };
  assert.ok(check.timeout < check.interval);
});

tg.run();

const listeners = suite("listeners");

listeners("without a certificate: HTTP on 80 whose default answer is a 404", () => {
  const [http, ...rest] = edge.listeners(dev, "alb-arn");
  assert.is(rest.length, 0);
  assert.equal([http.args.port, http.args.protocol], [80, "HTTP"]);
  assert.equal(http.args.defaultActions, [
    {
      type: "fixed-response",
      fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" },
    },
  ]);
});

listeners("with a certificate: HTTPS on 443 with the TLS 1.2/1.3 policy, and 80 only redirects to it (301)", () => {
  const [https, http] = edge.listeners(tls, "alb-arn");
  assert.equal(
    [https.args.port, https.args.protocol, https.args.sslPolicy, https.args.certificateArn],
    [443, "HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06", "arn:aws:acm:us-east-2:123456789012:certificate/abc"],
  );
  assert.equal(http?.args.defaultActions, [
    { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
  ]);
});

listeners.run();

const rules = suite("listenerRules");

rules("forward /health and /api/* to the target group, with distinct priorities", () => {
  const built = edge.listenerRules(dev, { listenerArn: "l-1", targetGroupArn: "tg-1" });
  assert.equal(
    built.map((r) => [r.name, r.args.priority, r.args.conditions, r.args.actions]),
    [
      [
        "rule-health-dev",
        10,
        [{ pathPattern: { values: ["/health"] } }],
        [{ type: "forward", targetGroupArn: "tg-1" }],
      ],
      ["rule-api-dev", 20, [{ pathPattern: { values: ["/api/*"] } }], [{ type: "forward", targetGroupArn: "tg-1" }]],
    ],
  );
});

rules("route the configured health-check path", () => {
  const custom = configOf({ "webapp:service": { healthCheckPath: "/healthz" } });
  assert.equal(edge.listenerRules(custom, { listenerArn: "l", targetGroupArn: "t" })[0]?.args.conditions, [
    { pathPattern: { values: ["/healthz"] } },
  ]);
});

rules.run();

const url = suite("appUrl");

url("is http without a certificate and https with one", () => {
  assert.is(edge.appUrl(dev, "alb.example"), "http://alb.example");
  assert.is(edge.appUrl(tls, "alb.example"), "https://alb.example");
});

url.run();

const logs = suite("access-log bucket");

logs("is generated from the suffixed prefix and destroyed with its objects", () => {
  assert.equal(edge.accessLogsBucketArgs(dev), {
    bucketPrefix: "alb-logs-dev-",
    forceDestroy: true,
    tags: { Name: "alb-logs-dev" },
  });
});

logs(
  "blocks every kind of public access, disables ACLs, encrypts with SSE-S3 and expires objects after the log retention",
  () => {
    assert.equal(edge.accessLogsPublicAccessBlockArgs("b"), {
      bucket: "b",
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    assert.equal(edge.accessLogsOwnershipArgs("b").rule, { objectOwnership: "BucketOwnerEnforced" });
    assert.equal(edge.accessLogsEncryptionArgs("b").rules, [
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    assert.equal(edge.accessLogsLifecycleArgs(dev, "b").rules, [
      { id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: 7 } },
    ]);
  },
);

logs(
  "lets only the region's load-balancing account write, only under this account's prefix, and refuses plain HTTP",
  () => {
    const policy = edge.accessLogsBucketPolicy({
      bucketArn: "arn:aws:s3:::logs",
      accountId: "111122223333",
      elbAccountArn: "arn:aws:iam::033677994240:root",
    });
    const [write, tlsOnly] = policy.Statement;
    assert.equal(write, {
      Sid: "LoadBalancerWritesAccessLogs",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::033677994240:root" },
      Action: "s3:PutObject",
      Resource: "arn:aws:s3:::logs/alb/AWSLogs/111122223333/*",
    });
    assert.equal([tlsOnly?.Effect, tlsOnly?.Condition], ["Deny", { Bool: { "aws:SecureTransport": "false" } }]);
  },
);

logs.run();
