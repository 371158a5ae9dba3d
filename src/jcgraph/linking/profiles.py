"""Linking profiles: which properties of an external graph carry labels, types, identifiers, places.

A profile is a small TOML file in ``linking/`` (``linking/wikidata.toml``); nothing about
an external graph is written in code. A profile may ``extends = "wikidata"`` another one
and override some of its tables, as the tests do for their own namespace.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jcgraph.errors import JcgraphError
from jcgraph.namespaces import PREFIXES
from jcgraph.paths import layout

BASE_PREFIXES = dict(PREFIXES)


@dataclass(frozen=True)
class IdentifierPair:
    """One of our identifier properties and the external property that holds the same codes."""

    ours: str
    theirs: str
    unique: bool
    title: str


@dataclass(frozen=True)
class Profile:
    """What the linker needs to know about one external graph."""

    name: str
    title: str
    path: Path
    dataset: str
    license: str
    endpoint: str | None
    entity_namespace: str
    entity_prefix: str
    prefixes: dict[str, str]
    labels: tuple[str, ...]
    aliases: tuple[str, ...]
    types: tuple[str, ...]
    subclass: tuple[str, ...]
    location: tuple[str, ...]
    languages: dict[str, tuple[str, ...]]
    identifiers: tuple[IdentifierPair, ...]
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # an item with any of these (dissolved, end time, replaced by) is historical
    historical: tuple[str, ...] = ()

    @property
    def language_tags(self) -> tuple[str, ...]:
        """Every language tag the profile reads labels in, without repeats."""
        return tuple(dict.fromkeys(tag for tags in self.languages.values() for tag in tags))

    @property
    def all_prefixes(self) -> dict[str, str]:
        """Prefixes for CURIEs: ours, the profile's, and its entity prefix."""
        return {**self.prefixes, self.entity_prefix: self.entity_namespace}

    def curie(self, iri: str) -> str:
        """``iri`` as ``prefix:local`` when a known namespace fits, else the IRI itself.

        The longest matching namespace wins; the local part must not contain a slash,
        a hash or a space, so the CURIE expands back to the same IRI.
        """
        best = ""
        for prefix, namespace in self.all_prefixes.items():
            local = iri[len(namespace) :]
            if (
                iri.startswith(namespace)
                and local
                and not any(c in local for c in "/# ")
                and len(namespace) > len(self.all_prefixes.get(best, ""))
            ):
                best = prefix
        return f"{best}:{iri[len(self.all_prefixes[best]) :]}" if best else iri


def expand(curie: str, prefixes: dict[str, str], where: str) -> str:
    """A CURIE of the profile as a full IRI (a full ``http…`` IRI passes through)."""
    if curie.startswith(("http://", "https://")):
        return curie
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in prefixes:
        raise JcgraphError(f"{where}: unknown prefix in {curie!r}")
    return prefixes[prefix] + local


def profile_paths() -> list[Path]:
    """Every profile file in ``linking/``."""
    return sorted(layout().linking.glob("*.toml"))


def find_profile(name_or_path: str) -> Path:
    """The profile file: a path to a ``.toml`` file, or a name in ``linking/``."""
    if name_or_path.endswith(".toml") or "/" in name_or_path:
        path = Path(name_or_path)
        if not path.is_file():
            raise JcgraphError(f"{name_or_path}: no such profile file")
        return path
    folder = layout().linking
    path = folder / f"{name_or_path}.toml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.toml"))) or "none"
        raise JcgraphError(f"no linking profile named {name_or_path!r}; known: {known}")
    return path


def _read(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    if path.resolve() in seen:
        raise JcgraphError(f"{path}: profiles extend each other in a circle")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise JcgraphError(f"{path}: {exc}") from None
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data
    parent_path = find_profile(str(parent_name))
    merged = _read(parent_path, (*seen, path.resolve()))
    for key, value in data.items():
        if key in ("prefixes", "properties", "languages") and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return merged


def load_profile(name_or_path: str) -> Profile:
    """Read a profile (following ``extends``) and expand its CURIEs.

    >>> profile = load_profile("wikidata")
    >>> profile.identifiers[0].theirs
    'http://www.wikidata.org/prop/direct/P442'
    """
    path = find_profile(name_or_path)
    data = _read(path)
    where = str(path)
    try:
        namespace = str(data["entity_namespace"])
        entity_prefix = str(data["entity_prefix"])
        prefixes = {**BASE_PREFIXES, **{k: str(v) for k, v in data.get("prefixes", {}).items()}}
        prefixes[entity_prefix] = namespace
        props = data["properties"]

        def iris(key: str, required: bool = True) -> tuple[str, ...]:
            values = props.get(key, [])
            if required and not values:
                raise JcgraphError(f"{where}: [properties] {key} is empty")
            return tuple(expand(str(v), prefixes, where) for v in values)

        identifiers = tuple(
            IdentifierPair(
                ours=expand(str(item["ours"]), prefixes, where),
                theirs=expand(str(item["theirs"]), prefixes, where),
                unique=bool(item.get("unique", True)),
                title=str(item.get("title", item["theirs"])),
            )
            for item in data.get("identifiers", [])
        )
        classes = {
            expand(str(ours), prefixes, where): tuple(
                expand(str(t), prefixes, where) for t in theirs
            )
            for ours, theirs in data.get("types", {}).items()
        }
        languages = {str(k): tuple(str(t) for t in v) for k, v in data["languages"].items()}
        return Profile(
            name=str(data.get("name", path.stem)),
            title=str(data.get("title", path.stem)),
            path=path,
            dataset=str(data["dataset"]),
            license=str(data.get("license", "")),
            endpoint=str(data["endpoint"]) if data.get("endpoint") else None,
            entity_namespace=namespace,
            entity_prefix=entity_prefix,
            prefixes=prefixes,
            labels=iris("label"),
            aliases=iris("alias", required=False),
            types=iris("type", required=False),
            subclass=iris("subclass", required=False),
            location=iris("location", required=False),
            languages=languages,
            historical=iris("historical", required=False),
            identifiers=identifiers,
            classes=classes,
        )
    except KeyError as exc:
        raise JcgraphError(f"{where}: missing {exc.args[0]!r}") from None
