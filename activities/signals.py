"""What this app's rows belong to, for the derived data kept in the cache
(cop_portal.core.cache): an activity counts in its community's figures and in its lead
organisation's; activity types are named on every report. Connected by
ActivitiesConfig.ready()."""

from cop_portal.core.cache import SHARED, community_scope, organization_scope, renew_on_change

from .models import Activity, ActivityType


def _scopes(row) -> tuple:
    lead = row.lead_organization_id
    return (community_scope(row.community_id), organization_scope(lead) if lead else None)


def connect() -> None:
    renew_on_change(
        Activity,
        _scopes,
        columns=("community_id", "lead_organization_id"),
        many_to_many=("partner_organizations", "objectives"),
    )
    renew_on_change(ActivityType, lambda row: (SHARED,))
