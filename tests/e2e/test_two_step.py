"""Two-step sign-in in the browser: a facilitator sets it up at their first sign-in, then
signs in with their password and a code. In Khmer on a 360-pixel phone, in English on a
laptop, with axe-core's WCAG 2.2 AA rules on every page visited."""

import re

from allauth.mfa.models import Authenticator

from members.models import User
from tests.e2e.conftest import evaluate
from tests.factories import PASSWORD

FACILITATOR = "facilitator.women@example.org"
TEXT = {
    "km": {"set_up": "រៀបចំការផ្ទៀងផ្ទាត់ពីរជំហាន", "wrong": "លេខកូដមិនត្រឹមត្រូវ"},
    "en": {"set_up": "Set up two-step sign-in", "wrong": "Incorrect code."},
}


def sign_in_with_password(visitor):
    # The person reads this journey's language: signing in opens their language.
    User.objects.filter(email=FACILITATOR).update(preferred_language=visitor.language)
    visitor.goto("/accounts/login/")
    visitor.page.fill("#id_login", FACILITATOR)
    visitor.page.fill("#id_password", PASSWORD)
    visitor.submit()


def sign_out_from_the_header(visitor, language):
    visitor.open_menu()  # sign-out is in the header's menu
    visitor.page.locator("header form[action$='/accounts/logout/'] button").click()
    visitor.page.wait_for_url(re.compile(rf"/{language}/$"))
    visitor.check()


def test_a_facilitator_sets_up_two_step_sign_in_then_signs_in_with_a_code(visitor, language):
    text = TEXT[language]
    page = visitor.page
    Authenticator.objects.filter(user__email=FACILITATOR).delete()  # a first sign-in
    setup_page = f"/{language}/accounts/2fa/totp/activate/"

    sign_in_with_password(visitor)
    assert page.url.endswith(setup_page)
    assert page.locator("h1").inner_text() == text["set_up"]
    visitor.goto("/dashboard/")  # nothing else opens first
    assert page.url.endswith(setup_page)

    # The QR code shows (an SVG in a data: address, allowed by the page's policy)...
    page.wait_for_function(
        "() => { const qr = document.querySelector('main img');"
        " return qr && qr.complete && qr.naturalWidth > 0; }"
    )
    assert evaluate(page, "document.querySelector('main img').getBoundingClientRect().width") > 0
    # ...and the key, for typing it into the app instead.
    secret = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret
    visitor.type_code(visitor.next_code(secret))
    assert page.url.endswith(f"/{language}/accounts/2fa/recovery-codes/")
    assert page.locator("main .recovery-codes code").count() == 10
    page.locator("main a.button").click()
    visitor.check()
    assert page.url.endswith(f"/{language}/dashboard/")

    sign_out_from_the_header(visitor, language)
    sign_in_with_password(visitor)
    assert page.url.endswith(f"/{language}/accounts/2fa/authenticate/")
    right = visitor.next_code(secret)
    visitor.type_code("000000" if right != "000000" else "111111")
    assert text["wrong"] in page.locator("main").inner_text()
    assert page.url.endswith(f"/{language}/accounts/2fa/authenticate/")
    visitor.type_code(right)
    assert page.url.endswith(f"/{language}/dashboard/")
