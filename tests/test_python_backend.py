"""The Python server backend: rendering, naming, the static runtime, and round trips.

- Rendering: every fixture (and every shared real-world schema the IR accepts) renders to files
  that `ruff format` (with our settings) leaves unchanged, that ruff accepts with the repository's
  rules, that import, whose models validate and serialize a sample record in the wire encoding,
  and whose tables are created by `create_tables` and store that record and give it back
  unchanged.
- Naming: the escaping rule (trailing underscore + alias) and its located collision errors.
- Runtime: templates/python/runtime/*.py tested as files: every column type round-trips through
  real SQLite and PostgreSQL databases and stores exactly what Prisma Client stores.
- Defaults: the DEFAULT clauses we create are the ones Prisma's own DDL has.
Parity of whole schemas with Prisma's DDL is tests/test_storage_parity.py.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import decimal
import importlib
import importlib.util
import json
import re
import sqlite3
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pydantic
import pytest
import sqlalchemy as sa

from prisma_dart_gen.backends import python as backend
from prisma_dart_gen.backends.python import formatting, naming, sqltypes
from prisma_dart_gen.backends.python.view import pg_operator_class
from prisma_dart_gen.config import load_config
from prisma_dart_gen.dmmf import GenerateParams
from prisma_dart_gen.errors import GeneratorError
from prisma_dart_gen.ir.build import build_schema
from prisma_dart_gen.ir.model import Field, ScalarType, Schema
from prisma_dart_gen.render import TEMPLATES, runtime_files
from tests.support import node_tooling_missing, prisma_ddl
from tests.support.params import (
    FIXTURES,
    REPO,
    SHARED_SCHEMAS,
    concretize,
    fixture_cases,
    load_params,
    shared_schema_names,
    with_dart_generator,
)

RUFF = Path(sys.executable).parent / "ruff"
UTC = dt.timezone.utc


# --- rendering helpers ---------------------------------------------------------------------------


def own_provider(case: str) -> str:
    text = (FIXTURES / case / "schema.prisma").read_text()
    return re.search(r'datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"', text).group(1)


def package_name(label: str, provider: str) -> str:
    return re.sub(r"\W", "_", f"pysrv_{label}_{provider}")


def render_params(raw: dict, work: Path, provider: str, package: str):
    """(schema, files) of the server package for captured params, on `provider`."""
    raw = json.loads(json.dumps(raw))
    raw["generator"]["config"]["serverOutput"] = f"../pkgs/{package}"
    for source in raw["datasources"]:
        source["provider"] = source["activeProvider"] = provider
    params = GenerateParams.model_validate(raw)
    output = params.generator.output.value if params.generator.output else None
    schema_dir = Path(params.generator.source_file_path or params.schema_path).parent
    config = load_config(params.generator.config, output, schema_dir)
    schema = build_schema(params)
    return schema, config, backend.render_package(schema, config)


@cache
def rendered_fixture(case: str, provider: str):
    import tempfile

    work = Path(tempfile.mkdtemp(prefix=f"pyb-{case}-"))
    raw = load_params(case, work)
    return render_params(raw, work, provider, package_name(case, provider))


def write_package(files: dict, root: Path, package: str) -> Path:
    target = root / package
    for path, content in files.items():
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content)
    return target


def import_package(root: Path, package: str):
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(root))


# Fixtures on their own provider, and the portable SQLite fixtures on PostgreSQL too.
SQLITE_ONLY = {"defaults"}  # dbgenerated("(lower(hex(randomblob(16))))") is SQLite SQL
CASES = [(case, own_provider(case)) for case in fixture_cases()] + [
    (case, "postgresql")
    for case in fixture_cases()
    if own_provider(case) == "sqlite" and case not in SQLITE_ONLY
]


# Schemas Prisma's own DDL cannot create on that provider either.
def ruff_check(paths: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(RUFF),
            "check",
            "--no-cache",
            "--config",
            str(REPO / "pyproject.toml"),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
    )


# --- rendering: deterministic, formatted, ruff-clean ----------------------------------------------


@pytest.mark.parametrize(("case", "provider"), CASES, ids=lambda v: v)
def test_render_is_pure_sorted_formatted(case, provider):
    schema, config, files = rendered_fixture(case, provider)
    assert list(files) == sorted(files)
    again = backend.render_package(schema, config)
    assert again == files, "rendering is not deterministic"
    expected = {"__init__.py", "db.py", "enums.py", "models.py", "tables.py"}
    assert expected <= {str(path) for path in files}
    runtime = {f"runtime/{path}": content for path, content in runtime_files("python")}
    for path, content in files.items():
        text = content.decode("utf-8")
        if str(path) in runtime:
            assert content == runtime[str(path)], f"{path} is not a verbatim copy"
            continue
        assert backend.format_python(text, str(path)) == text, f"{path} is not ruff-formatted"
        assert "DO NOT EDIT" in text
        assert "0.1.0" not in text


def test_rendered_packages_are_ruff_clean(tmp_path):
    dirs = []
    for case, provider in CASES:
        package = package_name(case, provider)
        dirs.append(write_package(rendered_fixture(case, provider)[2], tmp_path, package))
    result = ruff_check(dirs)
    assert result.returncode == 0, result.stdout + result.stderr


def test_runtime_sources_are_ruff_clean_and_formatted():
    runtime = TEMPLATES / "python" / "runtime"
    result = ruff_check([runtime])
    assert result.returncode == 0, result.stdout + result.stderr
    for path in sorted(runtime.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert backend.format_python(text, path.name) == text, f"{path} is not ruff-formatted"


def test_formatter_failure_names_the_file():
    with pytest.raises(backend.FormatError, match=r"tables\.py.*line 2"):
        backend.format_python("x = 1\ndef broken(:\n", "tables.py")


def test_formatter_failure_names_the_module_among_several():
    sources = {"models.py": "x = 1\n", "tables.py": "y = (\n    1,\n)\ndef broken(:\n    pass\n"}
    with pytest.raises(backend.FormatError, match=r"generated tables\.py: .*line 4: def broken"):
        formatting.format_modules(sources)


def test_formatting_ignores_the_users_ruff_configuration(tmp_path, monkeypatch):
    # A user-level ruff.toml and a pyproject.toml in the current directory that would change
    # every line below: `--isolated` and our explicit settings must win.
    config = (
        "line-length = 40\nindent-width = 2\n"
        "[format]\nquote-style = 'single'\nskip-magic-trailing-comma = true\n"
    )
    (tmp_path / "ruff").mkdir()
    (tmp_path / "ruff" / "ruff.toml").write_text(config, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\n" + config, encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    source = 'names = ["alpha", "beta",]\nlabel = "a line that is longer than forty characters"\n'
    expected = (
        'names = [\n    "alpha",\n    "beta",\n]\n'
        'label = "a line that is longer than forty characters"\n'
    )
    assert backend.format_python(source, "models.py") == expected
    assert not (tmp_path / ".ruff_cache").exists()


# --- import, wire samples, round trip through the tables ------------------------------------------

SAMPLE_UUID = "0193a0d2-7c5e-7d3a-9a1b-2c3d4e5f6a7b"
SAMPLE_TIME = dt.datetime(2026, 11, 23, 3, 39, 6, 80000, tzinfo=UTC)
SAMPLE_JSON = {"a": [1, "é", None, True], "b": {"c": 1.5}}
SAMPLE_BYTES = b"\x00\xffhello"


def sample(field: Field, schema: Schema) -> tuple[Any, Any]:
    """(wire JSON value, Python value) for one field."""
    native = field.native_type.name if field.native_type else None
    if field.enum is not None:
        member = schema.enum(field.enum).values[-1].name
        item = (member, member)
    elif field.scalar is ScalarType.STRING:
        if native == "Uuid":
            item = (SAMPLE_UUID, SAMPLE_UUID)
        elif native in ("Char", "VarChar") and field.native_type.args:
            text = "xy"[: int(field.native_type.args[0])]
            item = (text, text)
        else:
            item = ("héllo 'q' \"d\" \\", "héllo 'q' \"d\" \\")
    elif field.scalar is ScalarType.INT:
        item = (7, 7) if native == "SmallInt" else (123456, 123456)
    elif field.scalar is ScalarType.BIGINT:
        item = ("9007199254740993", 9007199254740993)
    elif field.scalar is ScalarType.FLOAT:
        item = (1.5, 1.5)
    elif field.scalar is ScalarType.DECIMAL:
        item = ("12.5", decimal.Decimal("12.5"))
    elif field.scalar is ScalarType.BOOLEAN:
        item = (True, True)
    elif field.scalar is ScalarType.DATETIME:
        if native == "Date":
            value = dt.datetime(2026, 11, 23, tzinfo=UTC)
        elif native in ("Time", "Timetz"):
            value = dt.datetime(1970, 1, 1, 3, 39, 6, 80000, tzinfo=UTC)
        else:
            value = SAMPLE_TIME
        item = (value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z", value)
    elif field.scalar is ScalarType.JSON:
        item = (SAMPLE_JSON, SAMPLE_JSON)
    elif field.scalar is ScalarType.BYTES:
        item = (base64.b64encode(SAMPLE_BYTES).decode(), SAMPLE_BYTES)
    else:  # pragma: no cover
        raise AssertionError(field)
    if field.is_list:
        return [item[0], item[0]], [item[1], item[1]]
    return item


def python_value(model_cls, name: str, value: Any) -> Any:
    """The sample's Python value as the model holds it (enum members instead of names)."""
    annotation = model_cls.model_fields[name].annotation
    args = [arg for arg in getattr(annotation, "__args__", (annotation,)) if arg is not type(None)]
    enum_cls = next((a for a in args if isinstance(a, type) and hasattr(a, "from_db")), None)
    if enum_cls is None:
        return value
    if isinstance(value, list):
        return [enum_cls(item) for item in value]
    return enum_cls(value)


