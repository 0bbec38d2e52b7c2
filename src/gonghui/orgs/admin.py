"""Organisations in the admin: responsible units for role admins (within scope); the
region list, union tree, enterprises and workers for superusers."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from gonghui.core.admin_site import ScopedRoleAdmin, SuperuserOnlyAdmin

from .models import Enterprise, Region, ResponsibleUnit, Union, Worker


@admin.register(ResponsibleUnit)
class ResponsibleUnitAdmin(ScopedRoleAdmin):
    list_display = ("name", "kind", "owner", "union", "contact")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Region)
class RegionAdmin(SuperuserOnlyAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(Union)
class UnionAdmin(SuperuserOnlyAdmin, TreeAdmin):
    form = movenodeform_factory(Union)
    list_display = ("name", "level", "kind", "region")
    list_filter = ("level", "kind")
    search_fields = ("name",)
    raw_id_fields = ("region",)


@admin.register(Enterprise)
class EnterpriseAdmin(SuperuserOnlyAdmin):
    list_display = ("name", "uscc", "union", "industry", "employees")
    search_fields = ("name", "uscc")
    raw_id_fields = ("region", "union")


@admin.register(Worker)
class WorkerAdmin(SuperuserOnlyAdmin):
    """ID numbers and phones are shown masked and not edited here (they are personal
    information; the application's own pages handle them)."""

    list_display = ("name", "masked_id_number", "masked_phone", "union", "title", "in_hardship")
    list_filter = ("title", "in_hardship")
    search_fields = ("name",)
    exclude = ("id_number", "phone")
    readonly_fields = ("masked_id_number", "masked_phone")
    raw_id_fields = ("enterprise", "union")

    @admin.display(description=_("identity number"))
    def masked_id_number(self, obj):
        return obj.id_number_masked

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return obj.phone_masked
