"""Real-browser tests: Playwright for Python driving Debian's Chromium against a real app server.

One server per test session: a fresh SQLite database in a temporary folder, migrated and filled by `seed_demo`,
served by `manage.py runserver --insecure` (threaded, DEBUG off) on a free loopback port, with email written to
files. Every test gets a fresh browser context that

* blocks every request to another origin, except map tiles, which are answered locally with a transparent PNG
  (the tests never touch the network, and the map must work with tiles unavailable),
* records console errors, page errors and failed requests / error responses from our own origin; a test fails on
  any of them unless it declares them expected.

Skipped (with a clear reason) when Chromium or Playwright is missing; `make test` prints that, `.ci/run` installs
both.
"""

import base64
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
PASSWORD = "Browser-Test-Passwort-2026"  # noqa: S105 (the demo accounts of a throw-away test database)
TRANSPARENT_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def pytest_collection_modifyitems(config, items):
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    if reason is None and not AXE.exists():
        reason = "node_modules/axe-core is missing (npm ci)"
    if reason and os.environ.get("REQUIRE_BROWSER_TESTS"):
        raise pytest.UsageError(f"REQUIRE_BROWSER_TESTS is set but the browser tests cannot run: {reason}")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


# --- the app server ----------------------------------------------------------------------------------------------


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveSite:
    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.mail_dir = self.workdir / "mail"
        self.mail_dir.mkdir(exist_ok=True)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "EMAIL_URL"))},
            "DJANGO_SETTINGS_MODULE": "tests.browser.settings",
            "DATABASE_URL": f"sqlite:///{self.workdir / 'site.sqlite3'}",
            "MEDIA_ROOT": str(self.workdir / "media"),
            "BROWSER_EMAIL_DIR": str(self.mail_dir),
            "BROWSER_BASE_URL": self.url,
            "DEMO_PASSWORD": PASSWORD,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        self.log_path = self.workdir / "server.log"
        self.process = None
        self.data = {}

    def manage(self, *args, timeout=900):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
        return result.stdout

    def python(self, script, *args):
        result = subprocess.run(  # noqa: S603
            [sys.executable, script, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300
        )
        if result.returncode:
            raise RuntimeError(f"{script} failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def setup(self):
        cached = _seed_cache_dir()
        if cached and (cached / "site.sqlite3").exists():
            shutil.copy2(cached / "site.sqlite3", self.workdir / "site.sqlite3")
            if (cached / "media").exists():
                shutil.copytree(cached / "media", self.workdir / "media")
        else:
            self.manage("migrate", "--noinput", "-v0")
            self.manage("seed_demo")
            if cached:
                self.manage("shell", "-c", "from django.db import connection; connection.cursor().execute('VACUUM')")
                tmp = cached.with_suffix(".tmp")
                shutil.rmtree(tmp, ignore_errors=True)
                tmp.mkdir(parents=True)
                shutil.copy2(self.workdir / "site.sqlite3", tmp / "site.sqlite3")
                if (self.workdir / "media").exists():
                    shutil.copytree(self.workdir / "media", tmp / "media")
                shutil.rmtree(cached, ignore_errors=True)
                tmp.rename(cached)
        self.data = self.python("tests/browser/discover.py")
        (self.workdir / "data.json").write_text(json.dumps(self.data))

    def start(self):
        log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload", "--insecure"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("runserver exited:\n" + self.log_path.read_text()[-5000:])
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError("runserver not ready:\n" + self.log_path.read_text()[-5000:])

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    # Email ---------------------------------------------------------------------------------------------------

    def mails(self):
        """Every message written so far, as text (the file backend writes one file per connection)."""
        texts = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
            texts.extend(m for m in path.read_text(errors="replace").split("-" * 79) if m.strip())
        return texts

    def wait_for_mail(self, to, pattern, timeout=20):
        """The first link (or other match of `pattern`) in a mail to `to`; mails are sent by a background task."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while time.monotonic() < deadline:
            for text in self.mails():
                if f"To: {to}" in text:
                    decoded = _decode_mail(text)
                    match = regex.search(decoded)
                    if match:
                        return match.group(0)
            time.sleep(0.3)
        raise AssertionError(f"no mail to {to} matching {pattern!r}; mails: {[m[:300] for m in self.mails()]}")


def _seed_cache_dir():
    """Migrating and seeding the demo city takes minutes; BROWSER_SEED_CACHE=<folder> keeps the seeded database
    there, keyed by a hash of every file that can change it (models, migrations, demo generators, city data,
    settings), so repeated local runs start in seconds. Off by default (and in CI): every run seeds afresh."""
    base = os.environ.get("BROWSER_SEED_CACHE")
    if not base:
        return None
    import hashlib

    digest = hashlib.sha256()
    for pattern in ("*/**/*.py", "*/cities/*.json", "requirements*.txt"):
        for path in sorted(ROOT.glob(pattern)):
            parts = path.relative_to(ROOT).parts
            if parts[0] in (".venv", "node_modules", "tests", "bench") or "tests" in parts:
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return Path(base) / digest.hexdigest()[:16]


def _decode_mail(text):
    import email
    from email import policy

    message = email.message_from_string(text.strip(), policy=policy.default)
    parts = [message] if not message.is_multipart() else list(message.walk())
    out = []
    for part in parts:
        if part.get_content_maintype() == "text":
            with contextlib.suppress(Exception):
                out.append(part.get_content())
    return "\n".join(out) or text


class ReusedSite(LiveSite):
    """A site another run of these tests left running (KEEP_BROWSER_SITE), for quick iteration while writing tests:
    BROWSER_SITE_DIR=<its folder> BROWSER_SITE_URL=http://127.0.0.1:<port>. Tests change its data as they go."""

    def __init__(self, workdir, url):
        super().__init__(workdir)
        self.url = url
        self.data = json.loads((self.workdir / "data.json").read_text())


@pytest.fixture(scope="session")
def live_site():
    if os.environ.get("BROWSER_SITE_URL") and os.environ.get("BROWSER_SITE_DIR"):
        yield ReusedSite(os.environ["BROWSER_SITE_DIR"], os.environ["BROWSER_SITE_URL"])
        return
    workdir = tempfile.mkdtemp(prefix="wshd-browser-")
    site = LiveSite(workdir)
    try:
        site.setup()
        site.start()
        yield site
    finally:
        site.stop()
        if os.environ.get("KEEP_BROWSER_SITE"):
            print(f"browser test site kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


# --- the browser ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def tile_origin():
    from django.conf import settings

    url = getattr(settings, "MAP_TILE_URL", "") or "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    parts = urlsplit(url.replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}"


def _same_tile_server(url, origin):
    """Tile URLs may use {s} sub-domains: a.tile.example.org matches the configured origin's pattern."""
    host = urlsplit(url).netloc
    tile_host = urlsplit(origin).netloc
    if host == tile_host:
        return True
    return tile_host.startswith("a.") and host.endswith(tile_host[1:])


class Watcher:
    """What went wrong in one browser context (and every request's origin, for the privacy test)."""

    def __init__(self, site_url):
        self.site_url = site_url
        self.console_errors = []
        self.page_errors = []
        self.failed = []
        self.blocked = []
        self.origins = set()
        self.expected_statuses = set()
        self.expected_console = []

    def on_console(self, message):
        if message.type == "error":
            text = message.text
            if any(re.search(p, text) for p in self.expected_console):
                return
            self.console_errors.append(f"{text} @ {message.location.get('url', '')}")

    def on_request_failed(self, request):
        if request.url.startswith(self.site_url):
            failure = request.failure or ""
            if "ERR_ABORTED" in failure:
                return  # cancelled because the page navigated on (a click before a favicon finished loading)
            self.failed.append(f"{request.method} {request.url}: {failure}")

    def on_response(self, response):
        if response.url.startswith(self.site_url) and response.status >= 400:
            if response.status in self.expected_statuses:
                return
            self.failed.append(f"{response.request.method} {response.url}: HTTP {response.status}")

    def problems(self):
        return (
            self.console_errors + self.page_errors + self.failed + [f"blocked third party: {u}" for u in self.blocked]
        )


@pytest.fixture
def make_page(browser, live_site):
    """make_page(viewport="desktop"|"phone", **context options) -> (page, watcher); checked at teardown."""
    from django.conf import settings  # noqa: F401  (tile origin from the project's settings)

    created = []
    origin = tile_origin()

    def _make(viewport="desktop", **options):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            base_url=live_site.url,
            locale="de-DE",
            timezone_id="Europe/Berlin",
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
            **options,
        )
        context.set_default_timeout(15_000)
        watcher = Watcher(live_site.url)

        def route(route):
            url = route.request.url
            watcher.origins.add(f"{urlsplit(url).scheme}://{urlsplit(url).netloc}")
            if url.startswith(live_site.url) or url.startswith("data:") or url.startswith("blob:"):
                return route.continue_()
            if _same_tile_server(url, origin):
                return route.fulfill(status=200, content_type="image/png", body=TRANSPARENT_PNG)
            watcher.blocked.append(url)
            return route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", watcher.on_console)
        page.on("pageerror", lambda error: watcher.page_errors.append(f"page error: {error}"))
        page.on("requestfailed", watcher.on_request_failed)
        page.on("response", watcher.on_response)
        created.append((context, watcher))
        return page, watcher

    yield _make
    problems = []
    for context, watcher in created:
        problems.extend(watcher.problems())
        context.close()
    assert not problems, "browser problems:\n" + "\n".join(problems)


# --- helpers used by the tests -----------------------------------------------------------------------------------


def screenshot(page, name, viewport):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{viewport}.png"), full_page=True)


_AXE_SOURCE = []


def _axe_source():
    if not _AXE_SOURCE:
        _AXE_SOURCE.append(AXE.read_text() + "\n;void 0;")
    return _AXE_SOURCE[0]


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, exclude=None):
    """Run axe-core (WCAG 2.1 A + AA rules) on the page; returns readable violation strings."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Not add_script_tag(): our Content-Security-Policy (rightly) blocks inline scripts, and the tests must run
        # with the real CSP so that violations show up as console errors. DevTools evaluation is exempt from CSP.
        page.evaluate(_axe_source())
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    context = {"exclude": exclude} if exclude else None
    result = page.evaluate(
        "([context, options]) => context ? axe.run(context, options) : axe.run(document, options)", [context, options]
    )
    found = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            found.append(
                f"[{violation['impact']}] {violation['id']}: {violation['help']} — {node['target']} "
                f"{node.get('failureSummary', '')[:300]!r} html={node['html'][:200]!r}"
            )
    return found


def assert_no_axe_violations(page, name=""):
    found = axe_violations(page)
    assert not found, f"axe found {len(found)} WCAG 2.1 A/AA violation(s) on {name or page.url}:\n" + "\n".join(found)


def login(page, email, password=PASSWORD, next_url=None):
    page.goto("/konto/login/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label(re.compile("E-Mail", re.I)).first.fill(email)
    page.locator("input[type=password]").first.fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
