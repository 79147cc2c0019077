"""Reading an input file: a regular file only (never through a symbolic link), with a size cap."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from bot.engine.problems import Problem, SourceError

LINK_REASON = "a symbolic link; only regular files are read (put the file itself here)"


def read_regular(path: Path | str, name: str, limit: int) -> bytes:
    """The file's bytes. SourceError for a link (loops included), a folder, a FIFO or a device,
    a file over `limit` bytes, or one that cannot be read."""
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            raise SourceError(Problem(name, 1, LINK_REASON))
        # O_NOFOLLOW: a link put there since the lstat is refused, not followed;
        # O_NONBLOCK: opening a FIFO does not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError(Problem(name, 1, LINK_REASON)) from exc
        raise SourceError(Problem(name, 1, f"cannot read file: {exc.strerror or exc}")) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(Problem(name, 1, "not a regular file"))
        if info.st_size > limit:
            raise SourceError(Problem(name, 1, f"file is {info.st_size:,} bytes; the limit is {limit:,}"))
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # grew since the fstat
            raise SourceError(Problem(name, 1, f"file is over the limit of {limit:,} bytes"))
        return data
    except OSError as exc:
        raise SourceError(Problem(name, 1, f"cannot read file: {exc.strerror or exc}")) from exc
    finally:
        os.close(fd)


def is_link(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def is_regular(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False
