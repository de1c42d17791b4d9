"""The form renderer: the commonest widgets drawn in Python.

Django draws every widget with a template (two or three includes each). A page such as
the activity form has thirty widgets, and drawing them took a third of its time. This
renderer writes the same HTML for inputs, text areas and selects directly (a test
compares the two, widget by widget) and leaves every other widget to the templates,
including those the site replaces in templates/django/forms/.
"""

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"
# Widgets whose template is Django's input.html, included as it is.
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "tel",
        "search",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "color",
    )
}


def _text(value) -> str:
    """As the templates write {{ value|stringformat:'s' }}: the text of it, escaped."""
    return conditional_escape(value if isinstance(value, str) else str(value))


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


def _select(widget: dict) -> str:
    """As templates/django/forms/widgets/select.html writes it."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            selected = " selected" if option["selected"] else ""
            parts.append(
                f'<option value="{_text(option["value"])}"{selected}>'
                f"{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return "".join(parts)


class FastWidgetRenderer(TemplatesSetting):
    """The site's templates for forms, with inputs, text areas and selects in Python."""

    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return _input(context["widget"])
        if template_name == f"{WIDGETS}textarea.html":
            return _textarea(context["widget"])
        if template_name == f"{WIDGETS}select.html":
            return _select(context["widget"])
        return super().render(template_name, context, request=request)
