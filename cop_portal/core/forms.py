"""Form pieces shared by the apps."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection
from django.http import Http404, QueryDict
from django.utils.translation import gettext_lazy as _

from .text import digits, typed_text
from .validators import validate_text, validate_year

LANGUAGES = ("km", "en")
LANGUAGE_LABELS = {
    # Translators: a form field's label, then the language to write it in.
    "km": _("%(label)s (in Khmer)"),
    "en": _("%(label)s (in English)"),
}


class BilingualFormMixin:
    """Translated fields (<field>_km, <field>_en) shown side by side, Khmer first, each
    marked with its language; either language is enough. `bilingual` maps each field to
    its label."""

    bilingual: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, label in self.bilingual.items():
            for language in LANGUAGES:
                form_field = self.fields[f"{field}_{language}"]
                form_field.label = LANGUAGE_LABELS[language] % {"label": label}
                form_field.required = False
                form_field.widget.attrs["lang"] = language

    @classmethod
    def bilingual_names(cls) -> list[str]:
        return [f"{field}_{language}" for field in cls.bilingual for language in LANGUAGES]

    def bilingual_pairs(self):
        """[(Khmer field, English field)] for the side-by-side layout."""
        return [(self[f"{field}_km"], self[f"{field}_en"]) for field in self.bilingual]

    def other_fields(self):
        names = set(self.bilingual_names())
        return [bound for bound in self if bound.name not in names]

    def require_one_language(self, cleaned, field, message) -> None:
        if not any((cleaned.get(f"{field}_{language}") or "").strip() for language in LANGUAGES):
            self.add_error(f"{field}_km", message)


DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)
NUL_VALIDATOR = ProhibitNullCharactersValidator


# Translators: the first option of a list to choose from, before anything is chosen.
CHOOSE_ONE = _("Choose one")
DASHES = "---------"  # Django's first option of a list, which says nothing


class DigitsInput(forms.TextInput):
    """A whole number typed in Latin or Khmer digits: a text box, since a browser's number
    box drops Khmer digits (០-៩), with the phone's number keyboard (inputmode) and a
    pattern that says which digits it takes. Django's IntegerField reads Khmer digits
    (Python's int() reads every decimal digit)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "pattern": "[0-9០-៩]*", **(attrs or {})})


class StoredValuesMixin:
    """What a form accepts can be stored, shown and exported: in every text field (but a
    password) line breaks become line feeds (cop_portal.core.text.typed_text: Word's
    Shift+Enter too) and a control character is refused; every date is refused outside the
    years FIRST_YEAR to LAST_YEAR. Each refusal is told on its field, in the reader's
    language, with what was typed kept.

    Every number box takes Khmer digits as well as Latin ones (DigitsInput), and every
    list to choose from opens on a prompt ("Choose one", or the form's own, such as
    "Choose a community"), never on Django's "---------".

    The line breaks are made line feeds in the form's copy of what was sent, so that the
    form shows again what it checked and cleaned."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        texts = []
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                # validate_text refuses NUL too, in the reader's language.
                field.validators = [
                    *(v for v in field.validators if not isinstance(v, NUL_VALIDATOR)),
                    validate_text,
                ]
                texts.append(self.add_prefix(name))
            elif isinstance(field, DATE_FIELDS):
                field.validators = [*field.validators, validate_year]
            elif isinstance(field, forms.IntegerField) and type(field.widget) is forms.NumberInput:
                kept = {
                    key: value
                    for key, value in field.widget.attrs.items()
                    if key not in ("min", "max", "step")
                }
                field.widget = DigitsInput(kept)
            _prompt(field)
        if self.is_bound and texts:
            self.data = _typed(self.data, texts)


def _prompt(field) -> None:
    """A list to choose from opens on a prompt, not on Django's dashes."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DASHES:
            field.empty_label = CHOOSE_ONE
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if any(label == DASHES for _value, label in choices):
            field.choices = [
                (value, CHOOSE_ONE if label == DASHES else label) for value, label in choices
            ]


def _typed(data, names):
    """A copy of the form's data with each of `names` through typed_text."""
    data = data.copy()
    many = hasattr(data, "setlist")  # a QueryDict: every value of a name
    for name in names:
        if many and name in data:
            data.setlist(name, [_typed_value(value) for value in data.getlist(name)])
        elif name in data:
            data[name] = _typed_value(data[name])
    return data


def _typed_value(value):
    return typed_text(value) if isinstance(value, str) else value


class ServiceModelForm(StoredValuesMixin, forms.ModelForm):
    """A ModelForm whose cleaned_data a service writes (cop_portal.core.services.model_update).

    Django checks what was typed against the model (its validators, clean() and
    constraints, each error on its field) by copying the input onto the form's instance:
    here that instance is a copy of the one given, which stays as it was read, so that the
    service sees what the person changed. The form never saves."""

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=copy.copy(instance), **kwargs)

    def save(self, commit=True):
        raise NotImplementedError("A service saves what the form cleaned.")


