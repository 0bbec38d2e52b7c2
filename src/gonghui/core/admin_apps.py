"""The admin app config (a module of its own: it is imported while apps load, before
models may be)."""

from django.contrib.admin.apps import AdminConfig


class GonghuiAdminConfig(AdminConfig):
    """``django.contrib.admin`` with :class:`~gonghui.core.admin_site.GonghuiAdminSite`
    as ``admin.site`` (listed in INSTALLED_APPS instead of ``django.contrib.admin``)."""

    default_site = "gonghui.core.admin_site.GonghuiAdminSite"
