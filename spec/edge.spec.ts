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
    [args.name, args.targetType, args.protocol, args.port, args.vpcId, args.tags],
    ["tg-5000-dev", "ip", "HTTP", 5000, "vpc-1", { Name: "tg-5000-dev" }],
  );
  assert.equal(args.healthCheck, {
    enabled: true,
    protocol: "HTTP",
    port: "traffic-port",
    path: "/health",
    interval: 30,
    timeout: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 6, // 6 x 30 s = 180 s: as long as a new task takes to turn healthy (60 + 60 + 2 x 30)
    matcher: "200",
  });
});

// 15 s: 150 s to healthy -> 10 checks; 30 s: 180 s -> 6; 60 s: 240 s -> 4; 75 s: 270 s -> 4 (300 s).
tg("drains a failing task only after as long as a new task takes to turn healthy", () => {
  const thresholdAt = (interval: number) =>
    (
      edge.targetGroupArgs(configOf({ "webapp:service": { healthCheckIntervalSeconds: interval } }), "vpc-1")
        .healthCheck as { unhealthyThreshold: number }
    ).unhealthyThreshold;
  assert.equal([thresholdAt(15), thresholdAt(30), thresholdAt(60), thresholdAt(75)], [10, 6, 4, 4]);
});

tg("carries its port in its name, so a port change replaces it without a name collision", () => {
  assert.is(edge.targetGroupArgs(configOf({ "webapp:service": { containerPort: 8080 } }), "vpc-1").name, "tg-8080-dev");
});

tg("drains in 30 s instead of AWS's 300", () => {
  assert.is(edge.targetGroupArgs(dev, "vpc-1").deregistrationDelay, 30);
});

tg("times a check out after 5 s, below every interval the contract accepts (15 to 75 s)", () => {
  const timeoutAt = (interval: number) =>
    (
      edge.targetGroupArgs(configOf({ "webapp:service": { healthCheckIntervalSeconds: interval } }), "vpc-1")
        .healthCheck as { timeout: number }
    ).timeout;
  assert.equal([timeoutAt(15), timeoutAt(75)], [5, 5]);
});

tg.run();

const listeners = suite("listeners");

const notFound = {
  type: "fixed-response",
  fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" },
};

listeners(
  "without a certificate: one listener, HTTP on 80 of this load balancer, whose default answer is a 404",
  () => {
    assert.equal(edge.listeners(dev, "alb-arn"), [
      {
        name: "listener-80-dev",
        args: {
          loadBalancerArn: "alb-arn",
          port: 80,
          protocol: "HTTP",
          defaultActions: [notFound],
          tags: { Name: "listener-80-dev" },
        },
      },
    ]);
  },
);

listeners("with a certificate: HTTPS on 443 with the TLS 1.2/1.3 policy, and 80 only redirects to it (301)", () => {
  assert.equal(edge.listeners(tls, "alb-arn"), [
    {
      name: "listener-443-dev",
      args: {
        loadBalancerArn: "alb-arn",
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificateArn: "arn:aws:acm:us-east-2:123456789012:certificate/abc",
        defaultActions: [notFound],
        tags: { Name: "listener-443-dev" },
      },
    },
    {
      name: "listener-80-dev",
      args: {
        loadBalancerArn: "alb-arn",
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        tags: { Name: "listener-80-dev" },
      },
    },
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

rules("each rule sits on the traffic listener and carries its Name tag", () => {
  assert.equal(
    edge
      .listenerRules(dev, { listenerArn: "l-1", targetGroupArn: "tg-1" })
      .map((r) => [r.args.listenerArn, r.args.tags]),
    [
      ["l-1", { Name: "rule-health-dev" }],
      ["l-1", { Name: "rule-api-dev" }],
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
    assert.equal(edge.accessLogsOwnershipArgs("b"), { bucket: "b", rule: { objectOwnership: "BucketOwnerEnforced" } });
    assert.equal(edge.accessLogsEncryptionArgs("b"), {
      bucket: "b",
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    assert.equal(edge.accessLogsLifecycleArgs(dev, "b"), {
      bucket: "b",
      rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: 7 } }],
    });
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
    assert.equal(policy, {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "LoadBalancerWritesAccessLogs",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::033677994240:root" },
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::logs/alb/AWSLogs/111122223333/*",
        },
        {
          // Anyone, any action, on the bucket and every object: refused without TLS.
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
  },
);

logs.run();
