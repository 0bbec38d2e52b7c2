"""``{% nav_menu %}``: the menu of base.html, rendered once per role, page and language.

The menu's HTML depends only on the user's role and superuser flag, the current page's
URL name (the active link), the active language and the URL prefix, so it is rendered
once per such key and process and kept (some 35 ``{% url %}`` and ``{% translate %}``
a page otherwise). The template, ``_nav_menu.html``, may use only those values."""

from __future__ import annotations

import functools
from types import SimpleNamespace

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_menu(context) -> SafeString:
    user = context["user"]
    match = getattr(context.get("request"), "resolver_match", None)
    return _menu(bool(user.is_superuser), getattr(user, "role", ""),
                 match.url_name if match else None, translation.get_language(),
                 get_script_prefix())


@functools.lru_cache(maxsize=1024)
def _menu(is_superuser: bool, role: str, current: str | None, language: str,
          prefix: str) -> SafeString:
    with translation.override(language):
        html = render_to_string("_nav_menu.html", {
            "user": SimpleNamespace(is_superuser=is_superuser, role=role), "current": current})
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there
