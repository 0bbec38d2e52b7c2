"""Precision and recall of the ingest parser against gold annotations: article
boundaries (an article found with the gold headline), bylines (role and name),
organisations (exact name) and figures (value, unit and the counted thing together; the
thing matches when one is written inside the other).

Run: ``make ingest-eval`` (or ``PYTHONPATH=src python bench/ingest_eval.py``) with

* ``--gold FILE`` (repeatable): gold files to evaluate; default every ``*.json`` in
  ``tests/ingest/gold/`` (seed first);
* ``--texts DIR``: where the texts named by relative ``file`` entries are (default
  ``tests/ingest/texts/``; then beside the gold file, then in ``texts/`` next to the gold
  file's folder; an absolute ``file`` is read as is);
* ``--json``: the numbers as JSON instead of the table;
* ``--verbose``: under each text, every miss (``-``, in gold but not found) and false hit
  (``+``, found but not in gold) per measure, with the article's headline.

A gold file is either one text (``{"file", "page_date", "articles": [...]}``, like
``seed.json``) or groups of texts (``{"texts": [...], "heldout": [...]}``, like
``reports.json``; each item ``{"file", "page_date", "articles"}``). An article is
``{"headline", "byline": [[role, name]], "organisations": [name], "figures": [[value,
unit, thing]]}``. A single-text file and the ``texts`` group are reported under the gold
file's name (``seed``, ``reports``); any other group under its own name (``heldout``).
Reads no database (organisations are found, not matched)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "ingest" / "gold"
TEXTS = ROOT / "tests" / "ingest" / "texts"
MEASURES = ("articles", "bylines", "organisations", "figures")


def _pr(tp: int, n_pred: int, n_gold: int) -> dict:
    return {"tp": tp, "predicted": n_pred, "gold": n_gold,
            "precision": tp / n_pred if n_pred else 1.0,
            "recall": tp / n_gold if n_gold else 1.0}


def _unit_key(unit: str) -> str:
    """A unit's name compared without case or ``_``/``-`` (``person_times`` is
    ``person-times``, ``ml`` is ``mL``): spelling only, never a different unit."""
    return unit.lower().replace("_", "-")


def _fig_match(pred: tuple, gold: tuple) -> bool:
    return (float(pred[0]) == float(gold[0]) and _unit_key(pred[1]) == _unit_key(gold[1])
            and bool(pred[2])
            and (pred[2] in gold[2] or gold[2] in pred[2]))


def _norm(s: str) -> str:
    return " ".join(s.replace("\u3000", " ").split())


def evaluate(text: str, page_date: dt.date | None, gold_articles: list[dict],
             diff: list | None = None) -> dict:
    """Counts for one text: ``{measure: [tp, predicted, gold]}``. With ``diff`` (a list)
    each miss and false hit is appended to it as ``(sign, measure, headline, item)``:
    sign ``"-"`` for a gold item not found, ``"+"`` for a found item not in gold."""
    from gonghui.ingest.pipeline import analyse

    result = analyse(text, page_date, use_database=False)
    pred_by_head = {_norm(a.article.headline): a for a in result.articles}
    if diff is not None:
        _diff(result.articles, pred_by_head, gold_articles, diff)
    counts = {m: [0, 0, 0] for m in MEASURES}
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


def _diff(articles: list, pred_by_head: dict, gold_articles: list[dict], out: list) -> None:
    """Misses and false hits of one text (see :func:`evaluate`), matched as the counts
    are: an article by its headline, then within it people, names and figures."""
    gold_heads = {_norm(g["headline"]) for g in gold_articles}
    for a in articles:
        head = _norm(a.article.headline)
        if head not in gold_heads:
            out.append(("+", "articles", head, head))
            for p in a.article.byline.people():
                out.append(("+", "bylines", head, list(p)))
            for n in a.org_names():
                out.append(("+", "organisations", head, n))
            for _p, f in a.unique_figures():
                out.append(("+", "figures", head, [f.value, f.unit, f.thing]))
    for g in gold_articles:
        head = _norm(g["headline"])
        pred = pred_by_head.get(head)
        if pred is None:
            out.append(("-", "articles", head, head))
            out += [("-", "bylines", head, p) for p in g["byline"]]
            out += [("-", "organisations", head, n) for n in g["organisations"]]
            out += [("-", "figures", head, f) for f in g["figures"]]
            continue
        people = [list(p) for p in pred.article.byline.people()]
        gold_people = [list(p) for p in g["byline"]]
        out += [("-", "bylines", head, p) for p in gold_people if p not in people]
        out += [("+", "bylines", head, p) for p in people if p not in gold_people]
        names = pred.org_names()
        out += [("-", "organisations", head, n) for n in g["organisations"] if n not in names]
        out += [("+", "organisations", head, n) for n in names if n not in g["organisations"]]
        remaining = [(f.value, f.unit, f.thing) for _p, f in pred.unique_figures()]
        for gf in g["figures"]:
            hit = next((p for p in remaining if _fig_match(p, gf)), None)
            if hit is None:
                out.append(("-", "figures", head, gf))
            else:
                remaining.remove(hit)
        out += [("+", "figures", head, list(p)) for p in remaining]


def load_gold(path: Path) -> list[tuple[str, list[dict]]]:
    """The groups of one gold file: ``[(group name, [item])]`` (see the module doc).
    Raises ``ValueError`` for a file that has neither shape."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if "articles" in data and "file" in data:
        return [(path.stem, [data])]
    groups = [(path.stem if key == "texts" else key, items) for key, items in data.items()
              if isinstance(items, list) and all(isinstance(i, dict) and "file" in i for i in items)]
    if not groups:
        raise ValueError(f"{path}: neither one text nor groups of texts")
    return groups


