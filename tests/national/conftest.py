"""Shared stores for the national tests: a folder, and a real S3 API on loopback (moto's server)."""

from __future__ import annotations

import logging
import socket

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3_store(monkeypatch):
    """`s3://national/store` on a moto server of its own (a real HTTP S3 API on 127.0.0.1)."""
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one log line per request otherwise
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    for key, value in {
        "AWS_ACCESS_KEY_ID": "motcua-test",
        "AWS_SECRET_ACCESS_KEY": "motcua-test-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL_S3", raising=False)
    boto3.client("s3").create_bucket(Bucket="national")
    try:
        yield "s3://national/store"
    finally:
        server.stop()


@pytest.fixture
def folder_store(tmp_path) -> str:
    return str(tmp_path / "shared-store")


@pytest.fixture(autouse=True)
def _no_national_settings(monkeypatch):
    """The machine's own settings never leak into a test."""
    for name in ("MOTCUA_SHARED_STORE", "MOTCUA_PROVINCE", "MOTCUA_NATIONAL_PROVINCES"):
        monkeypatch.delenv(name, raising=False)
