"""The stream of every community, from what is already there: discussions and their
answers, ideas, resources, objectives reached, organisations and guests that joined; and
each discussion followed by those who wrote in it. (The activities' cards are the
activities app's own migration.)"""

import datetime

from django.db import migrations
from django.utils import timezone

BATCH = 2000


def _at_noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def backfill(apps, schema_editor):
    StreamEvent = apps.get_model("communities", "StreamEvent")
    Follow = apps.get_model("communities", "Follow")
    Discussion = apps.get_model("communities", "Discussion")
    Post = apps.get_model("communities", "Post")
    Idea = apps.get_model("communities", "Idea")
    Resource = apps.get_model("communities", "Resource")
    Objective = apps.get_model("communities", "Objective")
    Participation = apps.get_model("communities", "Participation")
    Guest = apps.get_model("communities", "Guest")
    User = apps.get_model("members", "User")
    organization_of = dict(User.objects.values_list("pk", "organization_id"))

    events, follows = [], set()

    def add(**fields):
        title = fields.pop("title", "") or ""
        if isinstance(title, tuple):
            title_km, title_en = title
        else:
            title_km = title_en = title
        fields.setdefault("organization_id", organization_of.get(fields.get("actor_id")))
        events.append(
            StreamEvent(title=title_km or title_en, title_km=title_km, title_en=title_en, **fields)
        )
        if len(events) >= BATCH:
            StreamEvent.objects.bulk_create(events)
            events.clear()

    first_posts = {}
    for post in Post.objects.order_by("created_at", "pk").iterator(chunk_size=BATCH):
        if post.author_id:
            follows.add((post.discussion_id, post.author_id))
        first_posts.setdefault(post.discussion_id, post)
    discussions = {d.pk: d for d in Discussion.objects.all()}
    for post in Post.objects.order_by("created_at", "pk").iterator(chunk_size=BATCH):
        discussion = discussions[post.discussion_id]
        started = first_posts[post.discussion_id].pk == post.pk
        add(
            community_id=discussion.community_id,
            kind="discussion_started" if started else "discussion_answered",
            actor_id=post.author_id,
            subject_id=discussion.pk,
            detail_id=post.pk,
            title=discussion.title,
            created_at=post.created_at,
        )
    for idea in Idea.objects.iterator(chunk_size=BATCH):
        add(
            community_id=idea.community_id,
            kind="idea_proposed",
            actor_id=idea.proposed_by_id,
            subject_id=idea.pk,
            title=idea.title,
            created_at=idea.created_at,
        )
        if idea.status == "adopted":
            add(
                community_id=idea.community_id,
                kind="idea_adopted",
                actor_id=None,
                subject_id=idea.pk,
                detail_id=idea.activity_id,
                title=idea.title,
                created_at=idea.updated_at,
            )
    for resource in Resource.objects.filter(community__isnull=False).iterator(chunk_size=BATCH):
        add(
            community_id=resource.community_id,
            kind="resource_shared",
            actor_id=resource.uploaded_by_id,
            subject_id=resource.pk,
            title=resource.title,
            created_at=resource.created_at,
        )
    for objective in Objective.objects.filter(achieved_on__isnull=False):
        add(
            community_id=objective.community_id,
            kind="objective_reached",
            actor_id=None,
            subject_id=objective.pk,
            title=(objective.title_km or "", objective.title_en or ""),
            created_at=_at_noon(objective.achieved_on),
        )
    for participation in Participation.objects.select_related("organization"):
        add(
            community_id=participation.community_id,
            kind="organization_joined",
            actor_id=participation.accepted_by_id,
            organization_id=participation.organization_id,
            subject_id=participation.organization_id,
            title=participation.organization.name,
            created_at=participation.accepted_at
            or (_at_noon(participation.joined_on) if participation.joined_on else None)
            or participation.created_at,
        )
    for guest in Guest.objects.select_related("person"):
        add(
            community_id=guest.community_id,
            kind="person_joined",
            actor_id=guest.person_id,
            organization_id=None,
            subject_id=guest.person_id,
            title=guest.person.full_name,
            created_at=guest.created_at,
        )
    StreamEvent.objects.bulk_create(events)
    Follow.objects.bulk_create(
        [Follow(discussion_id=d, person_id=p) for d, p in sorted(follows)], batch_size=BATCH
    )


class Migration(migrations.Migration):
    dependencies = [("communities", "0008_stream_and_notifications")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
