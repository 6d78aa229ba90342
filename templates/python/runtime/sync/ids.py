"""Ids as Prisma Client generates them for `@default(...)`: same formats, same alphabets.

- ``uuid4()``: ``uuid()`` / ``uuid(4)``, a random RFC 9562 version 4 UUID;
- ``uuid7()``: ``uuid(7)``, RFC 9562 version 7 (48-bit Unix milliseconds first), monotonic
  within this process;
- ``cuid()``: ``cuid()`` / ``cuid(1)``, 25 characters: ``c`` + time + counter + fingerprint +
  random, base 36;
- ``cuid2()``: ``cuid(2)``, 24 characters ``[a-z][0-9a-z]{23}`` (@paralleldrive/cuid2: a SHA3-512
  hash of time, salt, counter and fingerprint);
- ``nanoid(size=21)``: ``nanoid()`` / ``nanoid(n)``, URL-safe alphabet ``A-Za-z0-9_-``;
- ``ulid()``: ``ulid()``, 26 characters of Crockford base 32, monotonic within this process.

All randomness comes from ``secrets``. ``generate(kind, version)`` dispatches on the default's
kind as the generated ``sync_schema`` names it.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
import string
import threading
import time
import uuid

_LOCK = threading.Lock()
_BASE36 = string.digits + string.ascii_lowercase
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# nanoid's url-safe alphabet, in nanoid's own order.
NANOID_ALPHABET = "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict"


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def base36(number: int) -> str:
    if number < 0:
        raise ValueError("base36 of a negative number")
    digits = []
    while True:
        number, rest = divmod(number, 36)
        digits.append(_BASE36[rest])
        if number == 0:
            return "".join(reversed(digits))


# --- uuid ---------------------------------------------------------------------------------------


def uuid4() -> str:
    return str(uuid.uuid4())


_uuid7_state = [0, 0]  # last milliseconds, last 74-bit counter


def uuid7() -> str:
    """Version 7: 48-bit ms timestamp, 4-bit version, 12+62 bits that increase within one ms."""
    with _LOCK:
        ms = _now_ms()
        last_ms, counter = _uuid7_state
        if ms > last_ms:
            counter = secrets.randbits(73)  # leaves room to count up within the millisecond
        else:
            ms = last_ms
            counter += 1 + secrets.randbits(16)
            if counter >= 1 << 74:
                ms += 1
                counter = secrets.randbits(73)
        _uuid7_state[:] = [ms, counter]
    rand_a, rand_b = counter >> 62, counter & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return str(uuid.UUID(int=value))


# --- cuid (v1) ----------------------------------------------------------------------------------

_CUID_BLOCK = 36**4
_cuid_counter = [secrets.randbelow(_CUID_BLOCK)]


def _pad(text: str, size: int) -> str:
    return text[-size:].rjust(size, "0")


def _cuid_fingerprint() -> str:
    # As cuid does on Node: two characters from the pid, two from the host name.
    pid = _pad(base36(os.getpid()), 2)
    host = socket.gethostname()
    total = len(host) + 36 + sum(ord(char) for char in host)
    return pid + _pad(base36(total), 2)


_CUID_FINGERPRINT = _cuid_fingerprint()


def cuid() -> str:
    with _LOCK:
        count = _cuid_counter[0]
        _cuid_counter[0] = (count + 1) % _CUID_BLOCK
    randoms = "".join(_pad(base36(secrets.randbelow(_CUID_BLOCK)), 4) for _ in range(2))
    return "c" + base36(_now_ms()) + _pad(base36(count), 4) + _CUID_FINGERPRINT + randoms


# --- cuid2 --------------------------------------------------------------------------------------

CUID2_LENGTH = 24
_cuid2_counter = [secrets.randbelow(476782367)]


def _cuid2_hash(text: str) -> str:
    digest = hashlib.sha3_512(text.encode("utf-8")).digest()
    return base36(int.from_bytes(digest, "big"))[1:]


def _entropy(length: int) -> str:
    return "".join(_BASE36[secrets.randbelow(36)] for _ in range(length))


_CUID2_FINGERPRINT = _cuid2_hash(
    _entropy(32) + str(os.getpid()) + socket.gethostname() + ",".join(sorted(os.environ))
)[:32]


def cuid2(length: int = CUID2_LENGTH) -> str:
    if not 2 <= length <= 32:
        raise ValueError("cuid2 length must be between 2 and 32")
    with _LOCK:
        count = _cuid2_counter[0]
        _cuid2_counter[0] = count + 1
    first = string.ascii_lowercase[secrets.randbelow(26)]
    hashed = _cuid2_hash(base36(_now_ms()) + _entropy(length) + base36(count) + _CUID2_FINGERPRINT)
    return first + hashed[1:length]


# --- nanoid -------------------------------------------------------------------------------------


def nanoid(size: int = 21) -> str:
    if size < 1:
        raise ValueError("nanoid size must be positive")
    return "".join(NANOID_ALPHABET[byte & 63] for byte in secrets.token_bytes(size))


# --- ulid ---------------------------------------------------------------------------------------

_ulid_state = [0, 0]  # last milliseconds, last 80-bit randomness


def ulid() -> str:
    with _LOCK:
        ms = _now_ms()
        last_ms, randomness = _ulid_state
        if ms > last_ms:
            randomness = secrets.randbits(80)
        else:
            ms = last_ms
            randomness += 1
            if randomness >= 1 << 80:
                ms += 1
                randomness = secrets.randbits(79)
        _ulid_state[:] = [ms, randomness]
    value = (ms & ((1 << 48) - 1)) << 80 | randomness
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


# --- dispatch -----------------------------------------------------------------------------------


def generate(kind: str, version: int | None = None) -> str:
    """A new id for a default of `kind` (`uuid`, `cuid`, `nanoid`, `ulid`) and its version."""
    if kind == "uuid":
        return uuid7() if version == 7 else uuid4()
    if kind == "cuid":
        return cuid2() if version == 2 else cuid()
    if kind == "nanoid":
        return nanoid(version or 21)
    if kind == "ulid":
        return ulid()
    raise ValueError(f"no id generator for {kind!r}")


__all__ = ["base36", "cuid", "cuid2", "generate", "nanoid", "ulid", "uuid4", "uuid7"]
