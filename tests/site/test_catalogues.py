"""Both message catalogues are complete: no untranslated or fuzzy entry."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["km", "en"])
def test_the_catalogue_is_complete(language):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (GNU gettext) is needed to check the catalogues"
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_the_khmer_catalogue_uses_the_glossary_terms():
    with translation.override("km"):
        assert translation.gettext("Sign in") == "ចូល"
        assert translation.gettext("Community") == "សហគមន៍"
        assert translation.gettext("lessons learned") == "មេរៀនបទពិសោធន៍"
