"""Admins manage organisations and people from day one: every admin page opens."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)
MODEL_ADMINS = {
    (model._meta.app_label, model._meta.model_name): model_admin
    for model, model_admin in admin.site._registry.items()
}
OURS = [
    (app, model) for app, model in REGISTERED if app in {"members", "communities", "activities"}
]


def test_admins_can_add_to_every_model_of_the_portal(rf, admin):
    request = rf.get("/admin/")
    request.user = admin
    for (app, model), model_admin in MODEL_ADMINS.items():
        # Invitations are sent from the portal's page, which e-mails the link; proposals are
        # made and answered there too; the membership log is written by the services only.
        made_elsewhere = {"invitation", "proposal", "membershipevent"}
        if app in {"members", "communities", "activities"} and model not in made_elsewhere:
            assert model_admin.has_add_permission(request), model


def test_every_model_of_the_portal_has_an_admin():
    assert {model for _, model in OURS} >= {
        "user",
        "organization",
        "topic",
        "community",
        "participation",
        "objective",
        "idea",
        "discussion",
        "post",
        "resource",
        "activitytype",
        "activity",
        "attachment",
    }


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_changelist_and_add_pages_open_for_an_admin(client, admin, app, model):
    call_command("load_voice_seed")
    client.force_login(admin)
    changelist = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200
    # Logs (django-axes' sign-in records) and invitations are read-only in the admin.
    can_add = MODEL_ADMINS[app, model].has_add_permission(changelist.wsgi_request)
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == (200 if can_add else 403)


def test_the_changelist_searches_both_languages(client, admin):
    call_command("load_voice_seed")
    client.force_login(admin)
    url = reverse("admin:members_organization_changelist")
    # The admin speaks Khmer by default: the list shows the Khmer name, whichever
    # language the search was typed in.
    for query in ("Theatre", "ល្ខោន"):
        html = client.get(url, {"q": query}).content.decode()
        assert "អង្គការល្ខោនគំនិត" in html
        assert "អង្គការនារីដើម្បីសន្តិភាព" not in html


def test_the_organisation_form_shows_khmer_and_english_fields(client, admin):
    client.force_login(admin)
    html = client.get(reverse("admin:members_organization_add")).content.decode()
    assert 'name="name_km"' in html and 'name="name_en"' in html


def test_changes_to_a_community_are_kept_in_its_history(client, admin):
    call_command("load_voice_seed")
    from communities.models import Community

    community = Community.objects.get(slug="women")
    community.goal_km = "គោលដៅថ្មី"
    community.save()
    assert community.history.count() == 2
    client.force_login(admin)
    page = client.get(reverse("admin:communities_community_history", args=[community.pk]))
    assert page.status_code == 200


def test_a_person_without_staff_rights_cannot_open_the_admin(client, member_a):
    client.force_login(member_a)
    page = client.get(reverse("admin:members_organization_changelist"))
    assert page.status_code == 302
    assert "/admin/login/" in page.url


def test_an_activity_saved_in_the_admin_records_who_and_raises_its_version(client, admin):
    from tests.factories import ActivityFactory

    activity = ActivityFactory()
    client.force_login(admin)
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "community": activity.community.pk,
            "activity_type": activity.activity_type.pk,
            "lead_organization": activity.lead_organization.pk,
            "start_date": "2026-03-08",
            "title_km": "កិច្ចប្រជុំបានកែប្រែ",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        }
    )
    page = client.post(url, data)
    assert page.status_code == 302, page.context["adminform"].form.errors
    activity.refresh_from_db()
    assert activity.title_km == "កិច្ចប្រជុំបានកែប្រែ"
    assert activity.version == 2
    assert activity.updated_by == admin


def test_admins_see_who_changed_an_organisation_and_when(client, admin):
    from members.models import Organization
    from tests.factories import OrganizationFactory

    organization = OrganizationFactory()
    client.force_login(admin)
    url = reverse("admin:members_organization_change", args=[organization.pk])
    data = {
        "name_km": "អង្គការថ្មី",
        "name_en": "New name",
        "slug": organization.slug,
        "is_active": "on",
        "description_km": "",
        "description_en": "",
    }
    assert client.post(url, data).status_code == 302
    latest = Organization.history.filter(id=organization.pk).latest("history_date")
    assert latest.history_user == admin
    assert latest.name_km == "អង្គការថ្មី"
    history = client.get(reverse("admin:members_organization_history", args=[organization.pk]))
    assert admin.email in history.content.decode() or admin.full_name in history.content.decode()
