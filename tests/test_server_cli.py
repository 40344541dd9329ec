"""`unspun serve` as a user runs it: a subprocess listening on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_command_serves_page_and_api(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "UNSPUN_DATA_DIR": str(tmp_path), "UNSPUN_API_TOKEN": "t0ken"}
    env.pop("UNSPUN_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "unspun.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "unspun serve did not come up"
            time.sleep(0.2)
        assert "analyze-form" in httpx.get(base + "/").text
        assert httpx.post(base + "/v1/analyze", json={"text": "x"}).status_code == 401  # the token from the env
        assert (tmp_path / "unspun.db").exists()  # the default store: a SQLite file in the data dir
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0]
    assert "serving on http://127.0.0.1" in output
