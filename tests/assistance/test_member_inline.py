"""A refused household member re-renders the file with the error and the input kept."""

from __future__ import annotations

from django.urls import reverse

from .conftest import register


def test_refused_member_keeps_the_input(client, regions, people, tree):
    f = register(people.wukang_officer, tree.wukang)
    client.force_login(people.wukang_officer)
    response = client.post(reverse("assistance:member_add", args=[f.pk]),
                           {"name": "覃小蕾", "relation": "child", "monthly_income": "-5",
                            "school_or_work": "武康一小"})
    assert response.status_code == 200
    assert response.context["member_form"].errors["monthly_income"] == [
        "Ensure this value is greater than or equal to 0."]
    html = response.content.decode()
    assert 'value="覃小蕾"' in html and 'value="武康一小"' in html
    assert f.members.count() == 0
