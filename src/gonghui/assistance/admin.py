"""Admin: subsistence lines are edited here; files and logs are read-only and masked
(sensitive fields are never shown in the admin)."""

from django.contrib import admin

from .models import HardshipFile, SensitiveAccessLog, SubsistenceLine


@admin.register(SubsistenceLine)
class SubsistenceLineAdmin(admin.ModelAdmin):
    list_display = ("region", "year", "amount", "source")
    list_filter = ("year",)
    search_fields = ("region__name", "region__code")


@admin.register(HardshipFile)
class HardshipFileAdmin(admin.ModelAdmin):
    list_display = ("id", "head_name", "head_id_masked", "union", "status", "severity")
    list_filter = ("status", "severity")
    fields = ("union", "head_name", "head_id_masked", "status", "severity", "applied_on",
              "filed_on", "last_reviewed_on")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(SensitiveAccessLog)
class SensitiveAccessLogAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "record_type", "record_id", "field", "reason")
    list_filter = ("action",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
