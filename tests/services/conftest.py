"""Workflow tests assert messages by their English msgids, whatever the default language."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
