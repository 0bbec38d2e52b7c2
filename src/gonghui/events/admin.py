from django.contrib import admin

from .models import Event, EventFigure, SelectionRound


class FigureInline(admin.TabularInline):
    model = EventFigure
    extra = 0


class RoundInline(admin.TabularInline):
    model = SelectionRound
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "union", "date", "place")
    list_filter = ("kind",)
    search_fields = ("name", "place")
    raw_id_fields = ("union",)
    filter_horizontal = ("participant_workers",)
    inlines = [FigureInline, RoundInline]
