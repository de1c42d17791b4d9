"""Messages of Django and django-allauth that our pages show, kept in our catalogue.

allauth has no Khmer catalogue and Django's is partial; LOCALE_PATHS comes first, so the
Khmer given to these msgids in locale/km is what a Khmer reader sees. makemessages finds
them here. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext

MSGIDS = [
    # allauth: the sign-in form.
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Password"),
    gettext_noop("Remember Me"),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
    # Django: the commonest form errors.
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    # allauth: messages after signing in and out.
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    # allauth: the password forms.
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Please type your current password."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("Password successfully changed."),
    gettext_noop("Password successfully set."),
    # Django: the commonest field errors.
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("The submitted file is empty."),
    # Django: the days of the week (the calendar's columns).
    gettext_noop("Mon"),
    gettext_noop("Tue"),
    gettext_noop("Wed"),
    gettext_noop("Thu"),
    gettext_noop("Fri"),
    gettext_noop("Sat"),
    gettext_noop("Sun"),
    # Django: the password validators' help.
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    # allauth: adding an e-mail address.
    gettext_noop("Email"),
    # Django: the password validators.
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
]


def _plurals():  # never called: only for makemessages, which finds plurals in ngettext()
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    )
    ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        8,
    )