def _idents(model_cls) -> dict[str, str]:
    """Prisma name -> Python attribute."""
    return {(info.alias or name): name for name, info in model_cls.model_fields.items()}


@pytest.mark.parametrize(("case", "provider"), CASES, ids=lambda v: v)
def test_package_imports_validates_and_round_trips(case, provider, tmp_path, request):
    schema, config, files = rendered_fixture(case, provider)
    package = package_name(case, provider)
    write_package(files, tmp_path, package)
    server = import_package(tmp_path, package)
    assert server.PROVIDER == provider
    assert set(server.models.MODELS) == {model.name for model in schema.models}
    assert set(server.tables.tables) == {model.name for model in schema.models}
    assert set(server.tables.join_tables) == {join.name for join in schema.join_tables}

    records = {}
    for model in schema.models:
        model_cls = server.models.MODELS[model.name]
        wire_record = {field.name: sample(field, schema)[0] for field in model.fields}
        obj = model_cls.model_validate_json(json.dumps(wire_record))
        assert obj.model_dump(mode="json") == wire_record
        assert json.loads(obj.model_dump_json()) == wire_record
        idents = _idents(model_cls)
        for field in model.fields:
            expected = python_value(model_cls, idents[field.name], sample(field, schema)[1])
            assert getattr(obj, idents[field.name]) == expected, field.name
        # The same record parsed beforehand (as web frameworks do) validates in Python mode.
        assert model_cls.model_validate(wire_record) == obj
        # Optional fields accept null.
        nulls = {f.name: None for f in model.fields if f.is_optional}
        model_cls.model_validate_json(json.dumps({**wire_record, **nulls}))
        with pytest.raises(pydantic.ValidationError):
            model_cls.model_validate_json(json.dumps({**wire_record, "notAField": 1}))
        records[model.name] = obj

    if provider == "sqlite":
        url = f"sqlite:///{tmp_path / 'db.sqlite'}"
        no_fk_checks = "PRAGMA foreign_keys = OFF"
    else:
        pg = request.getfixturevalue("pg_server")
        url = pg.create_database(package.lower())
        no_fk_checks = "SET session_replication_role = replica"
    server.create_tables(url)
    server.create_tables(url)  # idempotent: only what is missing
    engine = server.create_engine(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(no_fk_checks)
            for name, obj in records.items():
                conn.execute(server.tables.tables[name].insert().values(obj.model_dump()))
            conn.commit()
        with engine.connect() as conn:
            for name, obj in records.items():
                table = server.tables.tables[name]
                row = conn.execute(sa.select(table)).one()
                # Rows are keyed by column (database) name; columns' keys are the Prisma names.
                stored = {column.key: row._mapping[column] for column in table.c}
                back = server.models.MODELS[name].model_validate(stored)
                assert back == obj, name
    finally:
        engine.dispose()


@cache
def shared_params(name: str) -> dict | None:
    """The captured request for a shared schema (runs the Prisma CLI), or None without node."""
    import tempfile

    if node_tooling_missing():
        return None
    spec = importlib.util.spec_from_file_location(
        "_pyb_capture", REPO / "tools" / "capture_params.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the module need it registered
    spec.loader.exec_module(module)
    schema_dir = Path(tempfile.mkdtemp(prefix=f"pyb-{name}-")) / "fixture"
    schema_dir.mkdir()
    schema = schema_dir / "schema.prisma"
    schema.write_text(with_dart_generator((SHARED_SCHEMAS / f"{name}.prisma").read_text()))
    return concretize(module.run_capture(schema), schema_dir)


@pytest.mark.e2e
@pytest.mark.parametrize("name", shared_schema_names())
def test_shared_schema_renders_and_creates(name, tmp_path, request):
    raw = shared_params(name)
    if raw is None:
        pytest.skip(node_tooling_missing())
    provider = raw["datasources"][0]["provider"]
    package = package_name(name, provider)
    try:
        schema, _config, files = render_params(raw, tmp_path, provider, package)
    except GeneratorError as exc:
        if "cannot be generated" in str(exc) and "@id" in str(exc):
            pytest.xfail(f"the IR refuses the schema: {exc}")
        raise
    root = tmp_path / "pkgs"
    write_package(files, root, package)
    result = ruff_check([root / package])
    assert result.returncode == 0, result.stdout
    for path, content in files.items():
        if path.suffix == ".py" and path.parts[0] != "runtime":
            text = content.decode()
            assert backend.format_python(text, str(path)) == text
    server = import_package(root, package)
    if provider == "sqlite":
        url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    else:
        url = request.getfixturevalue("pg_server").create_database(package.lower())
    server.create_tables(url)
    engine = server.create_engine(url)
    try:
        names = set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {m.table for m in schema.models} | {j.name for j in schema.join_tables} <= names


@pytest.mark.parametrize("case", ["scalars_sqlite", "relations", "enums_sqlite", "defaults"])
def test_mysql_ddl_follows_prisma_storage(case, tmp_path):
    """MySQL cannot be checked against Prisma's DDL offline (the wasm engine refuses it): check
    that the tables compile to the types of prisma-storage.md."""
    from sqlalchemy.dialects import mysql
    from sqlalchemy.schema import CreateIndex, CreateTable

    _schema, _config, files = rendered_fixture(case, "mysql")
    package = package_name(case, "mysql")
    write_package(files, tmp_path, package)
    server = import_package(tmp_path, package)
    dialect = mysql.dialect()
    ddl = ""
    for table in server.tables.metadata.sorted_tables:
        ddl += str(CreateTable(table).compile(dialect=dialect))
        ddl += "".join(f"{CreateIndex(i).compile(dialect=dialect)};\n" for i in table.indexes)
    if case == "scalars_sqlite":
        for expected in (
            "id INTEGER NOT NULL AUTO_INCREMENT",
            "string VARCHAR(191) NOT NULL",
            "`bigInt` BIGINT NOT NULL",
            "`float` DOUBLE NOT NULL",
            "`decimal` NUMERIC(65, 30) NOT NULL",
            "boolean BOOL NOT NULL",
            "`dateTime` DATETIME(3) NOT NULL",
            "json JSON NOT NULL",
            "bytes LONGBLOB NOT NULL",
        ):
            assert expected in ddl
    if case == "defaults":
        assert "`intNegative` INTEGER NOT NULL DEFAULT -7," in ddl
        assert "`createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)" in ddl
        assert "level ENUM('LOW','high') NOT NULL DEFAULT 'LOW'" in ddl
    if case == "relations":
        assert "CREATE UNIQUE INDEX `_PostToTag_AB_unique` ON `_PostToTag` (`A`, `B`)" in ddl
        assert "ON DELETE CASCADE ON UPDATE CASCADE" in ddl


# --- naming --------------------------------------------------------------------------------------


def test_escape_rule():
    assert naming.escape("class") == "class_"
    assert naming.escape("None") == "None_"
    assert naming.escape("json", naming.BASEMODEL_MEMBERS) == "json_"
    assert naming.escape("model_dump", naming.BASEMODEL_MEMBERS) == "model_dump_"
    assert naming.escape("email", naming.BASEMODEL_MEMBERS) == "email"
    # Soft keywords are identifiers: not escaped for that (type is a builtin at module level).
    for soft in ("match", "case", "type"):
        assert naming.escape(soft, naming.BASEMODEL_MEMBERS) == soft
    module = naming.module_namespace("models", "model")
    assert module.add("list") == "list_"
    assert module.add("type") == "type_"
    assert module.add("MODELS") == "MODELS_"
    assert module.add("User") == "User"
    tables = naming.module_namespace("tables", "model")
    assert [tables.add(n) for n in ("metadata", "sa", "rt", "Post")] == [
        "metadata_",
        "sa_",
        "rt_",
        "Post",
    ]
    members = naming.enum_member_namespace("Role")
    assert [members.add(n) for n in ("name", "value", "db_value", "ADMIN")] == [
        "name_",
        "value_",
        "db_value_",
        "ADMIN",
    ]


def test_basemodel_member_list_covers_installed_pydantic():
    public = {name for name in dir(pydantic.BaseModel) if not name.startswith("_")}
    assert public <= naming.BASEMODEL_MEMBERS


def test_builtin_list_covers_running_python():
    import builtins

    public = {name for name in dir(builtins) if not name.startswith("_")}
    assert public <= naming.BUILTINS


def test_unicode_identifiers_are_nfkc():
    fields = naming.field_namespace("M")
    assert fields.add("café") == "café"
    assert fields.add("ﬁle") == "file"  # Python reads the ligature as `file`: alias needed
    with pytest.raises(GeneratorError) as info:
        fields.add("file")
    assert (info.value.model, info.value.field) == ("M", "file")


def test_collision_after_escaping_is_a_located_error():
    fields = naming.field_namespace("Account")
    with pytest.raises(GeneratorError) as info:
        fields.reserve_all(["json", "json_"])
    assert info.value.model == "Account" and info.value.field == "json"
    assert "json_" in str(info.value) and str(info.value).startswith(
        "prisma-dart-gen: Account.json:"
    )


def test_reserve_all_does_not_depend_on_order():
    for order in (["class", "class_"], ["class_", "class"]):
        with pytest.raises(GeneratorError) as info:
            naming.field_namespace("M").reserve_all(order)
        assert info.value.field == "class"


def test_bad_collision_in_a_schema_raises_a_located_error():
    schema, config, _ = rendered_fixture("minimal", "sqlite")
    user = schema.model("User")
    email = user.field("email")
    extra = (
        dataclasses.replace(email, name="copy", column="copy", is_unique=False),
        dataclasses.replace(email, name="copy_", column="copy_", is_unique=False),
    )
    bad_user = dataclasses.replace(user, fields=user.fields + extra, unique_indexes=())
    bad = dataclasses.replace(
        schema, models=tuple(bad_user if m.name == "User" else m for m in schema.models)
    )
    with pytest.raises(GeneratorError) as info:
        backend.render_package(bad, config)
    assert (info.value.model, info.value.field) == ("User", "copy")


def test_package_directory_must_be_an_identifier():
    schema, config, _ = rendered_fixture("minimal", "sqlite")
    bad = config.model_copy(update={"server_output": config.server_output.parent / "db-sync"})
    with pytest.raises(GeneratorError, match="serverOutput"):
        backend.render_package(schema, bad)


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        'quo"te',
        "back\\slash",
        "new\nline\ttab\r",
        "é 漢字 😀",
        "\x00\x7f\u200d\u2028",
        "'",
    ],
)
def test_py_str_round_trips(text):
    literal = naming.py_str(text)
    assert eval(literal) == text  # noqa: S307 - a literal we built
    assert "\n" not in literal and "\u2028" not in literal


