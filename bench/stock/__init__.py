"""A stock Django project, the benchmark's yardstick (bench/run.py, README "Benchmark").

What `django-admin startproject` gives, nothing more: its default middleware, apps and
templates, sessions in the database, a signed-in user. It reads the portal's own
activities (same database, same tables, unmanaged models) and imports nothing of the
portal's. Served by gunicorn as the portal is: `bench.stock.wsgi`.
"""
