"""Entity pages: an ``EntityView`` (``pipeline.describe``) as HTML for people, and as RDF.

Our IRIs (``https://w3id.org/jcgraph/id/place/jinchang``) resolve under the server at
``/id/place/jinchang``. The page shows the labels in Chinese and English, the entity's
own evidence quotes, every figure about it and every fact with the quote it comes from,
what refers to it, and the external identifiers it is matched to. Everything taken from
the graph is HTML-escaped; external links are only ever http(s).
"""

from __future__ import annotations

import re
from html import escape

from jcgraph.namespaces import ID_BASE, compact
from jcgraph.pipeline.describe import EntityView, Figure, Link, Quote

_PATH = re.compile(r"/id/([A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*)")


def iri_for_path(path: str) -> str | None:
    """The instance IRI a server path stands for, or None when it is not one of ours.

    >>> iri_for_path("/id/place/jinchang")
    'https://w3id.org/jcgraph/id/place/jinchang'
    >>> iri_for_path("/id/place/<script>") is None
    True
    """
    match = _PATH.fullmatch(path)
    return ID_BASE + match[1] if match else None


def local_path(iri: str) -> str | None:
    """The server path of one of our IRIs, else None."""
    if iri.startswith(ID_BASE) and iri_for_path("/id/" + iri[len(ID_BASE) :]):
        return "/id/" + iri[len(ID_BASE) :]
    return None


def _href(iri: str) -> str | None:
    local = local_path(iri)
    if local:
        return local
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def _link(link: Link, *, prefer: str = "zh") -> str:
    term = link.term
    if term.kind == "literal":
        text = escape(term.value)
        if term.lang:
            return f'{text} <span class="lang">@{escape(term.lang)}</span>'
        if term.datatype:
            return f'{text} <span class="dt">{escape(compact(term.datatype))}</span>'
        return text
    if term.kind == "bnode":
        return f"<code>_:{escape(term.value)}</code>"
    names = [n for n in ((link.zh, link.en) if prefer == "zh" else (link.en, link.zh)) if n]
    text = escape(names[0]) if names else f"<code>{escape(compact(term.value))}</code>"
    if len(names) > 1:
        text += f' <span class="en">{escape(names[1])}</span>'
    href = _href(term.value)
    if href is None:
        return text
    external = "" if href.startswith("/") else ' rel="noopener noreferrer"'
    return f'<a href="{escape(href)}"{external}>{text}</a>'


def _quotes(quotes: list[str]) -> str:
    return "".join(f'<q class="evidence">{escape(q)}</q>' for q in quotes)


def render(view: EntityView) -> str:
    """The entity page as a complete HTML document (no script; styles from /web/)."""
    parts = _head(view)
    for section in (_evidence, _figures, _facts, _matches, _incoming):
        parts += section(view)
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _head(view: EntityView) -> list[str]:
    title = " / ".join(view.zh[:1] + view.en[:1]) or compact(view.iri)
    parts = [
        "<!doctype html>",
        '<html lang="zh"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} · jcgraph</title>",
        '<link rel="stylesheet" href="/web/style.css">',
        '<link rel="alternate" type="text/turtle" href="?format=turtle">',
        '<link rel="alternate" type="application/ld+json" href="?format=jsonld">',
        '</head><body class="entity">',
        '<header class="bar"><a class="home" href="/">jcgraph</a>'
        '<span class="crumb">金昌市“十四五”经济社会高质量发展综述 · knowledge graph</span>'
        "</header>",
        "<main>",
        f'<h1 lang="zh">{escape(view.zh[0]) if view.zh else escape(compact(view.iri))}</h1>',
    ]
    if view.en:
        parts.append(f'<p class="subtitle" lang="en">{escape(view.en[0])}</p>')
    others = view.zh[1:] + view.en[1:]
    if others:
        parts.append(f'<p class="aliases">{escape(" · ".join(others))}</p>')
    parts.append(
        f'<p class="iri"><code>{escape(view.iri)}</code> · '
        '<a href="?format=turtle">Turtle</a> · <a href="?format=jsonld">JSON-LD</a> · '
        '<a href="?format=ntriples">N-Triples</a></p>'
    )
    if view.types:
        badges = " ".join(f'<span class="badge">{_link(t)}</span>' for t in view.types)
        parts.append(f'<p class="types">{badges}</p>')
    return parts


