"""`placera serve` owns the embedded PostgreSQL it starts: stopping the server stops the database too,
however many workers answered. Runs its own data folder, never the shared test server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.serving import wait_until_healthy
from tests.web.test_database_away import REPO, _free_port


def test_stopping_serve_with_workers_stops_its_embedded_database(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["PLACERA_DATA_DIR"] = str(tmp_path)
    pgdata = Path(tmp_path) / "pgdata"
    port = _free_port()
    app = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", app, 120)  # a first start runs initdb
        assert (pgdata / "postmaster.pid").exists()
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=60) == 0, app.stderr.read()
    finally:
        if app.poll() is None:
            app.kill()
    # Before: the workers had joined the server, died by the signal, and left it running for nobody.
    handles_file = pgdata / ".handle_pids.json"
    handles = json.loads(handles_file.read_text()) if handles_file.exists() else []
    outlived = (pgdata / "postmaster.pid").exists()
    if outlived:  # stop it here (a fast shutdown), so a failure leaves nothing running
        os.kill(int((pgdata / "postmaster.pid").read_text().split()[0]), signal.SIGINT)
    assert handles == []
    assert not outlived, "the embedded PostgreSQL outlived `placera serve`"
