"""Tallies at several levels (decision 0018): ``MonthTally.level``, the depth of the
buckets (3: counties, 4: towns). The tallies kept so far are dropped and every key is
marked dirty, so the first read rebuilds them at every level."""

from django.db import migrations, models


def rebuild_on_next_read(apps, schema_editor):
    apps.get_model("reports", "MonthTally").objects.using(schema_editor.connection.alias).all().delete()
    apps.get_model("reports", "SummaryDirty").objects.using(schema_editor.connection.alias).create(
        union_id=None, month=None)


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_summary_triggers"),
    ]

    operations = [
        migrations.RunPython(rebuild_on_next_read, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="monthtally", name="tally_month_bucket_key"),
        migrations.RemoveIndex(model_name="monthtally", name="tally_bucket_month"),
        migrations.AddField(
            model_name="monthtally",
            name="level",
            field=models.PositiveSmallIntegerField(default=3),
        ),
        migrations.AddIndex(
            model_name="monthtally",
            index=models.Index(fields=["level", "bucket", "month", "key"], name="tally_level_bucket_month"),
        ),
    ]
