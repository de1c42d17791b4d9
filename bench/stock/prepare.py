"""The stock project's own tables and a signed-in session, for the benchmark.

    DJANGO_SETTINGS_MODULE=bench.stock.settings python -m bench.stock.prepare

Prints {"cookie": "sessionid=..."} on its last line: a session in django_session for the
user `stock-bench` (Django's own auth_user, a table the portal, whose users are
members.User, does not use). The tables it lacks (auth_user and its two link tables on
the portal's database; all of Django's on an empty one) are created from Django's models,
as `migrate` would, but without touching the portal's migration records.
"""

import json

import django


def ensure_tables():
    from django.contrib.auth.models import Group, Permission, User
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.models import Session
    from django.db import connection

    existing = set(connection.introspection.table_names())
    with connection.schema_editor() as editor:
        for model in (ContentType, Permission, Group, User, Session):
            if model._meta.db_table not in existing:
                editor.create_model(model)  # with its many-to-many tables


def stock_user(username="stock-bench"):
    from django.contrib.auth.models import User

    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
    return user


def main():
    django.setup()
    ensure_tables()
    from bench.sessions import session_cookie

    print(json.dumps({"cookie": session_cookie(stock_user())}))


if __name__ == "__main__":
    main()
