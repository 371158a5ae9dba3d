"""Rebuild a held-out article's text from its downloaded source, with the converter and
arguments its provenance.json records, and check the result against the recorded SHA-256.

Usage: python tools/heldout_rebuild.py PROVENANCE.json SOURCE > NAME.txt

Exit 0 when the text is the one recorded; 1 (and no output) when it is not; 2 on usage.
"""

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import heldout_report_text  # noqa: E402
import heldout_text  # noqa: E402


def rebuild(provenance: dict, source: str) -> str:
    converter = provenance["converter"]
    if converter == "tools/heldout_text.py":
        return heldout_text.convert(Path(source).read_text(encoding="utf-8"))
    if converter == "tools/heldout_report_text.py":
        return heldout_report_text.convert(source, *provenance["converter_arguments"])
    raise SystemExit(f"unknown converter {converter!r}")


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.splitlines()[3], file=sys.stderr)
        return 2
    provenance = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    data = rebuild(provenance, argv[2]).encode("utf-8")
    if hashlib.sha256(data).hexdigest() != provenance["sha256"]:
        print(f"{argv[2]}: not the source recorded in {argv[1]}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
