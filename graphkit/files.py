"""Where graphkit writes, and how: never half a file, never over something that is not a file, never a traceback.

One file (`write_text`, `write_bytes`, `write_chunks`, `atomic_path`) is written to a
temporary file beside its target, flushed to disk, and renamed over the target: a reader
sees the old file or the new one. The target must be absent or a regular file; a symlink
is followed to its final target, which must be absent or a regular file; a device, FIFO,
socket or directory is refused. An existing file keeps its mode; a new one gets
0666 & ~umask.

Several files (`staged`) are made in a staging directory beside their directory and
switched into place together at the end:

- an output directory that holds nothing but what graphkit writes there (or is absent) is
  switched whole, in one rename (Linux: `renameat2(RENAME_EXCHANGE)`): old set or new
  set at every instant, even under `kill -9`;
- files beside files graphkit did not write (a CSV pair in a shared folder, a report in
  the current directory) are switched one by one, each atomically, in a run of renames
  with SIGINT and SIGTERM held; an error in that run puts the old files back. Only a
  `kill -9` or a power cut during those few system calls can leave a mix.

Temporary files carry `.graphkit-tmp` and the writer's process id; they are removed on
failure, on SIGINT and on SIGTERM (when the command turns SIGTERM into an exception, as
the CLI does), and any left by a killed process are swept by the next write beside them.
Every OSError becomes a GraphkitError naming the path and the reason.
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import errno
import os
import re
import secrets
import shutil
import signal
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.errors import GraphkitError

TEMP_SUFFIX = ".graphkit-tmp"
_TEMP = re.compile(r"^\..*\.(\d+)\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + "$")


def _cannot(path: str | os.PathLike, exc: OSError) -> GraphkitError:
    return GraphkitError(f"cannot write {path}: {exc.strerror or exc}")


def _kind(path: Path) -> str | None:
    """What is at `path` (not following a last symlink): None when nothing is."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    for test, name in (
        (stat.S_ISREG, "file"),
        (stat.S_ISDIR, "directory"),
        (stat.S_ISLNK, "symlink"),
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return name
    return "device"


def _refuse(shown: Path, real: Path, kind: str) -> GraphkitError:
    via = "" if Path(os.path.abspath(shown)) == real else f" (it leads to {real})"
    what = "a loop of symlinks" if kind == "symlink" else f"a {kind}"
    return GraphkitError(f"cannot write {shown}: it is {what}{via}, not a regular file")


def target_of(target: str | os.PathLike, *, directory: bool = False) -> Path:
    """The path a write to `target` lands on: symlinks followed to the end; raises GraphkitError
    when something other than a regular file (or, with `directory`, a directory) is there."""
    shown = Path(target)
    real = Path(os.path.realpath(shown))
    try:
        kind = _kind(real)
    except OSError as exc:
        raise _cannot(shown, exc) from None
    if kind is not None and kind != ("directory" if directory else "file"):
        raise _refuse(shown, real, kind)
    return real


def _temp_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def sweep(directory: Path) -> None:
    """Remove the temporary files and staging directories that killed graphkit processes left in `directory`."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        match = _TEMP.match(name)
        if match and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                _remove(directory / name)


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None


def _fsync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


# --- swapping two paths in one step ----------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
try:
    _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
except (AttributeError, OSError):  # not Linux, or a C library without renameat2
    _renameat2 = None


def exchange(a: Path, b: Path) -> None:
    """Swap what `a` and `b` name, both of which exist: atomically on Linux; elsewhere in three renames."""
    if _renameat2 is not None:
        if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(b))
    spare = _temp_beside(a)
    os.rename(b, spare)
    os.rename(a, b)
    os.rename(spare, a)


def rename(a: Path, b: Path) -> None:
    """Move `a` to `b`, which does not exist."""
    os.rename(a, b)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block ends, so a switch is not cut in half by them.

    Python runs signal handlers in the main thread: there, a recorder stands in for them and
    the signals are raised again afterwards. Elsewhere the thread blocks them.
    """
    caught: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous: dict[int, object] = {}
    try:
        for signum in held:
            previous[signum] = signal.signal(signum, lambda number, frame: caught.append(number))
    except ValueError:  # not the main thread
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    else:
        blocked = None
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        if blocked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)


