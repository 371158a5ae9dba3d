"""Rebuild the plain text of a held-out section of a government work report from its
public CSV source (one row; columns province,year,title,source_url,publish_date,full_text).

Usage: python tools/heldout_report_text.py SOURCE.csv FIRST END > article.txt

Deterministic, standard library only: read the CSV as UTF-8 with a BOM and take the
full_text of its single row; split it into lines; keep the lines from the first one that
starts with FIRST up to, not including, the first later line equal to END (or, when END
ends with "…", the first later line that starts with the rest of it); strip
whitespace (U+3000 and U+00A0 included) from both ends of each line and drop empty lines;
join with "\\n", end with one "\\n" and write UTF-8. Offsets in gold.tsv are code points of
exactly this output.
"""

import csv
import sys


def convert(path: str, first: str, end: str) -> str:
    csv.field_size_limit(10**9)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if len(rows) != 1:
        raise SystemExit(f"{path}: expected one report, found {len(rows)} rows")
    lines = rows[0]["full_text"].split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(first))
    if end.endswith("…"):  # the first later line that starts so (kept short in provenance)
        stop = next(i for i in range(start, len(lines)) if lines[i].strip().startswith(end[:-1]))
    else:
        stop = next(i for i in range(start, len(lines)) if lines[i].strip() == end)
    kept = (line.strip(" \t\r\f\v\u3000\u00a0") for line in lines[start:stop])
    return "\n".join(line for line in kept if line) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__.splitlines()[3], file=sys.stderr)
        return 2
    sys.stdout.buffer.write(convert(argv[1], argv[2], argv[3]).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
