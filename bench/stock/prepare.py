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


def session_cookie(username="stock-bench"):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User

    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def main():
    django.setup()
    ensure_tables()
    print(json.dumps({"cookie": session_cookie()}))


if __name__ == "__main__":
    main()
