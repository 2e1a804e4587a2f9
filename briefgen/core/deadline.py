"""A time limit on a block of pure Python work that cannot be given one otherwise (a user's
template that loops for ever): ``SIGALRM`` interrupts it between two bytecodes.

Only the main thread receives signals, so elsewhere (a library user's worker thread) the
block runs without a limit; the command line always renders on the main thread.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def time_limit(seconds: float, expired: Callable[[], BaseException]) -> Iterator[None]:
    """Run the block for at most ``seconds`` (0: no limit); past that, raise ``expired()``
    inside it. A limit already running (an outer block) is left as it is."""
    usable = seconds > 0 and threading.current_thread() is threading.main_thread()
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise expired()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
