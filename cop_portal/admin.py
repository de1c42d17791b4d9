"""The e-mails (and messengers' messages) the portal keeps for its worker: an admin sees
those the server kept refusing, and sends them again. A messenger's recipient is the
person's name; the chat's address is in the message, which is never shown."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cop_portal.core.mail import send_again
from cop_portal.core.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "recipient",
        "channel",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["recipient"]
    date_hierarchy = "created_at"
    fields = list_display + ["last_error", "sent_at"]
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected e-mails again"), permissions=["view"])
    def send_again(self, request, queryset):
        count = send_again(deliveries=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail will be sent again.",
                "%(count)d e-mails will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
