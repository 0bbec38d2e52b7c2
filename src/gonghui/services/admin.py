"""The main job in the admin: the category taxonomy for role admins; campaigns, teams,
visits for superusers; items and their timelines read-only (an item moves only through
:mod:`gonghui.services.workflow`, never by editing its status)."""

from __future__ import annotations

from django.contrib import admin

from gonghui.core.admin_site import GlobalConfigInline, ScopedRoleAdmin, SuperuserOnlyAdmin

from .models import (
    Campaign,
    Category,
    HolidaySchedule,
    HolidayScheduleDay,
    Item,
    ItemEvent,
    ServiceTeam,
    TimeLimit,
    Visit,
)
from .workflow import recompute_provisional_deadlines


@admin.register(Category)
class CategoryAdmin(ScopedRoleAdmin):
    list_display = ("name", "parent", "is_active", "evidence_required", "sort_order")
    list_editable = ("is_active", "evidence_required", "sort_order")
    list_filter = ("is_active", "evidence_required")
    search_fields = ("name",)


@admin.register(Campaign)
class CampaignAdmin(SuperuserOnlyAdmin):
    list_display = ("name", "union", "start_date", "end_date")
    search_fields = ("name",)
    raw_id_fields = ("union",)


@admin.register(ServiceTeam)
class ServiceTeamAdmin(SuperuserOnlyAdmin):
    list_display = ("name", "kind", "union", "campaign", "leader")
    list_filter = ("kind",)
    search_fields = ("name",)
    raw_id_fields = ("union", "campaign", "leader")
    filter_horizontal = ("members", "zone_unions", "zone_regions")


@admin.register(Visit)
class VisitAdmin(SuperuserOnlyAdmin):
    list_display = ("date", "target_type", "union", "team")
    list_filter = ("target_type",)
    date_hierarchy = "date"
    raw_id_fields = ("union", "campaign", "team", "enterprise", "target_union", "worker")
    filter_horizontal = ("visitors",)


class ItemEventInline(admin.TabularInline):
    model = ItemEvent
    extra = 0
    can_delete = False
    fields = ("at", "actor", "action", "from_status", "to_status", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Item)
class ItemAdmin(SuperuserOnlyAdmin):
    """Read-only: the workflow functions are the only writers of an item."""

    list_display = ("id", "subject", "kind", "status", "union", "responsible_unit", "deadline")
    list_filter = ("status", "kind")
    search_fields = ("subject",)
    inlines = [ItemEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Item._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HolidayScheduleDayInline(GlobalConfigInline):
    model = HolidayScheduleDay
    extra = 5
    fields = ("date", "kind", "name")


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(ScopedRoleAdmin):
    """A year's official schedule; saving it recomputes the provisional deadlines of the
    items on the clock (each noted on the item's timeline)."""

    list_display = ("year", "source", "entered_by", "entered_at")
    fields = ("year", "source")
    inlines = [HolidayScheduleDayInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        recompute_provisional_deadlines(actor=request.user, year=form.instance.year)


@admin.register(TimeLimit)
class TimeLimitAdmin(ScopedRoleAdmin):
    list_display = ("category", "item_class", "working_days")
    list_editable = ("working_days",)
    list_filter = ("item_class", "category")
