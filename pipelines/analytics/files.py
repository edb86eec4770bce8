"""Files published whole: written under a temporary name beside their place, then renamed.

A reader of ``PATH`` sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
from pathlib import Path


def temporary_path(output: Path) -> Path:
    """A hidden name beside ``output``, unique to this process (same folder: same disk)."""
    return output.with_name(f".{output.name}.{os.getpid()}.tmp")


def synced(path: Path) -> None:
    """Make ``path``'s bytes durable before it is renamed into place (raises OSError)."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