# --- one file ------------------------------------------------------------------------------------------


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside `target` (or inside the staging directory of an enclosing `staged`)
    to write to; moved into place only if the block succeeds.

    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_path(out) as tmp:
    ...     _ = tmp.write_text("done")
    >>> out.read_text()
    'done'
    """
    shown = Path(target)
    real = target_of(shown)
    stage = _STAGING.get()
    place = stage.place_of(shown) if stage is not None else None
    destination = place or real
    temporary = None
    try:
        if place is None:
            real.parent.mkdir(parents=True, exist_ok=True)
            sweep(real.parent)
        else:
            place.parent.mkdir(parents=True, exist_ok=True)
        temporary = _temp_beside(destination)
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # the umask applies
        mode = _mode(real) if place is None else None
        if mode is not None:
            os.chmod(temporary, mode)
        yield temporary
        _fsync(temporary)
        if place is None:
            target_of(shown)  # still a file, or nothing
        os.replace(temporary, destination)
    except OSError as exc:
        raise _cannot(shown, exc) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


def write_text(target: str | os.PathLike, text: str) -> Path:
    """Write UTF-8 text with Unix line ends atomically."""
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8", newline="\n")
    return Path(target)


def write_chunks(target: str | os.PathLike, chunks: Iterable[str]) -> Path:
    """Write UTF-8 text that comes in pieces, as each is made, atomically: a failure midway leaves no file."""
    with atomic_path(target) as temporary, temporary.open("w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(chunks)
    return Path(target)


def write_bytes(target: str | os.PathLike, data: bytes) -> Path:
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)
    return Path(target)


# --- several files, switched together -----------------------------------------------------------------


@dataclass
class _Staging:
    root: Path  # as the caller named it
    directory: Path  # where the new files are made
    whole: bool  # may the root directory be switched whole
    owners: dict[str, Callable[[str], bool]] = field(default_factory=dict)  # relative dir -> names written there

    def place_of(self, target: Path) -> Path | None:
        relative = os.path.relpath(os.path.abspath(target), os.path.abspath(self.root))
        if relative == "." or relative.split(os.sep)[0] == "..":
            return None
        return self.directory / relative


_STAGING: contextvars.ContextVar[_Staging | None] = contextvars.ContextVar("graphkit_staging", default=None)


@contextlib.contextmanager
def staged(
    root: str | os.PathLike,
    *,
    owns: Callable[[str], bool] | None = None,
    whole: bool = True,
    named: str | os.PathLike | None = None,
) -> Iterator[Path]:
    """Files written under `root` inside the block are made in a staging directory and switched
    into place together when the block ends; on an exception nothing under `root` changes.

    `owns(name)` says which names in `root` are graphkit's to replace (default: those written);
    an existing `root` holding only those is switched whole, unless `whole` is false (a folder
    that is not graphkit's, such as the one a CSV pair goes into). Inside another `staged`
    block whose root holds `root`, this joins it and is switched with it. `named`: the path an
    error names when the staging directory cannot be made (default: `root`).
    """
    root = Path(root)
    outer = _STAGING.get()
    if outer is not None and (place := outer.place_of(root)) is not None:
        if owns is not None:
            outer.owners[Path(os.path.relpath(place, outer.directory)).as_posix()] = owns
        try:
            place.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _cannot(root, exc) from None
        yield root
        return
    real = target_of(root, directory=True)
    here = Path.cwd().resolve()
    whole = whole and real != here and real not in here.parents  # never swap the directory a shell stands in
    try:
        directory = _staging_directory(real, inside=not whole and real.is_dir())  # a new root is made whole
    except OSError as exc:
        raise _cannot(named or root, exc) from None
    stage = _Staging(root, directory, whole and directory.parent != real)
    if owns is not None:
        stage.owners["."] = owns
    token = _STAGING.set(stage)
    try:
        yield root
        _STAGING.reset(token)
        token = None
        _switch(stage, real)
    finally:
        if token is not None:
            _STAGING.reset(token)
        _remove(directory)


def _staging_directory(real: Path, inside: bool) -> Path:
    """A new directory beside `real`, or inside it (when asked, or when its parent cannot be written)."""
    if inside:
        real.mkdir(parents=True, exist_ok=True)
    else:
        real.parent.mkdir(parents=True, exist_ok=True)
        sweep(real.parent)
    if real.is_dir():
        sweep(real)
    directory = real / _temp_beside(real).name if inside else _temp_beside(real)
    try:
        os.mkdir(directory, 0o777)  # the umask applies
    except PermissionError:
        if inside or not real.is_dir():
            raise
        directory = real / _temp_beside(real).name
        os.mkdir(directory, 0o777)
    return directory


@dataclass
class _Step:
    source: Path
    target: Path
    shown: Path
    replaces: bool


def _switch(stage: _Staging, real: Path) -> None:
    steps: list[_Step] = []
    copies: list[Path] = []
    try:
        _plan(stage, stage.directory, real, stage.root, ".", steps, copies, stage.whole)
        done: list[_Step] = []
        with _signals_held():
            try:
                for step in steps:
                    (exchange if step.replaces else rename)(step.source, step.target)
                    done.append(step)
            except BaseException as exc:
                for undone in reversed(done):  # put the old files back
                    with contextlib.suppress(OSError):
                        if undone.replaces:
                            exchange(undone.source, undone.target)
                        else:
                            rename(undone.target, undone.source)
                if isinstance(exc, OSError):
                    raise _cannot(step.shown, exc) from None
                raise
    finally:
        for copy in copies:
            _remove(copy)


def _plan(
    stage: _Staging,
    source: Path,
    target: Path,
    shown: Path,
    relative: str,
    steps: list[_Step],
    copies: list[Path],
    whole: bool,
) -> None:
    """The renames that put `source` (staged) at `target` (its real place); checks come first."""
    real = Path(os.path.realpath(target))
    try:
        kind = _kind(real)
        is_dir = source.is_dir() and not source.is_symlink()
        if kind is not None and kind != ("directory" if is_dir else "file"):
            raise _refuse(shown, real, kind)
        if not is_dir or kind is None or (whole and _switchable(stage, source, real, relative)):
            if kind is not None:
                _keep_modes(source, real)
            real.parent.mkdir(parents=True, exist_ok=True)
            if os.stat(source).st_dev != os.stat(real.parent).st_dev:  # another file system: copy beside it first
                sweep(real.parent)
                copy = _temp_beside(real)
                copies.append(copy)
                (shutil.copytree if is_dir else shutil.copy2)(source, copy)
                source = copy
            steps.append(_Step(source, real, shown, replaces=kind is not None))
            return
        _keep_modes(source, real, recursive=False)
        names = sorted(os.listdir(source), key=lambda n: (not (source / n).is_dir(), n))  # directories first
        for name in names:
            _plan(stage, source / name, real / name, shown / name, f"{relative}/{name}", steps, copies, True)
    except OSError as exc:
        raise _cannot(shown, exc) from None


def _switchable(stage: _Staging, source: Path, real: Path, relative: str) -> bool:
    """May the existing directory `real` be swapped whole for `source`: it holds only what graphkit
    writes there, lies on the same file system, and is not the current directory or above it."""
    here = Path.cwd().resolve()
    if real == here or real in here.parents:
        return False
    if os.stat(real).st_dev != os.stat(source).st_dev:
        return False
    return _owned(stage, source, real, os.path.normpath(relative))


def _owned(stage: _Staging, source: Path, real: Path, relative: str) -> bool:
    owns = stage.owners.get(Path(os.path.normpath(relative)).as_posix())
    for entry in os.scandir(real):
        mine = source / entry.name
        if entry.is_dir(follow_symlinks=False):
            if not (mine.is_dir() or (owns is not None and owns(entry.name))):
                return False
            if not _owned(stage, mine, Path(entry.path), f"{relative}/{entry.name}"):
                return False
        elif not entry.is_file(follow_symlinks=False):
            return False  # a symlink, FIFO, device or socket is not ours to drop
        elif not (mine.is_file() or (owns is not None and owns(entry.name))):
            return False
    return True


def _keep_modes(source: Path, real: Path, recursive: bool = True) -> None:
    """Staged files and directories take the modes of those they replace."""
    mode = _mode(real) if _kind(real) in ("file", "directory") else None
    if mode is not None:
        os.chmod(source, mode)
    if recursive and source.is_dir():
        for name in os.listdir(source):
            _keep_modes(source / name, real / name)
