"""The list of stored questions as an HTML page (``GET /queries``)."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from jcgraph.pipeline.queries import StoredQuery


def queries_html(stored: list[StoredQuery]) -> str:
    items = []
    for q in stored:
        params = ", ".join(f"{k}={v}" for k, v in q.params.items())
        items.append(
            f'<li><a href="/?q={quote(q.name)}"><code>{escape(q.name)}</code></a>'
            f"{' <span class=badge>check</span>' if q.is_check else ''}"
            f'<br><span lang="zh">{escape(q.summary_zh)}</span><br>'
            f'<span lang="en" class="en">{escape(q.summary)}</span>'
            + (f"<br><small>parameters: {escape(params)}</small>" if params else "")
            + f' <small><a href="/queries/{quote(q.name)}?format=csv">CSV</a> · '
            f'<a href="/queries/{quote(q.name)}?format=json">JSON</a></small></li>'
        )
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        "<title>Stored questions · jcgraph</title>"
        '<link rel="stylesheet" href="/web/style.css"></head><body class="entity">'
        '<header class="bar"><a class="home" href="/">jcgraph</a></header><main>'
        '<h1>问题 <span class="en">Stored questions</span></h1><ul class="listing">'
        + "".join(items)
        + "</ul></main></body></html>\n"
    )
