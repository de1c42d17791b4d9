"""Nobody adds an e-mail address or changes their own: allauth's page for it would let any
member make the portal send mail, in their name, to any address. An admin changes a
person's sign-in address in the admin, and allauth's record follows."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core import mail
from django.forms import MultiWidget

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CLOSED = ["/km/accounts/email/", "/km/accounts/confirm-email/", "/en/accounts/confirm-email/k-1/"]


@pytest.fixture
def member(member_a):
    member_a.emailaddress_set.create(email=member_a.email, verified=True, primary=True)
    return member_a


@pytest.mark.parametrize("action", ["action_add", "action_send", "action_primary", "action_remove"])
def test_a_member_cannot_add_an_address_nor_have_mail_sent_to_one(client, member, action):
    client.force_login(member)
    page = client.post("/km/accounts/email/", {action: "", "email": "stranger@example.net"})
    assert page.status_code == 404
    assert "រកមិនឃើញទំព័រ" in page.content.decode()  # "Page not found", in Khmer
    assert mail.outbox == []
    assert list(EmailAddress.objects.values_list("email", flat=True)) == [member.email]


@pytest.mark.parametrize("address", CLOSED)
def test_the_e_mail_pages_are_not_found_by_anyone(client, member, address):
    assert client.get(address).status_code == 404
    client.force_login(member)
    assert client.get(address).status_code == 404


def test_no_page_links_to_the_e_mail_pages(client, member):
    client.force_login(member)
    for address in ("/km/accounts/preferences/", "/km/dashboard/", "/km/accounts/password/change/"):
        html = client.get(address).content.decode()
        assert "/accounts/email/" not in html and "/confirm-email/" not in html, address


def test_a_member_without_a_confirmed_address_signs_in_and_no_mail_is_sent(client):
    """Made by `createsuperuser` or before allauth kept addresses: no confirmation e-mail
    (its page would be a 404), the person simply signs in."""
    person = UserFactory(email="old.member@example.org")
    page = client.post(
        "/km/accounts/login/", {"login": "old.member@example.org", "password": PASSWORD}
    )
    assert page.status_code == 302 and "/confirm-email/" not in page.url
    assert client.get("/km/dashboard/").wsgi_request.user == person
    assert mail.outbox == []


def admin_form_data(client, url):
    """What the admin's form holds, as the browser would send it back."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else part
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data


def test_an_admin_changes_a_persons_address_and_the_old_one_signs_in_no_more(client, admin, member):
    old = member.email
    url = f"/admin/members/user/{member.pk}/change/"
    client.force_login(admin)
    data = admin_form_data(client, url)
    data["email"] = "new.address@example.org"
    page = client.post(url, data)
    assert page.status_code == 302, page.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.email == "new.address@example.org"
    address = EmailAddress.objects.get(user=member)
    assert (address.email, address.verified, address.primary) == (
        "new.address@example.org",
        True,
        True,
    )
    assert authenticate(email="new.address@example.org", password=PASSWORD) == member
    assert authenticate(email=old, password=PASSWORD) is None
    assert mail.outbox == []


def test_an_address_somebody_else_has_is_refused_whatever_its_capitals(
    client, admin, member, member_b
):
    url = f"/admin/members/user/{member.pk}/change/"
    client.force_login(admin)
    data = admin_form_data(client, url)
    data["email"] = member_b.email.upper()
    page = client.post(url, data)
    assert page.status_code == 200
    assert "email" in page.context["adminform"].form.errors
    member.refresh_from_db()
    assert EmailAddress.objects.get(user=member).email == member.email


def test_a_person_added_in_the_admin_has_a_confirmed_sign_in_address(client, admin):
    client.force_login(admin)
    page = client.post(
        "/admin/members/user/add/",
        {
            "email": "added@example.org",
            "full_name": "សុខា",
            "preferred_language": "km",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert page.status_code == 302, page.context["adminform"].form.errors
    address = EmailAddress.objects.get(email="added@example.org")
    assert address.verified and address.primary
