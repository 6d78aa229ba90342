"""prisma-dart-gen: a Prisma generator for an offline-first Dart client and a Python sync server."""

from .version import VERSION as __version__

__all__ = ["__version__"]
