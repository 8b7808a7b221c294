// Values the stack fixes rather than configures, shared by more than one tier (and by the models that
// reason about them): the ports the load balancer listens on, the internet's CIDR, and how a task is
// judged healthy. A builder that needs one imports it from here, so no builder imports another.

// The internet, as a route's destination or a rule's peer.
export const ANYWHERE = "0.0.0.0/0";

// The sessions table's partition key (a string); the TTL attribute must be another, numeric attribute.
export const SESSION_KEY = "sessionId";

// The load balancer's listeners: HTTP always, HTTPS with a certificate.
export const HTTP_PORT = 80;
export const HTTPS_PORT = 443;

// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
// Healthy after 2 checks (60 s at the default interval) instead of AWS's 5 (2.5 minutes).
export const HEALTHY_THRESHOLD = 2;
// How long a health check may take, the load balancer's and the container's own; below the interval.
export const HEALTH_CHECK_TIMEOUT_SECONDS = 5;
// Time a new task gets before failed health checks count: Flask + gunicorn cold start, with room.
export const HEALTH_CHECK_GRACE_PERIOD_SECONDS = 60;

// Deployments: never below the desired count, up to twice it while new tasks start. The connection budget
// counts the doubled fleet: both halves hold their pools until the old tasks stop.
export const DEPLOYMENT_MINIMUM_HEALTHY_PERCENT = 100;
export const DEPLOYMENT_MAXIMUM_PERCENT = 200;

// ---- how long a new task takes to serve ----

// From the desired count rising to the task RUNNING: Fargate capacity, ENI attachment and start. AWS
// documents no figure; the stack's conservative choice (see docs/evidence.md for what was found).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html
export const FARGATE_PROVISIONING_SECONDS = 60;

// "Fargate does not cache images, and therefore the whole image is pulled from the registry when a task
// runs". AWS publishes no pull time for Fargate: the stack's conservative choice for a ~250 MB image, its
// extraction and the app's start (docs/evidence.md).
// https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/pull-behavior.html
export const IMAGE_PULL_SECONDS = 60;

// From the desired count rising to the load balancer routing to the new task: running, then
// HEALTHY_THRESHOLD consecutive passing checks, one per interval.
// https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/load-balancer-healthcheck.html
export const taskStartToHealthySeconds = (healthCheckIntervalSeconds: number): number =>
  FARGATE_PROVISIONING_SECONDS + IMAGE_PULL_SECONDS + HEALTHY_THRESHOLD * healthCheckIntervalSeconds;

// ---- health checks that do not cascade ----

// A task whose workers are all busy answers the health check late or not at all. If the load balancer
// drains it sooner than a new task can take its load, the survivors get that load and fail in turn: a
// saturated fleet drains itself. So a task is judged unhealthy only after failing for at least the time a
// scale-out step takes to bring a new task to healthy (docs/security-bar.md, rule 13), and never after more than five
// minutes (a dead task must still go). The container's own health check (ECS replaces a task whose
// essential container is unhealthy) counts its retries the same way.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
// (UnhealthyThresholdCount 2..10); https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
// (retries 1..10).
export const UNHEALTHY_THRESHOLD_RANGE = { min: 2, max: 10 } as const;
export const MAX_DRAIN_SECONDS = 300;

export interface HealthTolerance {
  readonly unhealthyThreshold: number; // failed checks in a row before the task is drained
  readonly drainSeconds: number; // unhealthyThreshold x interval: how long a saturated task is tolerated
  readonly startToHealthySeconds: number; // what it must at least cover
  readonly fits: boolean; // startToHealthySeconds <= drainSeconds <= MAX_DRAIN_SECONDS
}

export const healthTolerance = (healthCheckIntervalSeconds: number): HealthTolerance => {
  const startToHealthySeconds = taskStartToHealthySeconds(healthCheckIntervalSeconds);
  const unhealthyThreshold = Math.min(
    Math.max(Math.ceil(startToHealthySeconds / healthCheckIntervalSeconds), UNHEALTHY_THRESHOLD_RANGE.min),
    UNHEALTHY_THRESHOLD_RANGE.max,
  );
  const drainSeconds = unhealthyThreshold * healthCheckIntervalSeconds;
  return {
    unhealthyThreshold,
    drainSeconds,
    startToHealthySeconds,
    fits: drainSeconds >= startToHealthySeconds && drainSeconds <= MAX_DRAIN_SECONDS,
  };
};

// RDS Proxy listens on the engine family's default port, whatever port the database uses ("the proxy
// listens on the default port": 5432 for PostgreSQL); it reaches the database on the database's own port.
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html (limitations)
export const RDS_PROXY_POSTGRES_PORT = 5432;
