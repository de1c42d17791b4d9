"""What this app's rows are, for the derived data kept in the cache (cop_portal.core.cache):
an organisation's name, type and topics and the topics themselves appear on every report and
map. Connected by MembersConfig.ready()."""

from cop_portal.core.cache import SHARED, renew_on_change

from .models import Organization, Topic


def connect() -> None:
    renew_on_change(Organization, lambda row: (SHARED,), many_to_many=("offers", "needs"))
    renew_on_change(Topic, lambda row: (SHARED,))
