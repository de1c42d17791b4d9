"""What the admin pages of several apps share."""

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets
from django.core.files.uploadedfile import UploadedFile
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .forms import ModelMultipleChoiceField, StoredValuesMixin, names_a_row
from .romanise import unique_slug
from .uploads import check_upload

# Django's own yes/no icons, with an alt text in the reader's language: the admin's
# columns say "True" or "False" to a screen reader, in English whatever the language.
ICONS = {True: ("yes", _("Yes")), False: ("no", _("No")), None: ("unknown", _("Unknown"))}


def yes_no(model, name):
    """A list column for the boolean field `name` of `model`, sortable, with its icon."""

    @admin.display(description=model._meta.get_field(name).verbose_name, ordering=name)
    def column(obj):
        value = getattr(obj, name)
        icon, text = ICONS[None if value is None else bool(value)]
        return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)

    column.__name__ = name  # the column's CSS class and sort key, as for the field itself
    return column


# The names Django stores for the permissions it makes are English sentences ("Can add
# activity"), written once at migrate time; these say the same in the reader's language.
PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def _model_name(model):
    # simple-history names its models "historical <name>", untranslated.
    if original := getattr(model, "instance_type", None):
        return _("history of %(model)s") % {"model": original._meta.verbose_name}
    return model._meta.verbose_name


def permission_label(permission):
    """A permission as the admin's pickers list it (app | model | what it allows), the
    models' own permissions in the reader's language, any other by its stored name."""
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    model_name = _model_name(model)
    action, _separator, codename_model = permission.codename.partition("_")
    name = permission.name
    if action in PERMISSION_ACTIONS and codename_model == model._meta.model_name:
        name = PERMISSION_ACTIONS[action] % {"model": model_name}
    return f"{model._meta.app_config.verbose_name} | {model_name} | {name}"


class TranslatesPermissions:
    """For the user and group admins: their permission pickers in the reader's language."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in {"permissions", "user_permissions"}:
            field.label_from_instance = permission_label
        return field


class ChecksUploads(forms.ModelForm):
    """For the admin pages of a model with an uploaded `file` (and its `file_name`,
    `content_type`, and `size` where it has one): a new file is checked as the portal's
    own forms check it (type from the content, an image decoded within its limit of
    pixels), and what the portal serves it with is recorded."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            self._recorded = {"content_type": check_upload(file), "size": file.size}
            if not self.data.get(self.add_prefix("file_name")):  # unless the admin named it
                self._recorded["file_name"] = file.name[:255]
        return file

    def clean(self):
        # Before the instance is built from the form: the form's own fields get the values
        # recorded, the others are set on the instance.
        cleaned_data = super().clean()
        for name, value in getattr(self, "_recorded", {}).items():
            if name in self.fields:
                cleaned_data[name] = value
            elif hasattr(self.instance, name):
                setattr(self.instance, name, value)
        return cleaned_data


class StoredValuesAdminMixin:
    """For the admin pages of the portal's models, and their inlines: the forms accept only
    what can be stored, shown and exported, as the portal's own do (StoredValuesMixin);
    an autocomplete field sent a crafted id (a word, a number too large) draws it as
    nothing chosen and the form says the value is not valid, where Django's widget would
    pass it to the database; many-to-many fields refuse such an id before the database is
    asked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = stored_values_form(self.form)
        if getattr(self, "add_form", None):  # the people's admin has its own for adding
            self.add_form = stored_values_form(self.add_form)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def stored_values_form(form_class):
    """`form_class` with StoredValuesMixin (the class itself if it has it already)."""
    if issubclass(form_class, StoredValuesMixin):
        return form_class
    return type(form_class.__name__, (StoredValuesMixin, form_class), {})


class _ChosenRowsMixin:
    """An autocomplete widget that draws only the chosen values that can name a row."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        key = opts.get_field(getattr(remote, "field_name", opts.pk.attname))
        return super().optgroups(name, [v for v in value if names_a_row(key, v)], attr)


class AutocompleteSelect(_ChosenRowsMixin, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_ChosenRowsMixin, widgets.AutocompleteSelectMultiple):
    pass


class SlugFromNames(forms.ModelForm):
    """An admin form whose new rows may leave their address (slug) empty: it is then made
    from the English name, or the Khmer name in Latin letters (cop_portal/core/romanise.py),
    as the portal's own forms make it. A row that has an address keeps it."""

    slug_fallback = "item"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields and self.instance.pk is None:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Leave it empty to make it from the name: the English name, or else the "
                "Khmer name in Latin letters."
            )

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and self.instance.pk is None and not cleaned.get("slug"):
            names = (cleaned.get("name_en") or "", cleaned.get("name_km") or "")
            cleaned["slug"] = unique_slug(self._meta.model, *names, fallback=self.slug_fallback)
        return cleaned
