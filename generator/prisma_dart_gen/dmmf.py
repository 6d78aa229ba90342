"""Pydantic models of what `prisma generate` sends.

Tolerant by design: unknown keys are ignored (Prisma adds keys between releases) and every key we
do not strictly need is optional. Only this module and ir/build.py know the DMMF's shape.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypedDict

import msgspec
from pydantic import BaseModel, ConfigDict, Field


class _Tolerant(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class DmmfDefaultFunction(_Tolerant):
    name: str
    args: list[Any] = []


class DmmfField(_Tolerant):
    name: str
    kind: str  # scalar | object | enum | unsupported
    type: str
    is_list: bool = Field(False, alias="isList")
    is_required: bool = Field(True, alias="isRequired")
    is_unique: bool = Field(False, alias="isUnique")
    is_id: bool = Field(False, alias="isId")
    is_read_only: bool = Field(False, alias="isReadOnly")
    is_updated_at: bool = Field(False, alias="isUpdatedAt")
    has_default_value: bool = Field(False, alias="hasDefaultValue")
    # A function call (`DmmfDefaultFunction`), a literal, or a list of literals.
    default: Any = None
    db_name: str | None = Field(None, alias="dbName")
    native_type: list[Any] | None = Field(None, alias="nativeType")
    relation_name: str | None = Field(None, alias="relationName")
    relation_from_fields: list[str] | None = Field(None, alias="relationFromFields")
    relation_to_fields: list[str] | None = Field(None, alias="relationToFields")
    relation_on_delete: str | None = Field(None, alias="relationOnDelete")
    relation_on_update: str | None = Field(None, alias="relationOnUpdate")
    documentation: str | None = None

    def default_function(self) -> DmmfDefaultFunction | None:
        if isinstance(self.default, dict) and "name" in self.default:
            return DmmfDefaultFunction.model_validate(self.default)
        return None


class DmmfPrimaryKey(_Tolerant):
    name: str | None = None
    fields: list[str]


class DmmfUniqueIndex(_Tolerant):
    name: str | None = None
    fields: list[str]


class DmmfModel(_Tolerant):
    name: str
    db_name: str | None = Field(None, alias="dbName")
    schema_: str | None = Field(None, alias="schema")
    fields: list[DmmfField]
    primary_key: DmmfPrimaryKey | None = Field(None, alias="primaryKey")
    unique_indexes: list[DmmfUniqueIndex] = Field([], alias="uniqueIndexes")
    documentation: str | None = None
    is_generated: bool = Field(False, alias="isGenerated")


class DmmfEnumValue(_Tolerant):
    name: str
    db_name: str | None = Field(None, alias="dbName")
    documentation: str | None = None


class DmmfEnum(_Tolerant):
    name: str
    values: list[DmmfEnumValue]
    db_name: str | None = Field(None, alias="dbName")
    documentation: str | None = None


class DmmfIndexField(_Tolerant):
    name: str
    sort_order: str | None = Field(None, alias="sortOrder")
    length: int | None = None
    operator_class: str | None = Field(None, alias="operatorClass")


class DmmfIndex(_Tolerant):
    model: str
    type: str  # id | unique | normal | fulltext
    is_defined_on_field: bool = Field(False, alias="isDefinedOnField")
    name: str | None = None
    db_name: str | None = Field(None, alias="dbName")
    algorithm: str | None = None
    clustered: bool | None = None
    fields: list[DmmfIndexField]


class DmmfDatamodel(_Tolerant):
    models: list[DmmfModel] = []
    enums: list[DmmfEnum] = []
    types: list[DmmfModel] = []  # composite types (MongoDB only)
    indexes: list[DmmfIndex] = []
    views: list[DmmfModel] = []


class DmmfDocument(_Tolerant):
    datamodel: DmmfDatamodel


class Datasource(_Tolerant):
    name: str = "db"
    provider: str
    active_provider: str | None = Field(None, alias="activeProvider")
    schemas: list[str] = []


class EnvValue(_Tolerant):
    value: Any = None


class GeneratorBlock(_Tolerant):
    name: str = "dart"
    provider: EnvValue | None = None
    output: EnvValue | None = None
    config: dict[str, Any] = {}
    preview_features: list[str] = Field([], alias="previewFeatures")
    source_file_path: str | None = Field(None, alias="sourceFilePath")


class GenerateParams(_Tolerant):
    generator: GeneratorBlock
    datasources: list[Datasource] = []
    dmmf: DmmfDocument
    schema_path: str | None = Field(None, alias="schemaPath")
    datamodel: str | None = None
    version: str | None = None
    allow_no_models: bool = Field(True, alias="allowNoModels")


def read_params(raw: bytes | msgspec.Raw) -> dict[str, Any]:
    """The `generate` params (JSON) as plain values, holding only what `GenerateParams` reads.

    The rest is skipped by the decoder without building Python objects: above all the DMMF's
    query schema (`dmmf.schema`), 97 % of trigger.dev's 22.8 MB request, which decoded whole
    cost several times what the generator does with the rest.
    """
    return msgspec.json.decode(raw, type=_wire_type(GenerateParams))


@cache
def _wire_type(model: type[BaseModel]) -> Any:
    """A TypedDict with the JSON keys `model` reads, nested models in turn; other values Any."""
    keys: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        nested = field.annotation
        is_model = isinstance(nested, type) and issubclass(nested, BaseModel)
        keys[field.alias or name] = _wire_type(nested) if is_model else Any
    return TypedDict(f"{model.__name__}Json", keys, total=False)  # type: ignore[operator]
