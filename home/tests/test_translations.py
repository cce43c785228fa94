"""The German catalogues of home and of the project templates are complete, and the committed .mo matches the .po."""

import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CATALOGUES = [BASE_DIR / "home" / "locale" / "de" / "LC_MESSAGES", BASE_DIR / "locale" / "de" / "LC_MESSAGES"]

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")


@pytest.mark.parametrize("folder", CATALOGUES, ids=["home", "project"])
def test_catalogue_is_complete(folder):
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--statistics", "--check", "-o", "/dev/null", str(folder / "django.po")],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("folder", CATALOGUES, ids=["home", "project"])
def test_compiled_catalogue_is_up_to_date(folder, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(folder / "django.po")], check=True)  # noqa: S603, S607
    assert compiled.read_bytes() == (folder / "django.mo").read_bytes(), "run compilemessages and commit the .mo"


def test_german_is_active_without_prefix_and_strings_are_translated():
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("de"):
        assert gettext("Skip to content") == "Zum Inhalt springen"
        assert gettext("Latest news") == "Neuigkeiten"
    with translation.override("en"):
        assert gettext("Skip to content") == "Skip to content"
