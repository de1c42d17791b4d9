"""The portal's tables, read as any Django project would read a table it did not make:
unmanaged models of the columns a list shows."""

from django.db import models


class Community(models.Model):
    name = models.CharField(max_length=200)

    class Meta:
        managed = False
        db_table = "communities_community"

    def __str__(self):
        return self.name


class Activity(models.Model):
    community = models.ForeignKey(Community, on_delete=models.DO_NOTHING)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20)
    start_date = models.DateField()
    deleted_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "activities_activity"

    def __str__(self):
        return self.title
