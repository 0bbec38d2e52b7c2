"""Co-handling units' scope (协办, decision 0009): the union that keeps a co-handling unit
(or is it) sees the item, its timeline and evidence, and records its own part's
resolution; it takes no other step on the item; a third union still gets 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.accounts.models import Role
from gonghui.core.errors import PermissionDenied
from gonghui.services import workflow as wf
from gonghui.services.models import CoHandlingUnit, Item, ItemEvent

from ..factories import ResponsibleUnitFactory, UserFactory
from .helpers import register, snapshot, walk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = Item.Status
CO_HANDLER = "Your union co-handles this item: it may record only the resolution of its own part."


@pytest.fixture
def co(people, tree, category, unit):
    """A county item in progress at the county HR bureau (lead), with two co-handling
    units: 武康's social affairs office (kept by 武康街道总工会) and the county housing
    bureau (kept by the county)."""
    item = walk(register(people, tree, category, "职工公寓配套改造"), S.IN_PROGRESS, people, unit)
    wukang_office = ResponsibleUnitFactory(name="武康街道社会事务办", owner=tree.wukang)
    housing = ResponsibleUnitFactory(name="德清县住建局", owner=tree.county)
    part_w = wf.co_unit_add(item=item, actor=people.reviewer, version=item.version,
                            unit=wukang_office, part="核实公寓周边配套需求")
    item = Item.objects.get(pk=item.pk)
    part_h = wf.co_unit_add(item=item, actor=people.reviewer, version=item.version,
                            unit=housing, part="审批改造方案")
    item = Item.objects.get(pk=item.pk)
    return item, part_w, part_h


def test_the_co_handling_union_opens_the_item_and_records_its_part(client, people, co):
    item, part_w, part_h = co
    client.force_login(people.wukang_officer)
    page = client.get(reverse("item_detail", args=[item.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-flag="co-handler"' in html
    assert "武康街道社会事务办 (your part): 核实公寓周边配套需求" in html
    assert [a["name"] for a in page.context["actions"]] == ["co_resolve"]
    form = page.context["actions"][0]["form"]
    assert list(form.fields["co_unit"].queryset) == [part_w]  # not the housing bureau's part
    # The part's form records the resolution; the timeline names who did it.
    response = client.post(reverse("item_action", args=[item.pk, "co_resolve"]),
                           {"version": item.version, "co_unit": part_w.pk,
                            "resolution": "已完成周边配套需求摸排"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"Item {item.pk}: co-handling part resolved."]
    part_w.refresh_from_db()
    assert part_w.resolution == "已完成周边配套需求摸排" and part_w.resolved_at is not None
    ev = ItemEvent.objects.filter(item=item).latest("id")
    assert (ev.action, ev.actor, ev.note, ev.data) == (
        "co_resolve", people.wukang_officer, "已完成周边配套需求摸排",
        {"co_unit": "武康街道社会事务办"})
    assert "已完成周边配套需求摸排" in client.get(reverse("item_detail", args=[item.pk])).content.decode()
    # Its own part done, nothing is left for it to do.
    assert wf.clock_actions(Item.objects.get(pk=item.pk), people.wukang_officer) == []


def test_the_co_handling_union_records_no_other_units_part(people, co):
    item, _part_w, part_h = co
    before = snapshot(item)
    with pytest.raises(PermissionDenied, match="another unit's"):
        wf.co_unit_resolve(item=item, actor=people.wukang_officer, version=item.version,
                           co_unit=part_h, resolution="越权办结")
    assert snapshot(item) == before
    part_h.refresh_from_db()
    assert (part_h.resolution, part_h.resolved_at) == ("", None)


def test_the_co_handling_union_takes_no_other_step(client, people, tree, unit, co):
    item, _part_w, _part_h = co
    reviewer = people.wukang_reviewer
    leader = UserFactory(username="wukang_leader", role=Role.LEADER, union=tree.wukang)
    assert wf.allowed_actions(item, reviewer) == []
    assert wf.allowed_actions(item, leader) == []
    assert wf.clock_actions(item, reviewer) == ["co_resolve"]
    before = snapshot(item)
    refused = [
        lambda: wf.item_resolve(item=item, actor=reviewer, version=item.version, resolution="x"),
        lambda: wf.item_escalate(item=item, actor=reviewer, version=item.version, target="x"),
        lambda: wf.item_return(item=item, actor=reviewer, version=item.version, reason="x"),
        lambda: wf.extension_request(item=item, actor=reviewer, version=item.version, days=3,
                                     reason="x"),
        lambda: wf.attachment_add(item=item, actor=reviewer,
                                  file=SimpleUploadedFile("a.txt", b"x")),
        lambda: wf.item_supervise(item=item, actor=leader, note="x"),
    ]
    for call in refused:
        with pytest.raises(PermissionDenied) as info:
            call()
        assert str(info.value) == CO_HANDLER
    assert snapshot(item) == before
    # Returned to the county, then reassigned and resolved: still no review step for it.
    item = wf.item_return(item=item, actor=people.officer, version=item.version, reason="重新交办")
    assert item.status == S.ACCEPTED and item.co_units.count() == 2
    with pytest.raises(PermissionDenied, match="co-handles"):
        wf.item_assign(item=item, actor=reviewer, version=item.version, unit=unit,
                       working_days=5)
    item = wf.item_assign(item=item, actor=people.reviewer, version=item.version, unit=unit,
                          working_days=5)
    item = wf.item_start(item=item, actor=people.officer, version=item.version)
    for part in item.co_units.all():
        wf.co_unit_resolve(item=item, actor=people.officer, version=item.version, co_unit=part,
                           resolution="已办")
        item = Item.objects.get(pk=item.pk)
    item = wf.item_resolve(item=item, actor=people.officer, version=item.version, resolution="已办")
    before = snapshot(item)
    with pytest.raises(PermissionDenied, match="co-handles"):
        wf.item_close(item=item, actor=reviewer, version=item.version, evidence_statement="x")
    with pytest.raises(PermissionDenied, match="co-handles"):
        wf.item_reopen(item=item, actor=reviewer, version=item.version, reason="x")
    client.force_login(reviewer)
    response = client.post(reverse("item_action", args=[item.pk, "close"]),
                           {"version": item.version, "evidence_statement": "核实"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [CO_HANDLER]
    assert snapshot(item) == before


def test_a_third_union_still_gets_404(client, people, co):
    item, part_w, _part_h = co
    att = wf.attachment_add(item=item, actor=people.officer,
                            file=SimpleUploadedFile("方案.txt", "改造方案".encode()))
    for user in (people.xinshi_officer, people.other_officer):
        client.force_login(user)
        assert client.get(reverse("item_detail", args=[item.pk])).status_code == 404
        assert client.get(reverse("item_attachment", args=[item.pk, att.pk])).status_code == 404
        response = client.post(reverse("item_action", args=[item.pk, "co_resolve"]),
                               {"version": item.version, "co_unit": part_w.pk, "resolution": "x"})
        assert response.status_code == 404
        assert not Item.objects.visible_to(user).filter(pk=item.pk).exists()
    # The co-handling union downloads the evidence.
    client.force_login(people.wukang_officer)
    response = client.get(reverse("item_attachment", args=[item.pk, att.pk]))
    assert b"".join(response.streaming_content) == "改造方案".encode()


def test_the_item_list_shows_co_handled_items_with_a_filter(client, people, tree, category, co):
    item, _part_w, _part_h = co
    town_unit = ResponsibleUnitFactory(name="武康街道总工会", kind="union", union=tree.wukang,
                                       owner=tree.county)
    lead = walk(register(people, tree, category, "武康主办事项"), S.ASSIGNED, people, town_unit)
    client.force_login(people.wukang_officer)
    listed = client.get(reverse("item_list"))
    assert sorted(i.pk for i in listed.context["page"]) == sorted([item.pk, lead.pk])
    only = client.get(reverse("item_list"), {"co_handled": "on"})
    assert [i.pk for i in only.context["page"]] == [item.pk]
    # The county keeps the co-handling units (one directly, one below it), so its own
    # filter finds the item as well.
    client.force_login(people.officer)
    assert [i.pk for i in client.get(reverse("item_list"), {"co_handled": "on"})
            .context["page"]] == [item.pk]


def test_a_union_kind_co_unit_gives_its_union_the_item_once(people, tree, category, unit):
    """The co-handling unit is itself a union (kept by the county): that union sees the
    item, once however many of its parts there are (no join repeats the row)."""
    item = walk(register(people, tree, category), S.ASSIGNED, people, unit)
    xinshi = ResponsibleUnitFactory(name="新市镇总工会", kind="union", union=tree.xinshi,
                                    owner=tree.county)
    xinshi_office = ResponsibleUnitFactory(name="新市镇社会事务办", owner=tree.xinshi)
    for u in (xinshi, xinshi_office):
        wf.co_unit_add(item=item, actor=people.reviewer, version=item.version, unit=u,
                       part=f"{u.name}的部分")
        item = Item.objects.get(pk=item.pk)
    visible = Item.objects.visible_to(people.xinshi_officer)
    assert list(visible.values_list("pk", flat=True)) == [item.pk]
    assert visible.count() == 1
    assert not Item.objects.visible_to(people.xinshi_officer, parts=False).exists()
    assert not Item.objects.visible_to(people.wukang_officer).exists()
    assert set(CoHandlingUnit.objects.visible_to(people.xinshi_officer)
               .values_list("unit__name", flat=True)) == {"新市镇总工会", "新市镇社会事务办"}


def test_works_whole_from_the_loaded_item_agrees_with_its_query(people, tree, co):
    """The item page decides "works the item as a whole" from the item it read (union,
    responsible unit and that unit's union) without a query: the same answer as the
    query for the owning side, the lead unit's side (a union-kind unit in another
    county), a co-handler only, an outsider and a superuser without a union."""
    from gonghui.orgs.models import ResponsibleUnit

    item, _part_w, _part_h = co
    lead_union = ResponsibleUnitFactory(name="长兴县总工会", owner=tree.county,
                                        union=tree.other)
    moved = walk(register(people, tree, Item.objects.get(pk=item.pk).category, "跨县牵头"),
                 S.ASSIGNED, people, lead_union)
    admin = UserFactory(username="root_admin", is_superuser=True, union=None)
    users = [people.officer, people.reviewer, people.wukang_officer, people.xinshi_officer,
             people.other_officer, admin]
    answers = []
    for target in (item, moved):
        loaded = Item.objects.select_related("union", "responsible_unit__union").get(
            pk=target.pk)
        for user in users:
            expected = wf.works_whole(target, user)
            assert wf.works_whole(loaded, user, loaded=True) == expected, (target, user)
            answers.append(expected)
    assert ResponsibleUnit.objects.get(pk=lead_union.pk).union == tree.other
    # The owning county and the superuser: yes; a co-handling town (武康), another town
    # and another county: no; that county once the item is assigned to its union: yes.
    assert answers == [True, True, False, False, False, True,
                       True, True, False, False, True, True]