def test_docstring_and_comments_are_safe():
    body = naming.docstring('Say """hi""" \\ and end with "')
    assert eval(f'"""{body}"""') == 'Say """hi""" \\ and end with " '  # noqa: S307
    assert naming.comment_lines("a\nb \\ 'q' \"d\"\n") == ("# a", "# b \\ 'q' \"d\"")
    assert naming.docstring("   ") is None and naming.comment_lines("") == ()


def test_reserved_names_fixture_escapes_and_keeps_prisma_names(tmp_path):
    _schema, _config, files = rendered_fixture("reserved_names", "postgresql")
    package = package_name("reserved_names", "postgresql")
    write_package(files, tmp_path, package)
    server = import_package(tmp_path, package)
    cls = server.models.Class
    assert cls.model_fields["class_"].alias == "class"
    assert cls.model_fields["json_"].alias == "json"
    assert cls.model_fields["model_dump_"].alias == "model_dump"
    assert "type" in cls.model_fields and "match" not in cls.model_fields
    assert server.models.MODELS["None"].__name__ == "None_"
    role = server.enums.ENUMS["Type"]
    assert role.class_.value == "class" and role.name_.value == "name"
    assert role("None") is role.None_
    assert server.tables.tables["Class"].c["class"].name == "class"


# --- sqltypes ------------------------------------------------------------------------------------


