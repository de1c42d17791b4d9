import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Organization, Topic


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "description")


# History is registered here, after the translated fields exist, so that the historical
# models carry them too (simple-history's advice for django-modeltranslation).
simple_history.register(Organization)
