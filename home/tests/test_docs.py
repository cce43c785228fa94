"""The README's variable table and .env.example list every environment variable the settings read."""

import re
from pathlib import Path

from django.utils import translation

from fundraising.models import FundraisingSettings

BASE_DIR = Path(__file__).resolve().parents[2]


def variables_read_in_settings():
    names = set()
    for path in sorted((BASE_DIR / "cms" / "settings").glob("*.py")):
        source = path.read_text()
        names |= set(re.findall(r'\benv(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', source))
        names |= set(re.findall(r'_required\(\s*"([A-Z][A-Z0-9_]+)"', source))
        names |= set(re.findall(r'os\.environ(?:\.get|\.setdefault)?[\[(]\s*"([A-Z][A-Z0-9_]+)"', source))
        schema = re.search(r"env = environ\.Env\((.*?)\n\)", source, re.S)
        if schema:
            names |= set(re.findall(r"^\s+([A-Z][A-Z0-9_]+)=", schema.group(1), re.M))
    names.discard("DJANGO_SETTINGS_MODULE")
    names.discard("PYTEST_XDIST_WORKER")  # set by pytest-xdist for the test settings, not by whoever deploys
    return names


def test_settings_read_the_expected_core_variables():
    names = variables_read_in_settings()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "PLATFORM_NAME", "CITY_NAME"} <= names


def test_readme_table_lists_every_variable():
    readme = (BASE_DIR / "README.md").read_text()
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    missing = sorted(variables_read_in_settings() - documented)
    assert not missing, f"add these to the README's variable table: {missing}"


def test_env_example_lists_every_variable():
    example = (BASE_DIR / ".env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.M))
    missing = sorted(variables_read_in_settings() - listed)
    assert not missing, f"add these to .env.example: {missing}"


def test_readme_quick_start_has_exactly_two_commands():
    readme = (BASE_DIR / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    block = quick_start.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]


LEGAL_PREFIXES = ("RETENTION_", "PLATFORM_OPERATOR_", "FUNDRAISING_MERCHANT_", "PAYOUTS_DE_MINIMIS", "PAYOUTS_REQUIRE")
LEGAL_FIELDS = ("terms_page", "privacy_page", "support_info_page", "closure_deadline_days", "closure_exchange_campaign")


def test_legal_office_page_lists_every_legal_setting():
    """docs/legal.md (issue 20) names every setting the city's legal office must review: the environment variables
    of the legal topics and the legal fields of the fundraising settings."""
    legal = (BASE_DIR / "docs" / "legal.md").read_text()
    source = (BASE_DIR / "cms" / "settings" / "base.py").read_text()
    names = {name for name in re.findall(r"^([A-Z][A-Z0-9_]+) =", source, re.M) if name.startswith(LEGAL_PREFIXES)}
    assert len(names) >= 9
    assert not sorted(name for name in names if f"`{name}`" not in legal)
    for field in LEGAL_FIELDS:
        with translation.override("en"):  # the page is in English, like the admin's field names it quotes
            label = str(FundraisingSettings._meta.get_field(field).verbose_name).replace("“", "").replace("”", "")
        assert label.lower() in legal.lower().replace("“", "").replace("”", ""), field
