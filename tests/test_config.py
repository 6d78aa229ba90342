"""The generator block's keys: defaults, resolution, and one error listing every bad key."""

from __future__ import annotations

from pathlib import Path

import pytest

from prisma_dart_gen.config import SqliteDateTimeFormat, load_config
from prisma_dart_gen.errors import GeneratorError

SCHEMA_DIR = Path("/project/prisma")


def test_defaults_and_path_resolution():
    config = load_config(
        {"serverOutput": "../server/db_sync"}, "/project/app/packages/my-db", SCHEMA_DIR
    )
    assert config.output == Path("/project/app/packages/my-db")
    assert config.package_name == "my_db"
    assert config.server_output == Path("/project/server/db_sync")
    assert config.sync_scope is None
    assert config.sqlite_datetime_format is SqliteDateTimeFormat.ISO8601


def test_every_key_accepted():
    config = load_config(
        {
            "packageName": "app_db",
            "serverOutput": "/abs/db_sync",
            "syncScope": "Organization",
            "sqliteDateTimeFormat": "unixepoch-ms",
        },
        "/x/out",
        SCHEMA_DIR,
    )
    assert config.package_name == "app_db"
    assert config.server_output == Path("/abs/db_sync")
    assert config.sync_scope == "Organization"
    assert config.sqlite_datetime_format is SqliteDateTimeFormat.UNIXEPOCH_MS


def test_every_bad_key_is_reported_at_once():
    with pytest.raises(GeneratorError) as info:
        load_config(
            {
                "pakageName": "x",
                "sqliteDateTimeFormat": "epoch",
                "packageName": "Bad-Name",
                "serverOutput": ["a", "b"],
            },
            "/x/out",
            SCHEMA_DIR,
        )
    message = str(info.value)
    assert message.startswith("prisma-dart-gen: invalid generator config")
    assert "pakageName: unknown key" in message
    assert "serverOutput: expected a single string" in message
    # Allowed keys are listed so the user can fix a typo without opening the docs.
    for key in ("packageName", "serverOutput", "syncScope", "sqliteDateTimeFormat"):
        assert key in message


def test_value_errors_name_the_key():
    with pytest.raises(GeneratorError) as info:
        load_config({"sqliteDateTimeFormat": "epoch", "packageName": "class"}, "/x/out", SCHEMA_DIR)
    message = str(info.value)
    assert "sqliteDateTimeFormat:" in message and "'iso8601'" in message
    assert "packageName: 'class' is not a valid pub package name" in message


def test_derived_package_name_that_is_invalid_says_to_set_it():
    with pytest.raises(GeneratorError) as info:
        load_config({}, "/x/switch", SCHEMA_DIR)
    assert "derived from the output directory 'switch'" in str(info.value)


def test_leading_digit_output_dir_gets_a_valid_name():
    assert load_config({}, "/x/2fa-db", SCHEMA_DIR).package_name == "db_2fa_db"


def test_server_output_must_be_an_importable_name():
    with pytest.raises(GeneratorError) as info:
        load_config({"serverOutput": "../db-sync"}, "/x/out", SCHEMA_DIR)
    assert "serverOutput" in str(info.value) and "valid Python identifier" in str(info.value)


def test_missing_output():
    with pytest.raises(GeneratorError) as info:
        load_config({}, None, SCHEMA_DIR)
    assert "output: missing" in str(info.value)