def test_default_literal_helpers():
    assert sqltypes.rust_float(2.0) == "2"
    assert sqltypes.rust_float(1e-06) == "0.000001"
    assert sqltypes.rust_float(-0.5) == "-0.5"
    assert sqltypes.rust_float(1e21) == "1000000000000000000000"
    assert (
        sqltypes.chrono_datetime("2020-01-02T03:04:05.678+00:00")
        == "2020-01-02 03:04:05.678 +00:00"
    )
    assert sqltypes.chrono_datetime("1970-01-01T00:00:00Z") == "1970-01-01 00:00:00 +00:00"
    assert sqltypes.chrono_datetime("2020-01-02T03:04:05.000123-02:30") == (
        "2020-01-02 03:04:05.000123 -02:30"
    )
    assert sqltypes.sql_string("it's") == "'it''s'"
    assert pg_operator_class("ArrayOps") == "array_ops"
    assert pg_operator_class("JsonbPathOps") == "jsonb_path_ops"
    assert pg_operator_class("Int4MinMaxMultiOps") == "int4_minmax_multi_ops"
    assert pg_operator_class("text_pattern_ops") == "text_pattern_ops"


_DEFAULT_CLAUSE = re.compile(r'^\s+"([^"]+)" [^\n]*? DEFAULT (.*?),?$', re.M)
_TABLE = re.compile(r'CREATE TABLE "([^"]+)" \((.*?)\n\);', re.S)


