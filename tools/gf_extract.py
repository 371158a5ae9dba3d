"""Make the Wikidata extract the linking tests measure the linker on.

    python tools/gf_extract.py GIT-DIR COMMIT [CODES-GIT-DIR CODES-COMMIT] \
        > tests/linking/gf-extract.ttl

GIT-DIR is a clone of https://github.com/superhlx/gf-wikidata-tools (its grammars list
Wikidata items with their Chinese labels). Kept: the cities of the People's Republic of
China (CitiesChi.gf), the provinces of China and their historical namesakes (ProvincesChi.gf,
sections named by the class of their items), and every country (CountriesChi.gf). Each
item becomes ``wd:Q… rdfs:label "…"@zh``: real IDs and labels, so a test can see what
labels alone settle and what they leave open.

CODES-GIT-DIR, if given, is a clone of https://github.com/dr5hn/countries-states-cities-database,
whose csv/countries.csv gives each country's ISO 3166-1 alpha-2 code beside its Wikidata
ID. Every extracted item it lists gets ``wdt:P297 "…"``: the identifier Wikidata keeps
under that property, from a second, independent record.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys

REPOSITORY = "https://github.com/superhlx/gf-wikidata-tools"
CODES_REPOSITORY = "https://github.com/dr5hn/countries-states-cities-database"
# Sections of ProvincesChi.gf (the class of their items) that hold Chinese provinces,
# provincial-level units, or the historical units that share their names.
PROVINCE_SECTIONS = (
    "Q1615742",  # province of China
    "Q57362",  # autonomous region
    "Q1208802",  # direct-administered municipality
    "Q779415",  # special administrative region of China
    "Q47092120",  # provinces of the Qing Empire
    "Q9319988",  # former provinces of the Republic of China
    "Q11625999",  # Branch Secretariat (Yuan)
)
CITY_LINE = re.compile(r'^lin\s+(Q\d+)_\S*\s*=\s*mkNP \(mkPN "([^"]+)"\)')
COUNTRY_LINE = re.compile(r'^lin\s+(Q\d+)_\S*\s*=\s*mkCountry "([^"]+)"')


def read(git_dir: str, commit: str, path: str) -> list[str]:
    shown = subprocess.run(
        ["git", "-C", git_dir, "show", f"{commit}:{path}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return shown.stdout.splitlines()


def items(git_dir: str, commit: str) -> list[tuple[str, str, str]]:
    """(item, label, where it was read: file and line)."""
    found: list[tuple[str, str, str]] = []
    path = "grammars/CitiesChi.gf"
    section = ""
    for number, line in enumerate(read(git_dir, commit, path), 1):
        if line.startswith("-- "):
            section = line[3:].strip()
        match = CITY_LINE.match(line)
        if match and section == "中华人民共和国":
            found.append((match[1], match[2], f"{path}:{number}"))
    path = "grammars/ProvincesChi.gf"
    for number, line in enumerate(read(git_dir, commit, path), 1):
        if line.startswith("-- "):
            section = line[3:].split(":", 1)[0].strip()
        match = CITY_LINE.match(line)
        if match and section in PROVINCE_SECTIONS and not match[2].startswith("Q"):
            found.append((match[1], match[2], f"{path}:{number}"))
    path = "grammars/CountriesChi.gf"
    for number, line in enumerate(read(git_dir, commit, path), 1):
        match = COUNTRY_LINE.match(line)
        if match:
            found.append((match[1], match[2], f"{path}:{number}"))
    return found


def country_codes(git_dir: str, commit: str) -> dict[str, tuple[str, str]]:
    """Wikidata item -> (ISO 3166-1 alpha-2 code, where it was read: file and line)."""
    path = "csv/countries.csv"
    lines = read(git_dir, commit, path)
    header = next(csv.reader(lines[:1]))
    codes = {}
    for number, line in enumerate(lines[1:], 2):
        row = dict(zip(header, next(csv.reader([line])), strict=True))
        if re.fullmatch(r"Q\d+", row["wikiDataId"]) and re.fullmatch(r"[A-Z]{2}", row["iso2"]):
            codes[row["wikiDataId"]] = (row["iso2"], f"{path}:{number}")
    return codes


def turtle(git_dir: str, commit: str, codes_dir: str | None, codes_commit: str | None) -> str:
    lines = [
        "# An extract of Wikidata items with their Chinese labels, for measuring",
        "# `jcgraph link` (tests/linking/test_real_extract.py). Made by tools/gf_extract.py from",
        f"# {REPOSITORY} at commit {commit}",
        "# (grammars/CitiesChi.gf: the cities of the People's Republic of China;",
        "# grammars/ProvincesChi.gf: Chinese provinces and their historical namesakes;",
        "# grammars/CountriesChi.gf: countries). Each line names the file and line it came from.",
    ]
    if codes_dir and codes_commit:
        lines += [
            "# Country codes (wdt:P297, ISO 3166-1 alpha-2) from",
            f"# {CODES_REPOSITORY} at commit {codes_commit}",
            "# (csv/countries.csv: each country's code beside its Wikidata ID).",
        ]
    lines += [
        "",
        "@prefix wd: <http://www.wikidata.org/entity/> .",
        "@prefix wdt: <http://www.wikidata.org/prop/direct/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
    ]
    seen: set[tuple[str, str]] = set()
    for item, label, where in items(git_dir, commit):
        if (item, label) in seen:
            continue
        seen.add((item, label))
        text = label.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'wd:{item} rdfs:label "{text}"@zh .  # {where}')
    if codes_dir and codes_commit:
        codes = country_codes(codes_dir, codes_commit)
        lines.append("")
        for item in sorted({item for item, _ in seen} & codes.keys(), key=lambda q: int(q[1:])):
            code, where = codes[item]
            lines.append(f'wd:{item} wdt:P297 "{code}" .  # {where}')
    return "\n".join(lines) + "\n"


def main() -> int:
    codes = sys.argv[3:5] if len(sys.argv) >= 5 else [None, None]
    sys.stdout.write(turtle(sys.argv[1], sys.argv[2], codes[0], codes[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
