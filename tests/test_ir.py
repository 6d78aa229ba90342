"""Facts the IR derives from real captured requests (fixtures/*/params.json)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from prisma_dart_gen.dmmf import GenerateParams
from prisma_dart_gen.errors import GeneratorError
from prisma_dart_gen.ir.build import build_schema
from prisma_dart_gen.ir.model import (
    DefaultKind,
    FilledBy,
    Provider,
    ReferentialAction,
    RelationKind,
    Schema,
)
from tests.support.params import load_params


def schema_of(case: str, tmp_path) -> Schema:
    return build_schema(GenerateParams.model_validate(load_params(case, tmp_path)))


def relation(schema: Schema, model: str, name: str):
    return next(r for r in schema.model(model).relations if r.name == name)


def test_relation_shapes(tmp_path):
    schema = schema_of("relations", tmp_path)
    assert relation(schema, "User", "profile").kind is RelationKind.ONE_TO_ONE
    assert relation(schema, "Profile", "user").kind is RelationKind.ONE_TO_ONE
    assert relation(schema, "Profile", "user").holds_foreign_key
    assert not relation(schema, "User", "profile").holds_foreign_key
    assert relation(schema, "User", "posts").kind is RelationKind.ONE_TO_MANY
    author = relation(schema, "Post", "author")
    assert author.kind is RelationKind.MANY_TO_ONE
    assert (author.fields, author.references, author.back_relation) == (
        ("authorId",),
        ("id",),
        "posts",
    )
    # Several relations between the same two models are told apart by their relation name.
    assert relation(schema, "Post", "editor").back_relation == "editedPosts"
    assert relation(schema, "Post", "reviewer").back_relation == "reviewedPosts"
    # Self relations.
    mentor = relation(schema, "User", "mentor")
    assert mentor.is_self and mentor.back_relation == "mentee" and mentor.holds_foreign_key
    assert relation(schema, "Comment", "replies").kind is RelationKind.ONE_TO_MANY
    # Composite foreign key to a composite primary key.
    folder = relation(schema, "Document", "folder")
    assert folder.fields == ("folderOwner", "folderPath")
    assert folder.references == ("ownerId", "path")
    # A foreign key to a non-id unique field.
    assert relation(schema, "Invite", "inviter").references == ("email",)


def test_referential_actions_defaults_and_explicit(tmp_path):
    schema = schema_of("relations", tmp_path)
    author = relation(schema, "Comment", "author")  # required, nothing written
    assert (author.on_delete, author.on_update) == (
        ReferentialAction.RESTRICT,
        ReferentialAction.CASCADE,
    )
    owner = relation(schema, "Passport", "owner")  # optional, both written
    assert (owner.on_delete, owner.on_update) == (
        ReferentialAction.SET_NULL,
        ReferentialAction.SET_NULL,
    )
    editor = relation(schema, "Post", "editor")
    assert editor.on_delete is ReferentialAction.NO_ACTION
    reviewer = relation(schema, "Post", "reviewer")
    assert reviewer.on_delete is ReferentialAction.SET_DEFAULT
    (fk,) = [f for f in schema.model("Passport").foreign_keys]
    assert fk.constraint_name == "Passport_ownerId_fkey"
    assert (fk.on_delete.sql, fk.on_update.sql) == ("SET NULL", "SET NULL")


def test_implicit_many_to_many_tables_and_sides(tmp_path):
    schema = schema_of("relations", tmp_path)
    tables = {t.name: t for t in schema.join_tables}
    assert set(tables) == {"_PostToTag", "_Likes", "_Follows"}
    # A references the model whose name sorts first.
    assert (tables["_PostToTag"].a.model, tables["_PostToTag"].b.model) == ("Post", "Tag")
    assert relation(schema, "Post", "tags").join_column == "A"
    assert relation(schema, "Tag", "posts").join_column == "B"
    assert (tables["_Likes"].a.model, tables["_Likes"].b.model) == ("Post", "User")
    # Self m-n: the field whose name sorts first ("followers" < "following") is side A.
    assert relation(schema, "User", "followers").join_column == "A"
    assert relation(schema, "User", "following").join_column == "B"
    sqlite_table = tables["_PostToTag"]
    assert (sqlite_table.ab_key_name, sqlite_table.ab_key_is_primary) == (
        "_PostToTag_AB_unique",
        False,
    )
    assert sqlite_table.b_index_name == "_PostToTag_B_index"
    assert sqlite_table.a.constraint_name == "_PostToTag_A_fkey"
    pg = {t.name: t for t in schema_of("relations_postgres", tmp_path / "pg").join_tables}
    assert (pg["_PostToTag"].ab_key_name, pg["_PostToTag"].ab_key_is_primary) == (
        "_PostToTag_AB_pkey",
        True,
    )


def test_keys_and_indexes(tmp_path):
    schema = schema_of("relations", tmp_path)
    folder = schema.model("Folder")
    assert folder.primary_key.fields == ("ownerId", "path")
    assert folder.primary_key.api_name == "ownerId_path" and folder.primary_key.is_composite
    document = schema.model("Document")
    uniques = {index.api_name: index for index in document.unique_indexes}
    assert uniques["slug_version"].constraint_name == "Document_slug_version_key"
    assert uniques["slugInFolder"].fields == ("folderOwner", "folderPath", "slug")
    assert {i.constraint_name for i in document.indexes} == {
        "Document_kind_idx",
        "Document_folderOwner_folderPath_idx",
    }
    assert schema.model("User").field("email").is_unique
    assert not schema.model("Post").field("title").is_unique


def test_mapped_names(tmp_path):
    schema = schema_of("mapped_names_postgres", tmp_path)
    users = next(m for m in schema.models if m.name == "User")
    assert users.table != users.name
    assert users.primary_key.constraint_name == "pk_users"
    assert users.field("email").column == "email_address"
    post = schema.model("Post")
    (fk,) = [f for f in post.foreign_keys if f.constraint_name == "fk_posts_author"]
    assert fk.referenced_table == users.table


def test_defaults_are_classified(tmp_path):
    schema = schema_of("defaults", tmp_path)
    defaults = {
        (model.name, field.name): field.default
        for model in schema.models
        for field in model.fields
        if field.default is not None
    }
    kinds = {d.kind for d in defaults.values()}
    assert {
        DefaultKind.AUTOINCREMENT,
        DefaultKind.NOW,
        DefaultKind.UUID,
        DefaultKind.CUID,
        DefaultKind.NANOID,
        DefaultKind.ULID,
        DefaultKind.LITERAL,
    } <= kinds
    for default in defaults.values():
        database = default.kind in (DefaultKind.AUTOINCREMENT, DefaultKind.DBGENERATED)
        assert (default.filled_by is FilledBy.DATABASE) == database
    versions = {(d.kind, d.version) for d in defaults.values() if d.version is not None}
    assert {(DefaultKind.UUID, 4), (DefaultKind.UUID, 7), (DefaultKind.CUID, 2)} <= versions
    assert (DefaultKind.NANOID, 21) in versions  # nanoid() without a length
    literals = [d.value for d in defaults.values() if d.kind is DefaultKind.LITERAL]
    assert any(isinstance(v, Decimal) for v in literals)
    assert any(isinstance(v, bool) for v in literals)


def test_updated_at_and_required_on_create(tmp_path):
    schema = schema_of("minimal", tmp_path)
    fields = {f.name: f for m in schema.models for f in m.fields}
    assert fields["updatedAt"].is_updated_at and not fields["updatedAt"].is_required_on_create
    assert not fields["id"].is_required_on_create  # cuid() default


def test_empty_schema(tmp_path):
    schema = schema_of("empty", tmp_path)
    assert schema.models == () and schema.enums == () and schema.join_tables == ()
    assert schema.provider is Provider.SQLITE


def test_model_without_id_is_identified_by_its_first_required_unique(tmp_path):
    params = load_params("minimal", tmp_path)
    user = next(m for m in params["dmmf"]["datamodel"]["models"] if m["name"] == "User")
    for field in user["fields"]:
        field["isId"] = False
    params["dmmf"]["datamodel"]["indexes"] = [
        i for i in params["dmmf"]["datamodel"]["indexes"] if i["type"] != "id"
    ]
    model = build_schema(GenerateParams.model_validate(params)).model("User")
    assert model.primary_key is None
    assert model.identity == ("email",)


def test_model_without_any_identity_is_refused_by_name(tmp_path):
    params = load_params("minimal", tmp_path)
    user = next(m for m in params["dmmf"]["datamodel"]["models"] if m["name"] == "User")
    for field in user["fields"]:
        field["isId"] = False
    params["dmmf"]["datamodel"]["indexes"] = [
        i
        for i in params["dmmf"]["datamodel"]["indexes"]
        if not (i["model"] == "User" and i["type"] in ("id", "unique"))
    ]
    with pytest.raises(GeneratorError) as info:
        build_schema(GenerateParams.model_validate(params))
    assert "User: has no @id, @@id, or @unique" in str(info.value)


def test_unsupported_fields_and_views_are_reported(tmp_path):
    params = load_params("minimal", tmp_path)
    params["datamodel"] += (
        '\nmodel Place {\n  id Int @id\n  area Unsupported("polygon")?\n}\n'
        "\nview Stats {\n  id Int @unique\n}\n"
    )
    skipped = build_schema(GenerateParams.model_validate(params)).skipped
    assert [(s.model, s.field) for s in skipped] == [("Place", "area"), ("Stats", None)]
    assert 'Unsupported("polygon")' in skipped[0].reason
