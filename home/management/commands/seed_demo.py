"""Build the demo city: `manage.py seed_demo` runs the generators named in settings.DEMO_GENERATORS, in order.

Each generator module has `seed(ctx)` and may have `finish(ctx)` (run after every module's `seed`, e.g. to link
pages that later generators created). Generators are idempotent: they look things up by slug/email and create only
what is missing, so running the command twice leaves the same data. It refuses to run unless DEMO_ALLOWED is on
(dev and test settings only).
"""

import importlib
import os
import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


@dataclass
class DemoContext:
    rng: random.Random
    password: str
    log: object
    accounts: list = field(default_factory=list)


def demo_password():
    """DEMO_PASSWORD when set; else a random password, kept in a git-ignored file so that a second run keeps it."""
    if settings.DEMO_PASSWORD:
        return settings.DEMO_PASSWORD, "DEMO_PASSWORD"
    path = Path(settings.BASE_DIR) / ".demo-password"
    if path.exists():
        stored = path.read_text().strip()
        if stored:
            return stored, str(path.name)
    password = secrets.token_urlsafe(12)
    path.write_text(password + "\n")
    os.chmod(path, 0o600)
    return password, str(path.name)


def production_settings_active():
    module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    return module.endswith(".production") or not getattr(settings, "DEMO_ALLOWED", False)


class Command(BaseCommand):
    help = "Create (or complete) the demo city: pages, businesses, owners, campaigns. Idempotent; never in production."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", action="append", default=None, help="Run only this generator module (repeatable)."
        )

    def handle(self, *args, **options):
        if production_settings_active():
            raise CommandError(
                "seed_demo refuses to run with these settings (DEMO_ALLOWED is off, e.g. production). "
                "Demo data belongs in development and test databases only."
            )
        password, source = demo_password()
        ctx = DemoContext(rng=random.Random(settings.DEMO_SEED), password=password, log=self._log)
        modules = []
        for name in options["only"] or settings.DEMO_GENERATORS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name and (name == error.name or name.startswith(error.name + ".")):
                    self.stdout.write(self.style.WARNING(f"- {name}: skipped (module does not exist yet)"))
                    continue
                raise
            if not hasattr(module, "seed"):
                self.stdout.write(self.style.WARNING(f"- {name}: skipped (no seed(ctx) function)"))
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"- {name}"))
            with transaction.atomic():
                module.seed(ctx)
            modules.append((name, module))
        for _name, module in modules:
            if hasattr(module, "finish"):
                with transaction.atomic():
                    module.finish(ctx)

        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        if ctx.accounts:
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING("Demo log-ins (log in at /konto/login/):"))
            width = max(len(role) for role, _ in ctx.accounts)
            for role, email in ctx.accounts:
                self.stdout.write(f"  {role.ljust(width)}  {email}")
            note = "from DEMO_PASSWORD" if source == "DEMO_PASSWORD" else f"random, kept in {source}"
            self.stdout.write(f"  Password for all of them: {password}  ({note})")

    def _log(self, text):
        self.stdout.write(f"    {text}")
