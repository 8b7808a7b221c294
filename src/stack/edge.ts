// The edge: an internet-facing Application Load Balancer in the public subnets, a target group of
// Fargate task IPs, listeners (HTTP, or HTTPS with HTTP redirecting) whose rules forward only `/health`
// and `/api/*`, and the encrypted, private, self-expiring bucket that receives its access logs.
// Used by src/main.ts for aws.lb.* and the access-log aws.s3.* resources.
import type * as aws from "@pulumi/aws";
import type { Input } from "@pulumi/pulumi";

import type { Config } from "../contract/config";
import {
  HEALTH_CHECK_TIMEOUT_SECONDS,
  HEALTHY_THRESHOLD,
  HTTP_PORT,
  HTTPS_PORT,
  healthTolerance,
} from "../contract/tuning";
import { type Spec, names, spec } from "./spec";

// ---- tuning (not the mission's numbers) ----

// Draining: Flask requests finish in well under 30 s; AWS's default 300 s slows every deployment.
const DEREGISTRATION_DELAY_SECONDS = 30;
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const ACCESS_LOG_PREFIX = "alb";

// Path-based routing: only these reach the tasks; everything else gets the listener's 404.
const ROUTES = [
  { key: "health", priority: 10, paths: (c: Config) => [c.service.healthCheckPath] },
  { key: "api", priority: 20, paths: () => ["/api/*"] },
] as const;

// ---- builders ----

export const loadBalancerArgs = (
  c: Config,
  refs: { securityGroupId: Input<string>; subnetIds: readonly Input<string>[]; accessLogsBucket: Input<string> },
): aws.lb.LoadBalancerArgs => ({
  name: names(c).alb,
  loadBalancerType: "application",
  internal: false,
  ipAddressType: "ipv4",
  securityGroups: [refs.securityGroupId],
  subnets: [...refs.subnetIds],
  dropInvalidHeaderFields: true, // FSBP ELB.4: no header smuggling through malformed fields
  desyncMitigationMode: "defensive", // AWS's recommended HTTP desync protection (FSBP ELB.12)
  enableDeletionProtection: false, // every stack must be destroyable by CI
  enableHttp2: true,
  accessLogs: { bucket: refs.accessLogsBucket, prefix: ACCESS_LOG_PREFIX, enabled: true },
  tags: { Name: names(c).alb },
});

export const targetGroupArgs = (c: Config, vpcId: Input<string>): aws.lb.TargetGroupArgs => ({
  name: names(c).targetGroup,
  targetType: "ip", // awsvpc tasks register by IP
  protocol: "HTTP",
  port: c.service.containerPort,
  vpcId,
  deregistrationDelay: DEREGISTRATION_DELAY_SECONDS,
  healthCheck: {
    enabled: true,
    protocol: "HTTP",
    port: "traffic-port",
    path: c.service.healthCheckPath,
    interval: c.service.healthCheckIntervalSeconds,
    // Below every interval the contract accepts (15 s and up), as AWS requires.
    timeout: HEALTH_CHECK_TIMEOUT_SECONDS,
    healthyThreshold: HEALTHY_THRESHOLD,
    // Drained only after failing as long as a new task takes to turn healthy: saturation does not cascade.
    unhealthyThreshold: healthTolerance(c.service.healthCheckIntervalSeconds).unhealthyThreshold,
    matcher: "200",
  },
  tags: { Name: names(c).targetGroup },
});

// The listeners, the one that carries the routing rules first. Without a certificate: HTTP on 80.
// With one: HTTPS on 443 (TLS 1.2+), and 80 only redirects to it.
export const listeners = (
  c: Config,
  loadBalancerArn: Input<string>,
): [Spec<aws.lb.ListenerArgs>, ...Spec<aws.lb.ListenerArgs>[]] => {
  const n = names(c);
  const notFound = {
    type: "fixed-response",
    fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" },
  };
  if (c.tls.certificateArn === undefined) {
    return [
      spec(n.listener(HTTP_PORT), {
        loadBalancerArn,
        port: HTTP_PORT,
        protocol: "HTTP",
        defaultActions: [notFound],
        tags: { Name: n.listener(HTTP_PORT) },
      }),
    ];
  }
  return [
    spec(n.listener(HTTPS_PORT), {
      loadBalancerArn,
      port: HTTPS_PORT,
      protocol: "HTTPS",
      sslPolicy: TLS_POLICY,
      certificateArn: c.tls.certificateArn,
      defaultActions: [notFound],
      tags: { Name: n.listener(HTTPS_PORT) },
    }),
    spec(n.listener(HTTP_PORT), {
      loadBalancerArn,
      port: HTTP_PORT,
      protocol: "HTTP",
      defaultActions: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: String(HTTPS_PORT), statusCode: "HTTP_301" } },
      ],
      tags: { Name: n.listener(HTTP_PORT) },
    }),
  ];
};

// `/health` and `/api/*` forward to the tasks, on the listener that serves traffic.
export const listenerRules = (
  c: Config,
  refs: { listenerArn: Input<string>; targetGroupArn: Input<string> },
): Spec<aws.lb.ListenerRuleArgs>[] =>
  ROUTES.map((route) =>
    spec(names(c).listenerRule(route.key), {
      listenerArn: refs.listenerArn,
      priority: route.priority,
      conditions: [{ pathPattern: { values: [...route.paths(c)] } }],
      actions: [{ type: "forward", targetGroupArn: refs.targetGroupArn }],
      tags: { Name: names(c).listenerRule(route.key) },
    }),
  );

// How people reach the app.
export const appUrl = (c: Config, dnsName: string): string => `${c.tls.certificateArn ? "https" : "http"}://${dnsName}`;

// ---- the access-log bucket ----

// A generated, globally unique name from the suffixed prefix; destroyed with its objects.
export const accessLogsBucketArgs = (c: Config): aws.s3.BucketArgs => ({
  bucketPrefix: names(c).accessLogsBucketPrefix,
  forceDestroy: true,
  tags: { Name: names(c).accessLogs },
});

export const accessLogsPublicAccessBlockArgs = (bucket: Input<string>): aws.s3.BucketPublicAccessBlockArgs => ({
  bucket,
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
});

export const accessLogsOwnershipArgs = (bucket: Input<string>): aws.s3.BucketOwnershipControlsArgs => ({
  bucket,
  rule: { objectOwnership: "BucketOwnerEnforced" }, // no ACLs
});

// ALB access logs support only SSE-S3 (AES256) on the target bucket.
export const accessLogsEncryptionArgs = (
  bucket: Input<string>,
): aws.s3.BucketServerSideEncryptionConfigurationArgs => ({
  bucket,
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});

export const accessLogsLifecycleArgs = (c: Config, bucket: Input<string>): aws.s3.BucketLifecycleConfigurationArgs => ({
  bucket,
  rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: c.logs.retentionDays } }],
});

// Only the region's Elastic Load Balancing account may write, only under this account's log prefix;
// any request without TLS is refused. Takes plain values: src/main.ts calls it inside apply.
export const accessLogsBucketPolicy = (refs: { bucketArn: string; accountId: string; elbAccountArn: string }) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "LoadBalancerWritesAccessLogs",
      Effect: "Allow",
      Principal: { AWS: refs.elbAccountArn },
      Action: "s3:PutObject",
      Resource: `${refs.bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${refs.accountId}/*`,
    },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [refs.bucketArn, `${refs.bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
});
