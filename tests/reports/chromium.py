"""Headless Chromium for the report tests: skipped locally when it is missing, a failure in CI
(`.ci/run` installs it). Every call gets its own throw-away profile and no network."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

BASE_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
]


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI: apt-get install chromium")
        pytest.skip("install Debian chromium: apt-get install chromium")
    return exe


def run(url: str, *flags: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Chromium on `url` with `flags` after the common ones, in a fresh profile."""
    exe = chromium()
    with tempfile.TemporaryDirectory() as profile:
        cmd = [exe, *BASE_FLAGS, f"--user-data-dir={profile}", *flags, url]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
