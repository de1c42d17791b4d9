"""No visible English word in a template outside the translation tags.

A template scan: translation blocks, template tags and variables, scripts and HTML tags
are taken out; what a person would read that is left must contain no Latin word but
the proper names below. Attribute texts a person hears or sees (aria-label, title, alt,
placeholder) are checked too.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = sorted(
    path
    for pattern in ("*.html", "*.txt")
    for path in (Path(settings.BASE_DIR) / "templates").rglob(pattern)
)
# Written in both languages by hand: it must render when nothing else works.
BILINGUAL_BY_DESIGN = {"500.html"}
PROPER_NAMES = {"Voice", "CSV", "Excel", "xlsx", "PDF", "CoP"}

BLOCK_TRANSLATION = re.compile(
    r"{%\s*blocktrans(late)?\b.*?%}.*?{%\s*endblocktrans(late)?\s*%}", re.S
)
TEMPLATE_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
SPOKEN_ATTRIBUTE = re.compile(r'\b(aria-label|title|alt|placeholder)="([^"]*)"')
TAG = re.compile(r"<[^>]*>", re.S)
WORD = re.compile(r"[A-Za-z]{2,}")


def visible_words(source: str) -> list[str]:
    text = BLOCK_TRANSLATION.sub(" ", source)
    text = TEMPLATE_SYNTAX.sub(" ", text)
    text = SCRIPT_OR_STYLE.sub(" ", text)
    text = HTML_COMMENT.sub(" ", text)
    spoken = " ".join(value for _name, value in SPOKEN_ATTRIBUTE.findall(text))
    text = TAG.sub(" ", text) + " " + spoken
    text = re.sub(r"&[a-z]+;", " ", text)
    return [word for word in WORD.findall(text) if word not in PROPER_NAMES]


def test_the_scan_finds_english_outside_translation_tags():
    assert visible_words("<p>Save</p>") == ["Save"]
    assert visible_words('<a aria-label="Close">x</a>') == ["Close"]
    assert visible_words('<p>{% translate "Save" %}</p>') == []
    assert visible_words("{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}") == []


@pytest.mark.parametrize(
    "template",
    [t for t in TEMPLATES if t.name not in BILINGUAL_BY_DESIGN],
    ids=lambda path: str(path.relative_to(Path(settings.BASE_DIR) / "templates")),
)
def test_no_visible_english_outside_translation_tags(template):
    assert visible_words(template.read_text(encoding="utf-8")) == []
