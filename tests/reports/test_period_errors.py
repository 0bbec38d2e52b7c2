"""A bad period (reversed, an unknown preset) shows the report page with the reason on
the field, for the page and for its export alike (400, never a bare text)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_reversed_period_on_the_export_renders_the_page(client, people):
    client.force_login(people.officer)
    response = client.get(reverse("reports:export"), {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "To: The last day must not be before the first day." in html
    assert 'value="2026-05-01"' in html and "<nav" in html


def test_unknown_preset_says_why(client, people):
    client.force_login(people.officer)
    response = client.get(reverse("reports:report"), {"preset": "bogus"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "data-preset-error" in html
    assert "Select a valid choice. bogus is not one of the available choices." in html
