"""Benchmarks of prisma-dart-gen (not timed tests): `make bench` runs bench/run.py."""
