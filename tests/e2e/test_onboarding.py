"""A newcomer's first minutes, in Khmer on a 360-pixel phone and in English on a laptop:
the facilitator invites a guest and copies the invitation's link; the guest opens it,
lands inside the community, reads the welcome and introduces themselves."""

import re

from django.core import mail

from communities.models import Community, Post

TEXT = {
    "km": {
        "show": "បង្ហាញតំណ",
        "copy": "ចម្លង",
        "copied": "បានចម្លងហើយ",
        "expires": "ផុតកំណត់ក្នុងរយៈពេល ៧ ថ្ងៃទៀត",
        "welcome": "សូមស្វាគមន៍! នេះជារបៀបចាប់ផ្តើម",
        "introduction": "ជំរាបសួរ! ខ្ញុំឈ្មោះដារ៉ា ធ្វើការលើសិទ្ធិស្ត្រីនៅខេត្តកំពត។",
        "post": "បង្ហោះការណែនាំខ្លួនរបស់ខ្ញុំ",
    },
    "en": {
        "show": "Show the link",
        "copy": "Copy",
        "copied": "Copied",
        "expires": "Expires in 7 days",
        "welcome": "Welcome! Here is how to begin",
        "introduction": "Hello! I am Dara, I work on women's rights in Kampot.",
        "post": "Post my introduction",
    },
}


def test_a_guest_invited_lands_inside_is_welcomed_and_introduces_themselves(
    visitor, language, page, context
):
    text = TEXT[language]
    community = Community.objects.filter(facilitators__email="facilitator.women@example.org")[0]
    visitor.sign_in("facilitator.women@example.org")
    visitor.goto(f"/invitations/new/?community={community.slug}")
    page.fill("#id_email", "dara.guest@example.org")
    page.select_option("#id_language", language)
    visitor.submit()
    assert page.url.endswith("/invitations/")
    emailed = re.search(r"https?://\S+/invitations/accept/\S+/", mail.outbox[-1].body).group(0)
    content = page.content()
    assert text["expires"] in content and "/invitations/accept/" not in content

    # The link, shown on asking, is the e-mail's; the Copy button puts it on the clipboard.
    visitor.submit(text["show"])
    link = page.input_value("#invitation-link")
    assert link.rsplit("/invitations/", 1)[1] == emailed.rsplit("/invitations/", 1)[1]
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name=text["copy"], exact=True).click()
    page.get_by_text(text["copied"]).wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link

    # The guest opens it on their phone, and lands inside the community, welcomed.
    page.context.clear_cookies()
    page.goto(link)
    visitor.check()
    page.fill("#id_full_name", "ដារ៉ា សុខ")
    page.fill("#id_password", "a-long-and-unusual-password")
    page.fill("#id_password_again", "a-long-and-unusual-password")
    page.check(f"#id_preferred_language_{0 if language == 'km' else 1}")
    visitor.submit()
    assert page.url.endswith(f"/{language}/communities/{community.slug}/")
    welcome = page.locator("section.welcome")
    assert text["welcome"] in welcome.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    page.fill("#welcome-introduction", text["introduction"])
    visitor.submit(text["post"])
    assert "/discussions/" in page.url and text["introduction"] in page.content()
    assert Post.objects.get(text=text["introduction"]).discussion.is_introductions
    visitor.goto(f"/communities/{community.slug}/")
    assert page.locator("section.welcome").count() == 0
