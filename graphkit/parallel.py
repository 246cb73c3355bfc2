"""Two pieces of work at the same time: one in this process, one in a forked copy of it.

For checks over data already in memory: the copy shares it (copy-on-write), so nothing is
sent to it, and only the answer (a few issues, pickled) comes back. Where a fork is not
possible or not safe (no `os.fork`, one core, other threads running), both run here, one
after the other: the answers are the same either way.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn, TypeVar

T = TypeVar("T")
U = TypeVar("U")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether a forked copy can work beside this process.

    It needs a second core, memory to spare, and no other thread (a fork could leave it stuck).
    """
    return hasattr(os, "fork") and cores() > 1 and threading.active_count() == 1 and _memory_to_spare()


def _memory_to_spare() -> bool:
    """Whether the machine has as much memory available as this process holds.

    A copy shares this process's memory until either writes to it, and reading a Python
    object writes its reference count: a copy that reads every record ends up with its own
    copy of their pages (at a million relations, 0.5 GB on top of the 0.9 GB). Where that
    much is not free, one process is slower but does not push the machine into swap.
    Unknown (not Linux): assumed free.
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            available = next(int(line.split()[1]) * 1024 for line in meminfo if line.startswith("MemAvailable:"))
        with open("/proc/self/statm", encoding="ascii") as statm:
            held = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, StopIteration, ValueError, IndexError):
        return True
    return available >= held


def side_by_side(here: Callable[[], T], there: Callable[[], U], *, fork: bool = True) -> tuple[T, U]:
    """`(here(), there())`, `there` run in a forked copy of this process while `here` runs (see `in_background`)."""
    with in_background(there, fork=fork) as answer:
        return here(), answer()


@contextmanager
def in_background(work: Callable[[], T], *, fork: bool = True) -> Iterator[Callable[[], T]]:
    """Within the block, `work()` runs in a forked copy of this process; what the block gets waits for its answer.

    With `fork` false, or where forking is not possible or safe (`can_fork`), `work` runs
    here when its answer is asked for. The copy draws nothing (no progress bar, no
    traceback) and ends without running this process's clean-up. Leaving the block without
    asking (an error, Ctrl-C, SIGTERM) stops the copy. A copy that fails or is killed (out
    of memory, say) costs time, not answers: `work` then runs here.
    """
    if not (fork and can_fork()):
        yield work
        return
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        _work_in_copy(work, read_end, write_end)
    os.close(write_end)
    running = [pid]  # until its end is collected
    answers: list[T] = []

    def answer() -> T:
        if not answers:
            with open(read_end, "rb", closefd=False) as pipe:
                sent = pipe.read()
            _, status = os.waitpid(pid, 0)
            running.clear()
            answers.append(pickle.loads(sent) if os.waitstatus_to_exitcode(status) == 0 and sent else work())
        return answers[0]

    try:
        yield answer
    finally:
        os.close(read_end)
        if running:
            os.kill(pid, signal.SIGKILL)  # it has nothing to clean up
            os.waitpid(pid, 0)


def _work_in_copy(work: Callable[[], object], read_end: int, write_end: int) -> NoReturn:
    """The forked copy's whole life: `work()`'s answer down the pipe, then out, whatever happens."""
    code = 1
    try:
        os.close(read_end)
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (closed at exit)
        answer = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
        with open(write_end, "wb") as pipe:
            pipe.write(answer)
        code = 0
    except BaseException:  # an interruption or a failure: the parent decides what it means
        pass
    finally:
        os._exit(code)
