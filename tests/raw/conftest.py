"""The landing tests write the same hand-made exports as the reader tests, with the same key file."""

from tests.readers.conftest import _key_file  # noqa: F401
