"""The reference app: the smallest Flask API that honours the container contract (README, "Container contract").

- GET  /health             200 without touching the database: the load balancer and the container probe it.
- GET  /api/time           reads the database (PostgreSQL over TLS, a pool of DB_POOL_SIZE per worker).
- POST /api/sessions       writes a session to the DynamoDB table SESSIONS_TABLE, expiring through its TTL.

gunicorn serves it (see the Dockerfile): WEB_CONCURRENCY workers, each with its own pool, opened lazily so
/health answers while the database is still starting.
"""

import os
import time
import uuid

import boto3
from flask import Flask, jsonify
from psycopg_pool import ConnectionPool

SESSION_TTL_SECONDS = 3600

app = Flask(__name__)

_pool = None


def pool():
    """This worker's connection pool, opened on first use (gunicorn forks the workers before any request)."""
    global _pool
    if _pool is None:
        size = int(os.environ.get("DB_POOL_SIZE", "1"))
        _pool = ConnectionPool(
            conninfo="",
            kwargs={
                "host": os.environ["DB_HOST"],
                "port": os.environ.get("DB_PORT", "5432"),
                "dbname": os.environ["DB_NAME"],
                "user": os.environ["DB_USERNAME"],
                "password": os.environ["DB_PASSWORD"],
                "sslmode": "require",  # the parameter group refuses plain connections (rds.force_ssl)
                "connect_timeout": 5,
            },
            min_size=1,
            max_size=size,
            # A connection the database or RDS Proxy closed while idle (the proxy after 30 minutes) is
            # replaced before it is lent, not handed to a request.
            check=ConnectionPool.check_connection,
            timeout=5,
            open=True,
        )
    return _pool


_table = None


def sessions_table():
    global _table
    if _table is None:
        region = os.environ.get("AWS_REGION")
        _table = boto3.resource("dynamodb", region_name=region).Table(os.environ["SESSIONS_TABLE"])
    return _table


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.get("/api/time")
def database_time():
    with pool().connection() as conn:
        now = conn.execute("select now()").fetchone()[0]
    return jsonify(databaseTime=now.isoformat())


@app.post("/api/sessions")
def create_session():
    session_id = str(uuid.uuid4())
    ttl_attribute = os.environ.get("SESSIONS_TTL_ATTRIBUTE", "expiry")
    # DynamoDB's TTL reads a Number of epoch seconds; the item is gone some time after it.
    sessions_table().put_item(Item={"sessionId": session_id, ttl_attribute: int(time.time()) + SESSION_TTL_SECONDS})
    return jsonify(sessionId=session_id), 201
