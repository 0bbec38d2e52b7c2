from django.contrib import admin

from . import models


class RouteInline(admin.TabularInline):
    model = models.Route
    extra = 0


class ParticipantInline(admin.TabularInline):
    model = models.Participant
    extra = 0
    raw_id_fields = ("worker",)


@admin.register(models.Base)
class BaseAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "certified_year", "capacity")
    inlines = [RouteInline]


@admin.register(models.Rules)
class RulesAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "max_cost_per_day", "max_cost_per_year", "max_days",
                    "max_days_paired")


@admin.register(models.Trip)
class TripAdmin(admin.ModelAdmin):
    list_display = ("route", "union", "host_union", "starts_on", "ends_on", "status")
    list_filter = ("status",)
    raw_id_fields = ("union", "host_union")
    inlines = [ParticipantInline]
