"""The consultant's texts for the report in limited Markdown: paragraphs, headings, bullet and
numbered lists, bold and italic, nothing else (no HTML, links, images or tables). Parsed once into
plain blocks that every report format renders, so a text looks the same in HTML, PDF and Word."""

from __future__ import annotations

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("zero").enable(["heading", "list", "emphasis", "newline"])


def _runs(inline) -> list[dict]:
    """Inline tokens as runs: {"text", "bold", "italic"}."""
    runs, bold, italic = [], False, False
    for t in inline.children or []:
        if t.type == "strong_open":
            bold = True
        elif t.type == "strong_close":
            bold = False
        elif t.type == "em_open":
            italic = True
        elif t.type == "em_close":
            italic = False
        elif t.type in ("softbreak", "hardbreak"):
            runs.append({"text": " " if t.type == "softbreak" else "\n", "bold": bold, "italic": italic})
        elif t.content:
            runs.append({"text": t.content, "bold": bold, "italic": italic})
    return runs


def blocks(text: str) -> list[dict]:
    """[{"kind": "heading", "runs": …} | {"kind": "paragraph", "runs": …} | {"kind": "list", "ordered": bool,
    "items": [runs, …]}]; headings of any level become one level under the report's section."""
    out: list[dict] = []
    stack: list[dict] = []
    kind = None
    for t in _PARSER.parse(text or ""):
        if t.type in ("bullet_list_open", "ordered_list_open"):
            stack.append({"kind": "list", "ordered": t.type == "ordered_list_open", "items": []})
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            done = stack.pop()
            if stack:  # a nested list is folded into its parent's items
                stack[-1]["items"].extend(done["items"])
            else:
                out.append(done)
        elif t.type == "heading_open":
            kind = "heading"
        elif t.type == "paragraph_open":
            kind = "paragraph"
        elif t.type == "inline":
            runs = _runs(t)
            if stack:
                stack[-1]["items"].append(runs)
            else:
                out.append({"kind": kind or "paragraph", "runs": runs})
    return out


def plain(block_list: list[dict]) -> str:
    """The blocks as plain text (for Excel and search)."""
    lines = []
    for b in block_list:
        if b["kind"] == "list":
            lines += ["• " + "".join(r["text"] for r in item) for item in b["items"]]
        else:
            lines.append("".join(r["text"] for r in b["runs"]))
    return "\n".join(lines)
