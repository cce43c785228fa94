import shutil
import subprocess
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parents[1] / "locale" / "de" / "LC_MESSAGES"

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")


def test_german_catalogue_is_complete_and_compiled(tmp_path):
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--statistics", "--check", "-o", str(tmp_path / "django.mo"), str(FOLDER / "django.po")],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    assert (tmp_path / "django.mo").read_bytes() == (FOLDER / "django.mo").read_bytes(), "run compilemessages"


def test_strings_are_german_without_prefix():
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("de"):
        assert gettext("Collective campaigns") == "Sammelaktionen"
