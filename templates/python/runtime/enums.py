"""Base class of the generated enums.

A member's ``value`` is its Prisma name: what the wire, the APIs and Prisma Client use. Its
``db_value`` is what the database stores (the name given by ``@map``, else the Prisma name).
Generated enums declare each member as ``NAME = ("NAME", "stored_value")``.
"""

from __future__ import annotations

import enum
from typing import Any, TypeVar

_E = TypeVar("_E", bound="PrismaEnum")

# Per enum class: stored value -> member (filled on first use).
_BY_DB_VALUE: dict[type, dict[str, Any]] = {}


class PrismaEnum(enum.Enum):
    """An enum of a Prisma schema: ``value`` = Prisma name, ``db_value`` = stored value."""

    def __new__(cls, name: str, db_value: str) -> PrismaEnum:
        member = object.__new__(cls)
        member._value_ = name
        member._db_value = db_value
        return member

    @property
    def db_value(self) -> str:
        """The value stored in the database (``@map``), which may differ from the Prisma name."""
        return self._db_value

    @classmethod
    def from_db(cls: type[_E], stored: str) -> _E:
        """The member stored as ``stored``; ValueError if there is none."""
        lookup = _BY_DB_VALUE.get(cls)
        if lookup is None:
            lookup = _BY_DB_VALUE[cls] = {member.db_value: member for member in cls}
        try:
            return lookup[stored]
        except KeyError:
            raise ValueError(f"{stored!r} is not a stored value of enum {cls.__name__}") from None

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self._name_}: {self._value_!r}>"


def db_values(enum_class: type[PrismaEnum]) -> list[str]:
    """The stored values of an enum, in declaration order (SQLAlchemy ``values_callable``)."""
    return [member.db_value for member in enum_class]
