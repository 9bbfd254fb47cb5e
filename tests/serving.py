"""Waiting for a server a test started in its own process (uvicorn or `placera serve`)."""

from __future__ import annotations

import subprocess
import time

import httpx


def wait_until_healthy(base_url: str, process: subprocess.Popen, seconds: float, output=lambda: "") -> None:
    """Return once ``/health`` answers 200; fail with the process's ``output()`` if it exits or never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"no healthy answer at {base_url} (exit code {process.poll()}):\n{output()}")
