"""How the language server reads its input: every header checked before pygls acts on it.

An editor frames each message as ``Content-Length: N``, a blank line and N
bytes of JSON.  pygls takes N on trust: 10^12 makes it allocate that much
(a MemoryError), and a length it cannot read (negative, not a number) or a
message with no length at all is skipped, so the server waits for ever and
answers nothing while the editor waits on it.  `FramedInput` stands between
standard input and pygls and refuses all of these, and a header line longer
than `MAX_HEADER_LINE`, before anything is allocated or waited for: the
server then says what it met in one line on standard error and exits with
status 1, and the editor starts a fresh one.

The largest body taken is `message_limit`: a document at the size limit the
server applies (``max-file-size``, 5 MB by default), twice over for JSON's
escapes (a line break is two bytes there), and room for the rest of the
message.  A document over the limit itself still arrives, and gets its PK002.
"""

from __future__ import annotations

from typing import BinaryIO

MAX_HEADER_LINE = 1024
_ENVELOPE = 1024 * 1024


class FramingError(Exception):
    """The input is not framed as the Language Server Protocol frames messages."""


def message_limit(document_bytes: int) -> int:
    """The largest message body the server reads, for documents of at most ``document_bytes``."""
    return 2 * document_bytes + _ENVELOPE


class FramedInput:
    """Standard input as pygls reads it (``readline`` and ``read``), with the framing checked first."""

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self._length: int | None = None

    def readline(self) -> bytes:
        line = self.stream.readline(MAX_HEADER_LINE + 1)
        if not line:
            return line  # the editor closed its end: pygls stops
        if len(line) > MAX_HEADER_LINE:
            raise FramingError(f"a header line longer than {MAX_HEADER_LINE:,} bytes")
        text = line.rstrip(b"\r\n")
        if not text:
            if self._length is None:
                raise FramingError("a message with no Content-Length header")
            return b"\r\n"
        name, colon, value = text.partition(b":")
        if not colon:
            raise FramingError("a header line that is not 'Name: value'")
        if name.strip().lower() != b"content-length":
            return line  # Content-Type, the only other header there is: pygls passes over it
        value = value.strip()
        if self._length is not None:
            raise FramingError("Content-Length given twice in one message")
        if not value.isdigit():
            raise FramingError("a Content-Length that is not a whole number of bytes")
        length = int(value)
        if length == 0 or length > self.limit:
            raise FramingError(f"a message of {length:,} bytes, where the limit is {self.limit:,}")
        self._length = length
        return b"Content-Length: %d\r\n" % length  # as pygls spells it, whatever the case or spaces here

    def read(self, size: int) -> bytes:
        if self._length is None or size != self._length:  # pygls asks for exactly the length read above
            raise FramingError("a message body read without its Content-Length")
        self._length = None
        return self.stream.read(size)
