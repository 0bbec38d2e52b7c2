from django.contrib import admin

from . import models


class CommitmentInline(admin.TabularInline):
    model = models.Commitment
    extra = 0


class VolunteerInline(admin.TabularInline):
    model = models.Volunteer
    extra = 0
    raw_id_fields = ("worker", "from_union")


class ActivityInline(admin.TabularInline):
    model = models.Activity
    extra = 0


@admin.register(models.Pairing)
class PairingAdmin(admin.ModelAdmin):
    list_display = ("giver", "receiver", "kind", "since")
    list_filter = ("kind",)
    raw_id_fields = ("giver", "receiver")


@admin.register(models.Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "pairing", "signed_on")
    inlines = [CommitmentInline]


@admin.register(models.Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ("title", "pairing", "leader", "starts_on", "ends_on")
    filter_horizontal = ("unions",)
    inlines = [VolunteerInline, ActivityInline]


@admin.register(models.Work)
class WorkAdmin(admin.ModelAdmin):
    list_display = ("name", "pairing", "line", "date", "trainees", "hours")
    list_filter = ("line",)


@admin.register(models.Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "origin", "supplier", "unit", "price", "pairing")
    raw_id_fields = ("owner", "origin")


@admin.register(models.Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "pairing", "kind", "status")


@admin.register(models.Purchase)
class PurchaseAdmin(admin.ModelAdmin):
    list_display = ("date", "union", "product", "quantity", "amount", "channel")
    list_filter = ("channel",)
    raw_id_fields = ("union",)


@admin.register(models.ConsumptionTarget)
class ConsumptionTargetAdmin(admin.ModelAdmin):
    list_display = ("year", "festival_gift_share", "source")


admin.site.register(models.PairingAid)
