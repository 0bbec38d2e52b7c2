"""Triggers that mark summary keys dirty in the same transaction as the change.

Every INSERT, UPDATE and DELETE of a visit or an item (ORM save, ``bulk_create``,
``QuerySet.update``, admin, raw SQL alike) writes its (union, month) — the old and the
new one on an update — into ``reports_summarydirty``; a change of a union's path (a
move in the tree) writes a NULL key, "recompute everything". On PostgreSQL the triggers
are per statement with transition tables (one INSERT … SELECT DISTINCT per statement,
so a bulk insert of 2,000 rows writes its few keys once); on SQLite per row.
See docs/decisions/0014-report-summary-tables.md.
"""

from django.db import migrations

SOURCES = [("services_item", "found_on"), ("services_visit", "date")]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION reports_mark_{table}_{op}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reports_summarydirty (union_id, month, marked_at)
  SELECT DISTINCT {select}
  ;
  RETURN NULL;
END $$;
CREATE TRIGGER reports_dirty_{table}_{op} AFTER {event} ON {table}
  REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION reports_mark_{table}_{op}();
"""


def _pg_sql(table: str, column: str) -> list[str]:
    def keys(alias: str) -> str:
        return (f"{alias}.union_id, date_trunc('month', {alias}.{column})::date, now() "
                f"FROM {alias}")

    out = []
    for op, event, referencing, select in [
        ("ins", "INSERT", "NEW TABLE AS n", keys("n")),
        ("del", "DELETE", "OLD TABLE AS o", keys("o")),
        (
            "upd",
            "UPDATE",
            "OLD TABLE AS o NEW TABLE AS n",
            f"k.union_id, k.month, now() FROM ("
            f"SELECT union_id, date_trunc('month', {column})::date AS month FROM o UNION "
            f"SELECT union_id, date_trunc('month', {column})::date FROM n) k",
        ),
    ]:
        out.append(PG_FUNCTION.format(table=table, op=op, event=event, referencing=referencing,
                                      select=select))
    return out


def _sqlite_sql(table: str, column: str) -> list[str]:
    def row(alias: str) -> str:
        return (f"INSERT INTO reports_summarydirty (union_id, month, marked_at) VALUES "
                f"({alias}.union_id, date({alias}.{column}, 'start of month'), "
                f"strftime('%Y-%m-%d %H:%M:%f', 'now'));")

    return [
        f"CREATE TRIGGER reports_dirty_{table}_ins AFTER INSERT ON {table} BEGIN {row('NEW')} END;",
        f"CREATE TRIGGER reports_dirty_{table}_del AFTER DELETE ON {table} BEGIN {row('OLD')} END;",
        f"CREATE TRIGGER reports_dirty_{table}_upd AFTER UPDATE ON {table} "
        f"BEGIN {row('OLD')} {row('NEW')} END;",
    ]


UNION_PG = """
CREATE OR REPLACE FUNCTION reports_mark_union_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.path IS DISTINCT FROM OLD.path THEN
    INSERT INTO reports_summarydirty (union_id, month, marked_at) VALUES (NULL, NULL, now());
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER reports_dirty_union_moved AFTER UPDATE OF path ON orgs_union
  FOR EACH ROW EXECUTE FUNCTION reports_mark_union_moved();
"""
UNION_SQLITE = """
CREATE TRIGGER reports_dirty_union_moved AFTER UPDATE OF path ON orgs_union
WHEN OLD.path <> NEW.path BEGIN
  INSERT INTO reports_summarydirty (union_id, month, marked_at)
  VALUES (NULL, NULL, strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements: list[str] = []
    for table, column in SOURCES:
        if vendor == "postgresql":
            statements += _pg_sql(table, column)
        else:
            statements += _sqlite_sql(table, column)
    statements.append(UNION_PG if vendor == "postgresql" else UNION_SQLITE)
    # Records written before this migration: the first read rebuilds every tally.
    now = "now()" if vendor == "postgresql" else "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    statements.append(
        f"INSERT INTO reports_summarydirty (union_id, month, marked_at) VALUES (NULL, NULL, {now})"
    )
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, _column in SOURCES:
        for op in ("ins", "del", "upd"):
            if vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_dirty_{table}_{op} ON {table}")
                schema_editor.execute(f"DROP FUNCTION IF EXISTS reports_mark_{table}_{op}()")
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_dirty_{table}_{op}")
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS reports_dirty_union_moved ON orgs_union")
        schema_editor.execute("DROP FUNCTION IF EXISTS reports_mark_union_moved()")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS reports_dirty_union_moved")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_summary_tables"),
        ("services", "0007_item_list_indexes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
