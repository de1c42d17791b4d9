"""Nothing destroyed on one tap. A view that removes, deletes or closes acts only on a POST
that carries `confirm=1`; anything else (a GET, or a POST without it) is answered with a
page that says what will happen, naming the thing, and asks again.

Without JavaScript that page is the confirmation. With it, `static/js/confirm.js` asks in
a dialog first (forms marked `data-confirm`) and sends `confirm=1` itself, so the page is
never seen."""

from collections.abc import Iterable

from django.shortcuts import render

CONFIRM = "confirm"
NOT_REPOSTED = {CONFIRM, "csrfmiddlewaretoken"}


def confirmed(request) -> bool:
    """The person said yes: a POST with confirm=1."""
    return request.method == "POST" and request.POST.get(CONFIRM) == "1"


def ask_to_confirm(
    request,
    *,
    title: str,
    question: str,
    yes: str,
    cancel_url: str,
    warnings: Iterable[str] = (),
    template: str = "confirm.html",
    context: dict | None = None,
):
    """The confirmation page: `question` (naming the thing), what else will happen
    (`warnings`), a danger button `yes` that sends the same POST again with confirm=1, and
    a link back to `cancel_url`."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_REPOSTED
        for value in values
    ]
    return render(
        request,
        template,
        {
            "title": title,
            "question": question,
            "warnings": list(warnings),
            "yes": yes,
            "cancel_url": cancel_url,
            "action": request.path,
            "fields": fields,
            **(context or {}),
        },
    )
