"""What this app's rows belong to, for the derived data kept in the cache
(cop_portal.core.cache): a community's own figures change with it, its objectives, guests
and the organisations taking part; an organisation's dashboard figures with where it takes
part. Connected by CommunitiesConfig.ready()."""

from cop_portal.core.cache import community_scope, organization_scope, renew_on_change

from .models import Community, Guest, Objective, Participation


def connect() -> None:
    renew_on_change(
        Community,
        lambda row: (community_scope(row.id),),
        columns=("id",),
        many_to_many=("facilitators",),
    )
    renew_on_change(
        Participation,
        lambda row: (community_scope(row.community_id), organization_scope(row.organization_id)),
        columns=("community_id", "organization_id"),
    )
    for model in (Objective, Guest):
        renew_on_change(
            model, lambda row: (community_scope(row.community_id),), columns=("community_id",)
        )
