"""Rebuild the plain text of a held-out article from its public markdown source.

Usage: python tools/heldout_text.py SOURCE.md > article.txt

The held-out articles used to test `jcgraph extract` are not kept in this repository;
only this converter, their provenance and their gold annotations are. The sources are
markdown files (YAML front matter + the publisher's HTML) from a public archive of news
pages. The conversion is deterministic and uses the standard library only:

  1. drop the YAML front matter (the block between the first two "---" lines);
  2. cut the body at the Sina end-of-article marker ``<!-- news_keyword_pub``, after
     which only advertising, QR-code boxes and the editor's name follow;
  3. drop <style>/<script> blocks, HTML comments, <img> tags and image captions
     (<span class="img_descr">, the text inside <div class="img_wrapper">);
  4. turn </p>, </div> and <br> into newlines and strip all other tags;
  5. unescape HTML entities;
  6. strip whitespace, including the full-width indent U+3000, from both ends of
     each line and drop empty lines, so paragraphs are separated by one "\n".

The output is UTF-8 and ends with a single "\n". Offsets in gold.tsv are counted in
Unicode code points of exactly this output.
"""

import html
import re
import sys

END_OF_BODY = "<!-- news_keyword_pub"


def convert(source: str) -> str:
    text = source.lstrip("\ufeff")
    # 1. YAML front matter: optional leading blank lines, then ---\n ... \n---\n
    text = re.sub(r"\A\s*---\n.*?\n---[ \t]*\n", "", text, count=1, flags=re.S)
    # 2. everything after the end-of-article marker is page furniture
    cut = text.find(END_OF_BODY)
    if cut >= 0:
        text = text[:cut]
    # 3. blocks whose content is not article prose
    text = re.sub(r"<(style|script)\b.*?</\1\s*>", "", text, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r'<span class="img_descr">.*?</span>', "", text, flags=re.S)
    text = re.sub(r"<img\b[^>]*>", "", text, flags=re.I)
    # 4. paragraph and line breaks become newlines; other tags go
    text = re.sub(r"</p\s*>|</div\s*>|<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    # 5. entities (&amp; &#123; ...)
    text = html.unescape(text)
    # 6. trim each line (str.strip covers U+3000 too; named for clarity), drop empties
    lines = (line.strip(" \t\r\f\v\u3000\u00a0") for line in text.split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        source = handle.read()
    sys.stdout.buffer.write(convert(source).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
