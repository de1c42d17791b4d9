"""The form renderer writes inputs, text areas and selects in Python: exactly what the
templates would write, or a person would see a different form."""

import datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from cop_portal.core.renderers import FastWidgetRenderer


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"lang": "km", "placeholder": 'a "b" <c>'}))
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}))
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "disabled": False}))
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(choices=[("", "---"), ("a", "ក & <ខ>"), ("b", "B")])
    grouped = forms.ChoiceField(
        choices=[("ខេត្ត", [("1", "បាត់ដំបង"), ("2", "កំពត")]), ("3", "ផ្សេងៗ")], required=False
    )
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")])


@pytest.mark.parametrize("bound", [True, False])
def test_each_widget_is_written_as_the_templates_write_it(bound):
    data = {
        "text": 'ស្ត្រី & "youth" <b>',
        "number": "12",
        "date": "2026-03-08",
        "email": "a@example.org",
        "url": "https://example.org/?a=1&b=2",
        "hidden": "h<",
        "password": "s3cr&t",
        "notes": "បន្ទាត់មួយ\nline <two>",
        "choice": "a",
        "grouped": "2",
        "several": ["x", "z"],
    }
    initial = {"date": datetime.date(2026, 3, 8), "number": 7, "notes": "ក"}
    form = EveryWidget(data if bound else None, initial=initial)
    fast, templates = FastWidgetRenderer(), TemplatesSetting()
    for field in form:
        widget, name = field.field.widget, field.html_name
        value = field.value()
        attrs = field.build_widget_attrs({"id": field.auto_id})
        expected = widget.render(name, value, attrs, renderer=templates)
        assert widget.render(name, value, attrs, renderer=fast) == expected, name
