"""The targets visited per (level, bucket, month), decision 0023: the distinct
enterprises, unions, model workers and households visited are counted from it.

Backfilled here from the visits (one INSERT … SELECT per tally level), unless a full
rebuild is already pending (a NULL key in ``SummaryDirty``: the first read rebuilds
every summary table anyway)."""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    from gonghui.reports.summary import fill_targets

    connection = schema_editor.connection
    dirty = apps.get_model("reports", "SummaryDirty").objects.using(connection.alias)
    if dirty.filter(union_id=None).exists():
        return
    with connection.cursor() as cursor:
        fill_targets(cursor, connection.vendor)


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0001_initial'),
        ('reports', '0003_tally_levels'),
    ]

    operations = [
        migrations.CreateModel(
            name='TargetMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.PositiveSmallIntegerField()),
                ('month', models.DateField(verbose_name='month')),
                ('kind', models.PositiveSmallIntegerField()),
                ('target_id', models.BigIntegerField()),
                ('first_day', models.DateField()),
                ('last_day', models.DateField()),
                ('n', models.PositiveIntegerField(default=0)),
                ('bucket', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.union')),
            ],
            options={
                'verbose_name': 'target visited in a month',
                'verbose_name_plural': 'targets visited by month',
                'indexes': [models.Index(fields=['level', 'bucket', 'month'], name='target_level_bucket_month')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
