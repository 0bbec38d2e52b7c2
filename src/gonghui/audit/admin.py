"""Read-only admin of the logs: no add, change or delete, and only within scope."""

from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "actor_name", "union", "address", "object_repr", "summary")
    list_filter = ("kind",)
    search_fields = ("actor_name", "object_repr", "summary")
    date_hierarchy = "at"

    def get_queryset(self, request):
        return AuditEntry.objects.visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
