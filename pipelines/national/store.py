"""The shared store every province publishes to: a folder, or S3-compatible object storage.

One setting chooses it (`MOTCUA_SHARED_STORE`): a path, or `s3://bucket/prefix` with the usual
AWS variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_DEFAULT_REGION`,
`AWS_ENDPOINT_URL` for MinIO or a test server). Both go through `pyarrow.fs`: pyarrow is
already the project's Arrow layer, so S3 costs no new dependency (fsspec would need s3fs and
aiobotocore), and one API serves both kinds of store.

The store only knows bytes under relative keys (`province=42/published.json`); what those
bytes mean is `publish.py`'s and `rollup.py`'s business (docs/national.md).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyarrow.fs as pafs


@dataclass(frozen=True)
class Store:
    """A pyarrow file system and the base path of the store inside it."""

    fs: pafs.FileSystem
    base: str
    uri: str

    @property
    def is_local(self) -> bool:
        return isinstance(self.fs, pafs.LocalFileSystem)

    def path(self, key: str) -> str:
        return f"{self.base.rstrip('/')}/{key.lstrip('/')}" if key else self.base

    def exists(self, key: str) -> bool:
        return self.fs.get_file_info(self.path(key)).type != pafs.FileType.NotFound

    def read_bytes(self, key: str) -> bytes:
        with self.fs.open_input_stream(self.path(key)) as fh:
            return fh.read()

    def write_bytes(self, key: str, data: bytes) -> None:
        """Write a whole object. On S3 one PUT is atomic: readers see the old object or the new
        one. A local file is written under a hidden temporary name and renamed, which is atomic
        on one file system."""
        target = self.path(key)
        parent = target.rsplit("/", 1)[0]
        self.fs.create_dir(parent, recursive=True)
        if not self.is_local:
            with self.fs.open_output_stream(target) as fh:
                fh.write(data)
            return
        name = target.rsplit("/", 1)[1]
        tmp = f"{parent}/.{name}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            with self.fs.open_output_stream(tmp) as fh:
                fh.write(data)
            self.fs.move(tmp, target)
        finally:
            if self.fs.get_file_info(tmp).type != pafs.FileType.NotFound:
                self.fs.delete_file(tmp)

    def children(self, key: str = "") -> list[str]:
        """The names of the folders (prefixes) directly under `key`."""
        selector = pafs.FileSelector(self.path(key), allow_not_found=True, recursive=False)
        return sorted(
            info.base_name for info in self.fs.get_file_info(selector) if info.type == pafs.FileType.Directory
        )

    def delete_dir(self, key: str) -> None:
        if self.exists(key):
            self.fs.delete_dir(self.path(key))


def open_store(uri: str | os.PathLike, create: bool = True) -> Store:
    """The store of a setting: `s3://bucket/prefix`, else a local folder — created if missing
    when `create` (a publisher), else refused (a reader: a mistyped path is not an empty store)."""
    text = str(uri).strip()
    if text.startswith("s3://"):
        bucket_and_prefix = text[len("s3://") :].strip("/")
        if not bucket_and_prefix:
            raise ValueError(f"kho dùng chung {text!r}: thiếu tên bucket (s3://bucket/tiền-tố)")
        return Store(_s3(), bucket_and_prefix, text)
    if "://" in text and not text.startswith("file://"):
        raise ValueError(f"kho dùng chung {text!r}: chỉ nhận một thư mục hoặc s3://bucket/tiền-tố")
    folder = Path(text.removeprefix("file://")).expanduser().resolve()
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        raise FileNotFoundError(f"không có thư mục kho dùng chung {folder}")
    return Store(pafs.LocalFileSystem(), folder.as_posix(), folder.as_posix())


def _s3() -> pafs.S3FileSystem:
    """S3 with the AWS SDK's own credential chain; `AWS_ENDPOINT_URL` (MinIO, moto) is passed
    explicitly, as older SDKs ignore it."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    options: dict = {}
    if endpoint:
        options["endpoint_override"] = endpoint
        options["scheme"] = "http" if endpoint.startswith("http://") else "https"
        # MinIO and test servers answer on one host: bucket in the path, not in the host name
        options["force_virtual_addressing"] = False
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if region:
        options["region"] = region
    return pafs.S3FileSystem(**options)
