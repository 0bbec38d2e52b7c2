"""A blood drive read with its donors and stem-cell registrations, and the same event
or visit statistics pasted again (another page date, an extra line) recognised as
already recorded instead of proposed again."""

from __future__ import annotations

import datetime as dt

from gonghui.events.models import Event
from gonghui.ingest.drafts import confirm, ingest
from gonghui.ingest.models import Draft, VisitSummary

BLOOD = ("德清县总工会组织职工无偿献血\n\n"
         "11月12日，德清县总工会组织开展“热血传递爱心”无偿献血活动，共有86名职工参加献血，"
         "献血量达2.58万毫升，另有9名职工登记加入中华骨髓库。")

VISITS = ("德清工会勤走访 帮助企业解难题\n\n"
          "今年年初开始，德清县总工会启动了工会“三服务”活动。\n"
          "目前,德清县总工会已走访企业57家,职工群众29户,排摸涉及企业职工具体困难26人次,"
          "掌握民生服务和精神文化类具体需求11件次,其中解决34件次,提交反映3件次。")


def test_donors_volume_and_registrations_of_a_blood_drive(people):
    stored = ingest(actor=people.officer, text=BLOOD, page_date=dt.date(2026, 11, 20))
    draft = stored.drafts.get()
    assert draft.payload["date"] == "2026-11-12"  # the day written, not the page date
    assert draft.payload["figures"] == {"donors": 86, "blood_volume": 25800,
                                        "stem_cell_registrations": 9}


def test_the_same_event_pasted_again_is_not_proposed_again(client, people):
    first = ingest(actor=people.officer, text=BLOOD, page_date=dt.date(2026, 11, 20))
    event = confirm(actor=people.officer, draft=first.drafts.get())
    again = ingest(actor=people.officer, text=BLOOD + "\n（德清县总工会供稿）",
                   page_date=dt.date(2026, 11, 21))
    assert again.pk != first.pk and again.drafts.count() == 0
    other_date = ingest(actor=people.officer, text=BLOOD, page_date=dt.date(2026, 11, 25))
    assert other_date.drafts.filter(status=Draft.Status.PROPOSED).count() == 0
    assert Event.objects.count() == 1
    client.force_login(people.officer)
    page = client.get(f"/ingest/{again.pk}/").content.decode()
    assert "data-already-recorded" in page and f'href="/events/{event.pk}/"' in page
    # another union's officer records its own event
    town = ingest(actor=people.wukang_officer, text=BLOOD, page_date=dt.date(2026, 11, 20))
    assert town.drafts.count() == 1


def test_the_same_visit_statistics_pasted_again_are_not_proposed_again(people):
    first = ingest(actor=people.officer, text=VISITS, page_date=dt.date(2026, 11, 20))
    summary = confirm(actor=people.officer, draft=first.drafts.get(kind=Draft.Kind.VISIT_SUMMARY))
    assert (summary.resolved, summary.escalated) == (34, 3)
    again = ingest(actor=people.officer, text=VISITS + "\n（完）", page_date=None)
    assert again.drafts.count() == 0 and VisitSummary.objects.count() == 1
