"""Binding parameters: a value becomes an RDF term, and the term takes its variable's place.

A stored question declares a parameter ``NAME`` in its header (``#+ param: NAME=DEFAULT``)
and uses it as the variable ``?_NAME``, which any SPARQL tool parses; ``?_NAME_zh`` and
``?_NAME_en`` stand for the value as a Chinese or an English literal (as grlc names them).
Entity pages and ``describe`` bind the entity the same way, as ``?_e``.

Binding is substitution (the pre-binding of SPARQL 1.2's SEP-0007): every occurrence of
the variable, in sub-SELECTs and FILTERs too, is replaced by the term. A VALUES clause at
the end of the query would not do: SPARQL joins it after the pattern, so a FILTER or a
sub-SELECT inside never sees the value. The value itself enters only as a term: an IRI
is checked against SPARQL's IRIREF grammar, a literal is escaped, and the query is read as
tokens, so a variable's name inside a string, an IRI or a comment is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from jcgraph.errors import JcgraphError
from jcgraph.results import Term

LANGUAGES = ("zh", "en")
# IRIREF of the SPARQL grammar: no space, control character or any of <>"{}|^`\
_IRIREF = re.compile(r"<([^<>\"{}|^`\\\x00-\x20]*)>")
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n]*"
    r"|[?$](?P<var>\w+)",
    re.S,
)


def is_iriref(value: str) -> bool:
    """Whether ``<value>`` reads as one IRI token of SPARQL (and Turtle)."""
    return _IRIREF.fullmatch(f"<{value}>") is not None


def iri(value: str, name: str = "value") -> Term:
    """An IRI term, refused unless SPARQL could read it as one IRI.

    >>> iri("https://w3id.org/jcgraph/id/place/jinchang").n3()
    '<https://w3id.org/jcgraph/id/place/jinchang>'
    >>> iri("http://x> } SERVICE <http://y")
    Traceback (most recent call last):
    jcgraph.errors.JcgraphError: value: not an IRI
    """
    if not is_iriref(value) or ":" not in value:  # absolute: a scheme and its colon
        raise JcgraphError(f"{name}: not an IRI")
    return Term("uri", value)


def term(value: str, name: str = "value") -> Term:
    """A parameter's value as a term: ``<IRI>`` (no space) is an IRI, which must be one,
    anything else a plain literal.

    >>> term("金川集团").n3(), term("<http://example.org/a>").n3(), term("<b> x</b>").n3()
    ('"金川集团"', '<http://example.org/a>', '"<b> x</b>"')
    """
    if value.startswith("<") and value.endswith(">") and " " not in value:
        return iri(value[1:-1], name)
    return Term.literal(value)


def bind(sparql: str, values: Mapping[str, Term]) -> str:
    """``sparql`` with ``?_NAME`` (and ``?_NAME_zh``, ``?_NAME_en``) replaced by each term.

    >>> bind('SELECT * WHERE { ?o ?p ?_org FILTER(?x != "?_org") }', {"org": Term.literal("金川")})
    'SELECT * WHERE { ?o ?p "金川" FILTER(?x != "?_org") }'
    >>> bind("SELECT * { ?o ?p ?_org_zh }", {"org": Term.literal("金川")})
    'SELECT * { ?o ?p "金川"@zh }'
    """
    by_variable: dict[str, str] = {}
    for name, value in values.items():
        by_variable[f"_{name}"] = value.n3()
        for lang in LANGUAGES:
            tagged = value if value.kind != "literal" else Term.literal(value.value, lang=lang)
            by_variable.setdefault(f"_{name}_{lang}", tagged.n3())

    def replace(match: re.Match[str]) -> str:
        variable = match.group("var")
        if variable is not None and variable in by_variable:
            return by_variable[variable]
        return match.group(0)

    return _TOKENS.sub(replace, sparql)


def parameters(sparql: str) -> set[str]:
    """The names of the ``?_NAME`` variables a query uses (language suffixes dropped).

    >>> sorted(parameters('SELECT * { ?s ?p ?_org_zh , ?_e . ?s ?q "?_not" }'))
    ['e', 'org']
    """
    found = set()
    for match in _TOKENS.finditer(sparql):
        variable = match.group("var")
        if variable and variable.startswith("_") and len(variable) > 1:
            name = variable[1:]
            for lang in LANGUAGES:
                name = name.removesuffix(f"_{lang}")
            found.add(name)
    return found


def values(variable: str, terms: list[Term]) -> str:
    """A VALUES block binding ``?variable`` to each term (IRIs checked, literals escaped).

    >>> values("e", [Term("uri", "http://example.org/a"), Term.literal('say "hi"')])
    'VALUES ?e { <http://example.org/a> "say \\\\"hi\\\\"" }'
    """
    checked = [iri(t.value).n3() if t.kind == "uri" else t.n3() for t in terms]
    return f"VALUES ?{variable} {{ {' '.join(checked)} }}"
