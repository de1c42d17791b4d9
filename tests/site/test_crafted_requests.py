"""Crafted requests answer 400, 404 or a form error, never a server error (issue 17,
point 8); the 400 page is the portal's, in the reader's language.

(A crafted id on the community members page is tests/communities/test_members_page.py.)"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin as django_admin
from django.db import models

from communities.models import Resource
from members.models import Organization
from tests.factories import ActivityFactory, TopicFactory

pytestmark = pytest.mark.django_db

NOT_UNDERSTOOD = "មិនអាចយល់សំណើនេះបានទេ"  # "This request could not be understood"
# Ids that name nothing: a word, and a number beyond any integer column (SQLite raises
# OverflowError on it).
CRAFTED_IDS = ["abc", "9" * 30]


# The 400 page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "heading"),
    [
        ("/km/", NOT_UNDERSTOOD),
        ("/en/", "This request could not be understood"),
        ("/admin/", NOT_UNDERSTOOD),
    ],
)
def test_an_unknown_host_gets_the_portals_400_page_in_the_pages_language(client, address, heading):
    page = client.get(address, HTTP_HOST="portal.evil.example")
    assert page.status_code == 400
    html = page.content.decode()
    assert f"<h1>{heading}</h1>" in html and html.count("<h1") == 1
    assert "Bad Request" not in html


@pytest.mark.parametrize("language", ["km", "en"])
def test_a_suspicious_request_gets_the_portals_400_page(client, language):
    """More fields than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS): SuspiciousOperation."""
    page = client.post(
        f"/{language}/accounts/login/", {f"field{number}": "x" for number in range(1200)}
    )
    assert page.status_code == 400
    assert f'<html lang="{language}">' in page.content.decode()
    expected = NOT_UNDERSTOOD if language == "km" else "This request could not be understood"
    assert expected in page.content.decode()


# The sign-in page (the admin's too) ----------------------------------------------------------


@pytest.mark.parametrize(
    "login", ["a" * 100_000, "a" * 100_000 + "@example.org", "a" * 250 + "@example.org"]
)
def test_an_overlong_sign_in_name_is_a_form_error_and_nothing_is_recorded(
    client, admin, fresh_rate_limits, login
):
    """An address longer than one can be is refused before anyone is looked up: django-axes
    would write it to a 255-character column, which PostgreSQL refuses (a server error)."""
    page = client.post("/km/accounts/login/", {"login": login, "password": "wrong"})
    assert page.status_code == 200
    assert "តួអក្សរ" in page.content.decode()  # "… at most 254 characters …", in Khmer
    assert not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()
    # The admin signs in on this page: its own address sends there.
    assert client.post("/admin/login/", {"username": login}).status_code == 302


# The portal's forms ------------------------------------------------------------------------


@pytest.mark.parametrize("crafted", CRAFTED_IDS)
def test_crafted_ids_in_the_activity_form_are_form_errors(
    client, member_a, community, organization_a, crafted
):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(member_a)
    for field in ("partner_organizations", "objectives", "activity_type", "lead_organization"):
        page = client.post(
            f"/km/activities/{activity.pk}/edit/",
            {"version": activity.version, "title_km": "វេទិកា", field: crafted},
        )
        assert page.status_code == 200, field
        assert field in page.context["form"].errors


@pytest.mark.parametrize("crafted", CRAFTED_IDS)
def test_crafted_topics_are_form_errors(client, focal_point_a, facilitator, community, crafted):
    TopicFactory()
    client.force_login(focal_point_a)
    page = client.post(
        f"/km/organizations/{focal_point_a.organization.slug}/edit/",
        {"name_km": "អង្គការ", "offers": crafted},
    )
    assert page.status_code == 200
    assert "offers" in page.context["form"].errors
    client.force_login(facilitator)
    page = client.post(
        f"/km/communities/{community.slug}/resources/",
        {"title": "ឯកសារ", "url": "https://example.org/", "language": "km", "topics": crafted},
    )
    assert page.status_code == 200
    assert not Resource.objects.exists()


# The admin ---------------------------------------------------------------------------------


def _autocompleted():
    """(model admin, inline or None, field) for every autocomplete field of the admin."""
    for model, model_admin in django_admin.site._registry.items():
        for name in model_admin.autocomplete_fields:
            yield pytest.param(model, None, name, id=f"{model._meta.label}.{name}")
        for inline in model_admin.inlines:
            for name in inline.autocomplete_fields:
                yield pytest.param(
                    model, inline, name, id=f"{model._meta.label}.{inline.model.__name__}.{name}"
                )


def _management_forms(model_admin, rf, admin, inline=None, field=None, value=None) -> dict:
    """What the admin's add form posts for its inlines: none filled in, or one row of
    `inline` with `field` set to `value`."""
    request = rf.get("/")
    request.user = admin
    data = {}
    for formset, formset_inline in model_admin.get_formsets_with_inlines(request):
        prefix = formset.get_default_prefix()
        filled = type(formset_inline) is inline
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "1" if filled else "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        if filled:
            data[f"{prefix}-0-{field}"] = value
    return data


@pytest.mark.parametrize("crafted", CRAFTED_IDS)
@pytest.mark.parametrize(("model", "inline", "field"), list(_autocompleted()))
def test_a_crafted_id_in_an_admin_autocomplete_field_is_a_form_error(
    client, rf, admin, model, inline, field, crafted
):
    client.force_login(admin)
    model_admin = django_admin.site._registry[model]
    data = _management_forms(model_admin, rf, admin, inline, field, crafted)
    if inline is None:
        data[field] = crafted
    before = model._default_manager.count()
    page = client.post(f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/", data)
    assert page.status_code == 200
    assert model._default_manager.count() == before


def test_the_activity_admin_form_keeps_what_was_typed_beside_a_crafted_partner(
    client, admin, community, organization_a
):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(admin)
    page = client.post(
        f"/admin/activities/activity/{activity.pk}/change/",
        {
            "community": community.pk,
            "lead_organization": "abc",
            "partner_organizations": ["abc", organization_a.pk],
            "objectives": "9" * 30,
            "title_km": "វេទិកាថ្មី",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "“abc” មិនមែនជាតម្លៃដែលត្រឹមត្រូវទេ។" in html  # '"abc" is not a valid value.'
    assert 'value="វេទិកាថ្មី"' in html
    activity.refresh_from_db()
    assert activity.title_km != "វេទិកាថ្មី"


@pytest.mark.parametrize("crafted", CRAFTED_IDS)
def test_crafted_ids_in_admin_addresses_are_404(client, admin, community, organization_a, crafted):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(admin)
    for address in [
        f"/admin/activities/activity/{crafted}/history/",
        f"/admin/activities/activity/{activity.pk}/history/{crafted}/",
        f"/admin/communities/community/{crafted}/history/1/",
        f"/admin/members/organization/{crafted}/change/",
        f"/admin/members/organization/{crafted}/delete/",
    ]:
        assert client.get(address).status_code == 404, address


def test_the_admins_own_checks_come_first(client, member_a):
    client.force_login(member_a)  # not staff: sent to sign in, whatever the address holds
    assert client.get("/admin/activities/activity/abc/history/").status_code == 302


@pytest.mark.parametrize("model", [Organization, AccessAttempt])  # ours, and a library's
@pytest.mark.parametrize("crafted", CRAFTED_IDS)
def test_an_admin_action_on_crafted_rows_is_the_portals_400(client, admin, model, crafted):
    client.force_login(admin)
    page = client.post(
        f"/admin/{model._meta.app_label}/{model._meta.model_name}/",
        {"action": "delete_selected", "_selected_action": [crafted]},
    )
    assert page.status_code == 400
    assert NOT_UNDERSTOOD in page.content.decode()


def test_every_autocomplete_field_is_covered():
    """The admin's autocomplete fields are foreign keys or many-to-many fields: the ones
    the widgets above draw."""
    for param in _autocompleted():
        model, inline, name = param.values
        field = (inline.model if inline else model)._meta.get_field(name)
        assert isinstance(field, models.ForeignKey | models.ManyToManyField)
