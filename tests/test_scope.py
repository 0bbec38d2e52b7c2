"""The scope rule itself (src/gonghui/core/scope.py)."""

from gonghui.core.scope import ancestor_paths


def test_ancestor_paths_follow_the_materialised_path():
    assert ancestor_paths("0001") == ["0001"]
    assert ancestor_paths("000100020003") == ["0001", "00010002", "000100020003"]


def test_scope_subqueries_are_compiled_once_and_mean_their_own_tables(people, tree, category,
                                                                      monkeypatch):
    """The subqueries of a scope condition (core.scope.CompiledSubquery) are compiled on
    first use and their SQL reused; in a query that joins the same table (the item's
    union, 4 unions in the tree) they still select the subtree, not the joined row."""
    from django.db.models.sql.query import Query

    from gonghui.services.models import Item

    from .factories import ItemFactory, ResponsibleUnitFactory

    wukang_office = ResponsibleUnitFactory(name="武康街道社会事务办", union=tree.wukang,
                                           owner=tree.county)
    mine = ItemFactory(union=tree.wukang, category=category)
    assigned = ItemFactory(union=tree.other, category=category, responsible_unit=wukang_office)
    xinshi = ItemFactory(union=tree.xinshi, category=category)
    ItemFactory(union=tree.other, category=category)

    def listed(user):
        qs = Item.objects.visible_to(user).select_related("union", "responsible_unit__union")
        return sorted(i.pk for i in qs)

    assert listed(people.wukang_officer) == sorted([mine.pk, assigned.pk])
    assert listed(people.officer) == sorted([mine.pk, assigned.pk, xinshi.pk])
    compiled = []
    original = Query.as_sql
    monkeypatch.setattr(Query, "as_sql",
                        lambda self, *a: compiled.append(self) or original(self, *a))
    assert listed(people.wukang_officer) == sorted([mine.pk, assigned.pk])
    assert compiled == []  # none compiled again (10 before: four lookups, nested)
    assert [i.pk for i in Item.objects.visible_parts(people.wukang_officer)[1]] == [assigned.pk]
