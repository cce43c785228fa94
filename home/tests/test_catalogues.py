"""Every shipped gettext catalogue, in every language on disk, is complete, valid and compiled.

The languages are found on disk (each app's `locale/<lang>/`, the project's `locale/<lang>/`), not read from
settings: a catalogue that is committed is shipped. `scripts/translation_status.py --missing` lists the open entries.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import django

BASE_DIR = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", ".git", "static", "media"}
CATALOGUES = sorted(
    po
    for po in BASE_DIR.glob("**/locale/*/LC_MESSAGES/django.po")
    if not SKIP.intersection(po.relative_to(BASE_DIR).parts)
)
IDS = [str(po.relative_to(BASE_DIR).parent.parent) for po in CATALOGUES]
SHIPPED_LANGUAGES = ("de", "tr", "uk", "ar")
DJANGO_LOCALE = Path(django.__file__).parent / "conf" / "locale"

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")


def plural_forms(po_text):
    """The Plural-Forms header of a catalogue's text, its continuation lines joined."""
    match = re.search(r"Plural-Forms: (.*?)\\n", po_text.replace('"\n"', ""))
    return match.group(1) if match else None


def test_the_city_languages_are_shipped_for_every_catalogue_folder():
    """German, Turkish, Ukrainian and Arabic exist wherever a catalogue exists (issue 18)."""
    folders = {po.parents[2] for po in CATALOGUES}
    assert folders, "no catalogue found"
    for folder in folders:
        for language in SHIPPED_LANGUAGES:
            assert (folder / language / "LC_MESSAGES" / "django.po").exists(), f"{folder} has no {language} catalogue"


@pytest.mark.parametrize("po", CATALOGUES, ids=IDS)
def test_catalogue_has_no_untranslated_or_fuzzy_entry_and_valid_formats(po):
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--statistics", "--check", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("po", CATALOGUES, ids=IDS)
def test_compiled_catalogue_is_up_to_date(po, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(po)], check=True)  # noqa: S603, S607
    assert compiled.read_bytes() == po.with_suffix(".mo").read_bytes(), "run compilemessages and commit the .mo"


@pytest.mark.parametrize("po", CATALOGUES, ids=IDS)
def test_plural_forms_are_djangos_own_for_the_language(po):
    """Django merges catalogues with the same plural rule into one; ours use Django's rule for each language."""
    text = po.read_text(encoding="utf-8")
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text
    django_po = DJANGO_LOCALE / po.parts[-3] / "LC_MESSAGES" / "django.po"
    assert plural_forms(text) == plural_forms(django_po.read_text(encoding="utf-8"))


def test_translation_status_script_reports_every_language(tmp_path):
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(BASE_DIR / "scripts" / "translation_status.py"), "--missing"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for language in SHIPPED_LANGUAGES:
        assert f"\n{language} " in result.stdout
    open_entries = [line for line in result.stdout.splitlines() if line.startswith("      ")]
    assert not open_entries


@pytest.mark.parametrize("po", [po for po in CATALOGUES if po.parts[-3] == "ar"], ids=lambda po: str(po.parent.parent))
def test_arabic_quotes_are_guillemets(po):
    """“…” are mirrored in right-to-left text and show as ”…“; Arabic quotes with «…»."""
    import polib

    for entry in polib.pofile(str(po)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            assert "“" not in text and "”" not in text, entry.msgid
