"""Fixtures of the services tests."""

import pytest

from gonghui.accounts.models import User


@pytest.fixture
def english(people):
    """Every user of ``people`` reads the pages in English, so that tests can compare
    messages with their msgids whatever the state of the zh-hans catalogue."""
    User.objects.update(language="en")
    return people
