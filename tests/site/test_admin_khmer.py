"""The admin speaks Khmer to a Khmer reader: Django's, simple-history's, axes' and allauth's
words on its pages come from our catalogue (cop_portal/core/third_party_msgids.py), which fills
the gaps of Django's own Khmer and wins over it where that says another thing."""

import ast
import gettext
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import OrganizationFactory

BASE = Path(settings.BASE_DIR)
# Their Khmer is the same text: nothing in them to translate.
SAME_IN_KHMER = {"…", "%(class_name)s %(instance)s"}


def listed_messages():
    """(function, arguments) of every message that third_party_msgids.py lists."""
    tree = ast.parse((BASE / "cop_portal" / "core" / "third_party_msgids.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in {"gettext_noop", "pgettext_lazy", "ngettext"}:
                yield node.func.id, [arg.value for arg in node.args]


def test_every_listed_message_has_our_khmer_and_it_is_what_the_admin_gets():
    ours = gettext.GNUTranslations((BASE / "locale/km/LC_MESSAGES/django.mo").open("rb"))
    messages = list(listed_messages())
    assert len(messages) > 250
    with translation.override("km"):
        for function, args in messages:
            if function == "pgettext_lazy":
                khmer, shown = ours.pgettext(*args), translation.pgettext(*args)
            elif function == "ngettext":
                khmer, shown = ours.ngettext(*args), translation.ngettext(*args)
            else:
                khmer, shown = ours.gettext(args[0]), translation.gettext(args[0])
            if args[0] not in SAME_IN_KHMER:
                assert khmer != args[0], f"no Khmer for {args}"
            # Ours comes first (LOCALE_PATHS), also where Django has its own Khmer.
            assert shown == khmer, args


class VisibleText(HTMLParser):
    """What a person reads or hears: text, and the attributes read out or shown."""

    SPOKEN = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in {"script", "style"}
        attrs = dict(attrs)
        for name, value in attrs.items():
            button = name == "value" and attrs.get("type") in {"submit", "button"}
            if value and (name in self.SPOKEN or button):
                self.parts.append(value)

    def handle_endtag(self, tag):
        self.hidden -= tag in {"script", "style"}

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(client, url):
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="km")
    assert page.status_code == 200, url
    parser = VisibleText()
    parser.feed(page.content.decode())
    # Django's own Khmer puts no-break and zero-width spaces between words.
    return "\n".join(parser.parts).replace("\xa0", " ").replace("\u200b", "")


# Page -> (English that must not show, the Khmer that shows instead; None where the Khmer
# is Django's own).
PAGES = {
    "index": [
        ("Welcome", "សូមស្វាគមន៍"),  # Django's own is misspelt: សូមស្វាគមន៏
        ("Recent actions", "ប្រតិបត្តិការថ្មីៗ"),
        ("My actions", "ប្រតិបត្តិការរបស់ខ្ញុំ"),
        ("View site", "មើលគេហទំព័រ"),
        ("Change password", "ផ្លាស់ប្តូរពាក្យសម្ងាត់"),
        ("Log out", "ចាកចេញ"),
        ("Toggle theme", "ប្តូររចនាប័ទ្ម"),
        # The index's sections gather models of several applications (admin_site.py).
        ("Organisations and people", "អង្គការ និងមនុស្ស"),
        ("Logs and technical settings", "កំណត់ហេតុ និងការកំណត់បច្ចេកទេស"),
        ("Task Results", "លទ្ធផលការងារ"),
        ("Access attempts", "ការព្យាយាមចូល"),
        ("Email addresses", "អាសយដ្ឋានអ៊ីមែល"),
    ],
    "changelist": [
        ("Select organisation to change", "ជ្រើសរើស អង្គការ ដើម្បីផ្លាស់ប្តូរ"),
        ("Home", "ទំព័រដើម"),
        ("Filter", "តម្រង"),
        ("Clear all filters", "សម្អាតតម្រងទាំងអស់"),
        ("Show counts", "បង្ហាញចំនួន"),
        ("Yes", "បាទ/ចាស"),
        ("True", None),  # the "active" column's icon, read out as "បាទ/ចាស"
        ("Search", "ស្វែងរក"),  # the search icon's alt text too
        ("1 result", "លទ្ធផល 1"),
        ("Action:", "ប្រតិបត្តិការ៖"),
        ("Delete selected organisations", "លុប អង្គការ ដែលបានជ្រើសរើស"),
        ("Run the selected action", "ដំណើរការប្រតិបត្តិការដែលបានជ្រើសរើស"),
        ("Go", "ដំណើរការ"),
        ("0 of 1 selected", "បានជ្រើសរើស 0 ក្នុងចំណោម 1"),
        ("Start typing to filter", "ចាប់ផ្តើមវាយ ដើម្បីច្រោះ…"),
    ],
    "change": [
        ("Change organisation", None),
        ("Save and add another", None),
        ("Save and continue editing", "រក្សាទុក ហើយបន្តកែប្រែ"),
        ("History", "ប្រវត្តិ"),
        ("Delete", "លុប"),
        ("Hold down", "សង្កត់ «Control» ឬ «Command» នៅលើ Mac"),
        ("Add another topic", "បន្ថែម ប្រធានបទ មួយទៀត"),
        ("Breadcrumbs", "ផ្លូវរុករក"),
    ],
    "history": [
        ("Change history", "ប្រវត្តិនៃការផ្លាស់ប្តូរ៖"),
        ("Choose a date from the list below", "ជ្រើសរើសកាលបរិច្ឆេទពីបញ្ជីខាងក្រោម"),
        ("Date/time", "កាលបរិច្ឆេទ/ម៉ោង"),
        ("Comment", "មតិ"),
        ("Changed by", "ផ្លាស់ប្តូរដោយ"),
        ("Change reason", "មូលហេតុនៃការផ្លាស់ប្តូរ"),
        ("Created", "បានបង្កើត"),
        ("Changed", "បានផ្លាស់ប្តូរ"),
        ("entries", "កំណត់ត្រា"),
    ],
    "delete": [
        ("Are you sure you want to delete", "តើអ្នកប្រាកដថាចង់លុប អង្គការ «"),
        ("Summary", "សេចក្តីសង្ខេប"),
        ("Objects", "ធាតុ"),
        ("Yes, I’m sure", "បាទ/ចាស ខ្ញុំប្រាកដ"),
        ("No, take me back", "ទេ ត្រឡប់ក្រោយវិញ"),
    ],
    "person": [
        ("Change person", None),
        ("algorithm", "ក្បួនបំប្លែង"),
        ("Reset password", "កំណត់ពាក្យសម្ងាត់ឡើងវិញ"),
        ("Superuser status", "ស្ថានភាពអ្នកគ្រប់គ្រងជាន់ខ្ពស់"),
        ("The groups this user belongs to", "ក្រុមដែលអ្នកប្រើប្រាស់នេះស្ថិតនៅក្នុង"),
        ("User permissions", "ការអនុញ្ញាតរបស់អ្នកប្រើប្រាស់"),
        ("Specific permissions for this user", "ការអនុញ្ញាតជាក់លាក់"),
        ("Designates whether this user should be treated", "កំណត់ថាតើអ្នកប្រើប្រាស់នេះសកម្មឬអត់"),
        ("Last login", "ការចូលចុងក្រោយ"),
        # The permission picker: Django stores these names in English.
        ("Can add activity", "សកម្មភាព | សកម្មភាព | អាចបន្ថែម សកម្មភាព"),
        ("Can view organisation", "អាចមើល អង្គការ"),
        ("historical", "អាចមើល ប្រវត្តិនៃ សកម្មភាព"),  # simple-history's own models
        ("email confirmation", "ការបញ្ជាក់អ៊ីមែល"),
        ("access attempt expiration", "ការផុតកំណត់នៃការព្យាយាមចូល"),
    ],
    "person's password": [
        ("Change password:", "ផ្លាស់ប្តូរពាក្យសម្ងាត់៖"),
        ("Password-based authentication", "ការផ្ទៀងផ្ទាត់ដោយពាក្យសម្ងាត់"),
        ("Enabled", "បើក"),
        ("Password confirmation", "បញ្ជាក់ពាក្យសម្ងាត់"),
        ("Enter the same password as before", "បញ្ចូលពាក្យសម្ងាត់ដដែលម្តងទៀត"),
        ("Disable password-based authentication", "បិទការផ្ទៀងផ្ទាត់ដោយពាក្យសម្ងាត់"),
    ],
    "password change": [
        ("Password change", "ការផ្លាស់ប្តូរពាក្យសម្ងាត់"),
        ("Please enter your old password", "ដើម្បីសុវត្ថិភាព សូមបញ្ចូលពាក្យសម្ងាត់ចាស់"),
        ("Old password", "ពាក្យសម្ងាត់ចាស់"),
        ("New password confirmation", "បញ្ជាក់ពាក្យសម្ងាត់ថ្មី"),
        ("Change my password", "ផ្លាស់ប្តូរពាក្យសម្ងាត់របស់ខ្ញុំ"),
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_the_admin_pages_show_khmer_not_english(client, admin, page):
    organization = OrganizationFactory(acronym="ABCD", is_active=True)
    OrganizationFactory(acronym="WXYZ", is_active=True)  # the search leaves it out
    organization.name_km = "អង្គការដែលបានប្តូរឈ្មោះ"
    organization.save()  # a second entry in its history: "Changed"
    client.force_login(admin)
    urls = {
        "index": reverse("admin:index"),
        "changelist": reverse("admin:members_organization_changelist")
        + "?is_active__exact=1&q=ABCD",
        "change": reverse("admin:members_organization_change", args=[organization.pk]),
        "history": reverse("admin:members_organization_history", args=[organization.pk]),
        "delete": reverse("admin:members_organization_delete", args=[organization.pk]),
        "person": reverse("admin:members_user_change", args=[admin.pk]),
        "person's password": reverse("admin:auth_user_password_change", args=[admin.pk]),
        "password change": reverse("admin:password_change"),
    }
    text = visible_text(client, urls[page])
    for english, khmer in PAGES[page]:
        assert english not in text, f"{page}: {english!r} is shown in English"
        if khmer:
            assert khmer in text, f"{page}: {khmer!r} is missing"


def test_the_admin_signs_in_on_the_portals_sign_in_page_in_khmer(client):
    page = client.get(reverse("admin:login"), follow=True)
    assert page.redirect_chain[-1][0].startswith("/km/accounts/login/")
    assert "<h1>ចូល</h1>" in page.content.decode()


def javascript_catalogue(client, language):
    """The messages /admin/jsi18n/ gives the admin's JavaScript (djangojs domain)."""
    response = client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    found = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    return json.loads(found.group(1)) if found else {}  # none at all: the English msgids


@pytest.mark.django_db
def test_the_admin_javascript_speaks_khmer(client, admin):
    # Ours (locale/km/LC_MESSAGES/djangojs.po) wins over Django's partial Khmer.
    client.force_login(admin)
    catalogue = javascript_catalogue(client, "km")
    assert catalogue["Choose all %s"] == "ជ្រើសរើស %s ទាំងអស់"
    assert catalogue["%(sel)s of %(cnt)s selected"] == ["បានជ្រើសរើស %(sel)s ក្នុងចំណោម %(cnt)s"]
    assert catalogue["Today"] == "ថ្ងៃនេះ"
    assert catalogue["Filter"] == "តម្រង"  # Django's own Khmer says ស្វែងរកជាមួយ
    assert catalogue["January"] == "មករា"
    assert catalogue["one letter Thursday\x04T"] == "ព្រ"
    for msgid in ["Choose all %s", "Today", "Filter", "January"]:
        assert catalogue[msgid] != msgid


@pytest.mark.django_db
def test_the_admin_javascript_stays_english_in_english(client, admin):
    client.force_login(admin)
    catalogue = javascript_catalogue(client, "en")
    assert "Today" not in catalogue and "Choose all %s" not in catalogue
