"""Run real app servers for system tests and the benchmark: a fresh database, collected static files, gunicorn.

Everything listens on 127.0.0.1 only.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(args, env, timeout=600, input_text=None):
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input_text,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def run_python(code, env, timeout=600):
    """Run Django code in a separate process with the servers' settings; returns its last stdout line as JSON."""
    result = subprocess.run(  # noqa: S603
        [PYTHON, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"setup code failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class Server:
    """One gunicorn process (with its workers) on a loopback port."""

    def __init__(self, env, workers=2, threads=4, name="app"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix=f"wshd-{name}-", suffix=".log", delete=False)  # noqa: SIM115
        server_env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_ACCESSLOG": "",
            "GUNICORN_LOGLEVEL": "warning",
        }
        self.process = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "-c", "cms/gunicorn.conf.py", "cms.wsgi"],
            cwd=ROOT,
            env=server_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(f"server not ready after {timeout}s:\n{self.output()}")

    def output(self):
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-5000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()
        with contextlib.suppress(OSError):
            os.unlink(self.log.name)


def create_postgres_database(base_url, name):
    import psycopg

    url = base_url.replace("postgres://", "postgresql://", 1)
    prefix, _, _ = url.rpartition("/")
    with psycopg.connect(prefix + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return base_url.rpartition("/")[0] + "/" + name


def drop_postgres_database(base_url, name):
    import psycopg

    url = base_url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url.rpartition("/")[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class FakeStripeServer:
    """The fundraising tests' FakeStripe HTTP client, served over real HTTP so separate processes can use it."""

    def __init__(self, fake):
        self.fake = fake
        fake_ref = fake

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = f"http://127.0.0.1{self.path}"
                text, status, _headers = fake_ref.request(self.command.lower(), url, dict(self.headers), body)
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_fake")
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = _answer  # noqa: N815

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
