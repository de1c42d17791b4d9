import datetime
import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import (
    Community,
    Objective,
    Participation,
)
from communities.selectors import communities_inside
from cop_portal.core.forms import (
    BilingualFormMixin,
    ChoicesReadOnceMixin,
    DateInput,
    DigitsInput,
    ModelMultipleChoiceField,
    ServiceModelForm,
    StoredValuesMixin,
    VersionedFormMixin,
)
from cop_portal.core.models import NAMED, province_choices
from cop_portal.core.text import digits
from cop_portal.core.validators import validate_year
from members.models import Organization
from members.permissions import is_admin

from .models import DISAGGREGATED_COUNTS, Activity, ActivityType
from .reports import whole_months

COUNT_FIELDS = ("participants_total", *DISAGGREGATED_COUNTS)


# Photos sent with a new activity's form: enough for a report, few enough for a slow link
# (each made smaller in the browser first, to about 250 KB).
MAX_PHOTOS = 10


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files in one input (Django's pattern for a multiple file field); each is
    checked by the service, like a file attached later."""

    widget = PhotosInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _(
                    "At most %(count)s photos can be sent with the form; add the others on "
                    "the activity's page."
                ),
                code="too_many",
                params={"count": digits(MAX_PHOTOS)},
            )
        return [super(PhotosField, self).clean(file, initial) for file in files]


class ObjectiveChoiceField(ModelMultipleChoiceField):
    """The objectives of the person's communities, each named with its community: two
    communities may each have an objective of the same title."""

    def label_from_instance(self, obj):
        # Translators: an objective in a list of checkboxes, then the community it is of.
        return _("%(objective)s — %(community)s") % {
            "objective": obj,
            "community": obj.community,
        }


def default_status(start: datetime.date | None) -> str:
    """What an activity on this day most likely is when it is logged: done if the day
    has come (or no day is given yet: most activities are logged after they happened),
    planned if it is still to come."""
    if start is not None and start > timezone.localdate():
        return Activity.Status.PLANNED
    return Activity.Status.DONE


class ActivityForm(VersionedFormMixin, ChoicesReadOnceMixin, BilingualFormMixin, ServiceModelForm):
    """Log or complete an activity. Wrong figures are told on their field; nothing typed
    is lost."""

    bilingual = {
        "title": _("Title"),
        "summary": _("Summary"),
        "outcomes": _("Outcomes"),
        "lessons_learned": _("Lessons learned"),
    }
    # Which showing of the form this is: the same one sent twice logs one activity.
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # A new activity's photos (an edit attaches them on the activity's page).
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("Made smaller on this phone before they are sent."),
        widget=PhotosInput(attrs={"accept": "image/*", "data-shrink": ""}),
    )

    class Meta:
        model = Activity
        fields = [
            "community",
            "activity_type",
            "title_km",
            "title_en",
            "summary_km",
            "summary_en",
            "lead_organization",
            "partner_organizations",
            "status",
            "start_date",
            "end_date",
            "mode",
            "place",
            "province",
            *COUNT_FIELDS,
            "outcomes_km",
            "outcomes_en",
            "lessons_learned_km",
            "lessons_learned_en",
            "follow_up",
            "objectives",
        ]
        field_classes = {
            "partner_organizations": ModelMultipleChoiceField,
            "objectives": ObjectiveChoiceField,
        }
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "partner_organizations": forms.CheckboxSelectMultiple,
            "objectives": forms.CheckboxSelectMultiple,
            "status": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "summary_km",
                    "summary_en",
                    "outcomes_km",
                    "outcomes_en",
                    "lessons_learned_km",
                    "lessons_learned_en",
                    "follow_up",
                )
            },
            # Khmer digits or Latin ones; empty for a new activity, and empty means 0.
            **{name: DigitsInput() for name in COUNT_FIELDS},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The ids of the person's open communities first: the choices below name them.
        ids = list(
            communities_inside(user)
            .exclude(status=Community.Status.CLOSED)
            .values_list("pk", flat=True)
        )
        participating = Organization.objects.filter(
            pk__in=Participation.objects.filter(community_id__in=ids, left_on__isnull=True).values(
                "organization"
            )
        )
        self.fields["community"].queryset = Community.objects.filter(pk__in=ids).only(*NAMED)
        self.fields["activity_type"].queryset = ActivityType.objects.filter(is_active=True)
        self.fields["partner_organizations"].queryset = participating.only(*NAMED)
        self.fields["objectives"].queryset = Objective.objects.filter(
            community_id__in=ids
        ).select_related("community")
        facilitates = (
            is_admin(user)
            or Community.facilitators.through.objects.filter(
                community_id__in=ids, user_id=user.pk
            ).exists()
        )
        self.fields["lead_organization"].queryset = (
            participating if facilitates else Organization.objects.filter(pk=user.organization_id)
        ).only(*NAMED)
        if self.instance.pk:
            self.fields["community"].disabled = True
            del self.fields["submission"]  # an edit is guarded by its version instead
            del self.fields["photos"]
        else:
            self.fields["submission"].initial = uuid.uuid4()
            if user.organization_id:
                self.fields["lead_organization"].initial = user.organization_id
            if len(ids) == 1:  # the only community the person can log for: chosen already
                self.fields["community"].initial = ids[0]
            # Done if the day has come, planned if not (static/js/activity_form.js follows
            # the date typed until the person chooses).
            self.fields["status"].initial = default_status(self._initial_date())
            self.fields["status"].required = False  # not sent: from the date (clean)
            for name in COUNT_FIELDS:  # empty, not 0: nobody has counted yet
                self.fields[name].initial = None
        self.fields["community"].empty_label = _("Choose a community")
        self.fields["activity_type"].empty_label = _("Choose a type of activity")
        self.fields["lead_organization"].empty_label = _("Choose an organisation")
        self.fields["province"].choices = [("", _("Choose a province")), *province_choices()]
        self.fields["title_km"].help_text = _("A title in Khmer or in English is enough.")
        for name in COUNT_FIELDS:
            self.fields[name].min_value = 0
            self.fields[name].required = False  # empty means 0

    def _initial_date(self) -> datetime.date | None:
        """The start date the new form opens on, if it is given."""
        value = self.get_initial_for_field(self.fields["start_date"], "start_date")
        if isinstance(value, datetime.date):
            return value
        try:
            return self.fields["start_date"].to_python(value)
        except ValidationError:
            return None

    def clean(self):
        cleaned = super().clean()
        for name in COUNT_FIELDS:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = 0  # nobody counted: none
        self.require_one_language(
            cleaned, "title", _("Give the activity a title, in Khmer or in English.")
        )
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if not self.instance.pk and not cleaned.get("status") and not self.has_error("status"):
            cleaned["status"] = default_status(start)  # a new activity sent without one
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        total = cleaned.get("participants_total")
        if total is not None:
            for name in DISAGGREGATED_COUNTS:
                value = cleaned.get(name)
                if value is not None and value > total:
                    self.add_error(
                        name,
                        _("%(label)s (%(value)s) cannot be more than the total (%(total)s).")
                        % {
                            "label": self.fields[name].label,
                            "value": digits(value),
                            "total": digits(total),
                        },
                    )
            women, men = cleaned.get("participants_women"), cleaned.get("participants_men")
            if women is not None and men is not None and women + men > total >= max(women, men):
                self.add_error(
                    "participants_men",
                    _("Women and men together (%(sum)s) cannot be more than the total (%(total)s).")
                    % {"sum": digits(women + men), "total": digits(total)},
                )
        return cleaned

    def sections(self):
        """The form in the order a person fills it. Open: what most activities need (the
        community, type, title, date, status and place, the lead organisation and the
        head count); folded, each with a summary of what is inside and how much of it is
        filled: the rest, which a folded section shows opened when one of its fields was
        refused. Each item is a field or a (Khmer, English) pair."""
        pairs = dict(zip(self.bilingual, self.bilingual_pairs(), strict=True))
        names = {
            "what": ["community", "activity_type", pairs["title"]],
            "when": ["start_date", "status", "place"],
            "who": [
                "lead_organization",
                "participants_total",
                "participants_women",
                "participants_men",
            ],
        }
        folded = [
            # Translators: a folded part of the activity form, and what it holds.
            (
                "when_more",
                _("More about when and where"),
                _("end date, mode, province"),
                ["end_date", "mode", "province"],
            ),
            (
                "who_more",
                _("More about who took part"),
                _("partner organisations; people with disabilities, youth, elderly, indigenous"),
                [
                    "partner_organizations",
                    "participants_disability",
                    "participants_youth",
                    "participants_elderly",
                    "participants_indigenous",
                ],
            ),
            (
                "results",
                _("Summary and results"),
                _("summary, outcomes, lessons learned, follow-up, objectives served"),
                [
                    pairs["summary"],
                    pairs["outcomes"],
                    pairs["lessons_learned"],
                    "follow_up",
                    "objectives",
                ],
            ),
        ]
        if "photos" in self.fields:
            folded.append(("photos", _("Photos"), _("photos of the activity"), ["photos"]))
        sections = {key: self._items(items) for key, items in names.items()}
        sections["folded"] = [
            self._fold(key=key, title=title, holds=holds, items=self._items(items))
            for key, title, holds, items in folded
        ]
        return sections

    def _items(self, items):
        """{"field": bound field} or {"pair": (Khmer, English)}, for the template."""
        return [
            {"field": self[item]} if isinstance(item, str) else {"pair": item} for item in items
        ]

    def _fold(self, *, key, title, holds, items):
        fields = [field for item in items for field in item.get("pair", (item.get("field"),))]
        return {
            "key": key,
            "title": title,
            "holds": holds,
            "items": items,
            "filled": sum(1 for field in fields if self._filled(field)),
            "open": any(field.errors for field in fields),
        }

    def _filled(self, field) -> bool:
        """Whether this field holds something: a value other than none, 0 or, for a new
        activity, the one the form opened with (the mode it suggests)."""
        value = field.value()
        if value in (None, "", [], ()) or str(value).strip() in ("", "0"):
            return False
        if self.instance.pk is None:
            initial = self.get_initial_for_field(self.fields[field.name], field.name)
            return str(value) != str(initial)
        return True


class ActivityFilterForm(ChoicesReadOnceMixin, StoredValuesMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    community = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Community"), empty_label=_("All communities")
    )
    activity_type = forms.ModelChoiceField(
        queryset=ActivityType.objects.all(),
        required=False,
        label=_("Type of activity"),
        empty_label=_("All types"),
    )
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("Any status")), *Activity.Status.choices],
    )
    date_from = forms.DateField(required=False, label=_("From"), widget=DateInput())
    date_to = forms.DateField(required=False, label=_("To"), widget=DateInput())
    province = forms.ChoiceField(required=False, label=_("Province"))
    organization = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Organisation"), empty_label=_("All organisations")
    )
    # "Mine": chosen by the list's two tabs (All · Mine), kept through the filters by a
    # hidden field so that filtering "Mine" stays in "Mine".
    mine = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        label=pgettext_lazy("activities: the ones I saved", "Mine"),
    )

    def __init__(self, *args, inside_community_ids: list[int], **kwargs):
        """inside: the ids of the communities the person is inside of (inside_ids)."""
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.filter(
            pk__in=inside_community_ids
        ).only(*NAMED)
        self.fields["province"].choices = [("", _("All provinces")), *province_choices()]
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=Participation.objects.filter(community_id__in=inside_community_ids).values(
                "organization"
            )
        ).only(*NAMED)


class AttachmentForm(StoredValuesMixin, forms.Form):
    """A file for an activity. The form only parses: the service checks the file's content
    (its type, read from the content, and its size)."""

    file = forms.FileField(
        label=_("File"),
        max_length=100,
        help_text=_("A photo or a document: PDF, image or office file, 10 MB at most."),
        # A photo is made smaller in the browser before it is sent (static/js/upload.js).
        widget=forms.ClearableFileInput(attrs={"data-shrink": ""}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class MonthInput(forms.DateInput):
    """A month picker where the browser has one; elsewhere a text box for "2026-03"."""

    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


_MONTH = re.compile(r"([0-9០-៩]{4})-([0-9០-៩]{1,2})")  # Latin or Khmer digits


class MonthField(forms.Field):
    """A year and a month ("2026-03"), cleaned to the first day of that month."""

    widget = MonthInput
    default_validators = [validate_year]
    default_error_messages = {"invalid": _("Give a year and a month, for example 2026-03.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        match = _MONTH.fullmatch(str(value).strip())
        try:
            year, month = (int(part) for part in match.groups())  # int() reads Khmer digits
            return datetime.date(year, month, 1)
        except (AttributeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def _day(value) -> datetime.date | None:
    """The day given in a query string, or None if it is no day."""
    try:
        return forms.DateField(required=False).clean(value)
    except ValidationError:
        return None


def _last_day(month: datetime.date) -> datetime.date:
    return whole_months(None, month)[1]


class ReportFilterForm(StoredValuesMixin, forms.Form):
    """The period of a report and, for the programme report, one of its communities.

    With `whole_months` (a report whose figures are rounded and suppressed: see
    activities/reports.py) the period is chosen in months, from the first day of one to the
    last day of another, so that no one can subtract the days around a day. A day-level
    date_from or date_to in the query string (an old link, a hand-made address) is then
    widened to the whole months it falls in, never used as given, and `widened` says so.
    Either way cleaned_data holds date_from and date_to (days), and the community."""

    date_from = forms.DateField(required=False, label=_("From"), widget=DateInput())
    date_to = forms.DateField(required=False, label=_("To"), widget=DateInput())
    month_from = MonthField(
        required=False, label=_("From"), help_text=_("Year and month, for example 2026-03.")
    )
    month_to = MonthField(
        required=False, label=_("To"), help_text=_("Year and month, for example 2026-03.")
    )
    community = forms.ChoiceField(required=False, label=_("Community"))

    def __init__(self, data=None, *args, communities=None, whole_months=False, **kwargs):
        self.widened = False
        if whole_months and data is not None:
            data = self._widened(data)
        super().__init__(data, *args, **kwargs)
        for name in ("date_from", "date_to") if whole_months else ("month_from", "month_to"):
            del self.fields[name]
        self.whole_months = whole_months
        if communities is None:
            del self.fields["community"]
        else:
            self.communities = {str(community.pk): community for community in communities}
            self.fields["community"].choices = [
                ("", _("All communities")),
                *((pk, community.name) for pk, community in self.communities.items()),
            ]

    def _widened(self, data):
        """The query with each day-level bound replaced by its month (unless the month is
        given too); a bound that is no day is kept as typed, to be refused."""
        day_bounds = {"date_from": "month_from", "date_to": "month_to"}
        if not any(data.get(day) for day in day_bounds):
            return data
        data = data.copy()
        for name, month in day_bounds.items():
            value = data.pop(name, None)
            if isinstance(value, list):  # a QueryDict gives every value of the name
                value = value[-1] if value else None
            if not value or data.get(month):
                continue
            day = _day(value)
            data[month] = day.isoformat()[:7] if day else value
            if day is not None:
                bound = day.replace(day=1) if name == "date_from" else _last_day(day)
                self.widened = self.widened or day != bound
        return data

    def clean_community(self):
        value = self.cleaned_data.get("community")
        return self.communities.get(value) if value else None

    def clean(self):
        cleaned = super().clean()
        if self.whole_months:
            month_from, month_to = cleaned.pop("month_from", None), cleaned.pop("month_to", None)
            cleaned["date_from"] = month_from
            cleaned["date_to"] = month_to and _last_day(month_to)
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error(
                "month_to" if self.whole_months else "date_to",
                _("The end of the period cannot be before its start."),
            )
        return cleaned


class AdoptIdeaForm(StoredValuesMixin, forms.Form):
    activity_type = forms.ModelChoiceField(
        queryset=None, label=_("Type of activity"), empty_label=_("Choose a type of activity")
    )
    lead_organization = forms.ModelChoiceField(
        queryset=None, label=_("Lead organisation"), empty_label=_("Choose an organisation")
    )
    start_date = forms.DateField(widget=DateInput(), label=_("Planned date"))

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].queryset = ActivityType.objects.filter(is_active=True)
        self.fields["lead_organization"].queryset = Organization.objects.filter(
            participations__community=community, participations__left_on__isnull=True
        )
