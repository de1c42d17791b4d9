"""What the admin pages of several apps share."""

from .cache import data_changed


class RenewsDerivedData:
    """Admin edits bypass the services: those to what reports and the knowledge map are
    made of renew the data's version too, so no cached report or map outlives them."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        data_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        data_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        data_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        data_changed()
