"""bench/results.json as the Markdown table in the README: one row per metric, one column per
database and dataset, and the goal from issue 12 where there is one."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOALS = {
    "an indicator's chart afresh: server time": "none (a picture drawn by vega, fetched beside the page)",
    "afresh: server time p95": "< 50 ms, ≤ 1.5× of 1×",
    "after a change: server time p95": "< 50 ms, ≤ 1.5× of 1×",
    "after a change: queries": "constant",
    "after a plan edit: server time p95": "< 50 ms, ≤ 1.5× of 1×",
    "after a plan edit: queries": "constant",
    "after an entry: server time p95": "< 50 ms, ≤ 1.5× of 1×",
    "after an entry: queries": "constant",
    "signed in: server time p95": "< 50 ms",
    "signed in: queries": "constant",
    "strategy overview signed in under load (50 clients): throughput": "≥ 300 req/s (from the database)",
    "afresh: queries": "constant",
    "strategy overview afresh under load (50 clients): throughput": "≥ 300 req/s",
    "strategy overview cached under load (50 clients): throughput": "≥ 1,000 req/s",
    "errors": "0",
    "of the largest strategy, first": "< 2 s",
    "of the largest strategy, repeated": "instant",
    "of the largest strategy, after an entry": "< 2 s",
    "downloaded after reports-ahead": "< 2 s",
    "(RSS)": "< 300 MB",
    "bulk import / database loader": "≤ 2",
    "generation of the dataset": "a few minutes",
}


def main(path=ROOT / "bench" / "results.json"):
    rows = json.loads(Path(path).read_text())
    # pages and commands per database at 1× then national; bulk-import sizes after them
    columns = sorted({(r["database"], r["dataset"]) for r in rows},
                     key=lambda c: ("rows" in c[1], c[0], c[1] != "1x", len(c[1]), c[1]))
    metrics = list(dict.fromkeys(r["metric"] for r in rows))
    value = {(r["metric"], r["database"], r["dataset"]): r for r in rows}
    head = ["metric"] + [f"{db} {ds}" for db, ds in columns] + ["goal"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for m in metrics:
        cells = []
        for db, ds in columns:
            r = value.get((m, db, ds))
            cells.append("" if r is None else f"{r['value']:,.1f} {r['unit']}".replace(".0 ", " "))
        goal = next((g for k, g in GOALS.items() if k in m), "")
        print(f"| {m} | " + " | ".join(cells) + f" | {goal} |")
    cores = {r["cores"] for r in rows}
    print(f"\n{'/'.join(map(str, sorted(cores)))} cores.")


if __name__ == "__main__":
    main(*sys.argv[1:])
