"""Drop numba's cached kernels of the model when any kernel source changed (issue 15).

numba caches each ``@njit(cache=True)`` kernel's machine code on disk and invalidates it when
*that kernel's own file* changes, but not when a kernel it calls, defined in another file,
changes: numba's documented limitation ("Cache invalidation fails to recognize changes in
symbols defined in a different file", Notes on Caching). The model's compiled turns call
kernels of other files (``agents/kernels_turn.py`` compiles in ``agents/kernels_twister.py``,
``agents/kernels_draws.py``, ...), so after a ``git pull`` or an edit that changes only an inner
kernel, a process would load the outer kernels' old machine code: old behaviour, silently, with
the new source on disk.

:func:`ensure_fresh` guards against it. It hashes every source of the model that defines a
compiled function (any ``@njit``, cached or not, since both are compiled into their callers)
and keeps the digest in a stamp file beside numba's cache of ``model/``; when the digest
differs, it deletes the cache files of every kernel of those sources (numba recompiles them on
first use, about 30 CPU s in all; ``decertsim warm`` does it at once) and writes the new stamp.
``model/__init__.py`` calls it once per process, before any kernel can be loaded: a few ms
when nothing changed (files read and hashed), nothing else.

It follows numba's own choice of cache directory: ``NUMBA_CACHE_DIR`` when set (the
directory numba derives from each source's folder), else ``__pycache__`` beside the source
when writable, else numba's user-wide cache directory. A directory it cannot write is left
alone (numba cannot write there either). Only files named after the model's kernel sources
(``<module>.<function>-<line>.py<version>...nbi/.nbc``) are ever deleted.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

#: the checkout's root: ``model/`` and ``agents/`` hold the compiled kernels
ROOT = Path(__file__).resolve().parents[1]
#: the stamp's name, in the cache directory of ``model/__init__.py``
STAMP = "decertsim-kernels.sha256"
#: what marks a source holding compiled code (kernels, and model/fpmath.py's ufuncs)
MARKS = (b"@njit", b"@vectorize")


def kernel_sources(root: Path = ROOT) -> list[Path]:
    """The sources under ``model/`` and ``agents/`` that define compiled code (``MARKS``)."""
    paths = sorted([*root.glob("model/**/*.py"), *root.glob("agents/*.py")])
    return [path for path in paths if any(mark in path.read_bytes() for mark in MARKS)]


def sources_digest(sources: Iterable[Path], root: Path = ROOT) -> str:
    """One SHA-256 over the sources' paths (relative to ``root``) and contents."""
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _writable(directory: Path) -> bool:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(directory, os.W_OK)


def _subpath(source: Path) -> str:
    # numba's _CacheLocator.get_suitable_cache_subpath: the folder's name and its path's SHA-1
    folder = os.path.dirname(os.path.abspath(source))
    return "_".join([os.path.split(folder)[-1], hashlib.sha1(folder.encode()).hexdigest()])


def cache_dir(source: Path, cache_root: str | None = None) -> Path | None:
    """Where numba caches the kernels of ``source`` (its locators' order), or None if nowhere.

    Args:
        source: A kernel source file.
        cache_root: ``NUMBA_CACHE_DIR`` (read from the environment when None; "" for unset).
    """
    root = os.environ.get("NUMBA_CACHE_DIR", "") if cache_root is None else cache_root
    if root:
        candidates = [Path(root) / _subpath(source)]
    else:
        candidates = [source.parent / "__pycache__"]
        user = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        candidates.append(Path(user) / "numba" / _subpath(source))
    for candidate in candidates:
        if _writable(candidate):
            return candidate
    return None


def cached_files(source: Path, directory: Path) -> list[Path]:
    """The cache files numba keeps for the kernels of ``source`` (``.nbi`` index, ``.nbc`` code)."""
    stem = source.stem + "."
    return sorted(
        path
        for path in directory.glob(stem + "*")
        if path.suffix in (".nbi", ".nbc") and "-" in path.name[len(stem) :]
    )


def ensure_fresh(root: Path = ROOT, cache_root: str | None = None) -> list[Path]:
    """Delete the model's cached kernels if any kernel source changed since the stamp; say which.

    Args:
        root: The checkout whose ``model/`` and ``agents/`` hold the kernels.
        cache_root: ``NUMBA_CACHE_DIR`` (the environment's when None; "" for unset).

    Returns:
        The cache files deleted (empty when the stamp matched or nothing was cached).
    """
    try:
        sources = kernel_sources(root)
        digest = sources_digest(sources, root)
        home = cache_dir(root / "model" / "__init__.py", cache_root)
        if home is None:
            return []
        stamp = home / STAMP
        if stamp.is_file() and stamp.read_text().strip() == digest:
            return []
        removed: list[Path] = []
        for source in sources:
            directory = cache_dir(source, cache_root)
            if directory is None:
                continue
            for path in cached_files(source, directory):
                path.unlink(missing_ok=True)
                removed.append(path)
        # written whole, then renamed: a process reading it never sees half a digest
        partial = home / f"{STAMP}.{os.getpid()}"
        partial.write_text(digest + "\n")
        partial.replace(stamp)
        return removed
    except OSError:
        # a read-only checkout or cache: numba cannot have written stale kernels there either
        return []
