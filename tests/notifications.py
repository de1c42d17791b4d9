"""Notification settings for tests: a person who chose to hear of some news at once."""

from members.models import NotificationSetting
from members.notifications import save_notification_settings


def hears_at_once(person, *kinds, channel="email"):
    """`person` hears of `kinds` (NotificationSetting.Kind values; all when none) at once on
    `channel`, as if they had chosen so on their settings page."""
    kinds = kinds or NotificationSetting.Kind.values
    save_notification_settings(
        person=person, choices={(channel, kind): NotificationSetting.When.NOW for kind in kinds}
    )
