import unicodedata

# Invisible characters that Khmer typing inserts between words (zero-width space, joiners).
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def normalize_query(text: str) -> str:
    """A search query as the database text is compared: NFC, no invisible characters,
    single spaces."""
    text = unicodedata.normalize("NFC", text or "").translate(INVISIBLE)
    return " ".join(text.split())
