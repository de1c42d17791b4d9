import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Community, Objective, StreamEvent


@register(Community)
class CommunityTranslation(TranslationOptions):
    fields = ("name", "domain", "practice", "goal", "charter", "closing_summary", "lessons")


@register(Objective)
class ObjectiveTranslation(TranslationOptions):
    fields = ("title", "description")


@register(StreamEvent)
class StreamEventTranslation(TranslationOptions):
    fields = ("title",)


# History is registered here, after the translated fields exist, so that the historical
# models carry them too (simple-history's advice for django-modeltranslation).
simple_history.register(Community, excluded_fields=["created_at"])
simple_history.register(Objective, excluded_fields=["created_at"])
