"""A text too big to read as a form post gets the paste form and the limit, not a bare
400 (RequestDataTooBig)."""

from __future__ import annotations

from django.test import Client

from gonghui.ingest.models import IngestedText


def test_a_post_too_big_to_read_gets_the_form_and_the_limit(people, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.officer)
    response = client.post("/ingest/", {"title": "长文", "text": "德清县总工会开展活动。" * 5_000})
    assert response.status_code == 413
    html = response.content.decode()
    assert "Text: at most 200,000 characters." in html and 'name="text"' in html
    assert IngestedText.objects.count() == 0
