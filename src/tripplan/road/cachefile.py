"""The user's private cache folder and its files (standard library only: ``today`` reads them).

The cache folder is made mode 0700 and used only when it is a real folder
(not a symbolic link) owned by this user that nobody else can write to: a
cache file is then written by this user's tripplan or not at all.  Files
are opened relative to the folder once checked (``dir_fd``, no link
followed), must be regular files owned by this user and of a bounded size,
and are written through ``tempfile.mkstemp`` (a fresh unpredictable name,
mode 0600) and renamed into place.  A folder that fails a check is never
read or written: the caller builds what it needs and goes on.

Every cache file starts with a fixed header — a magic, the 32-byte key the
caller asked for (a digest of the trip file's bytes and the format) and the
payload's length — so a file for another trip or version, a truncated file
or garbage is recognised before a byte of the payload is decoded
(``marshal`` is not safe on arbitrary bytes).

Why no HMAC with a per-user secret: the secret would live beside the cache,
in the same user's files, so whoever could forge a cache file in a private
folder of this user could read the secret too; it would add a file read and
a pass over the payload to every ``today`` and keep out nobody the folder
checks do not.  For the same reason the payload is not hashed again on each
read (about half a millisecond for a 3,000-event trip): the key already
names the exact trip bytes it was built from, and only this user's tripplan
writes, atomically, into the folder.
"""

from __future__ import annotations

import os
import stat
from hashlib import blake2b

MAGIC = b"TRIPPLAN-CACHE-1\n"
DIGEST = 32
HEADER = len(MAGIC) + DIGEST + 8
MAX_CACHE_BYTES = 512 * 1024 * 1024  # a cache file above this is not ours (30,000 events: about 20 MB)


def key_of(text: str) -> bytes:
    """The fixed-size key a cache file is stored under (a digest of *text*)."""
    return blake2b(text.encode(), digest_size=DIGEST).digest()


def open_folder(path: str, *, create: bool, tighten: bool) -> int | None:
    """A file descriptor of the cache folder *path* once it passes the checks, or ``None`` (do not cache).

    *create* makes it (and its parents) with mode 0700; *tighten* makes an
    existing folder of ours 0700 (the default folder, which is tripplan's
    own; a folder named by ``TRIPPLAN_CACHE_DIR`` is only checked).
    """
    if create:
        try:
            os.makedirs(path, mode=0o700, exist_ok=True)
        except OSError:
            return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            os.close(fd)
            return None
        if info.st_mode & 0o077 and tighten:
            os.chmod(fd, 0o700)
        elif info.st_mode & 0o022:  # someone else could put files in it
            os.close(fd)
            return None
    except OSError:
        os.close(fd)
        return None
    return fd


def read(folder: int, name: str, key: bytes) -> memoryview | None:
    """The payload of cache file *name* in the checked *folder* when it was stored under *key*; else ``None``.

    Nothing is decoded: the header and the digest of the payload are checked
    on the raw bytes.
    """
    data = read_raw(folder, name, HEADER)
    return payload(data, key) if data is not None else None


def read_raw(folder: int, name: str, least: int = 0) -> bytes | None:
    """The bytes of cache file *name* in the checked *folder*: a regular file of ours, of a bounded size."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or not least <= info.st_size \
                <= MAX_CACHE_BYTES:
            return None
        chunks, left = [], info.st_size + 1  # one byte more: a file that grew meanwhile is not trusted
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    if left <= 0:
        return None
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def payload(data: bytes, key: bytes) -> memoryview | None:
    """The payload of the cache file bytes *data* if their header says *key* and the whole payload is there."""
    magic_end = len(MAGIC)
    if data[:magic_end] != MAGIC or data[magic_end:magic_end + DIGEST] != key:
        return None
    if int.from_bytes(data[magic_end + DIGEST:HEADER], "big") != len(data) - HEADER:
        return None  # truncated, or something appended
    return memoryview(data)[HEADER:]  # not a copy: a 30,000-event index is megabytes


def framed(key: bytes, body: bytes) -> bytes:
    """Cache file bytes holding *body* under *key* (what :func:`payload` reads back)."""
    return MAGIC + key + len(body).to_bytes(8, "big") + body


def write(folder_path: str, folder: int, name: str, key: bytes, body: bytes) -> None:
    """Store *body* under *key* as *name* in the checked folder (atomically); failing to cache is never an error."""
    write_raw(folder_path, folder, name, framed(key, body))


def write_raw(folder_path: str, folder: int, name: str, data: bytes) -> None:
    """Store *data* as *name* in the checked folder (``mkstemp``, then a rename); failing is never an error."""
    import tempfile

    try:
        # The folder passed the checks through *folder*; still the same one at its path?
        there, mine = os.stat(folder_path, follow_symlinks=False), os.fstat(folder)
        if (there.st_dev, there.st_ino) != (mine.st_dev, mine.st_ino):
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder_path)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, os.path.join(folder_path, name))
    except (OSError, ValueError):
        try:  # noqa: SIM105 - contextlib is one import more on the road path
            os.unlink(tmp)
        except OSError:
            pass
