"""gunicorn servers, a load generator and the servers' own accounting (CPU per request, memory per worker).

Both servers of a run (the platform and bench/minimal_site) get exactly the same gunicorn options: 2 sync workers
(docs/deployment.md with WEB_CONCURRENCY=2 and the sync worker class), no worker recycling during a measurement
(`--max-requests 0`), no access log. Everything listens on 127.0.0.1 only; every load loop is bounded in requests
and seconds.

CPU per request is read from the kernel's accounting of the worker processes (/proc/<pid>/stat, user + system),
so it counts only the server's work and holds on a busy machine; requests per second are what the loopback
clients saw and move with the load of the machine, which is why every run also measures its references.
"""

import http.client
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PYTHON = sys.executable
TICKS = os.sysconf("SC_CLK_TCK")
BYPASS = {"Cookie": "sessionid=bench-bypass-cache"}  # an unknown session: anonymous, never served from cache


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """One gunicorn master with `workers` sync workers, serving `wsgi` from `cwd`."""

    def __init__(self, name, cwd, wsgi, env, workers=2):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix=f"wshd-bench-{name}-", suffix=".log", delete=False)  # noqa: SIM115
        args = [
            PYTHON,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--max-requests",
            "0",
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
            "--no-control-socket",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
            wsgi,
        ]
        self.process = subprocess.Popen(  # noqa: S603
            args, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, path="/", timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} server exited early:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=10) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except urllib.error.HTTPError as error:
                raise RuntimeError(f"{self.name}: {path} answered {error.code}:\n{self.output()}") from error
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(f"{self.name} server not ready after {timeout}s:\n{self.output()}")

    def workers(self):
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return sorted(pids)

    def cpu_seconds(self):
        """User + system CPU seconds of all workers so far."""
        return process_cpu_seconds(self.workers())

    def memory(self):
        """Per worker: RSS and USS (private memory) in MB, from /proc/<pid>/smaps_rollup."""
        result = []
        for pid in self.workers():
            values = {}
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    parts = line.split()
                    if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                        values[parts[0][:-1]] = int(parts[1])
            except OSError:
                continue
            uss = values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)
            result.append({"pid": pid, "rss_mb": values.get("Rss", 0) / 1024, "uss_mb": uss / 1024})
        return result

    def output(self):
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-5000:]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


def cpu_by_pid(pids):
    """User + system CPU seconds of each of these processes so far (those that have gone are left out)."""
    result = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        result[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    return result


def process_cpu_seconds(pids):
    return sum(cpu_by_pid(pids).values())


def fetch(port, path, headers=None):
    """One GET; returns (status, headers dict (lower-case names), body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def _client(job):
    port, path, headers, deadline, budget = job
    latencies, statuses, errors, cache = [], {}, 0, {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < deadline and len(latencies) < budget:
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        latencies.append(time.perf_counter() - started)
        statuses[response.status] = statuses.get(response.status, 0) + 1
        state = response.getheader("X-Public-Cache", "-")
        cache[state] = cache.get(state, 0) + 1
        if response.will_close:
            conn.close()
    conn.close()
    return latencies, statuses, errors, cache


def load(server, path, headers=None, duration=5.0, max_requests=20000, clients=4, side_pids=None):
    """Hammer one URL from `clients` processes for `duration` s (at most `max_requests`); returns the figures.

    `side_pids()` names processes outside gunicorn that work for its requests (PostgreSQL backends, Redis): their
    CPU is reported separately as `side_cpu_ms` per request."""
    headers = headers or {}
    duration = min(duration, 60.0)
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        pool.map(_client, [(server.port, path, headers, time.monotonic() + 0.5, 20)] * clients)  # warm-up
        side_before = cpu_by_pid(side_pids()) if side_pids else {}
        cpu_before = server.cpu_seconds()
        started = time.monotonic()
        jobs = [(server.port, path, headers, started + duration, max_requests // clients)] * clients
        results = pool.map(_client, jobs)
        elapsed = time.monotonic() - started
        cpu = server.cpu_seconds() - cpu_before
        # Per process: one that started during the load counts whole, one that ended is lost (never negative).
        side_after = cpu_by_pid(set(side_pids()) | set(side_before)) if side_pids else {}
        side_cpu = sum(max(0.0, cpu - side_before.get(pid, 0.0)) for pid, cpu in side_after.items())
    latencies = sorted(x for r in results for x in r[0])
    statuses, cache = {}, {}
    for r in results:
        for k, v in r[1].items():
            statuses[k] = statuses.get(k, 0) + v
        for k, v in r[3].items():
            cache[k] = cache.get(k, 0) + v

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    count = len(latencies)
    return {
        "requests": count,
        "rps": count / elapsed if elapsed else 0.0,
        "cpu_ms": cpu * 1000 / count if count else float("nan"),
        "side_cpu_ms": side_cpu * 1000 / count if count else float("nan"),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "errors": sum(r[2] for r in results),
        "statuses": statuses,
        "cache": max(cache, key=cache.get) if cache else "-",
    }
