"""Tallies of the items assigned to a union outside their bucket (``x.*`` / ``xdue``,
decision 0023), so a dashboard counts the items owned outside its subtree and assigned
in without reading the items; an index to read them by unit; and a trigger that marks
every tally dirty when a responsible unit changes its union (those tallies depend on
it). The new keys are backfilled here (one INSERT … SELECT per level over the items
with a union as responsible unit) unless a full rebuild is already pending."""

from django.db import migrations, models

UNIT_PG = """
CREATE OR REPLACE FUNCTION reports_mark_unit_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.union_id IS DISTINCT FROM OLD.union_id THEN
    INSERT INTO reports_summarydirty (union_id, month, marked_at) VALUES (NULL, NULL, now());
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER reports_dirty_unit_moved AFTER UPDATE OF union_id ON orgs_responsibleunit
  FOR EACH ROW EXECUTE FUNCTION reports_mark_unit_moved();
"""
UNIT_SQLITE = """
CREATE TRIGGER reports_dirty_unit_moved AFTER UPDATE OF union_id ON orgs_responsibleunit
WHEN OLD.union_id IS NOT NEW.union_id BEGIN
  INSERT INTO reports_summarydirty (union_id, month, marked_at)
  VALUES (NULL, NULL, strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(UNIT_PG if vendor == "postgresql" else UNIT_SQLITE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS reports_dirty_unit_moved ON orgs_responsibleunit")
        schema_editor.execute("DROP FUNCTION IF EXISTS reports_mark_unit_moved()")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS reports_dirty_unit_moved")


def backfill(apps, schema_editor):
    from gonghui.reports.summary import fill_assigned

    connection = schema_editor.connection
    dirty = apps.get_model("reports", "SummaryDirty").objects.using(connection.alias)
    if dirty.filter(union_id=None).exists():
        return  # the first read rebuilds every tally anyway
    with connection.cursor() as cursor:
        fill_assigned(cursor, connection.vendor)


def remove(apps, schema_editor):
    tallies = apps.get_model("reports", "MonthTally").objects.using(schema_editor.connection.alias)
    tallies.filter(key__startswith="x").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("orgs", "0001_initial"),
        ("reports", "0003_tally_levels"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="monthtally",
            index=models.Index(fields=["level", "key", "unit_id"], name="tally_level_key_unit"),
        ),
        migrations.RunPython(create, drop, elidable=False),
        migrations.RunPython(backfill, remove),
    ]
