"""One `generate` request: params -> config + IR -> rendered files -> atomic write."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from .config import GeneratorConfig, load_config
from .dmmf import GenerateParams
from .errors import GeneratorError
from .ir.build import build_schema
from .ir.model import Schema
from .ir.sync import plan_sync
from .version import VERSION
from .write import write_outputs


@dataclass(frozen=True)
class Plan:
    """Everything a run would write, before anything is written."""

    config: GeneratorConfig
    schema: Schema
    outputs: Mapping[Path, Mapping[PurePosixPath, bytes]]


def _schema_dir(params: GenerateParams) -> Path:
    source = params.generator.source_file_path or params.schema_path
    if not source:
        raise GeneratorError("Prisma did not say where the schema file is (sourceFilePath)")
    return Path(source).resolve().parent


def plan(raw_params: Any) -> Plan:
    params = GenerateParams.model_validate(raw_params)
    output = params.generator.output.value if params.generator.output else None
    config = load_config(params.generator.config, output, _schema_dir(params))
    schema = build_schema(params)
    if config.sync_scope is not None:
        schema = replace(schema, sync=plan_sync(schema, config.sync_scope))

    # Imported here: the backends are the heavy part, and --version/usage should stay instant.
    from .backends import dart, python

    outputs: dict[Path, Mapping[PurePosixPath, bytes]] = {
        config.output: dart.render_package(schema, config)
    }
    if config.server_output is not None:
        outputs[config.server_output] = python.render_package(schema, config)
    return Plan(config=config, schema=schema, outputs=outputs)


def warm_up() -> None:
    """What every run does before it looks at the schema: import the backends, compile templates.

    The generator process calls it while the CLI is still preparing the `generate` request (see
    rpc.serve), so this work does not count in the time the user waits for.
    """
    from .backends import dart, python

    dart.warm_up()
    python.warm_up()


def report(schema: Schema) -> list[str]:
    """Lines for the user's terminal about what was left out."""
    lines = []
    for item in (*schema.skipped, *(schema.sync.local_only if schema.sync else ())):
        where = f"{item.model}.{item.field}" if item.field else item.model
        lines.append(f"prisma-dart-gen: skipped {where}: {item.reason}")
    return lines


def generate(raw_params: Any) -> None:
    result = plan(raw_params)
    for line in report(result.schema):
        print(line)  # stdout is the user's terminal; stderr carries the protocol
    write_outputs(result.outputs, VERSION)