def names_a_row(field, value) -> bool:
    """Whether `value` (as sent, a text) could be the value of the model field `field` (a
    primary key, say) in the database: an id that is no number, or a number beyond what
    the column holds (SQLite raises OverflowError on reading it), names nothing."""
    try:
        value = field.to_python(value)
    except ValidationError:
        return False
    if isinstance(value, int) and field.get_internal_type() in connection.ops.integer_field_ranges:
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or value >= low) and (high is None or value <= high)
    return True


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing an id that cannot name a row as it refuses any other id that is
    not a valid value, before the database is asked (see names_a_row)."""

    def clean(self, value):
        opts = self.queryset.model._meta
        key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for pk in value if isinstance(value, list | tuple) else ():
            if not names_a_row(key, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class VersionedFormMixin:
    """The edit form of a Versioned row, which loses nobody's change.

    Drawn for a row, it carries the version it was drawn at (the hidden `version`) and,
    beside each field, the value the person started from (Django's hidden initial,
    `initial-<name>`: the page says where the person started, so nothing is looked up in
    a history and a field of any kind, many-to-many included, compares as Django compares
    it). Sent back:

    - `edited_data()` is what the person changed from where they started: the service
      writes these fields and no other, so a field only somebody else changed keeps
      their value;
    - `version_to_claim` is the version the service claims (`claim_version`): the one the
      person started from, or the stored one when nothing this form shows has changed
      since (another form or the admin changed something else: that stays, and this
      person's changes are written beside it);
    - after the service raised Stale, `rebased(current)` is the form for the 409 page:
      the stored values in the fields the person left alone, what they typed in those
      they changed, started again from `current` (its values and its version), and
      `conflict` lists what the others changed (`changes_by_others`).

    A form for a new row (no instance yet) carries none of it."""

    def __new__(cls, *args, **kwargs):
        form = super().__new__(cls)
        # As the form was made (its subclass's own arguments too): `rebased` makes it again.
        form._made_with = (args[1:], {k: v for k, v in kwargs.items() if k != "data"})
        return form

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.conflict = None  # after a stale save: what the others changed
        if instance is None or instance.pk is None:
            return
        self.stored_version = instance.version
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=instance.version
        )
        for name, field in self.fields.items():
            if name != "version" and not isinstance(field, forms.FileField):
                field.show_hidden_initial = True

    def guarded_fields(self) -> list:
        return [
            self[name]
            for name, field in self.fields.items()
            if field.show_hidden_initial and not field.disabled
        ]

    def edited_data(self) -> dict:
        """What the person changed from where they started, cleaned: only this is written."""
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name != "version" and name in self.cleaned_data
        }

    def changes_by_others(self, stored=None) -> list[dict]:
        """The fields whose stored value is no longer the one this person started from,
        each with its label, the value stored now (as the page shows it), and whether the
        person changed it too. `stored`: a form drawn from the stored row (by default this
        one, drawn from the row as this request read it)."""
        return [
            {
                "label": bound.label,
                "value": shown(bound.field, bound.initial),
                "yours_too": bound.name in self.changed_data,
            }
            for bound in self._changed_since_start(stored or self)
        ]

    def _changed_since_start(self, stored) -> list:
        """The fields of `stored` whose value is not the one this form says it started
        from."""
        return [
            bound
            for bound in stored.guarded_fields()
            if _differs(
                bound.field,
                bound.initial,
                bound.field.hidden_widget().value_from_datadict(
                    self.data, self.files, self.add_initial_prefix(bound.name)
                ),
            )
        ]

    @property
    def version_to_claim(self) -> int:
        """The version the person's changes are written over: the one they started from,
        or the stored one when none of this form's fields has changed since."""
        started = self.cleaned_data.get("version") or 0
        if started != self.stored_version and not self._changed_since_start(self):
            return self.stored_version
        return started

    def rebased(self, current):
        """This form again, for the 409 page, after the service found that somebody else
        saved `current` (the row as stored now) since this person started (see the
        class). 404 if the row is gone meanwhile."""
        if current is None:
            raise Http404
        args, kwargs = self._made_with
        kwargs = {**kwargs, "instance": current}
        stored = type(self)(None, *args, **kwargs)
        data = self.data.copy()
        mine = set(self.changed_data)
        for bound in stored.guarded_fields():
            if bound.name not in mine:
                _put(data, bound.html_name, bound.field.widget, bound.value())
            _put(data, bound.html_initial_name, bound.field.hidden_widget(), bound.value())
        data[stored.add_prefix("version")] = str(current.version)
        form = type(self)(data, *args, **kwargs)
        form.conflict = self.changes_by_others(stored)
        return form


def _differs(field, stored, sent) -> bool:
    """Whether `stored` (a field's initial value) is not `sent` (as a browser sent it;
    browsers send a text's line breaks as CR LF, whatever the page held)."""
    if isinstance(stored, str):
        stored = stored.replace("\r\n", "\n")
    if isinstance(sent, str):
        sent = sent.replace("\r\n", "\n")
    return field.has_changed(stored, sent)


def _put(data: QueryDict, name: str, widget, value) -> None:
    """`value` into `data` under `name`, as a browser sends it from `widget`."""
    if isinstance(widget, forms.CheckboxInput):
        if value:
            data[name] = "on"
        else:
            data.pop(name, None)
        return
    sent = widget.format_value(value)
    if sent is None:
        sent = []
    elif not isinstance(sent, list | tuple):
        sent = [sent]
    data.setlist(name, [str(item) for item in sent])


# Translators: what a field holds when it is empty, in the list of what somebody changed.
EMPTY = _("(empty)")


def shown(field, value) -> str:
    """A field's value as a reader reads it: a choice by its label, yes or no, a number
    or a date in the reader's digits, a text as it was typed."""
    if isinstance(field, forms.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        prepared = field.prepare_value(value)
        values = prepared if isinstance(prepared, list | tuple) else [prepared]
        text = ", ".join(
            str(labels.get(str(item), item)) for item in values if item not in ("", None)
        )
    elif value is None or value == "":
        text = ""
    elif isinstance(value, str):
        text = value
    else:
        text = digits(value)
    return text or str(EMPTY)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's options, read from the database once per form. Django's own
    iterator reads them again (through a server-side cursor on PostgreSQL) each time the
    options are counted, drawn or checked."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self._listed()

    def __len__(self):
        return len(self._listed()) + (self.field.empty_label is not None)

    def _listed(self) -> list:
        """The (value, label) pairs, made once and kept by the queryset they come from."""
        queryset = self.queryset
        if not hasattr(queryset, "_listed_choices"):
            queryset._listed_choices = [self.choice(obj) for obj in queryset]
        return queryset._listed_choices


class ChoicesReadOnceMixin:
    """Every model choice field of the form reads its options once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedChoiceIterator
                field.widget.choices = field.choices  # the widget kept the field's first
