"""The message catalogues are complete: no untranslated or fuzzy entry.

locale/km/LC_MESSAGES/djangojs.po is the admin's JavaScript in Khmer, kept by hand from
Django's own msgids: it must hold every one of them, so a Django upgrade that adds a message
fails here until the message has its Khmer."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
DJANGO_ADMIN_JS = Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"


def gettext_tool(name):
    tool = shutil.which(name)
    assert tool, f"{name} (GNU gettext) is needed to check the catalogues"
    return tool


@pytest.mark.parametrize(
    ("language", "domain"), [("km", "django"), ("en", "django"), ("km", "djangojs")]
)
def test_the_catalogue_is_complete(language, domain):
    po = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
    result = subprocess.run(  # noqa: S603
        [gettext_tool("msgfmt"), "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_every_message_in_the_code_and_templates_has_its_khmer(tmp_path):
    """makemessages, run on a copy of the project, finds nothing that the Khmer catalogue
    lacks: a string added without `make makemessages` would show in English."""
    copy = tmp_path / "portal"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "staticfiles", "media", "backups", "test-results", "*.sqlite3", "*.mo"
        ),
    )
    subprocess.run(  # noqa: S603 -- the same command as `make makemessages`
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "km",
            "--ignore=.venv",
            "--ignore=staticfiles",
            "--ignore=tests",
            "--no-obsolete",
            "--verbosity=0",
        ],
        cwd=copy,
        env={**os.environ, "DEBUG": "1"},
        check=True,
    )
    po = copy / "locale" / "km" / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603
        [gettext_tool("msgattrib"), "--untranslated", "--no-wrap", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    missing = [line for line in result.stdout.splitlines() if line.startswith("msgid ")][1:]
    result = subprocess.run(  # noqa: S603
        [gettext_tool("msgattrib"), "--only-fuzzy", "--no-wrap", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    guessed = [line for line in result.stdout.splitlines() if line.startswith("msgid ")][1:]
    assert missing == [] and guessed == [], f"untranslated: {missing}; fuzzy: {guessed}"


def test_the_khmer_admin_javascript_has_every_message_of_django_admin():
    # msgcmp: every msgid (with its msgctxt) of Django's catalogue has a translation in ours.
    ours = LOCALE / "km" / "LC_MESSAGES" / "djangojs.po"
    result = subprocess.run(  # noqa: S603
        [gettext_tool("msgcmp"), str(ours), str(DJANGO_ADMIN_JS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_khmer_catalogue_uses_the_glossary_terms():
    with translation.override("km"):
        assert translation.gettext("Sign in") == "ចូល"
        assert translation.gettext("Community") == "សហគមន៍"
        assert translation.gettext("lessons learned") == "មេរៀនបទពិសោធន៍"
