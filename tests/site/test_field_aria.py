"""A field with an error says so to a screen reader: its input (each radio or checkbox of a
group) has aria-invalid="true", and the input (the fieldset of a group) is described by
the field's help and its errors, by ids that are on the page."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.template.loader import render_to_string

from tests.factories import ActivityTypeFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """Every element of a piece of HTML: (tag, attributes)."""

    def __init__(self, html: str):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def find(self, tag, **attrs) -> list[dict]:
        return [
            found
            for name, found in self.elements
            if name == tag and all(found.get(key) == value for key, value in attrs.items())
        ]

    @property
    def ids(self) -> set[str]:
        return {attrs["id"] for _tag, attrs in self.elements if "id" in attrs}


class EveryKind(forms.Form):
    title = forms.CharField(label="ចំណងជើង", help_text="ជាភាសាខ្មែរ ឬអង់គ្លេស")
    province = forms.ChoiceField(
        label="ខេត្ត", choices=[("", "---"), ("12", "ភ្នំពេញ")], help_text="Where"
    )
    status = forms.ChoiceField(
        label="ស្ថានភាព",
        choices=[("planned", "គ្រោងទុក"), ("done", "រួចរាល់")],
        widget=forms.RadioSelect,
        help_text="Planned or done",
    )
    partners = forms.MultipleChoiceField(
        label="ដៃគូ",
        choices=[("1", "អង្គការ ក"), ("2", "អង្គការ ខ")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Organisations taking part",
    )


def described_by(attrs: dict) -> list[str]:
    return attrs.get("aria-describedby", "").split()


def draw(field) -> Elements:
    return Elements(render_to_string("includes/field.html", {"field": field}))


@pytest.mark.parametrize("name, tag", [("title", "input"), ("province", "select")])
def test_an_invalid_input_or_select_is_marked_and_described_by_its_help_and_error(name, tag):
    form = EveryKind({"partners": ["9"]})
    assert not form.is_valid()
    html = draw(form[name])
    (widget,) = html.find(tag, name=name)
    assert widget["aria-invalid"] == "true"
    assert described_by(widget) == [f"id_{name}_helptext", f"id_{name}_error"]
    assert set(described_by(widget)) <= html.ids


@pytest.mark.parametrize("name, kind", [("status", "radio"), ("partners", "checkbox")])
def test_an_invalid_group_is_marked_on_each_choice_and_described_on_its_fieldset(name, kind):
    form = EveryKind({"partners": ["9"]})  # status is missing; 9 is no partner
    assert not form.is_valid()
    html = draw(form[name])
    choices = html.find("input", type=kind, name=name)
    assert len(choices) == 2
    assert all(choice["aria-invalid"] == "true" for choice in choices)
    (fieldset,) = html.find("fieldset")
    assert described_by(fieldset) == [f"id_{name}_helptext", f"id_{name}_error"]
    assert set(described_by(fieldset)) <= html.ids
    # Each choice keeps its own label, and the group its legend.
    assert all(html.find("label", **{"for": choice["id"]}) for choice in choices)
    assert html.find("legend")


@pytest.mark.parametrize("name", ["title", "province", "status", "partners"])
def test_a_valid_field_is_described_by_its_help_only(name):
    form = EveryKind({"title": "ក", "province": "12", "status": "done", "partners": ["1"]})
    assert form.is_valid()
    html = draw(form[name])
    assert not any("aria-invalid" in attrs for _tag, attrs in html.elements)
    described = [described_by(attrs) for _tag, attrs in html.elements if described_by(attrs)]
    assert described == [[f"id_{name}_helptext"]] * len(described) and described


def test_the_activity_form_marks_each_kind_of_field_that_was_wrong(
    client, member_a, community, organization_a
):
    """On a page: a text input, selects, radios and groups of checkboxes."""
    ActivityTypeFactory()
    ObjectiveFactory(community=community)
    client.force_login(member_a)
    page = client.post(
        "/km/activities/new/",
        {
            "community": community.pk,
            "lead_organization": organization_a.pk,
            "start_date": "2026-11-20",
            "mode": "in_person",
            # No choice of the list (a new activity sent with none takes it from its date).
            "status": "bogus",
            "partner_organizations": ["999999"],
            "objectives": ["999999"],
        },
    )
    assert page.status_code == 200
    html = Elements(page.content.decode())
    (title,) = html.find("input", name="title_km")
    (activity_type,) = html.find("select", name="activity_type")
    for widget, name in ((title, "title_km"), (activity_type, "activity_type")):
        assert widget["aria-invalid"] == "true"
        assert f"id_{name}_error" in described_by(widget)
    assert "id_title_km_helptext" in described_by(title)
    groups = {
        fieldset["aria-describedby"]: fieldset
        for fieldset in html.find("fieldset")
        if "aria-describedby" in fieldset
    }
    for name, kind in (
        ("status", "radio"),
        ("partner_organizations", "checkbox"),
        ("objectives", "checkbox"),
    ):
        choices = html.find("input", type=kind, name=name)
        assert choices and all(choice["aria-invalid"] == "true" for choice in choices), name
        assert any(f"id_{name}_error" in described.split() for described in groups), name
    assert all(
        reference in html.ids for _tag, attrs in html.elements for reference in described_by(attrs)
    )
