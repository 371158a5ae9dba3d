"""Writing files so that a reader never sees half of one: to a temporary name beside the
target, then renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from jcgraph.errors import JcgraphError


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` then rename ``tmp`` to ``target``; remove ``tmp`` on failure."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise JcgraphError(f"{target}: cannot write here ({exc.strerror})") from None
    os.close(handle)
    tmp = Path(name)
    try:
        write(tmp)
        # mkstemp makes the file private (0600); published files get the usual mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise JcgraphError(f"{target}: cannot write ({exc.strerror})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically."""
    write_atomically(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
