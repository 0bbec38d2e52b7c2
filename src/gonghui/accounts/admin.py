"""Users in the admin: superusers manage everyone; a role admin manages the users of
their scope only, and cannot hand out superuser status, groups or permissions."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from gonghui.core.admin_site import ScopedRoleAdmin

from .models import User


class UserAddForm(UserCreationForm):
    """Username and password, plus the role and union every user needs."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "role", "union")


@admin.register(User)
class UserAdmin(ScopedRoleAdmin, DjangoUserAdmin):
    add_form = UserAddForm
    list_display = ("username", "display_name", "role", "union", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_active")
    search_fields = ("username", "display_name")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("display_name", "email", "language")}),
        (_("Role and scope"), {"fields": ("role", "union", "is_active", "is_staff")}),
        (
            _("Superuser rights"),
            {"fields": ("is_superuser", "groups", "user_permissions"), "classes": ("collapse",)},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "display_name", "role", "union", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not request.user.is_superuser:
            qs = qs.filter(is_superuser=False)  # nobody may take over a superuser
        return qs

    def get_readonly_fields(self, request, obj=None):
        fields = ["last_login", "date_joined"]
        if not request.user.is_superuser:
            fields += ["is_superuser", "groups", "user_permissions"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "union" in form.base_fields:
            # A user without a union would vanish from the admin's own scope at once.
            form.base_fields["union"].required = True
        return form
