"""All-time totals per (level, bucket) for the dashboard (``BucketTotal``, decision 0024),
computed here from the month tallies (two statements per level) unless a full rebuild
is already pending."""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    from gonghui.reports.summary import fill_totals

    connection = schema_editor.connection
    dirty = apps.get_model("reports", "SummaryDirty").objects.using(connection.alias)
    if dirty.filter(union_id=None).exists():
        return  # the first read rebuilds every tally anyway
    with connection.cursor() as cursor:
        fill_totals(cursor)


class Migration(migrations.Migration):

    dependencies = [
        ("orgs", "0001_initial"),
        ("reports", "0004_assigned_in_tallies"),
    ]

    operations = [
        migrations.CreateModel(
            name="BucketTotal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("level", models.PositiveSmallIntegerField()),
                ("key", models.CharField(max_length=40)),
                ("day", models.DateField(blank=True, null=True)),
                ("n", models.BigIntegerField(default=0)),
                ("bucket", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE,
                                             related_name="+", to="orgs.union")),
            ],
            options={
                "verbose_name": "bucket total",
                "verbose_name_plural": "bucket totals",
                "indexes": [
                    models.Index(fields=["level", "bucket", "key"], name="total_level_bucket_key",
                                 condition=~models.Q(key="duecum")),
                    models.Index(fields=["level", "bucket", "day"], name="total_duecum_level_bucket_day",
                                 condition=models.Q(key="duecum")),
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
