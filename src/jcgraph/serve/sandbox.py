"""A query worker without a network: the second wall behind the parse-based guard.

pyoxigraph 0.5 answers ``SERVICE`` by calling the endpoint and offers no way to switch
that off, so a query the guard misread could still reach the network. A worker that needs
no endpoint (no ``--allow-service``) therefore moves itself, before it loads anything,
into a network namespace of its own (Linux ``unshare``), which has no interface but a
loopback that is down: no connection can leave it, to another host or to this one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def cut_network() -> str | None:
    """Leave the network for good; None when done, else why it could not be done."""
    if not hasattr(os, "getuid") or os.uname().sysname != "Linux":
        return "network namespaces are a Linux feature"
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError as exc:
        return f"no C library to call unshare: {exc}"
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
    if libc.unshare(flags) != 0:
        return f"unshare failed: {os.strerror(ctypes.get_errno())}"
    return None
