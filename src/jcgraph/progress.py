"""Progress bars for the steps that can take a while: loading files into a store, the
rules' strata, linking batches, uploads, benchmarks.

A bar is drawn by tqdm on standard error, and only when standard error is a terminal, so
pipes, files, notebooks and CI logs get the plain step lines alone. It appears only once a
step has run for ``DELAY`` seconds, and is cleared when the step ends. ``JCGRAPH_PROGRESS=0``
(or tqdm's own ``TQDM_DISABLE=1``) turns bars off everywhere.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

T = TypeVar("T")

DELAY = 2.0  # seconds a step runs before its bar is drawn: quick steps draw nothing


def wanted() -> bool:
    """Whether bars are drawn here: standard error is a terminal and nobody said no."""
    if os.environ.get("JCGRAPH_PROGRESS", "").strip() == "0":
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


def bar(
    items: Iterable[T], what: str, *, total: int | None = None, unit: str = "it"
) -> Iterator[T]:
    """``items``, one by one, with a bar named ``what`` when ``wanted()``."""
    if not wanted():
        yield from items
        return
    from tqdm import tqdm  # type: ignore[import-untyped]  # no stubs ship with it

    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with tqdm(
        items,
        desc=what,
        total=total,
        unit=unit,
        file=sys.stderr,
        delay=DELAY,
        leave=False,
        dynamic_ncols=True,
    ) as shown:
        yield from shown
