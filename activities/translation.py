import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Activity, ActivityType


@register(ActivityType)
class ActivityTypeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "summary", "outcomes", "lessons_learned")


# History is registered here, after the translated fields exist, so that the historical
# models carry them too (simple-history's advice for django-modeltranslation).
simple_history.register(Activity, excluded_fields=["created_at"])