def _evidence(view: EntityView) -> list[str]:
    if not view.quotes:
        return []
    return [
        '<section><h2>原文 <span class="en">Evidence</span></h2><ul class="quotes">',
        *(_quote_item(q) for q in view.quotes),
        "</ul></section>",
    ]


def _quote_item(quote: Quote) -> str:
    where = (
        f' <span class="pos">[{escape(quote.start)}–{escape(quote.end)}]</span>'
        if quote.start
        else ""
    )
    return f'<li><q class="evidence">{escape(quote.text)}</q>{where}</li>'


def _figures(view: EntityView) -> list[str]:
    if not view.figures:
        return []
    return [
        '<section><h2>数据 <span class="en">Figures</span></h2><table class="grid"><thead><tr>'
        "<th>指标 indicator</th><th>时期 period</th><th>数值 value</th><th>类型 kind</th>"
        "<th>状态 status</th><th>原文 evidence</th></tr></thead><tbody>",
        *(_figure_row(f) for f in view.figures),
        "</tbody></table></section>",
    ]


def _figure_row(f: Figure) -> str:
    indicator = escape(f.indicator) + (
        f' <span class="en">{escape(f.indicator_en)}</span>' if f.indicator_en else ""
    )
    return (
        f'<tr><td><a href="{escape(local_path(f.obs.value) or "")}">{indicator}</a></td>'
        f'<td class="period">{escape(f.period)}</td>'
        f'<td class="num">{escape(f.value)} {escape(f.unit)}</td>'
        f"<td>{escape(f.kind)}</td><td>{escape(f.status)}</td><td>{_quotes(f.quotes)}</td></tr>"
    )


def _facts(view: EntityView) -> list[str]:
    if not view.facts:
        return []
    badge = ' <span class="badge inferred" title="inferred by OWL 2 RL reasoning">inferred</span>'
    rows = [
        f"<tr><td>{_link(fact.prop, prefer='en')}</td>"
        f"<td>{_link(fact.other)}{badge if fact.inferred else ''}</td>"
        f"<td>{_quotes(fact.quotes)}</td></tr>"
        for fact in view.facts
    ]
    return [
        '<section><h2>事实 <span class="en">Facts</span></h2><table class="grid"><thead><tr>'
        "<th>property</th><th>value</th><th>原文 evidence</th></tr></thead><tbody>",
        *rows,
        "</tbody></table></section>",
    ]


def _matches(view: EntityView) -> list[str]:
    if not view.matches:
        return []
    items = []
    for iri, how in view.matches:
        href = _href(iri)
        target = (
            f'<a href="{escape(href)}" rel="noopener noreferrer">{escape(iri)}</a>'
            if href
            else f"<code>{escape(iri)}</code>"
        )
        items.append(f'<li>{target} <span class="badge">{escape(how)}</span></li>')
    return [
        '<section><h2>外部标识 <span class="en">Elsewhere</span></h2><ul class="matches">',
        *items,
        "</ul></section>",
    ]


def _incoming(view: EntityView) -> list[str]:
    if not view.incoming:
        return []
    badge = ' <span class="badge inferred">inferred</span>'
    rows = [
        f"<tr><td>{_link(fact.other)}</td>"
        f"<td>{_link(fact.prop, prefer='en')}{badge if fact.inferred else ''}</td>"
        f"<td>{_quotes(fact.quotes)}</td></tr>"
        for fact in view.incoming
    ]
    return [
        '<section><h2>被引用 <span class="en">Referenced by</span></h2>'
        '<table class="grid"><thead><tr>'
        "<th>entity</th><th>property</th><th>原文 evidence</th></tr></thead><tbody>",
        *rows,
        "</tbody></table></section>",
    ]
