"""The sync plan: which models sync, their scope paths, offline creates, and schemaVersion."""

from __future__ import annotations

import subprocess
import sys

import pytest

from prisma_dart_gen.dmmf import GenerateParams
from prisma_dart_gen.errors import GeneratorError
from prisma_dart_gen.generate import plan
from prisma_dart_gen.ir.build import build_schema
from prisma_dart_gen.ir.sync import plan_sync
from prisma_dart_gen.sync_models import BOOKKEEPING_MODELS, SYNC_MODELS_SNIPPET
from tests.support.params import load_params


@pytest.fixture
def sync_params(tmp_path):
    return load_params("sync", tmp_path)


def sync_plan(params):
    return plan_sync(build_schema(GenerateParams.model_validate(params)), "User")


def test_scope_paths(sync_params):
    sync = sync_plan(sync_params)
    paths = {m.name: [(h.model, h.relation, h.target) for h in m.path] for m in sync.models}
    assert paths == {
        "User": [],
        "Profile": [("Profile", "user", "User")],
        "Post": [("Post", "author", "User")],
        "Comment": [("Comment", "post", "Post"), ("Post", "author", "User")],
        "Draft": [("Draft", "owner", "User")],  # the optional `reviewer` is not a scope path
        "AuditEntry": [("AuditEntry", "user", "User")],
    }
    assert sync.scope_key == "id"
    assert [s.model for s in sync.local_only] == ["Tag"]


def test_links_sync_only_between_synced_models(sync_params):
    sync = sync_plan(sync_params)
    assert [(j.name, j.a_model, j.b_model) for j in sync.join_tables] == [
        ("_Bookmarks", "Post", "User")
    ]


def test_offline_create_needs_client_generated_or_app_given_keys(sync_params):
    sync = sync_plan(sync_params)
    assert sync.model("Post").offline_create  # uuid()
    assert sync.model("Comment").offline_create  # nanoid()
    assert not sync.model("AuditEntry").offline_create  # autoincrement()


def test_schema_version_is_stable_and_tracks_synced_fields(sync_params, tmp_path):
    first = sync_plan(sync_params).schema_version
    assert first == sync_plan(load_params("sync", tmp_path / "again")).schema_version
    post = next(m for m in sync_params["dmmf"]["datamodel"]["models"] if m["name"] == "Post")
    post["fields"] = [f for f in post["fields"] if f["name"] != "rating"]
    assert sync_plan(sync_params).schema_version != first
    # A change to a local-only model does not change what old clients and the server agree on.
    tag_changed = load_params("sync", tmp_path / "tag")
    tag = next(m for m in tag_changed["dmmf"]["datamodel"]["models"] if m["name"] == "Tag")
    tag["fields"] = [f for f in tag["fields"] if f["name"] != "label"]
    tag_changed["dmmf"]["datamodel"]["indexes"] = [
        i
        for i in tag_changed["dmmf"]["datamodel"]["indexes"]
        if i["model"] != "Tag" or i["type"] == "id"
    ]
    assert sync_plan(tag_changed).schema_version == first


def test_missing_bookkeeping_models_fail_with_the_snippet(sync_params):
    datamodel = sync_params["dmmf"]["datamodel"]
    datamodel["models"] = [m for m in datamodel["models"] if m["name"] != "SyncChange"]
    with pytest.raises(GeneratorError) as info:
        sync_plan(sync_params)
    assert "lacks the sync bookkeeping models (SyncChange)" in str(info.value)
    assert SYNC_MODELS_SNIPPET in str(info.value)


def test_altered_bookkeeping_models_are_named(sync_params):
    client = next(
        m for m in sync_params["dmmf"]["datamodel"]["models"] if m["name"] == "SyncClient"
    )
    for field in client["fields"]:
        if field["name"] == "lastMutationId":
            field["type"] = "Int"
    with pytest.raises(GeneratorError, match=r"SyncClient.lastMutationId: expected BigInt"):
        sync_plan(sync_params)


def test_unknown_scope_model(sync_params):
    sync_params["generator"]["config"]["syncScope"] = "Account"
    with pytest.raises(GeneratorError, match=r"syncScope: 'Account' is not a model"):
        plan(sync_params)


def test_bookkeeping_models_are_not_in_the_dart_client(sync_params):
    result = plan(sync_params)
    dart = result.outputs[result.config.output]
    models = {str(p) for p in dart if str(p).startswith("lib/src/models/")}
    assert "lib/src/models/post.dart" in models
    assert not any("sync_" in path for path in models), models
    assert set(BOOKKEEPING_MODELS) <= {m.name for m in result.schema.models}


def test_sync_models_command_prints_a_valid_snippet():
    out = subprocess.run(
        [sys.executable, "-m", "prisma_dart_gen", "sync-models"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out == SYNC_MODELS_SNIPPET
    for name in BOOKKEEPING_MODELS:
        assert f"model {name} {{" in out
