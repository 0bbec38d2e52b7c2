"""The ``pairing`` report (pairing assistance, consumption assistance, exchange trips)."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.core.money import cents
from gonghui.core.reports import Report, merge_totals, prefix_totals, register

from .models import Pairing, Purchase
from .selectors import pairing_brief, pairing_figures

LABELS = {
    "pairings": _("pairings"),
    "agreements": _("agreements signed"),
    "delegations": _("delegations"),
    "volunteers": _("volunteers (persons)"),
    "aid_cash_cny": _("aid in cash (CNY)"),
    "aid_goods_value_cny": _("aid in goods (CNY)"),
    "study_aid_cny": _("study aid (CNY)"),
    "hardship_aid_cny": _("hardship aid (CNY)"),
    "bases": _("bases built"),
    "platforms": _("platforms built"),
    "mechanisms": _("mechanisms built"),
    "training_sessions": _("cadre training sessions"),
    "trainees": _("cadre trainees (person-times)"),
    "commitments_done": _("commitments done"),
    "commitments_open": _("commitments open"),
    "commitments_overdue": _("commitments overdue"),
    "purchases_cny": _("purchases from assisted regions (CNY)"),
    "festival_gift_share_pct": _("festival gifts from assisted regions (%)"),
    "trips_sent": _("recuperation trips sent"),
    "workers_sent": _("workers sent (persons)"),
    "trips_received": _("recuperation trips received"),
    "workers_received": _("workers received (persons)"),
}



def pairing_by_child(union, *, date_from=None, date_to=None, prefix_length: int) -> dict:
    """Pairings in force in the period in which a union of the child gives help, and the
    child's purchases of assisted products (CNY), one query per table."""
    pairings = Pairing.objects.filter(giver__path__startswith=union.path)
    if date_to:
        pairings = pairings.filter(since__lte=date_to)
    if date_from:
        pairings = pairings.filter(Q(until__isnull=True) | Q(until__gte=date_from))
    purchases = Purchase.objects.filter(union__path__startswith=union.path,
                                        product__pairing__isnull=False)
    if date_from:
        purchases = purchases.filter(date__gte=date_from)
    if date_to:
        purchases = purchases.filter(date__lte=date_to)
    bought = prefix_totals(purchases, "union__path", prefix_length,
                           purchases_cny=Sum("amount", default=0))
    for values in bought.values():
        values["purchases_cny"] = cents(values["purchases_cny"])
    return merge_totals(
        prefix_totals(pairings, "giver__path", prefix_length, pairings_given=Count("id")),
        bought,
    )


PAIRING = register(Report(name="pairing", title=_("Pairing assistance"),
                          compute=pairing_figures, labels=LABELS, brief=pairing_brief,
                          by_child=pairing_by_child,
                          by_child_labels={
                              "pairings_given": _("pairings in which it gives help"),
                              "purchases_cny": _("purchases of assisted products (CNY)"),
                          }))
