"""Write a file through a temporary file and a rename, so no reader ever sees half of it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO


class AtomicFile:
    """A temporary file beside ``path`` that becomes ``path`` on :meth:`commit`.

    Used as a context manager: leaving the block without a commit (an exception, an
    interrupt, or a decision not to write) removes the temporary file and leaves any
    previous ``path`` intact.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.txt"
    >>> with AtomicFile(path) as fh:
    ...     _ = fh.write(b"one")
    >>> path.exists()
    False
    >>> with AtomicFile(path) as fh:
    ...     _ = fh.write(b"two")
    ...     _ = fh.commit()
    >>> path.read_bytes()
    b'two'
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        self.tmp = Path(tmp)
        self.fh: BinaryIO = os.fdopen(fd, "wb")
        self.committed = False

    def write(self, data: bytes) -> int:
        return self.fh.write(data)

    def commit(self) -> Path:
        """Close the temporary file and rename it to ``path``."""
        self.fh.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual mode
        os.replace(self.tmp, self.path)
        self.committed = True
        return self.path

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self.committed:
            self.fh.close()
            self.tmp.unlink(missing_ok=True)


def atomic_write(path: str | Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call ``write(fh)`` on a temporary file beside ``path``, then rename it to ``path``.

    An exception (or an interrupt) leaves any previous ``path`` intact and no temporary file.
    """
    with AtomicFile(path) as out:
        write(out.fh)
        return out.commit()
