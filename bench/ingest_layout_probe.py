"""Layout robustness probe for the ingest parsers (eighth round, docs/ingest.md).

Writes every gold text of ``tests/ingest/texts`` again as a PDF's text layer would give
it: each body line longer than the column hard-wrapped at ``--width`` characters (a digit
or Latin letter is half), and a page-number line (``— 2 —``) between blank lines halfway
down. Then score the copies with ``bench/ingest_eval.py --texts OUT``::

    PYTHONPATH=src python bench/ingest_layout_probe.py --width 18 --out /tmp/wrapped
    PYTHONPATH=src python bench/ingest_eval.py --gold tests/ingest/gold/dev.json --texts /tmp/wrapped

The texts are the gold sets' own, so the probe measures how much a layout change (not the
language) costs; it is no blind set.
"""

from __future__ import annotations

import argparse
import pathlib


def width(line: str) -> float:
    """Printed width in Chinese characters (ASCII is half)."""
    return sum(0.5 if ord(ch) < 256 else 1.0 for ch in line)


def wrap(line: str, column: float) -> list[str]:
    """``line`` cut into pieces no wider than ``column``."""
    out, cur, used = [], "", 0.0
    for ch in line:
        w = 0.5 if ord(ch) < 256 else 1.0
        if used + w > column:
            out.append(cur)
            cur, used = "", 0.0
        cur += ch
        used += w
    out.append(cur)
    return out


def damage(text: str, column: float) -> str:
    """``text`` hard-wrapped at ``column`` with a page-number line halfway down; masthead
    and staff lines are left as printed."""
    lines = text.splitlines()
    out: list[str] = []
    for k, line in enumerate(lines):
        body = line.strip()
        if (width(line) > column + 4 and any(c in body for c in "。，")
                and not body.startswith(("责任编辑", "编辑")) and "星期" not in body and "版" not in body[:20]):
            out += wrap(line, column)
        else:
            out.append(line)
        if k == len(lines) // 2:
            out += ["", "— 2 —", ""]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=float, default=18)
    parser.add_argument("--texts", default="tests/ingest/texts")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(pathlib.Path(args.texts).glob("*.txt")):
        (out / path.name).write_text(damage(path.read_text(), args.width))


if __name__ == "__main__":
    main()
