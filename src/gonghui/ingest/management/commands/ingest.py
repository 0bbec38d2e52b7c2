"""``gonghui ingest FILE.txt [--date YYYY-MM-DD] [--json]``: split a page or report
into articles and print what was read from each (nothing is written)."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from gonghui.ingest.kinds import KIND_LABELS
from gonghui.ingest.pipeline import analyse


class Command(BaseCommand):
    help = "Read a union report or newspaper page: articles, figures, organisations, dates."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a UTF-8 text file")
        parser.add_argument("--date", help="the page date, YYYY-MM-DD (resolves 近日, 去年7月 ...)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **opts):
        try:
            with open(opts["file"], encoding="utf-8") as fh:
                text = fh.read()
        except OSError as exc:
            raise CommandError(f"file: cannot read {opts['file']}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"file: {opts['file']} is not UTF-8 text") from exc
        page_date = None
        if opts["date"]:
            try:
                page_date = dt.date.fromisoformat(opts["date"])
            except ValueError as exc:
                raise CommandError(f"--date: {opts['date']!r} is not a date YYYY-MM-DD") from exc
        result = analyse(text, page_date)
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        w = self.stdout.write
        w(f"{len(result.articles)} articles; page date {page_date or 'not given'}")
        for r in result.repairs:
            w(f"  repair {r.kind}: {r.before!r} | {r.after!r} ({r.note})")
        for a in result.articles:
            art = a.article
            w("")
            w(f"[{art.index + 1}] {art.headline}")
            if art.kicker:
                w(f"    kicker: {art.kicker}")
            if art.subheadline:
                w(f"    subheadline: {art.subheadline}")
            people = ", ".join(f"{role} {name}" for role, name in art.byline.people())
            w(f"    byline: {people or '-'}")
            w(f"    kind: {KIND_LABELS.get(a.kind, '-')}")
            for _p, f in a.unique_figures():
                q = f" ({f.qualifier})" if f.qualifier else ""
                w(f"    figure: {f.value} {f.unit}{q} {f.thing}  [{f.text}]")
            for name in a.org_names():
                match = next(o for _p, o in a.orgs if o.name == name)
                where = (f"{match.match_kind} #{match.match_id}" if match.match_id else "new")
                w(f"    organisation: {name} ({where})")
            for reg in a.regions:
                w(f"    region: {reg.name} → {reg.code}")
            for _p, d in a.dates:
                res = (f"{d.date_from}..{d.date_to}" if d.date_from else d.flag)
                w(f"    date: {d.text} → {res}")
