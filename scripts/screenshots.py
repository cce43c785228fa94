"""Regenerate the README screenshots (docs/screenshots/) from a running demo server.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 BASE_URL=http://127.0.0.1:8731 .venv/bin/python manage.py seed_demo
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python manage.py runserver 127.0.0.1:8731 &
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python scripts/screenshots.py http://127.0.0.1:8731

The URLs and the owner account are looked up in the demo database (tests/browser/discover.py), the owner's password
is read from .demo-password (written by seed_demo). Every page type is shot at 1366×900 (desktop) and 390×844
(phone); `--all` keeps every shot in --out, otherwise only README_SHOTS are kept there and the rest go to
artifacts/screenshots/. The kept PNGs are resized and reduced to 256 colours with Pillow. Map tiles are not
fetched (offline).
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
# (name, key in discover.py's output or a path, needs the owner's login[, element scrolled to the top first])
PAGES = [
    ("home", "home", False),
    ("directory", "directory", False),
    ("map", "map", False),
    ("business", "business", False),
    ("campaign", "campaign", False),
    ("collective-index", "collective_index", False),
    ("collective-campaign", "collective_campaign", False),
    ("news-index", "news_index", False),
    ("news", "news", False),
    ("standard", "standard", False),
    ("owner-dashboard", "/mein-unternehmen/", True),
    ("owner-business", "owner_business", True),
    ("owner-edit", "owner_edit", True),
    ("owner-hours", "owner_edit", True, "#regular-hours-heading"),
]
# The few that the README shows: (name, viewport, full page?)
README_SHOTS = [
    ("home", "desktop", False),
    ("campaign", "phone", False),
    ("campaign", "desktop", False),
    ("map", "phone", False),
    ("map", "desktop", False),
    ("directory", "desktop", False),
    ("business", "phone", False),
    ("collective-campaign", "phone", False),
    ("owner-hours", "phone", False),
    ("owner-business", "phone", False),
]


def discover():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "cms.settings.dev")}
    result = subprocess.run(
        [sys.executable, "tests/browser/discover.py"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    if data.get("owner_business_pk"):
        data["owner_business"] = f"/mein-unternehmen/{data['owner_business_pk']}/"
        data["owner_edit"] = f"/mein-unternehmen/{data['owner_business_pk']}/bearbeiten/"
    return data


def offline(base_url):
    def route(route):
        if route.request.url.startswith(base_url):
            return route.continue_()
        return route.abort()

    return route


def login(page, email, password):
    page.goto("/konto/login/")
    page.locator("input[type=email], input[name=login]").first.fill(email)
    page.locator("input[type=password]").first.fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def shrink(path, max_width=780):
    """Small enough for a README: at most `max_width` px wide, 256 colours (Pillow; no extra tool needed)."""
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("RGB")
        if image.width > max_width:
            image = image.resize((max_width, round(image.height * max_width / image.width)), Image.LANCZOS)
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="the running demo server, e.g. http://127.0.0.1:8731")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--all", action="store_true", help="keep every shot in --out")
    parser.add_argument("--full-page", action="store_true", help="whole pages instead of the first screen")
    args = parser.parse_args()
    base_url = args.base_url.rstrip("/")
    out, scratch = Path(args.out), ROOT / "artifacts" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    scratch.mkdir(parents=True, exist_ok=True)
    data = discover()
    password = (ROOT / ".demo-password").read_text().strip()
    wanted = {(name, viewport) for name, viewport, _full in README_SHOTS}

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--lang=de-DE"],
        )
        for viewport_name, viewport in VIEWPORTS.items():
            scale = 2 if viewport_name == "phone" else 1
            context = browser.new_context(
                viewport=viewport, device_scale_factor=scale, base_url=base_url, locale="de-DE"
            )
            context.route("**/*", offline(base_url))
            page = context.new_page()
            logged_in = False
            for name, key, needs_login, *anchor in PAGES:
                path = key if key.startswith("/") else data.get(key)
                if not path:
                    print(f"skip {name}: not in the demo data")
                    continue
                if needs_login and not logged_in:
                    login(page, data["accounts"]["owner"], password)
                    logged_in = True
                page.goto(path)
                page.wait_for_load_state("networkidle")
                if anchor:
                    page.locator(anchor[0]).evaluate("el => el.scrollIntoView({block: 'start'})")
                keep = args.all or (name, viewport_name) in wanted
                target = (out if keep else scratch) / f"{name}-{viewport_name}.png"
                page.screenshot(path=str(target), full_page=args.full_page)
                if keep:
                    shrink(str(target))
                print(target)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
