"""The form renderer: the site's widgets drawn in Python.

Django draws every widget with a template (two or three includes each, one more for each
option of a choice). A page such as the activity form has thirty widgets, and drawing them
took a third of its time. This renderer writes the same HTML as Django's own templates for
inputs, text areas, selects and groups of radios or checkboxes directly (a test compares
the two, widget by widget), and leaves every other widget to the templates. It is the one
way the site draws a widget: templates write {{ field }}, never a widget's markup.
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
        "checkbox",
    )
}
# Groups of radios or checkboxes (Django's multiple_input.html), and their options.
CHOICE_GROUPS = {f"{WIDGETS}radio.html", f"{WIDGETS}checkbox_select.html"}
CHOICE_OPTIONS = {f"{WIDGETS}radio_option.html", f"{WIDGETS}checkbox_option.html"}
SELECT_OPTION = f"{WIDGETS}select_option.html"


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


def _options(widget: dict, template_names) -> bool:
    """Whether every option of the widget is drawn by one of these templates."""
    return all(
        option["template_name"] in template_names
        for _group, options, _index in widget["optgroups"]
        for option in options
    )


def _select(widget: dict) -> str:
    """As django/forms/widgets/select.html and select_option.html write it."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _choice(option: dict) -> str:
    """As django/forms/widgets/input_option.html writes a radio or a checkbox, included
    through radio_option.html or checkbox_option.html."""
    if not option["wrap_label"]:
        return f"{_input(option)}\n\n\n"
    label_for = option["attrs"].get("id")
    label_for = f' for="{_text(label_for)}"' if label_for else ""
    return f"<label{label_for}>{_input(option)}\n {conditional_escape(option['label'])}</label>\n\n"


def _choices(widget: dict) -> str:
    """As django/forms/widgets/multiple_input.html writes a group of radios or checkboxes."""
    attrs = widget["attrs"]
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f' id="{_text(attrs["id"])}"')
    if attrs.get("class"):
        parts.append(f' class="{_text(attrs["class"])}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{conditional_escape(group)}</label>")
        parts.extend(f"<div>\n    {_choice(option)}</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


class FastWidgetRenderer(TemplatesSetting):
    """Django's templates for forms, with inputs, text areas, selects and groups of radios
    or checkboxes written in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name in INPUTS:
            return _input(widget)
        if template_name == f"{WIDGETS}textarea.html":
            return _textarea(widget)
        if template_name == f"{WIDGETS}select.html" and _options(widget, {SELECT_OPTION}):
            return _select(widget)
        if template_name in CHOICE_GROUPS and _options(widget, CHOICE_OPTIONS):
            return _choices(widget)
        return super().render(template_name, context, request=request)
