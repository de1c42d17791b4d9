from django.conf import settings
from django.urls import translate_url

# Each language named in its own script, as a reader of it looks for it.
LANGUAGE_SELF_NAMES = {"km": "ខ្មែរ", "en": "English"}


def languages(request):
    """The language switcher: the current page in each language, with its own name."""
    path = request.get_full_path()
    return {
        "language_links": [
            {
                "code": code,
                "name": LANGUAGE_SELF_NAMES.get(code, code),
                "url": translate_url(path, code),
            }
            for code, _name in settings.LANGUAGES
        ]
    }