def prisma_defaults(sql: str) -> dict[tuple[str, str], str]:
    found = {}
    for table, body in _TABLE.findall(sql):
        for line in re.split(r",\n", body):
            match = re.match(r'\s*"([^"]+)" .*? DEFAULT (.*)$', line, re.S)
            if match:
                found[(table, match.group(1))] = match.group(2)
    return found


def our_defaults(server) -> dict[tuple[str, str], str]:
    found = {}
    for table in server.tables.metadata.tables.values():
        for column in table.columns:
            default = column.server_default
            if isinstance(default, sa.DefaultClause):
                found[(table.name, column.name)] = re.sub(r"\r\n?", "\n", default.arg.text)
    return found


# Differences with Prisma's DDL that are known and intended (see docs/server.md).
KNOWN_DEFAULT_DIFFERENCES = {
    # The DMMF sends Decimal defaults as JSON numbers: `1.50` arrives as 1.5.
    ("Literals", "decimal"): ("1.50", "1.5"),
    ("Literals", "decimalString"): ("12.3400", "12.34"),
    ("ListDefaults", "decimals"): (
        "ARRAY[1.10, 2]::DECIMAL(65,30)[]",
        "ARRAY[1.1, 2]::DECIMAL(65,30)[]",
    ),
}
SQLITE_JSON_COLUMNS = ("jsonObject", "jsonArray", "jsonString", "jsonNull", "optJson")


@pytest.mark.e2e
@pytest.mark.parametrize(
    "case", ["defaults", "defaults_postgres", "enums_sqlite", "enums_postgres"]
)
def test_defaults_are_the_ones_in_prismas_ddl(case, tmp_path, request):
    if node_tooling_missing():
        pytest.skip(node_tooling_missing())
    provider = own_provider(case)
    url = None
    if provider == "postgresql":
        url = request.getfixturevalue("pg_server").node_url()
    # prisma_ddl reads the script as text: universal newlines turn a `\r` inside a string
    # literal into `\n`, so compare with line ends normalized on both sides.
    sql = prisma_ddl(FIXTURES / case / "schema.prisma", url=url)
    theirs = prisma_defaults(sql)
    _schema, _config, files = rendered_fixture(case, provider)
    package = package_name(case, provider)
    write_package(files, tmp_path, package)
    ours = our_defaults(import_package(tmp_path, package))
    assert set(ours) == set(theirs)
    for key, text in sorted(theirs.items()):
        if key in KNOWN_DEFAULT_DIFFERENCES:
            assert (text, ours[key]) == KNOWN_DEFAULT_DIFFERENCES[key]
        elif provider == "sqlite" and key[1] in SQLITE_JSON_COLUMNS:
            # Prisma writes Json defaults unquoted on SQLite, which SQLite rejects (or, for a
            # JSON string, stores without its quotes); we write the JSON text as a string.
            assert ours[key] == sqltypes.sql_string(text)
        else:
            assert ours[key] == text, key


# --- the static runtime, tested as files ---------------------------------------------------------