def _text_path(file: Path, texts_dir: Path, gold_file: Path) -> Path:
    """Where a gold entry's ``file`` is: as is when absolute, else in ``texts_dir``, else
    beside the gold file or in a ``texts/`` folder next to the gold file's folder."""
    if file.is_absolute():
        return file
    candidates = [texts_dir / file, gold_file.parent / file, gold_file.parent.parent / "texts" / file]
    return next((c for c in candidates if c.exists()), candidates[0])


def default_gold_files() -> list[Path]:
    """Every gold file in ``tests/ingest/gold/``: the seed, the reports, then by name."""
    order = {"seed": 0, "reports": 1}
    return sorted(GOLD.glob("*.json"), key=lambda p: (order.get(p.stem, 2), p.name))


def run(gold_files: list[Path] | None = None, texts_dir: Path | None = None,
        verbose: bool = False) -> dict:
    """``{group: {"files": {file: measures}, "overall": measures}, "all": measures}``,
    where measures is ``{measure: {tp, predicted, gold, precision, recall}}``; with
    ``verbose`` also ``{group: {"diffs": {file: [(sign, measure, headline, item)]}}}``."""
    import django

    django.setup()
    texts_dir = texts_dir or TEXTS
    out: dict = {}
    totals: dict[str, dict] = {}
    everything = {m: [0, 0, 0] for m in MEASURES}
    for path in gold_files or default_gold_files():
        for group, items in load_gold(Path(path)):
            entry = out.setdefault(group, {"files": {}, "overall": None})
            if verbose:
                entry.setdefault("diffs", {})
            total = totals.setdefault(group, {m: [0, 0, 0] for m in MEASURES})
            for item in items:
                file = _text_path(Path(item["file"]), texts_dir, Path(path))
                text = file.read_text(encoding="utf-8")
                page_date = dt.date.fromisoformat(item["page_date"]) if item.get("page_date") else None
                diff: list | None = [] if verbose else None
                c = evaluate(text, page_date, item["articles"], diff)
                if verbose:
                    entry["diffs"][file.name] = diff
                entry["files"][file.name] = {m: _pr(*v) for m, v in c.items()}
                for m, v in c.items():
                    total[m] = [a + b for a, b in zip(total[m], v, strict=True)]
                    everything[m] = [a + b for a, b in zip(everything[m], v, strict=True)]
            entry["overall"] = {m: _pr(*v) for m, v in total.items()}
    out["all"] = {m: _pr(*v) for m, v in everything.items()}
    return out


def _line(label: str, r: dict) -> str:
    return (f"  {label:14} precision {r['precision']:6.1%}  recall {r['recall']:6.1%}"
            f"  ({r['tp']} right of {r['predicted']} found, {r['gold']} in gold)")


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and print the table (or ``--json``)."""
    import os

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", action="append", type=Path, metavar="FILE",
                        help="gold file (repeatable; default every tests/ingest/gold/*.json)")
    parser.add_argument("--texts", type=Path, metavar="DIR",
                        help="directory of the texts named by relative 'file' entries")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list every miss (-) and false hit (+) under each text")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    results = run(args.gold, args.texts, verbose=args.verbose)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    for group, entry in results.items():
        if group == "all":
            continue
        print(f"{group}:")
        for file, measures in entry["files"].items():
            cells = "  ".join(f"{m[:4]} P {r['precision']:6.1%} R {r['recall']:6.1%}"
                              for m, r in measures.items())
            print(f"    {file:26} {cells}")
            for sign, measure, head, item in entry.get("diffs", {}).get(file, []):
                shown = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
                where = "" if measure == "articles" else f"  [{head[:20]}]"
                print(f"        {sign} {measure[:4]} {shown}{where}")
        for m, r in entry["overall"].items():
            print(_line(m, r))
    print("all:")
    for m, r in results["all"].items():
        print(_line(m, r))


if __name__ == "__main__":
    main()
