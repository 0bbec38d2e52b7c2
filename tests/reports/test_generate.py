"""gonghui generate: the union tree is a valid treebeard tree, codes validate, mixes."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from gonghui.assistance.models import Aid, HardshipFile
from gonghui.orgs.models import Enterprise, Union, Worker
from gonghui.orgs.validators import validate_id_number, validate_uscc
from gonghui.reports.generate import Generator, Scale, tree_path
from gonghui.services.models import Item, Visit

pytestmark = pytest.mark.django_db

SMALL = Scale(cities=2, counties_per_city=2, towns=3, grassroots_per_town=4, enterprises=20,
              workers=200, visits=60, items=150, files=5, aids=20)
TODAY = dt.date(2026, 6, 15)


def test_tree_path_is_treebeards_format():
    assert tree_path("", 1) == "0001"
    assert tree_path("0001", 36) == "00010010"
    assert tree_path("0001", 37) == "00010011"
    with pytest.raises(ValueError):
        tree_path("", 36**4)


def test_generated_tree_works_with_treebeard():
    counts = Generator(SMALL, seed=3, today=TODAY, log=lambda _l: None).run()
    # 1 province + 2 cities + 4 counties + 12 towns + 48 grassroots
    assert counts["Union"] == Union.objects.count() == 67
    assert Union.objects.find_problems() == ([], [], [], [], [])
    root = Union.objects.get(depth=1)
    assert [u.name for u in Union.objects.get_children(root)] == ["示范01市总工会", "示范02市总工会"]
    county = Union.objects.get(name="示范02市01县总工会")
    assert Union.objects.get_parent(county).name == "示范02市总工会"
    assert Union.objects.get_children(county).count() == 3
    assert Union.objects.get_descendant_count(county) == 3 + 12
    assert Union.objects.get_root(county) == root
    # The tree keeps working with treebeard's own writes: name order among siblings.
    town = Union.objects.get_children(county)[0]
    new = Union.objects.add_child(
        town,
        create_kwargs={"name": town.name[:-4] + "000新工会", "level": "grassroots", "kind": "grassroots"},
    )
    assert Union.objects.get_children(town).first() == new
    assert Union.objects.find_problems() == ([], [], [], [], [])


def test_generated_records_are_valid_and_mixed():
    Generator(SMALL, seed=3, today=TODAY, log=lambda _l: None).run()
    assert Enterprise.objects.count() == 4 * 20
    for uscc in Enterprise.objects.values_list("uscc", flat=True):
        assert validate_uscc(uscc) == uscc
    for number in Worker.objects.values_list("id_number", flat=True)[:200]:
        assert validate_id_number(number)
    assert Visit.objects.count() == 4 * 60
    assert Item.objects.count() == 4 * 150
    statuses = set(Item.objects.values_list("status", flat=True))
    assert {"closed", "in_progress", "assigned"} <= statuses
    # on the clock means a deadline and a responsible unit; done means an outcome
    assert not Item.objects.filter(status__in=Item.CLOCK_STATUSES, deadline=None).exists()
    assert not Item.objects.filter(status="closed", outcome="").exists()
    assert not Item.objects.filter(found_on__gt=TODAY).exists()
    # items belong to their visit's union, inside the county subtree
    item = Item.objects.select_related("visit", "union").first()
    assert item.union_id == item.visit.union_id
    f = HardshipFile.objects.first()
    assert f.head_id_number == f.worker.id_number  # encrypted column round-trips
    assert Aid.objects.filter(file__union=f.union).exists() or Aid.objects.count() > 0


def test_generate_refuses_a_database_with_unions(tree):
    with pytest.raises(CommandError, match="already has unions"):
        call_command("generate", "--scale", "county")


def test_synthetic_id_numbers_never_repeat_within_a_region():
    """At province scale two persons 1000 apart shared a random birthday, so their ID
    numbers collided and the second hardship file broke the one-open-file-per-ID rule."""
    from gonghui.reports.generate import id_number, unique_birth

    ids = {id_number("990101", unique_birth(n), n) for n in range(1, 300_001)}
    assert len(ids) == 300_000
