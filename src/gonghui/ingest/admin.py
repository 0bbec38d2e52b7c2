from django.contrib import admin

from .models import Draft, IngestedText, VisitSummary


class DraftInline(admin.TabularInline):
    model = Draft
    extra = 0
    fields = ("article_index", "headline", "kind", "status", "content_type", "object_id")
    readonly_fields = fields
    can_delete = False


@admin.register(IngestedText)
class IngestedTextAdmin(admin.ModelAdmin):
    list_display = ("__str__", "union", "page_date", "created_by", "created_at")
    raw_id_fields = ("union", "created_by")
    readonly_fields = ("sha256", "analysis")
    inlines = [DraftInline]


@admin.register(VisitSummary)
class VisitSummaryAdmin(admin.ModelAdmin):
    list_display = ("title", "union", "period_from", "period_to", "enterprises", "households")
    raw_id_fields = ("union", "created_by")
