"""Messages of Django, django-allauth, simple-history and django-axes that our pages and the
admin show, kept in our catalogue.

allauth, simple-history and axes have no Khmer catalogue and Django's is partial (and in places
says another thing than our glossary); LOCALE_PATHS comes first, so the Khmer given to these
msgids in locale/km is what a Khmer reader sees. makemessages finds them here. Nothing imports
this module. Django's password-reset pages and 404/500 admin templates are left out: the
admin does not show them here. The admin's JavaScript (the djangojs domain) has its Khmer in
locale/km/LC_MESSAGES/djangojs.po, kept by hand.
"""

from django.utils.translation import gettext_noop, ngettext, pgettext_lazy

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
    # Django: what a crafted form gets (a NUL in a text, an id that is no id).
    gettext_noop("Null characters are not allowed."),
    gettext_noop("“%(pk)s” is not a valid value."),
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
    # Django admin: the index, the side bar and the page frame.
    gettext_noop("%(app)s administration"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("View"),
    gettext_noop("You don’t have permission to view or edit anything."),
    gettext_noop("View site"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Recent actions"),
    gettext_noop("My actions"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Unknown content"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Sidebar"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Popup closing…"),
    # Django admin: the sign-in and sign-out pages, the password change.
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that both "
        "fields may be case-sensitive.",
    ),
    gettext_noop(
        "You are authenticated as %(username)s, but are not authorized to access this page. Would "
        "you like to login to a different account?",
    ),
    gettext_noop("Thanks for spending some quality time with the web site today."),
    gettext_noop(
        "Please enter your old password, for security’s sake, and then enter your new password "
        "twice so we can verify you typed it in correctly.",
    ),
    gettext_noop("Error:"),
    # Django admin: the change list, its actions, filters, search and sorting.
    gettext_noop("Action:"),
    gettext_noop("Run the selected action"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("Clear selection"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Select %s to view"),
    gettext_noop("0 of %(cnt)s selected"),
    gettext_noop(
        "Items must be selected in order to perform actions on them. No items have been changed.",
    ),
    gettext_noop("No action selected."),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Hide counts"),
    gettext_noop("Show counts"),
    gettext_noop("Clear all filters"),
    gettext_noop("No date"),
    gettext_noop("Has date"),
    gettext_noop("Empty"),
    gettext_noop("Not empty"),
    gettext_noop("Remove from sorting"),
    gettext_noop("Sorting priority: %(priority_number)s"),
    gettext_noop("Toggle sorting"),
    # Django admin: the change form, its widgets, inlines and messages.
    gettext_noop("Save and view"),
    gettext_noop("Close"),
    gettext_noop("Delete?"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_noop("Currently:"),
    gettext_noop("Change:"),
    gettext_noop("None"),
    gettext_noop("View %s"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("%(class_name)s %(instance)s"),
    gettext_noop(
        "Deleting %(class_name)s %(instance)s would require deleting the following protected "
        "related objects: %(related_objects)s",
    ),
    # Django admin: the delete confirmations.
    gettext_noop("Delete multiple objects"),
    gettext_noop("Objects"),
    gettext_noop("Yes, I’m sure"),
    gettext_noop("No, take me back"),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the following "
        "protected related objects:",
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, but "
        "your account doesn't have permission to delete the following types of objects:",
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following protected "
        "related objects:",
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following "
        "objects and their related items will be deleted:",
    ),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("Cannot delete %(name)s"),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    # Django admin: the history page of models without simple-history.
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Added."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Changed {fields}."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop(
        "This object doesn’t have a change history. It probably wasn’t added via this admin site.",
    ),
    # Django admin and auth: a person's account and password pages.
    gettext_noop("Authentication and Authorization"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Set password"),
    gettext_noop("Enter a new password for the user <strong>%(username)s</strong>."),
    gettext_noop(
        "This action will <strong>enable</strong> password-based authentication for this user.",
    ),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Change password: %s"),
    gettext_noop("Set password: %s"),
    gettext_noop("Password changed successfully."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Password change successful"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop("No password set."),
    gettext_noop("Invalid password format or unknown hashing algorithm."),
    gettext_noop("Reset password"),
    gettext_noop("algorithm"),
    gettext_noop("iterations"),
    gettext_noop("salt"),
    gettext_noop("hash"),
    gettext_noop("Password-based authentication"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they "
        "may still be able to authenticate using other backends, such as Single Sign-On or LDAP.",
    ),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Old password"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop(
        "The groups this user belongs to. A user will get all permissions granted to each of "
        "their groups.",
    ),
    gettext_noop("Specific permissions for this user."),
    gettext_noop(
        "Designates whether this user should be treated as active. Unselect this instead of "
        "deleting accounts.",
    ),
    # Django: what the admin's lists and forms show from the core.
    gettext_noop("…"),
    gettext_noop("Clear"),
    gettext_noop("Enter a number."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    gettext_noop("Please correct the duplicate values below."),
    # django-allauth: its admin of e-mail addresses; Django: the names of apps that the permissions
    # list shows.
    gettext_noop("Accounts"),
    gettext_noop("email address"),
    gettext_noop("email addresses"),
    gettext_noop("verified"),
    gettext_noop("primary"),
    gettext_noop("Mark selected email addresses as verified"),
    gettext_noop("email confirmation"),
    gettext_noop("email confirmations"),
    gettext_noop("Marked {email} as verified."),
    gettext_noop("Failed to mark {email} as verified."),
    gettext_noop("Content Types"),
    gettext_noop("Sessions"),
    # simple-history: the history page, and viewing or reverting a past version.
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object.",
    ),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Object"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
    gettext_noop("View history: %s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Revert %s"),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    # django-axes: its admin pages (sign-in attempts on the admin) and its lock-out message.
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Logout Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Locked Out"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    # django-allauth (mfa): two-step sign-in's form fields, errors and messages, and its
    # admin (the section's name and the kinds of authenticator).
    gettext_noop("Authenticator code"),
    gettext_noop("Code"),
    gettext_noop("Incorrect code."),
    gettext_noop("You cannot deactivate two-factor authentication."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Authenticator app activated."),
    gettext_noop("Authenticator app deactivated."),
    gettext_noop("A new set of recovery codes has been generated."),
    gettext_noop(
        "You cannot generate recovery codes without having two-factor authentication enabled."
    ),
    gettext_noop(
        "You cannot add an email address to an account protected by two-factor authentication."
    ),
    gettext_noop(
        "You cannot activate two-factor authentication until you have verified your email address."
    ),
    gettext_noop("MFA"),
    gettext_noop("Recovery codes"),
    gettext_noop("TOTP Authenticator"),
    # django-tasks-db: the job queue's results, in the admin's logs.
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    # Django's own Khmer for these is English, misspelt or contradicts the glossary (e.g. History
    # and Action as សកម្មភាព, our activity; Filter and Go as search): ours wins.
    gettext_noop("Yes"),
    gettext_noop("No"),
    gettext_noop("Home"),
    gettext_noop("Welcome,"),
    gettext_noop("Log in"),
    gettext_noop("Log in again"),
    gettext_noop("Filter"),
    gettext_noop("Go"),
    gettext_noop("History"),
    gettext_noop("Change history: %s"),
    gettext_noop("Action"),
    gettext_noop("User"),
    gettext_noop("user"),
    gettext_noop("Date/time"),
    gettext_noop("Save and continue editing"),
    gettext_noop("Change password"),
    gettext_noop("Password change"),
    gettext_noop("Change my password"),
    gettext_noop("Your password was changed."),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types of "
        "objects:",
    ),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the '
        "following related items will be deleted:",
    ),
    gettext_noop("last login"),
    gettext_noop("superuser status"),
    gettext_noop(
        "Designates that this user has all permissions without explicitly assigning them.",
    ),
    gettext_noop("user permissions"),
    gettext_noop("Designates whether the user can log into this admin site."),
    gettext_noop("March"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("abbrev. month", "March"),
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
    # Django: a text longer than its field (the sign-in address, say).
    ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        254,
    )
    # Django admin: the change list, its actions, filters, search and sorting.
    ngettext("%(total_count)s selected", "All %(total_count)s selected", 1)
    ngettext("%(counter)s result", "%(counter)s results", 1)
    ngettext(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        1,
    )
    # Django admin: the change form, its widgets, inlines and messages.
    ngettext("Please correct the error below.", "Please correct the errors below.", 1)
    # Django admin: the history page of models without simple-history.
    ngettext("entry", "entries", 1)
