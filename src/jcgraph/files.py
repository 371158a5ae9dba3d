"""Reading a user's text files with errors that say which file and why, and writing files
so that a reader never sees half of one: to a temporary name beside the target, then
renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from jcgraph.errors import JcgraphError


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path``, or a one-line error naming the file and the problem.

    >>> read_text(Path("/nonexistent/x.ttl"))
    Traceback (most recent call last):
    jcgraph.errors.JcgraphError: /nonexistent/x.ttl: no such file
    """
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise read_error(path, exc) from None


def read_error(path: Path, exc: OSError | UnicodeDecodeError) -> JcgraphError:
    """The one-line error for a file that could not be read."""
    if isinstance(exc, UnicodeDecodeError):
        return JcgraphError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})")
    if isinstance(exc, FileNotFoundError):
        return JcgraphError(f"{path}: no such file")
    if isinstance(exc, IsADirectoryError):
        return JcgraphError(f"{path}: a folder, not a file")
    return JcgraphError(f"{path}: cannot read ({exc.strerror})")


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
