from django.contrib import admin

from .models import Award, Competition, CraftsmanService, Entry, Incident, KeyProject


class EntryInline(admin.TabularInline):
    model = Entry
    extra = 0
    raw_id_fields = ("worker", "enterprise")
    readonly_fields = ("rank",)


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "union", "start_date", "end_date")
    list_filter = ("kind",)
    search_fields = ("name", "theme")
    filter_horizontal = ("key_projects",)
    raw_id_fields = ("union", "parent")
    inlines = [EntryInline]


@admin.register(KeyProject)
class KeyProjectAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "region", "union")
    search_fields = ("name", "owner")
    raw_id_fields = ("union", "region")


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "enterprise", "worker", "union")
    list_filter = ("kind",)
    raw_id_fields = ("enterprise", "worker", "union")


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Read-only here: awards are given through the page, where the one-vote veto applies."""

    list_display = ("entry", "title", "awarded_on")
    list_filter = ("title",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CraftsmanService)
class CraftsmanServiceAdmin(admin.ModelAdmin):
    list_display = ("visit", "topic", "attendees", "hours")
    list_filter = ("topic",)
    raw_id_fields = ("visit",)
    filter_horizontal = ("experts",)
