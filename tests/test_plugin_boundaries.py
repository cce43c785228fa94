"""The plugins (directory, fundraising and its sub-apps) import only Django, Wagtail, their packages and the kernel
(commons): never the host project. And dependencies point one way: fundraising may import directory, never the
reverse. Tests may use the host; a migration may only with a `# reason` comment on the line."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOST_APPS = ("home", "owners", "cms", "privacy", "alerts")
IMPORT = re.compile(r"^\s*(?:from|import)\s+([a-zA-Z_][\w.]*)", re.MULTILINE)


def plugin_files(folder):
    for path in sorted((ROOT / folder).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative:
            continue
        yield relative, path.read_text(encoding="utf-8")


def imported_modules(text):
    for line in text.splitlines():
        match = IMPORT.match(line)
        if match:
            yield match.group(1), line


@pytest.mark.parametrize("folder", ["directory", "fundraising"])
def test_plugins_never_import_the_host(folder):
    offenders = []
    for relative, text in plugin_files(folder):
        for module, line in imported_modules(text):
            if module.split(".")[0] not in HOST_APPS:
                continue
            if "/migrations/" in relative and "# reason" in line:
                continue
            offenders.append(f"{relative}: {line.strip()}")
    assert offenders == []


def test_directory_never_imports_fundraising():
    offenders = [
        f"{relative}: {line.strip()}"
        for relative, text in plugin_files("directory")
        for module, line in imported_modules(text)
        if module.split(".")[0] == "fundraising"
    ]
    assert offenders == []


def test_the_check_sees_an_offender():
    """The pattern finds imports at any indentation (inside functions too), and not words in prose."""
    text = "import os\n    from owners.permissions import x\nsee owners.views in the docs\nimport cms.caching\n"
    assert [m for m, _ in imported_modules(text)] == ["os", "owners.permissions", "cms.caching"]
