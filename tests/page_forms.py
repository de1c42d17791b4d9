"""What a browser sends from a page's form. The tests of the edit forms send what the
page holds, its hidden version and starting values (`initial-<name>`) included, changed
only where the person types, as two people with the same page open would."""

from html.parser import HTMLParser

from django.test import Client

SKIPPED = {"submit", "button", "image", "reset", "file"}


class _Forms(HTMLParser):
    """Every POST form of a page: the values a browser would send from each."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._form = None
        self._textarea = None  # [name, text]
        self._select = None  # [name, multiple, options [(value, selected)]]
        self._option = None  # [value or None, text, selected]
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "").lower() == "post":
                self._form = {}
                self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and (attrs.get("type") or "text") not in SKIPPED:
            kind = attrs.get("type") or "text"
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._form.setdefault(name, []).append(attrs.get("value") or "on")
            else:
                self._form.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, "multiple" in attrs, []]
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "", "selected" in attrs]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # As HTML parses it: the newline right after <textarea> is not part of it.
            self._form.setdefault(name, []).append(text.removeprefix("\n"))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value, text, selected = self._option
            self._select[2].append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]
            if chosen:
                self._form.setdefault(name, []).extend(chosen)
            self._select = None


def form_values(page, *, holding: str = "version") -> dict[str, list[str]]:
    """What the POST form of `page` (a response) that holds a field named `holding`
    sends, untouched."""
    html = page.content.decode()
    for values in _Forms(html).forms:
        if holding in values:
            return values
    raise AssertionError(f"no form with a field {holding!r} on the page")


def typed(values: dict[str, list[str]], **changes) -> dict[str, list[str]]:
    """`values` with what a person typed: a text, a list of the ticked values of a group
    of checkboxes, True or False for a single checkbox."""
    values = {name: list(sent) for name, sent in values.items()}
    for name, value in changes.items():
        if value is False:
            values.pop(name, None)
        elif value is True:
            values[name] = ["on"]
        elif isinstance(value, list | tuple):
            values[name] = [str(item) for item in value]
        else:
            values[name] = [str(value)]
    return values


def send(client, url: str, values: dict[str, list[str]]):
    """Send the values of a form, as the browser would from the page at `url`."""
    return client.post(url, values)


def edit(client, url: str, **changes):
    """Open the edit page at `url`, type `changes` (see `typed`), and save."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return send(client, url, typed(form_values(page), **changes))


def browser(person) -> Client:
    """Another browser, signed in as `person` (the same person on their phone, or another)."""
    client = Client()
    client.force_login(person)
    return client
