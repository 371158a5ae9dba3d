"""The date written into generated files: today, or ``$SOURCE_DATE_EPOCH`` for
reproducible builds (https://reproducible-builds.org/specs/source-date-epoch/)."""

from __future__ import annotations

import datetime as dt
import os


def build_date() -> str:
    """Today as ``YYYY-MM-DD``, or the UTC day of ``$SOURCE_DATE_EPOCH`` when it is set.

    >>> len(build_date())
    10
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.date.today().isoformat()