@cache
def runtime():
    """templates/python/runtime imported as the package `_pyb_runtime`."""
    root = TEMPLATES / "python" / "runtime"
    spec = importlib.util.spec_from_file_location(
        "_pyb_runtime", root / "__init__.py", submodule_search_locations=[str(root)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    for name in ("enums", "types", "wire", "engine"):
        importlib.import_module(f"_pyb_runtime.{name}")
    return module


def color_enum():
    enums = runtime().enums

    class Color(enums.PrismaEnum):
        RED = ("RED", "red")
        GREEN = ("GREEN", "GREEN")

    return Color


def test_prisma_enum():
    color = color_enum()
    assert color.RED.value == "RED" and color.RED.db_value == "red"
    assert color("RED") is color.RED and color.from_db("red") is color.RED
    with pytest.raises(ValueError):
        color.from_db("RED")
    assert runtime().enums.db_values(color) == ["red", "GREEN"]


def sqlite_round_trip(tmp_path: Path, type_: Any, value: Any, name: str = "t"):
    """Store `value` in a one-column SQLite table; (raw stored value, typeof, value read back)."""
    rt = runtime()
    metadata = sa.MetaData()
    table = sa.Table(name, metadata, sa.Column("v", type_))
    path = tmp_path / f"{name}.db"
    engine = rt.engine.create_engine(f"sqlite:///{path}", provider="sqlite")
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(table.insert().values(v=value))
    with engine.connect() as conn:
        back = conn.execute(sa.select(table.c.v)).scalar_one()
    engine.dispose()
    raw, kind = sqlite3.connect(path).execute(f"SELECT v, typeof(v) FROM {name}").fetchone()
    return raw, kind, back


def test_sqlite_datetime_iso8601(tmp_path):
    types = runtime().types
    moment = dt.datetime(2026, 11, 23, 4, 39, 6, 80999, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    raw, kind, back = sqlite_round_trip(tmp_path, types.SqliteDateTime("iso8601"), moment)
    assert (raw, kind) == ("2026-11-23T03:39:06.080+00:00", "text")
    assert raw == moment.astimezone(UTC).isoformat(timespec="milliseconds")
    assert back == dt.datetime(2026, 11, 23, 3, 39, 6, 80000, tzinfo=UTC)
    assert back.tzinfo == UTC


def test_sqlite_datetime_unixepoch_ms(tmp_path):
    types = runtime().types
    raw, kind, back = sqlite_round_trip(tmp_path, types.SqliteDateTime("unixepoch-ms"), SAMPLE_TIME)
    assert (raw, kind) == (1795405146080, "integer")
    assert back == SAMPLE_TIME
    with pytest.raises(ValueError):
        types.SqliteDateTime("epoch")


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("2026-11-23T03:39:06.080+00:00", SAMPLE_TIME),
        ("2026-11-23T03:39:06.080Z", SAMPLE_TIME),
        ("2026-11-23T05:39:06.080+02:00", SAMPLE_TIME),
        ("2026-11-23 03:39:06.080 +00:00", SAMPLE_TIME),  # Prisma's DDL default format
        ("2026-11-23 03:39:06", SAMPLE_TIME.replace(microsecond=0)),  # CURRENT_TIMESTAMP
        ("2026-11-23", dt.datetime(2026, 11, 23, tzinfo=UTC)),
        (1795405146080, SAMPLE_TIME),
    ],
)
def test_sqlite_datetime_reads_what_prisma_and_sqlite_write(stored, expected):
    types = runtime().types
    for storage in ("iso8601", "unixepoch-ms"):
        assert types.SqliteDateTime(storage).process_result_value(stored, None) == expected


def test_naive_datetimes_are_refused(tmp_path):
    types = runtime().types
    with pytest.raises(sa.exc.StatementError, match="naive"):
        sqlite_round_trip(tmp_path, types.SqliteDateTime(), dt.datetime(2026, 1, 1))


def test_sqlite_decimal_is_stored_as_a_float(tmp_path):
    types = runtime().types
    raw, kind, back = sqlite_round_trip(tmp_path, types.SqliteDecimal(), decimal.Decimal("0.1"))
    assert (raw, kind, back) == (0.1, "real", decimal.Decimal("0.1"))
    # Precision beyond a double is lost, exactly as with Prisma Client.
    *_, back = sqlite_round_trip(
        tmp_path, types.SqliteDecimal(), decimal.Decimal("1.00000000000000001"), "t2"
    )
    assert back == decimal.Decimal("1.0")


def test_sqlite_json_is_compact_text(tmp_path):
    types = runtime().types
    value = {"a": 1, "b": [True, None], "é": "x"}
    raw, kind, back = sqlite_round_trip(tmp_path, types.SqliteJson(), value)
    assert (raw, kind, back) == ('{"a":1,"b":[true,null],"é":"x"}', "text", value)
    raw, kind, back = sqlite_round_trip(tmp_path, types.SqliteJson(), types.JSON_NULL, "t2")
    assert (raw, kind, back) == ("null", "text", None)
    raw, kind, back = sqlite_round_trip(tmp_path, types.SqliteJson(), None, "t3")
    assert (raw, kind, back) == (None, "null", None)


def test_sqlite_json_numbers_come_back_from_numeric_affinity(tmp_path):
    # The JSONB column has NUMERIC affinity: SQLite turns the text `42` into an integer.
    types = runtime().types
    for index, value in enumerate((42, 1.5, -7, "42", [1], True)):
        raw, kind, back = sqlite_round_trip(tmp_path, types.SqliteJson(), value, f"n{index}")
        assert back == value and type(back) is type(value), (value, raw, kind)


def test_decimals_go_on_the_wire_as_prisma_prints_them():
    wire = runtime().wire

    class Row(wire.WireModel):
        amount: wire.Decimal

    def text(value: str) -> str:
        return Row(amount=decimal.Decimal(value)).model_dump(mode="json")["amount"]

    # PostgreSQL's DECIMAL(65,30) reads back padded; decimal.js prints the shortest form.
    assert text("3.750000000000000000000000000000") == "3.75"
    assert text("0E-30") == "0"
    assert text("100") == "100"
    assert text("1.000000000000000000000000000001") == "1.000000000000000000000000000001"


def test_sqlite_scalars_store_like_prisma(tmp_path):
    assert sqlite_round_trip(tmp_path, sa.Boolean(), True, "b")[:2] == (1, "integer")
    assert sqlite_round_trip(tmp_path, sa.BigInteger(), 2**63 - 1, "i") == (
        2**63 - 1,
        "integer",
        2**63 - 1,
    )
    assert sqlite_round_trip(tmp_path, sa.LargeBinary(), SAMPLE_BYTES, "y") == (
        SAMPLE_BYTES,
        "blob",
        SAMPLE_BYTES,
    )
    assert sqlite_round_trip(tmp_path, sa.REAL(), 1.5, "f") == (1.5, "real", 1.5)


def test_enum_text_stores_the_mapped_value(tmp_path):
    types = runtime().types
    color = color_enum()
    assert sqlite_round_trip(tmp_path, types.EnumText(color), color.RED) == (
        "red",
        "text",
        color.RED,
    )
    with pytest.raises(sa.exc.StatementError):
        sqlite_round_trip(tmp_path, types.EnumText(color), "RED", "t2")


def test_sql_defaults_are_verbatim_on_sqlite(tmp_path):
    types = runtime().types
    metadata = sa.MetaData()
    sa.Table(
        "d",
        metadata,
        sa.Column("n", sa.Integer(), server_default=types.SQL("-7")),
        sa.Column("s", sa.Text(), server_default=types.SQL("'a :b %s'")),
        sa.Column("e", sa.Text(), server_default=types.SQL("(lower(hex(randomblob(16))))")),
        sa.Column("t", sa.Text(), server_default=sa.text("'x'")),
    )
    engine = runtime().engine.create_engine(f"sqlite:///{tmp_path / 'd.db'}", provider="sqlite")
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO d DEFAULT VALUES")
        row = conn.exec_driver_sql("SELECT n, s, length(e) FROM d").one()
        sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'd'").scalar()
    engine.dispose()
    assert tuple(row) == (-7, "a :b %s", 32)
    assert "DEFAULT -7" in sql and "DEFAULT 'a :b %s'" in sql
    assert "DEFAULT (lower(hex(randomblob(16))))" in sql


def test_engine_settings_and_urls(tmp_path):
    engine_mod = runtime().engine
    engine = engine_mod.create_engine(f"sqlite:///{tmp_path / 'e.db'}", provider="sqlite")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
    url, args = engine_mod.database_url("file:./dev.db")
    assert str(url) == "sqlite:///./dev.db" and args == {}
    url, args = engine_mod.database_url("postgresql://u@h:5432/db?schema=app&connection_limit=5")
    assert url.drivername == "postgresql+psycopg" and dict(url.query) == {}
    assert args == {"options": "-c search_path=app"}
    with pytest.raises(ValueError, match="generated for sqlite"):
        engine_mod.create_engine("postgresql://u@h/db", provider="sqlite")


# --- wire types ----------------------------------------------------------------------------------


def wire_model():
    wire = runtime().wire

    class Record(wire.WireModel):
        s: wire.String
        i: wire.Int
        f: wire.Float
        b: wire.Boolean
        big: wire.BigInt
        d: wire.Decimal
        t: wire.DateTime
        j: wire.Json
        y: wire.Bytes
        class_: wire.String | None = pydantic.Field(alias="class")

    return Record


WIRE = {
    "s": "x",
    "i": -5,
    "f": 2.5,
    "b": False,
    "big": "-9223372036854775808",
    "d": "0.000000000000000000000000000001",
    "t": "2026-11-23T03:39:06.080Z",
    "j": [1, {"a": None}],
    "y": "AP9oZWxsbw==",
    "class": None,
}


def test_wire_encoding_round_trips():
    record = wire_model().model_validate_json(json.dumps(WIRE))
    assert record.big == -(2**63) and record.d == decimal.Decimal("1E-30")
    assert record.t == SAMPLE_TIME and record.y == SAMPLE_BYTES and record.class_ is None
    assert json.loads(record.model_dump_json()) == WIRE
    assert record.model_dump()["big"] == -(2**63)
    # Offsets are converted to UTC; output always has milliseconds and Z.
    other = wire_model().model_validate({**WIRE, "t": "2026-11-23T05:39:06.08+02:00"})
    assert other.model_dump(mode="json")["t"] == "2026-11-23T03:39:06.080Z"


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("i", "1"),
        ("i", 2**31),
        ("b", 1),
        ("s", 5),
        ("big", 5),  # JSON numbers lose precision in JavaScript: BigInt travels as a string
        ("big", "1.5"),
        ("big", str(2**63)),
        ("d", 1.5),
        ("d", "NaN"),
        ("t", "2026-11-23T03:39:06.080"),  # no offset
        ("t", "2026-11-23"),
        ("y", "not base64!"),
    ],
)
def test_wire_types_are_strict(field, bad):
    with pytest.raises(pydantic.ValidationError):
        wire_model().model_validate_json(json.dumps({**WIRE, field: bad}))


