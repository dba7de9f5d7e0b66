"""Uploads in a bucket of an S3-compatible object store (AWS S3, MinIO, Ceph RGW, a
cloud provider's object storage), so app nodes share no disk.

The bucket stays private: downloads stream through the app (web/downloads.py), which checks
who may see the file and sets the headers, rather than handing out public links. Credentials
come from the environment as boto3 reads them (`AWS_ACCESS_KEY_ID`,
`AWS_SECRET_ACCESS_KEY`, an instance role...), never from the app's settings. boto3 is the
optional `s3` extra: `pip install 'vpub-onestop[s3]'`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO, cast

from vpub_onestop.storage import OpenedFile, StoredObject, key_of

_MISSING = {"404", "NoSuchKey", "NotFound"}


class S3Store:
    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> S3Store:
        try:
            import boto3
            from botocore.config import Config as BotoConfig
        except ImportError as exc:  # pragma: no cover - the message is what matters
            raise RuntimeError(
                "STORAGE_BACKEND=s3 needs boto3: pip install 'vpub-onestop[s3]'"
            ) from exc
        bucket = config.get("S3_BUCKET")
        if not bucket:
            raise RuntimeError("STORAGE_BACKEND=s3 needs S3_BUCKET")
        client = boto3.client(
            "s3",
            endpoint_url=config.get("S3_ENDPOINT_URL") or None,
            region_name=config.get("S3_REGION") or None,
            config=BotoConfig(
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
                s3={"addressing_style": config.get("S3_ADDRESSING_STYLE") or "auto"},
            ),
        )
        prefix = str(config.get("S3_PREFIX") or "")
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        return cls(client, bucket, prefix)

    def _key(self, name: str) -> str:
        return self.prefix + key_of(name)

    def put(self, name: str, data: bytes) -> None:
        # One PUT: the object appears whole or not at all.
        self.client.put_object(Bucket=self.bucket, Key=self._key(name), Body=data)

    def open(self, name: str) -> OpenedFile:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(name))
        except self.client.exceptions.ClientError as exc:
            if _code(exc) in _MISSING:
                raise FileNotFoundError(name) from None
            raise
        # botocore's StreamingBody reads in chunks: the file is never held whole in memory.
        return OpenedFile(cast(BinaryIO, answer["Body"]), int(answer["ContentLength"]))

    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(name))

    def exists(self, name: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(name))
        except self.client.exceptions.ClientError as exc:
            if _code(exc) in _MISSING:
                return False
            raise
        return True

    def list(self, folder: str = "") -> Iterator[StoredObject]:
        under = f"{self.prefix}{folder}/" if folder else self.prefix
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=under
        )
        for page in pages:
            for item in page.get("Contents", []):
                key = item["Key"][len(self.prefix) :]
                name = key.rsplit("/", 1)[-1]
                yield StoredObject(name, key, item["LastModified"].timestamp())


def _code(exc: Exception) -> str:
    return str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
