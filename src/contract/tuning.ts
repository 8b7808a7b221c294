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
export const UNHEALTHY_THRESHOLD = 3;
// How long a health check may take, the load balancer's and the container's own; below the interval.
export const HEALTH_CHECK_TIMEOUT_SECONDS = 5;
// Time a new task gets before failed health checks count: Flask + gunicorn cold start, with room.
export const HEALTH_CHECK_GRACE_PERIOD_SECONDS = 60;