def test_wire_python_mode_takes_python_values():
    record = wire_model().model_validate(
        {**WIRE, "big": 5, "d": decimal.Decimal("1.25"), "t": SAMPLE_TIME, "y": b"\x01"}
    )
    assert (record.big, record.d, record.y) == (5, decimal.Decimal("1.25"), b"\x01")
    with pytest.raises(pydantic.ValidationError):
        wire_model().model_validate({**WIRE, "t": dt.datetime(2026, 1, 1)})  # naive


# --- PostgreSQL runtime --------------------------------------------------------------------------


@pytest.fixture
def pg_engine(pg_server, request):
    name = re.sub(r"\W", "_", f"rt_{request.node.name}")[:60].lower()
    url = pg_server.create_database(name)
    engine = runtime().engine.create_engine(url, provider="postgresql")
    yield engine
    engine.dispose()


@pytest.mark.postgres
def test_pg_session_time_zone_is_utc(pg_engine):
    with pg_engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW TIME ZONE").scalar() == "UTC"


@pytest.mark.postgres
def test_pg_types_round_trip(pg_engine):
    from sqlalchemy.dialects import postgresql

    types = runtime().types
    color = color_enum()
    metadata = sa.MetaData()
    color_type = types.pg_enum(color, "color_type", metadata)
    types.pg_enum(color_enum(), "unused_type", metadata)  # created although no column uses it
    table = sa.Table(
        "t",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("ts", types.PgDateTime(precision=3)),
        sa.Column("tstz", types.PgDateTime(precision=6, timezone=True)),
        sa.Column("day", types.PgDate()),
        sa.Column("clock", types.PgTime(precision=3)),
        sa.Column("num", sa.Numeric(65, 30)),
        sa.Column("doc", postgresql.JSONB(none_as_null=True)),
        sa.Column("blob", postgresql.BYTEA()),
        sa.Column("color", color_type),
        sa.Column("colors", postgresql.ARRAY(color_type)),
        sa.Column("times", postgresql.ARRAY(types.PgDateTime(precision=3))),
        sa.Column("nums", postgresql.ARRAY(sa.Numeric(65, 30))),
        sa.Column("counter", types.Serial(), server_default=sa.FetchedValue()),
        sa.Column("dflt", sa.Text(), server_default=types.SQL("'50%: ok'")),
    )
    metadata.create_all(pg_engine)
    values = {
        "ts": SAMPLE_TIME,
        "tstz": SAMPLE_TIME.astimezone(dt.timezone(dt.timedelta(hours=-5))),
        "day": dt.datetime(2026, 11, 23, tzinfo=UTC),
        "clock": dt.datetime(1970, 1, 1, 3, 39, 6, 80000, tzinfo=UTC),
        "num": decimal.Decimal("12.5"),
        "doc": SAMPLE_JSON,
        "blob": SAMPLE_BYTES,
        "color": color.RED,
        "colors": [color.GREEN, color.RED],
        "times": [SAMPLE_TIME],
        "nums": [decimal.Decimal("1.5")],
    }
    with pg_engine.begin() as conn:
        conn.execute(table.insert().values(values))
        conn.execute(table.insert().values(doc=types.JSON_NULL))
    with pg_engine.connect() as conn:
        first, second = conn.execute(sa.select(table).order_by(table.c.id)).all()
        raw = conn.exec_driver_sql(
            "SELECT ts::text, tstz::text, color::text, doc IS NULL FROM t ORDER BY id"
        ).all()
        enums = {e["name"]: e["labels"] for e in sa.inspect(conn).get_enums()}
        column_types = dict(
            conn.exec_driver_sql(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name='t'"
            ).all()
        )
    row = first._mapping
    for key, value in values.items():
        assert row[key] == value, key
    assert row["counter"] == 1 and row["dflt"] == "50%: ok"
    assert second._mapping["doc"] is None and raw[1][3] is False  # JSON null, not SQL NULL
    # The UTC wall clock in TIMESTAMP(3); the stored value is the mapped enum value.
    assert raw[0][:3] == ("2026-11-23 03:39:06.08", "2026-11-23 03:39:06.08+00", "red")
    assert enums == {"color_type": ["red", "GREEN"], "unused_type": ["red", "GREEN"]}
    assert column_types["counter"] == "integer"


@pytest.mark.postgres
def test_pg_naive_datetime_refused(pg_engine):
    types = runtime().types
    metadata = sa.MetaData()
    table = sa.Table("n", metadata, sa.Column("ts", types.PgDateTime(precision=3)))
    metadata.create_all(pg_engine)
    with pytest.raises(sa.exc.StatementError, match="naive"), pg_engine.begin() as conn:
        conn.execute(table.insert().values(ts=dt.datetime(2026, 1, 1)))
