"""Users, each with one role and one union (their scope is that union's subtree)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.crypto import EncryptedTextField
from gonghui.core.scope import ScopedQuerySet
from gonghui.orgs.validators import mask_phone


class Role(models.TextChoices):
    OFFICER = "officer", _("officer")
    REVIEWER = "reviewer", _("reviewer")
    LEADER = "leader", _("leader")
    ADMIN = "admin", _("administrator")


class UserQuerySet(ScopedQuerySet):
    pass


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Django's user manager (create_user, ...) over a scoped queryset."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in. ``role`` decides what they may do, ``union`` where."""

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.OFFICER)
    union = models.ForeignKey(
        "orgs.Union",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("union"),
    )
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Sensitive: encrypted at rest, shown masked (``mobile_masked``), never logged; used
    # only to deliver reminders by SMS (gonghui.services.notify.SmsBackend).
    mobile = EncryptedTextField(
        _("mobile phone"),
        blank=True,
        help_text=_("For reminders by text message; 11 digits. Shown masked."),
    )

    scope_lookups = ("union__path",)
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def mobile_masked(self) -> str:
        """The mobile number as 3 + 4 (``138****1234``), "" when there is none."""
        return mask_phone(self.mobile)

    def has_role(self, *roles: str) -> bool:
        """True when the user's role is one of ``roles`` (superusers have every role)."""
        return self.is_superuser or self.role in roles
