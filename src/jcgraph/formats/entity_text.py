"""``jcgraph describe``'s text: an entity's statements, what refers to it, and its quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jcgraph.namespaces import compact

if TYPE_CHECKING:
    from jcgraph.pipeline.describe import EntityView, Link

REFERENCES_SHOWN = 200


def _named(link: Link, lang: str = "zh") -> str:
    term = link.term
    if term.kind != "uri":
        return term.value + (f" @{term.lang}" if term.lang else "")
    pair = (link.zh, link.en) if lang == "zh" else (link.en, link.zh)
    names = " / ".join(n for n in pair if n)
    return f"{names} ({compact(term.value)})" if names else compact(term.value)


def _property(link: Link, lang: str = "zh") -> str:
    return (link.zh or link.en if lang == "zh" else link.en or link.zh) or compact(link.term.value)


def to_text(view: EntityView, lang: str = "zh") -> str:
    """The entity as indented text: statements, its figures, then what else refers to
    it, then evidence."""
    facts = [(_property(f.prop, lang), _named(f.other, lang)) for f in view.statements]
    lines = [compact(view.iri)]
    width = max((len(p) for p, _ in facts), default=0)
    lines += [f"  {p.ljust(width)}  {o}" for p, o in facts]
    if view.figures:  # each figure with its value and unit, not a bare observation IRI
        lines.append("  figures:")
        for f in view.figures:
            pair = (f.indicator, f.indicator_en) if lang == "zh" else (f.indicator_en, f.indicator)
            names = " / ".join(n for n in pair if n)
            when = ", ".join(x for x in (f.kind, f.period, f.status) if x)
            lines.append(
                f"    {names}: {f.value} {f.unit}".rstrip()
                + (f" ({when})" if when else "")
                + f"  [{compact(f.obs.value)}]"
            )
    references = [f for f in view.references if not f.figure][:REFERENCES_SHOWN]
    if references:
        lines.append("  referenced by:")
        lines += [f"    {_named(f.other, lang)}  ({_property(f.prop, lang)})" for f in references]
    if view.positioned:
        lines.append("  evidence:")
        lines += [f"    「{q.text}」 [{q.start}–{q.end}]" for q in view.positioned]
    return "\n".join(lines)
