"""The assistance demo: the seed's nurse household under a fictional name, idempotent."""

from __future__ import annotations

import io
from decimal import Decimal

from gonghui.assistance import selectors
from gonghui.assistance.demo import build_assistance_demo
from gonghui.assistance.models import Aid, FileEvent, HardshipFile
from gonghui.orgs.models import Union


def test_demo_builds_once_and_tells_the_seed_story(tree):
    out = io.StringIO()
    first = build_assistance_demo(stdout=out)
    assert first["files"] == 26 and first["aids"] > 10
    assert "26 files" in out.getvalue()
    enshi = Union.objects.get(name="恩施州总工会")
    assert Union.objects.get_parent(enshi).name == "湖北省总工会"
    nurse = HardshipFile.objects.get(head_name="向春燕")
    assert nurse.union.path.startswith(enshi.path)
    assert nurse.severity == "deep" and nurse.status == "in_file"
    daughter = nurse.members.get(relation="child")
    assert "脑积水" in daughter.health
    gift = Aid.objects.get(file=nurse, kind="condolence")
    assert gift.delegation == "杭州市工会帮扶志愿者代表团"
    assert sorted(gift.goods.values_list("name", flat=True)) == ["大米", "棉被", "食用油"]
    assert gift.goods_value == Decimal("710.00")
    statuses = set(HardshipFile.objects.values_list("status", flat=True))
    assert statuses == {"applied", "in_file", "lifted", "exited", "safety_net", "cancelled"}
    assert FileEvent.objects.filter(action="relapse").count() == 2
    deqing = selectors.assistance_figures(tree.county)
    assert deqing["files_total"] == 12 and deqing["aid_count"] > 0
    counts = (HardshipFile.objects.count(), Aid.objects.count(), FileEvent.objects.count())
    again = build_assistance_demo()
    assert again == {"files": 0, "aids": 0}
    assert (HardshipFile.objects.count(), Aid.objects.count(), FileEvent.objects.count()) == counts
