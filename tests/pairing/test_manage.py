"""The pairing administration pages: an admin creates and edits pairings, agreements and
commitments, products, outlets and festival-gift targets within their scope; other roles
get 403, other scopes' records 404 (guessed ids from a sibling union), bad input is shown
on its field and nothing is saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.accounts.models import Role
from gonghui.orgs.models import Union
from gonghui.pairing import selectors, services
from gonghui.pairing.models import (
    Agreement,
    Commitment,
    ConsumptionTarget,
    Outlet,
    Pairing,
    PairingEvent,
    Product,
)

from ..factories import UserFactory, add_union

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def scope(pair):
    """A sibling of 下城区 under 杭州 (上城区) with its admin; a pairing 下城区 ↔ 恩施市 with an
    agreement, a commitment and an outlet; a product and a target owned by 下城区; admins
    of 下城区, 恩施州 and the outside county."""
    sc = Union.objects.get(pk=add_union("上城区总工会", pair.hz).pk)
    xc_pairing = services.pairing_create(actor=None, giver=pair.xc, receiver=pair.ess,
                                         kind="counterpart", since=dt.date(2018, 3, 1))
    agreement = services.agreement_add(actor=None, pairing=xc_pairing, title="结对协议",
                                       signed_on=dt.date(2018, 3, 1), parties="下城、恩施市",
                                       areas=["talent"])
    commitment = services.commitment_add(actor=None, agreement=agreement, area="talent",
                                         description="培训干部", due_on=dt.date(2018, 12, 31))
    outlet = services.outlet_add(actor=None, pairing=xc_pairing, name="下城帮扶馆", kind="shop")
    product = services.product_add(actor=None, owner=pair.xc, name="恩施玉露", unit="盒",
                                   price="88", pairing=xc_pairing)
    target = services.consumption_target_set(actor=None, owner=pair.xc, year=2019, share="25")
    return SimpleNamespace(
        sc=sc, xc_pairing=xc_pairing, agreement=agreement, commitment=commitment,
        outlet=outlet, product=product, target=target,
        sc_admin=UserFactory(username="sc_admin", role=Role.ADMIN, union=sc),
        xc_admin=UserFactory(username="xc_admin", role=Role.ADMIN, union=pair.xc),
        es_admin=UserFactory(username="es_admin", role=Role.ADMIN, union=pair.es),
        other_admin=UserFactory(username="other_admin", role=Role.ADMIN, union=pair.other),
        reviewer=UserFactory(username="hz_reviewer", role=Role.REVIEWER, union=pair.hz),
    )


def edit_urls(s):
    return [
        reverse("pairing:manage_pairing_edit", args=[s.xc_pairing.pk]),
        reverse("pairing:manage_agreement_create", args=[s.xc_pairing.pk]),
        reverse("pairing:manage_outlet_create", args=[s.xc_pairing.pk]),
        reverse("pairing:manage_agreement_edit", args=[s.agreement.pk]),
        reverse("pairing:manage_commitment_create", args=[s.agreement.pk]),
        reverse("pairing:manage_commitment_edit", args=[s.commitment.pk]),
        reverse("pairing:manage_outlet_edit", args=[s.outlet.pk]),
        reverse("pairing:manage_product_edit", args=[s.product.pk]),
        reverse("pairing:manage_target_edit", args=[s.target.pk]),
    ]


def errors(response) -> dict[str, list[str]]:
    return {name: list(errs) for name, errs in response.context["form"].errors.items()}


def test_other_roles_get_403(client, pair, scope):
    urls = [reverse("pairing:manage"), reverse("pairing:manage_pairing_create"),
            reverse("pairing:manage_product_create"), reverse("pairing:manage_target_create"),
            *edit_urls(scope)]
    for user in (pair.hz_officer, scope.reviewer, pair.hz_leader):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user.username, url)
        response = client.post(reverse("pairing:manage_pairing_create"), {
            "giver": pair.hz.pk, "receiver": pair.other.pk, "kind": "counterpart",
            "since": "2019-01-01"})
        assert response.status_code == 403
        response = client.post(reverse("pairing:manage_product_edit", args=[scope.product.pk]),
                               {"name": "x", "unit": "盒", "price": "1"})
        assert response.status_code == 403
    assert Pairing.objects.count() == 2
    assert Product.objects.get().name == "恩施玉露"
    # Anonymous: to the login page.
    client.logout()
    assert client.get(reverse("pairing:manage"))["Location"].startswith("/login/")
    # The navigation shows the pages to admins only.
    client.force_login(pair.hz_officer)
    assert reverse("pairing:manage") not in client.get(reverse("pairing:list")).content.decode()
    client.force_login(pair.admin)
    assert reverse("pairing:manage") in client.get(reverse("dashboard")).content.decode()
    assert reverse("recuperation:manage") in client.get(reverse("pairing:list")).content.decode()


def test_guessed_ids_of_another_scope_answer_404(client, pair, scope):
    posts = {
        "pairing:manage_pairing_edit": {"giver": pair.xc.pk, "receiver": pair.ess.pk,
                                        "kind": "east_west", "since": "2018-03-01"},
        "pairing:manage_agreement_edit": {"title": "改", "signed_on": "2018-03-01",
                                          "parties": "x"},
        "pairing:manage_commitment_edit": {"area": "talent", "description": "改",
                                           "due_on": "2019-01-01"},
        "pairing:manage_outlet_edit": {"name": "改", "kind": "shop", "status": "planned"},
        "pairing:manage_product_edit": {"name": "改", "unit": "盒", "price": "1"},
        "pairing:manage_target_edit": {"year": 2019, "festival_gift_share": "99"},
    }
    ids = {"pairing:manage_pairing_edit": scope.xc_pairing.pk,
           "pairing:manage_agreement_edit": scope.agreement.pk,
           "pairing:manage_commitment_edit": scope.commitment.pk,
           "pairing:manage_outlet_edit": scope.outlet.pk,
           "pairing:manage_product_edit": scope.product.pk,
           "pairing:manage_target_edit": scope.target.pk}
    # 上城区 (a sibling of 下城区) and the outside county: 404 for every record of 下城区.
    for user in (scope.sc_admin, scope.other_admin):
        client.force_login(user)
        for url in edit_urls(scope):
            assert client.get(url).status_code == 404, (user.username, url)
        for name, data in posts.items():
            assert client.post(reverse(name, args=[ids[name]]), data).status_code == 404
        page = client.get(reverse("pairing:manage")).content.decode()
        assert "恩施玉露" not in page and "结对协议" not in page
    # 下城区's admin sees 杭州 ↔ 恩施州 from below but may not change it.
    client.force_login(scope.xc_admin)
    assert client.get(reverse("pairing:manage_pairing_edit",
                              args=[pair.pairing.pk])).status_code == 404
    assert client.get(reverse("pairing:manage_pairing_edit",
                              args=[scope.xc_pairing.pk])).status_code == 200
    # Nothing changed.
    scope.xc_pairing.refresh_from_db()
    assert scope.xc_pairing.kind == "counterpart"
    assert Agreement.objects.get(pk=scope.agreement.pk).title == "结对协议"
    assert Commitment.objects.get(pk=scope.commitment.pk).description == "培训干部"
    assert Outlet.objects.get(pk=scope.outlet.pk).name == "下城帮扶馆"
    assert Product.objects.get(pk=scope.product.pk).price == D("88.00")
    assert ConsumptionTarget.objects.get(pk=scope.target.pk).festival_gift_share == D("25.00")
    # Both paired sides' admins may change 杭州 ↔ 恩施州; 杭州's also the 下城区 pairing.
    for user in (pair.admin, scope.es_admin):
        client.force_login(user)
        assert client.get(reverse("pairing:manage_pairing_edit",
                                  args=[pair.pairing.pk])).status_code == 200
    client.force_login(pair.admin)
    for url in edit_urls(scope):
        assert client.get(url).status_code == 200, url


def test_admin_creates_and_edits_a_pairing(client, pair, scope):
    client.force_login(pair.admin)
    url = reverse("pairing:manage_pairing_create")
    response = client.post(url, {"giver": pair.hz.pk, "receiver": pair.other.pk,
                                 "kind": "mountain_sea", "since": "2019-05-01",
                                 "notes": "山海协作"})
    assert response.status_code == 302 and response["Location"] == reverse("pairing:manage")
    created = Pairing.objects.get(giver=pair.hz, receiver=pair.other)
    assert (created.kind, created.since, created.until, created.notes) == (
        "mountain_sea", dt.date(2019, 5, 1), None, "山海协作")
    assert PairingEvent.objects.filter(pairing=created, action="create",
                                       actor=pair.admin).exists()
    # The outside county now sees it; the page lists it.
    assert selectors.manageable_pairings(pair.admin).count() == 3
    edit = reverse("pairing:manage_pairing_edit", args=[created.pk])
    page = client.get(edit).content.decode()
    assert 'value="2019-05-01"' in page and "山海协作" in page
    response = client.post(edit, {"giver": pair.hz.pk, "receiver": pair.other.pk,
                                  "kind": "counterpart", "since": "2019-05-01",
                                  "until": "2021-12-31"})
    assert response.status_code == 302
    created.refresh_from_db()
    assert (created.kind, created.until, created.notes) == ("counterpart",
                                                            dt.date(2021, 12, 31), "")
    # Field errors, nothing saved.
    cases = [
        ({"giver": pair.hz.pk, "receiver": pair.hz.pk}, "receiver",
         "Must differ from the helping union."),
        ({"giver": pair.es.pk, "receiver": pair.other.pk}, "giver",
         "Neither union is in your scope: one side must be your union or a union below it."),
        ({"giver": pair.hz.pk, "receiver": pair.es.pk}, "receiver",
         "These two unions are paired already."),
        ({"giver": pair.xc.pk, "receiver": pair.other.pk, "since": "2019-05-01",
          "until": "2019-04-30"}, "until", "Before the day the pairing began."),
        ({"giver": pair.xc.pk, "receiver": pair.other.pk, "since": "2019-02-30"}, "since",
         "Enter a valid date."),
        ({"giver": pair.xc.pk, "receiver": pair.other.pk, "kind": "friendship"}, "kind",
         "Select a valid choice. friendship is not one of the available choices."),
    ]
    for data, field, message in cases:
        post = {"kind": "east_west", "since": "2019-01-01", **data}
        response = client.post(url, post)
        assert response.status_code == 200
        assert errors(response) == {field: [message]}, data
        label = response.context["form"].fields[field].label
        assert f"{label}: {message}" in response.content.decode().replace("&#x27;", "'")
    # 杭州 ↔ 恩施州 has an agreement: its kind may change, its unions no longer.
    services.agreement_add(actor=None, pairing=pair.pairing, title="框架协议",
                           signed_on=dt.date(2019, 1, 1), parties="两地")
    old = reverse("pairing:manage_pairing_edit", args=[pair.pairing.pk])
    response = client.post(old, {"giver": pair.hz.pk, "receiver": scope.sc.pk,
                                 "kind": "east_west", "since": "2017-01-01"})
    assert list(errors(response)) == ["giver"]
    assert errors(response)["giver"][0].startswith("The pairing has records already")
    assert client.post(old, {"giver": pair.hz.pk, "receiver": pair.es.pk,
                             "kind": "counterpart", "since": "2017-01-01"}).status_code == 302
    pair.pairing.refresh_from_db()
    assert (pair.pairing.receiver, pair.pairing.kind) == (pair.es, "counterpart")
    # The same edit refused on the edit page leaves the record as it was.
    response = client.post(edit, {"giver": pair.hz.pk, "receiver": pair.es.pk,
                                  "kind": "east_west", "since": "2019-05-01"})
    assert errors(response) == {"receiver": ["These two unions are paired already."]}
    created.refresh_from_db()
    assert (created.receiver, created.kind) == (pair.other, "counterpart")
    assert Pairing.objects.count() == 3


def test_admin_records_agreement_with_file_and_commitments(client, pair, media,
                                                          django_capture_on_commit_callbacks):
    client.force_login(pair.admin)
    url = reverse("pairing:manage_agreement_create", args=[pair.pairing.pk])
    response = client.post(url, {
        "title": "东西部扶贫协作框架协议", "signed_on": "2019-03-20", "parties": "杭州市总工会、恩施州总工会",
        "areas": ["talent", "consumption"],
        "document": SimpleUploadedFile("xieyi.pdf", b"%PDF-1.4 agreement", "application/pdf")})
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.title, agreement.signed_on, agreement.areas) == (
        "东西部扶贫协作框架协议", dt.date(2019, 3, 20), ",talent,consumption,")
    assert agreement.document.read() == b"%PDF-1.4 agreement"
    stored = media / agreement.document.name
    assert stored.exists()
    # A date in the future and an empty title are shown on their fields.
    response = client.post(url, {"title": " ", "signed_on": "2999-01-01", "parties": "x"})
    assert errors(response) == {"title": ["This field is required."],
                                "signed_on": ["Lies in the future."]}
    assert Agreement.objects.count() == 1
    # Edit: new areas, the file removed.
    edit = reverse("pairing:manage_agreement_edit", args=[agreement.pk])
    assert "xieyi" in client.get(edit).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {"title": "东西部协作框架协议", "signed_on": "2019-03-21",
                                      "parties": "两地总工会", "areas": ["recuperation"],
                                      "document-clear": "on"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.signed_on, agreement.parties, agreement.areas) == (
        "东西部协作框架协议", dt.date(2019, 3, 21), "两地总工会", ",recuperation,")
    assert not agreement.document and not stored.exists()

    # Commitments: a target needs its unit.
    new = reverse("pairing:manage_commitment_create", args=[agreement.pk])
    response = client.post(new, {"area": "talent", "description": "培训恩施州工会干部",
                                 "target_value": "120", "due_on": "2019-12-31"})
    assert errors(response) == {"target_unit": ["Required with a target figure."]}
    assert Commitment.objects.count() == 0
    response = client.post(new, {"area": "talent", "description": "培训恩施州工会干部",
                                 "target_value": "120", "target_unit": "人次",
                                 "due_on": "2019-12-31"})
    assert response.status_code == 302
    c = Commitment.objects.get()
    assert (c.area, c.description, c.target_value, c.target_unit, c.due_on, c.status,
            c.version) == ("talent", "培训恩施州工会干部", D("120.00"), "人次",
                           dt.date(2019, 12, 31), "pending", 1)
    edit = reverse("pairing:manage_commitment_edit", args=[c.pk])
    assert 'name="version" value="1"' in client.get(edit).content.decode()
    response = client.post(edit, {"area": "training", "description": "培训干部150人次",
                                  "target_value": "150", "target_unit": "人次",
                                  "due_on": "2020-06-30", "version": "1"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.area, c.target_value, c.due_on, c.version) == ("training", D("150.00"),
                                                             dt.date(2020, 6, 30), 2)
    # A stale version (someone else saved in between) is refused, nothing saved.
    response = client.post(edit, {"area": "talent", "description": "旧的", "due_on": "2020-01-01",
                                  "version": "1"})
    assert response.status_code == 200
    assert "Someone else changed this commitment" in str(response.context["form"].errors)
    c.refresh_from_db()
    assert (c.description, c.version) == ("培训干部150人次", 2)
    # A negative target is refused on its field.
    response = client.post(edit, {"area": "talent", "description": "x", "due_on": "2020-01-01",
                                  "target_value": "-1", "target_unit": "人", "version": "2"})
    assert list(errors(response)) == ["target_value"]
    # The hub lists all of it.
    hub = client.get(reverse("pairing:manage")).content.decode()
    assert "东西部协作框架协议" in hub and "培训干部150人次" in hub and "150 人次" in hub


def test_products_outlets_and_targets(client, pair):
    client.force_login(pair.admin)
    new = reverse("pairing:manage_product_create")
    response = client.post(new, {"name": "富硒茶", "supplier": "恩施州硒茶公司", "unit": "盒",
                                 "price": "0", "pairing": pair.pairing.pk})
    assert errors(response) == {"price": ["Ensure this value is greater than or equal to 0.01."]}
    response = client.post(new, {"name": "富硒茶", "supplier": "恩施州硒茶公司", "unit": "盒",
                                 "price": "98.5", "pairing": pair.pairing.pk})
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.owner, product.pairing, product.price, product.assisted) == (
        pair.hz, pair.pairing, D("98.50"), True)
    response = client.post(reverse("pairing:manage_product_edit", args=[product.pk]),
                           {"name": "富硒绿茶", "supplier": "恩施州硒茶公司", "unit": "盒",
                            "price": "105"})
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.price, product.pairing) == ("富硒绿茶", D("105.00"), None)

    # Outlets: an open outlet needs its opening day.
    new = reverse("pairing:manage_outlet_create", args=[pair.pairing.pk])
    response = client.post(new, {"name": "平海路恩施馆", "kind": "shop", "status": "open"})
    assert errors(response) == {"opened_on": ["Required for an open outlet."]}
    assert Outlet.objects.count() == 0
    response = client.post(new, {"name": "平海路恩施馆", "kind": "shop", "status": "planned",
                                 "address": "平海路"})
    assert response.status_code == 302
    outlet = Outlet.objects.get()
    response = client.post(reverse("pairing:manage_outlet_edit", args=[outlet.pk]),
                           {"name": "平海路恩施馆", "kind": "shop", "status": "open",
                            "opened_on": "2019-10-01", "address": "平海路12号"})
    assert response.status_code == 302
    outlet.refresh_from_db()
    assert (outlet.status, outlet.opened_on, outlet.address) == ("open", dt.date(2019, 10, 1),
                                                                 "平海路12号")
    assert PairingEvent.objects.filter(action="outlet_update", data__to="open").count() == 1

    # The festival-gift target: 30% for 杭州's subtree, counted for 下城区 as well.
    new = reverse("pairing:manage_target_create")
    response = client.post(new, {"year": "2019", "festival_gift_share": "100.01"})
    assert errors(response) == {
        "festival_gift_share": ["Ensure this value is less than or equal to 100."]}
    response = client.post(new, {"year": "2019", "festival_gift_share": "30",
                                 "source": "市总工会通知"})
    assert response.status_code == 302
    target = ConsumptionTarget.objects.get()
    assert (target.owner, target.year, target.festival_gift_share) == (pair.hz, 2019, D("30"))
    assert selectors.festival_share(pair.xc, 2019).target == D("30.00")
    assert selectors.festival_share(pair.es, 2019).target is None
    response = client.post(new, {"year": "2019", "festival_gift_share": "35"})
    assert errors(response) == {
        "year": ["A target for this year is set already; change that one instead."]}
    response = client.post(reverse("pairing:manage_target_edit", args=[target.pk]),
                           {"year": "2019", "festival_gift_share": "32.5"})
    assert response.status_code == 302
    assert selectors.festival_share(pair.xc, 2019).target == D("32.50")
    # A higher target set below counts for the union below; the lower one above does not
    # lower it.
    services.consumption_target_set(actor=None, owner=pair.xc, year=2019, share="40")
    assert selectors.festival_share(pair.xc, 2019).target == D("40.00")
    assert selectors.festival_share(pair.hz, 2019).target == D("32.50")


def test_manage_pages_in_chinese(client, pair, scope):
    pair.admin.language = "zh-hans"
    pair.admin.save()
    client.force_login(pair.admin)
    urls = [reverse("pairing:manage"), reverse("pairing:manage_pairing_create"),
            reverse("pairing:manage_product_create"), reverse("pairing:manage_target_create"),
            *edit_urls(scope)]
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, url
    hub = client.get(reverse("pairing:manage")).content.decode()
    assert "管理结对" in hub and "新增结对" in hub and "恩施玉露" in hub
    form = client.get(reverse("pairing:manage_pairing_create")).content.decode()
    assert "帮扶工会" in form and "保存" in form
    response = client.post(reverse("pairing:manage_pairing_create"), {
        "giver": pair.hz.pk, "receiver": pair.hz.pk, "kind": "east_west",
        "since": "2019-01-01"})
    assert "受帮扶工会: 不能与帮扶工会相同。" in response.content.decode()


def test_service_refusals_are_shown_on_their_field(pair):
    from django.utils import translation

    from gonghui.core.errors import DomainError
    from gonghui.pairing.forms import ManagedPairingForm, attach_error

    form = ManagedPairingForm({}, user=pair.admin)
    form.is_valid()
    form.errors.clear()
    attach_error(form, DomainError("Since: required."))
    attach_error(form, DomainError("These two unions are paired already."))
    assert form.errors == {"since": ["Required."],
                           "__all__": ["These two unions are paired already."]}
    with translation.override("zh-hans"):
        form = ManagedPairingForm({}, user=pair.admin)
        form.is_valid()
        form.errors.clear()
        attach_error(form, DomainError("帮扶工会：该结对下已有记录。"))
        assert form.errors == {"giver": ["该结对下已有记录。"]}
