"""The Django admin for system administrators, with the scope rule.

Who may open the admin at all (:class:`GonghuiAdminSite`): active staff who are
superusers or have the role *admin*. Officers, reviewers and leaders never may, even if
someone ticked "staff status" for them.

What they may manage there:

- a **superuser**: every registered model (:class:`SuperuserOnlyAdmin` for most);
- a **role admin** (staff, role ``admin``): users and responsible units *within their
  scope* (:class:`ScopedRoleAdmin`): the change list and every object view go through
  ``visible_to``, and foreign-key and many-to-many choices of scoped models are limited
  to the scope too, so a county administrator can neither see nor pick another county's
  records;
- the **global configuration** (models without ``scope_lookups``: the category taxonomy,
  the time limits 办理时限, the holiday schedules 节假日安排) applies to every union, so
  only a superuser or a role admin of a root union of the tree (depth 1,
  :func:`is_root_admin`) may add, change or delete it. A lower role admin (a county or
  town administrator below a province) may **view** it, read-only: the deadlines and
  holidays their items run on are no secret, and a list that is there but locked
  surprises less than one that is missing.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import Role


def is_role_admin(user) -> bool:
    """Active staff with the role admin (a system administrator of a federation)."""
    return bool(user.is_active and user.is_staff and user.role == Role.ADMIN)


def is_root_admin(user) -> bool:
    """A role admin whose union is a root of the union tree (depth 1): the only role
    admin who may change the global configuration."""
    return bool(is_role_admin(user) and user.union_id is not None and user.union.depth == 1)


class GonghuiAdminSite(admin.AdminSite):
    """``admin.site``: open to active superusers and role admins who are staff."""

    site_header = _("Gonghui administration")
    site_title = _("Gonghui administration")
    index_title = _("System administration")

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and (user.is_superuser or is_role_admin(user)))


def _scoped(model) -> bool:
    return hasattr(model, "scope_lookups")


class ScopedRoleAdmin(admin.ModelAdmin):
    """A model a role admin may manage, restricted to rows in their scope. A model
    without ``scope_lookups`` (Category, TimeLimit, HolidaySchedule) is global: every
    role admin may view it, but only a superuser or a root union's role admin
    (:func:`is_root_admin`) may add, change or delete it; the others see it read-only.
    Superusers keep Django's permission checks, and the scope rule applies to them too
    when they have a union."""

    def _may_manage(self, request) -> bool:
        return request.user.is_superuser or is_role_admin(request.user)

    def _may_write(self, request) -> bool:
        if _scoped(self.model):
            return self._may_manage(request)
        return request.user.is_superuser or is_root_admin(request.user)

    def has_module_permission(self, request):
        return self._may_manage(request)

    def has_view_permission(self, request, obj=None):
        return self._may_manage(request)

    def has_add_permission(self, request):
        return self._may_write(request)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.visible_to(request.user) if _scoped(self.model) else qs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if _scoped(related):
            kwargs["queryset"] = related._default_manager.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if _scoped(related):
            kwargs["queryset"] = related._default_manager.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GlobalConfigInline(admin.TabularInline):
    """An inline of a global model's admin (a holiday schedule's days): viewed by every
    role admin, edited by those who may edit the parent (:func:`is_root_admin` or a
    superuser). Django's default would ask for model permissions role admins never hold,
    and hide the inline even from the root union's administrator."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or is_role_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser or is_root_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser or is_root_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser or is_root_admin(request.user)


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """A model only a superuser manages in the admin (role admins do not see it)."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
