"""Helpers shared by the pages of every module."""

from django.contrib import messages
from django.http import HttpRequest


def form_errors_to_messages(request: HttpRequest, form) -> None:
    """Show each field's errors of an invalid ``form`` as one error message, prefixed by
    the field's label (for small forms that post and redirect instead of re-rendering)."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
