"""Make the gazetteer `jcgraph extract` reads places with (src/jcgraph/extract/places.tsv).

    python tools/places_gazetteer.py GIT-DIR COMMIT > src/jcgraph/extract/places.tsv

GIT-DIR is a clone of https://github.com/modood/Administrative-divisions-of-China, whose
dist/provinces.csv, dist/cities.csv and dist/areas.csv list the official division codes
and names (国家统计局 统计用区划代码). Each row of the output is one division: its code,
its full name, the short names a text uses for it (甘肃 for 甘肃省, 延边 for 延边朝鲜族
自治州), the code of its province, and the record's file and line, so every name can be
checked against the public record at that commit.

Counties and districts get no short name: 朝阳 or 城关 would name a dozen places. Those
whose full name is a common noun (城区, 矿区, 郊区, 市中区, 新城区) are left out.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys

REPOSITORY = "https://github.com/modood/Administrative-divisions-of-China"
# Placeholders of the record, not names of places.
NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
COMMON_NOUN = re.compile(r"(城|矿|郊|城[东南西北中]|市中|新城)区")
# Short forms that are everyday words more often than place names (长治久安, 大同小异,
# 中山路, 安康 as a wish, 白山黑水, 黄山 the mountain): written in full or not at all.
# A city whose short form is a province's (吉林市, 海南藏族自治州) is written in full too.
AMBIGUOUS_SHORT = {"长治", "大同", "中山", "安康", "白山", "黄山", "阿里", "三沙"}
ETHNIC = (
    "壮族|回族|维吾尔|藏族|蒙古族|朝鲜族|土家族|苗族|彝族|傣族|景颇族|白族|哈尼族|"
    "傈僳族|羌族|布依族|侗族|哈萨克|柯尔克孜|土族|黎族|瑶族|怒族|纳西族|普米族|"
    "达斡尔族|锡伯族|仫佬族|毛南族|仡佬族|畲族|满族|水族|撒拉族|保安族|东乡族|裕固族"
)
SUFFIX = re.compile(rf"(?:(?:{ETHNIC})+自治[州区县旗]|自治[州区县旗]|特别行政区|省|市|地区|盟)$")


def short_names(name: str) -> list[str]:
    short = SUFFIX.sub("", name)
    if short == name or len(short) < 2 or short in AMBIGUOUS_SHORT:
        return []
    return [short]


def rows(git_dir: str, commit: str, path: str) -> list[tuple[int, list[str]]]:
    text = subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    records = list(csv.reader(io.StringIO(text)))
    return [(n, r) for n, r in enumerate(records[1:], start=2) if r]


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    git_dir, commit = argv[1], argv[2]
    out = sys.stdout
    out.write(f"# {REPOSITORY} at {commit}, made by tools/places_gazetteer.py\n")
    out.write("code\tname\tshort\tprovince\trecord\n")
    taken: set[str] = set()
    for path, level in (("dist/provinces.csv", 0), ("dist/cities.csv", 1), ("dist/areas.csv", 2)):
        for line, record in rows(git_dir, commit, path):
            code, name = record[0], record[1]
            if name in NOT_PLACES or (level == 2 and COMMON_NOUN.fullmatch(name)):
                continue
            short = [s for s in short_names(name) if s not in taken] if level < 2 else []
            if level == 0:
                taken.update(short)
            out.write(f"{code}\t{name}\t{'|'.join(short)}\t{code[:2]}\t{path}#L{line}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
