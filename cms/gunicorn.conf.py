"""gunicorn configuration: `gunicorn -c cms/gunicorn.conf.py cms.wsgi`.

Every value can be overridden from the environment (GUNICORN_*, WEB_CONCURRENCY) or the command line.
Behind nginx / a load balancer: bind to the loopback or a private interface only, and let the proxy terminate TLS
and set X-Forwarded-Proto (trusted from FORWARDED_ALLOW_IPS only).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers with a few threads: Django's ORM is blocking; threads help while a worker waits on PostgreSQL/Redis.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = 5
# Recycle workers now and then (memory growth); the jitter keeps them from restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 200))
# Request limits (nginx's client_max_body_size limits the body; see docs/deployment.md).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
logger_class = "cms.gunicorn_logging.RedactingLogger"  # secret link tokens never reach the access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "wshd"
# gunicorn 25+ opens a control socket (gunicornc) at one fixed per-user path; several servers on one machine (the
# system tests, the benchmark, make serve) would fight over it. Opt in with GUNICORN_CONTROL_SOCKET=/path.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
