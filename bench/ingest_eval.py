"""Precision and recall of the ingest parser against the gold annotations
(tests/ingest/gold/): article boundaries (an article found with the gold headline),
bylines (role and name), organisations (exact name) and figures (value, unit and the
counted thing together; the thing matches when one is written inside the other).

Run: ``make ingest-eval`` (or ``PYTHONPATH=src python bench/ingest_eval.py [--json]``).
Reads no database (organisations are found, not matched)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "ingest" / "gold"
TEXTS = ROOT / "tests" / "ingest" / "texts"


def _pr(tp: int, n_pred: int, n_gold: int) -> dict:
    return {"tp": tp, "predicted": n_pred, "gold": n_gold,
            "precision": tp / n_pred if n_pred else 1.0,
            "recall": tp / n_gold if n_gold else 1.0}


def _fig_match(pred: tuple, gold: tuple) -> bool:
    return (float(pred[0]) == float(gold[0]) and pred[1] == gold[1] and bool(pred[2])
            and (pred[2] in gold[2] or gold[2] in pred[2]))


def _norm(s: str) -> str:
    return " ".join(s.replace("\u3000", " ").split())


def evaluate(text: str, page_date: dt.date | None, gold_articles: list[dict]) -> dict:
    """Counts for one text: ``{measure: {tp, predicted, gold}}``."""
    from gonghui.ingest.pipeline import analyse

    result = analyse(text, page_date, use_database=False)
    pred_by_head = {_norm(a.article.headline): a for a in result.articles}
    counts = {m: [0, 0, 0] for m in ("articles", "bylines", "organisations", "figures")}
    counts["articles"][1] = len(result.articles)
    counts["articles"][2] = len(gold_articles)
    for a in result.articles:
        counts["bylines"][1] += len(a.article.byline.people())
        counts["organisations"][1] += len(a.org_names())
        counts["figures"][1] += len(a.unique_figures())
    for g in gold_articles:
        counts["bylines"][2] += len(g["byline"])
        counts["organisations"][2] += len(g["organisations"])
        counts["figures"][2] += len(g["figures"])
        pred = pred_by_head.get(_norm(g["headline"]))
        if pred is None:
            continue
        counts["articles"][0] += 1
        people = {tuple(p) for p in pred.article.byline.people()}
        counts["bylines"][0] += sum(1 for p in g["byline"] if tuple(p) in people)
        names = set(pred.org_names())
        counts["organisations"][0] += sum(1 for n in g["organisations"] if n in names)
        remaining = [(f.value, f.unit, f.thing) for _p, f in pred.unique_figures()]
        for gf in g["figures"]:
            hit = next((p for p in remaining if _fig_match(p, gf)), None)
            if hit is not None:
                remaining.remove(hit)
                counts["figures"][0] += 1
    return counts


def run() -> dict:
    """``{"seed": {...}, "reports": {...}}`` of precision/recall per measure."""
    import django

    django.setup()
    out = {}
    seed = json.loads((GOLD / "seed.json").read_text(encoding="utf-8"))
    seed_text = Path(seed["file"]).read_text(encoding="utf-8")
    c = evaluate(seed_text, dt.date.fromisoformat(seed["page_date"]), seed["articles"])
    out["seed"] = {m: _pr(*v) for m, v in c.items()}
    reports = json.loads((GOLD / "reports.json").read_text(encoding="utf-8"))
    for group in ("texts", "heldout"):
        total = {m: [0, 0, 0] for m in ("articles", "bylines", "organisations", "figures")}
        for item in reports.get(group, []):
            text = (TEXTS / item["file"]).read_text(encoding="utf-8")
            c = evaluate(text, dt.date.fromisoformat(item["page_date"]), item["articles"])
            for m, v in c.items():
                total[m] = [a + b for a, b in zip(total[m], v, strict=True)]
        out["reports" if group == "texts" else "heldout"] = {m: _pr(*v) for m, v in total.items()}
    return out


def main() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    results = run()
    if "--json" in sys.argv:
        print(json.dumps(results, indent=2))
        return
    for corpus, measures in results.items():
        print(f"{corpus}:")
        for m, r in measures.items():
            print(f"  {m:14} precision {r['precision']:6.1%}  recall {r['recall']:6.1%}"
                  f"  ({r['tp']} right of {r['predicted']} found, {r['gold']} in gold)")


if __name__ == "__main__":
    main()
