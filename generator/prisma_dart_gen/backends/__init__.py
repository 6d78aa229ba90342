"""Language backends: each turns the IR (`ir.model.Schema`) plus the validated config into files.

A backend is a module with `render_package(schema, config) -> dict[PurePosixPath, bytes]`: pure (no
disk I/O), every path relative to the package root it renders, output deterministic. The write stage
(`write.py`) puts the files on disk. Backends import the IR and the config, never the DMMF.
"""
