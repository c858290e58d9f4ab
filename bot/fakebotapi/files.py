"""In-memory file storage: what users and the bot uploaded, addressable by file_id and by download path."""

from __future__ import annotations

import hashlib
import mimetypes
import struct
from dataclasses import dataclass, field
from typing import Any

from bot.fakebotapi.errors import bad_request


@dataclass
class StoredFile:
    """One uploaded file. `kind` is "photo" or "document"."""

    file_id: str
    file_unique_id: str
    data: bytes = field(repr=False)
    kind: str
    file_path: str
    filename: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    @property
    def size(self) -> int:
        """Length in bytes."""
        return len(self.data)

    def photo_sizes(self) -> list[dict[str, Any]]:
        """The `photo` array of a Message. Real Telegram adds thumbnails; one size keeps `photo[-1]` working."""
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": self.width,
                "height": self.height,
                "file_size": self.size,
            }
        ]

    def document(self) -> dict[str, Any]:
        """The `document` object of a Message."""
        body: dict[str, Any] = {"file_id": self.file_id, "file_unique_id": self.file_unique_id, "file_size": self.size}
        if self.filename:
            body["file_name"] = self.filename
        if self.mime_type:
            body["mime_type"] = self.mime_type
        return body

    def file(self) -> dict[str, Any]:
        """The `File` object getFile returns."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }


class FileStore:
    """Files by file_id and by file_path; ids are sequential so test failures are reproducible."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}

    def add(self, data: bytes, kind: str, filename: str | None = None, mime_type: str | None = None) -> StoredFile:
        """Store bytes and give them ids, the way an upload to Telegram does."""
        if not data:
            raise bad_request("file must be non-empty")
        number = len(self._by_id) + 1
        if kind == "photo":
            width, height = image_size(data)
            path, mime_type = f"photos/file_{number}.jpg", mime_type or "image/jpeg"
        else:
            width = height = 0
            suffix = filename.rsplit(".", 1)[-1] if filename and "." in filename else "bin"
            path = f"documents/file_{number}.{suffix}"
            mime_type = mime_type or (mimetypes.guess_type(filename)[0] if filename else None)
        # Telegram's file_unique_id is the same for the same content, unlike file_id.
        unique = hashlib.sha256(data).hexdigest()[:16]
        file_id = f"{kind}-{number}-{unique[:8]}"
        stored = StoredFile(file_id, unique, data, kind, path, filename, mime_type, width, height)
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        """The file with this file_id, if any."""
        return self._by_id.get(file_id)

    def by_path(self, path: str) -> StoredFile | None:
        """The file at this download path, if any."""
        return self._by_path.get(path)

    def __len__(self) -> int:
        return len(self._by_id)


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, GIF or JPEG; (0, 0) when the format is not recognised."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in {b"GIF87a", b"GIF89a"} and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return 0, 0


def _jpeg_size(data: bytes) -> tuple[int, int]:
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return 0, 0
        marker = data[pos + 1]
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        # Start-of-frame markers carry the dimensions; C4, C8 and CC share the range but are not frames.
        if 0xC0 <= marker <= 0xCF and marker not in {0xC4, 0xC8, 0xCC}:
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return int(width), int(height)
        pos += 2 + length
    return 0, 0
