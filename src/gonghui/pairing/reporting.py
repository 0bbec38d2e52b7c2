"""The ``pairing`` report (pairing assistance, consumption assistance, exchange trips)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.reports import Report, register

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

PAIRING = register(Report(name="pairing", title=_("Pairing assistance"),
                          compute=pairing_figures, labels=LABELS, brief=pairing_brief))
