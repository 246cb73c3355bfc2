"""Where headless Chromium is and how to start it here: shared by the browser tests and benchmarks."""

from __future__ import annotations

import os
import shutil

# Without the background-networking flags Chromium keeps trying to reach Google's hosts.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium_path() -> str:
    """$GRAPHKIT_CHROMIUM, else Debian's chromium on the PATH, else its usual place."""
    return os.environ.get("GRAPHKIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
