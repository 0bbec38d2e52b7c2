"""Users in the admin: superusers manage everyone; a role admin manages the users of
their scope only, and cannot hand out superuser status, groups or permissions."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from gonghui.core.admin_site import ScopedRoleAdmin
from gonghui.orgs.validators import validate_mobile

from .models import User


class UserAddForm(UserCreationForm):
    """Username and password, plus the role and union every user needs."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "role", "union")


class UserEditForm(UserChangeForm):
    """Django's user change form, with the mobile number write-only: the page shows it
    masked, a new number replaces it, a tick removes it (it is never sent back whole)."""

    new_mobile = forms.CharField(
        label=_("New mobile phone"), required=False, max_length=20,
        help_text=_("Enter a number to set or replace it; leave empty to keep it."),
    )
    remove_mobile = forms.BooleanField(label=_("Remove the mobile phone"), required=False)

    def clean_new_mobile(self) -> str:
        value = self.cleaned_data.get("new_mobile", "")
        return validate_mobile(value) if value.strip() else ""

    def save(self, commit: bool = True):
        user = super().save(commit=False)
        if self.cleaned_data.get("new_mobile"):
            user.mobile = self.cleaned_data["new_mobile"]
        elif self.cleaned_data.get("remove_mobile"):
            user.mobile = ""
        if commit:
            user.save()
            self._save_m2m()
        return user


@admin.register(User)
class UserAdmin(ScopedRoleAdmin, DjangoUserAdmin):
    add_form = UserAddForm
    form = UserEditForm
    list_display = ("username", "display_name", "role", "union", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_active")
    search_fields = ("username", "display_name")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Person"),
            {"fields": ("display_name", "email", "language", "masked_mobile", "new_mobile",
                        "remove_mobile")},
        ),
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

    @admin.display(description=_("mobile phone"))
    def masked_mobile(self, obj) -> str:
        return obj.mobile_masked if obj is not None else ""

    def get_readonly_fields(self, request, obj=None):
        fields = ["last_login", "date_joined", "masked_mobile"]
        if not request.user.is_superuser:
            fields += ["is_superuser", "groups", "user_permissions"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "union" in form.base_fields:
            # A user without a union would vanish from the admin's own scope at once.
            form.base_fields["union"].required = True
        return form
