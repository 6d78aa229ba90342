"""Writes inside one database transaction, and the change log entries they cause.

A ``Writer`` applies creates, updates, deletes and m-n links with Prisma Client's defaults, and
tracks every *synced* row and link whose state the transaction may change:

- the written row itself (both keys if its key changes);
- before a delete or an update of referenced fields, the rows the database's referential
  actions will reach: ON DELETE / ON UPDATE ``Cascade`` (recursively), ``SetNull`` and
  ``SetDefault``, through synced and unsynced models alike, and the m-n links that cascade;
- when a row may move to another scope (a changed scope-path foreign key, in an unrestricted
  server-side transaction), every row whose scope path passes through it, and their links.

Each tracked row's scope is read before the write and again at the end (``finish``): a row in a
scope afterwards gets ``upsert`` there (a link: ``create``), a row that left a scope (moved,
deleted, cascaded) gets ``delete`` there. ``finish`` then takes the version numbers from the
version allocator (``versions.py``; by default the per-scope counter row, locked until commit, so
versions are handed out in commit order within a scope), once per scope in sorted scope order,
and upserts one ``sync_change`` row per (scope, model, key) in one statement per scope.

One writer may span several savepoints (a push, a server transaction): ``mark()`` before a
savepoint and ``forget(mark)`` after rolling it back drop what the undone writes tracked.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from . import ids
from .codec import canonical, key_text, link_wire, scope_text
from .spec import JoinSpec, ModelSpec, SyncSpec
from .store import fetch_rows, hop_condition, in_clause, insert, resolve_scopes, row_dict
from .validation import SyncError
from .versions import VersionAllocator, commit_order_versions

INT_RANGE = (-(2**31), 2**31 - 1)
BIGINT_RANGE = (-(2**63), 2**63 - 1)


@dataclass(frozen=True)
class RecordedChange:
    scope: str
    version: int
    model: str  # model name, or join table name for a link
    key: str  # canonical JSON of the key
    op: str  # upsert | delete | create


def now_ms(clock: Callable[[], dt.datetime]) -> dt.datetime:
    """One `now()` for an operation, in UTC, at millisecond precision (as Prisma Client)."""
    value = clock()
    if value.tzinfo is None:
        raise ValueError("the sync clock must return timezone-aware datetimes")
    value = value.astimezone(dt.timezone.utc)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def _arith(kind: str, operation: str, current: Any, operand: Any, where: str) -> Any:
    if current is None:
        return None  # SQL: NULL + 1 is NULL, as Prisma's atomic operations give
    if operation == "increment":
        result = current + operand
    elif operation == "decrement":
        result = current - operand
    elif operation == "multiply":
        result = current * operand
    else:
        if operand == 0:
            raise SyncError("VALIDATION", f"{where}: division by zero")
        if kind in ("Int", "BigInt"):
            quotient = abs(current) // abs(operand)  # SQL integer division truncates to zero
            result = quotient if (current < 0) == (operand < 0) else -quotient
        elif kind == "Decimal":
            result = decimal.Decimal(current) / decimal.Decimal(operand)
        else:
            result = current / operand
    bounds = {"Int": INT_RANGE, "BigInt": BIGINT_RANGE}.get(kind)
    if bounds and not bounds[0] <= result <= bounds[1]:
        raise SyncError("VALIDATION", f"{where}: result {result} is out of range for {kind}")
    if kind == "Float" and (result != result or result in (float("inf"), float("-inf"))):
        raise SyncError("VALIDATION", f"{where}: result is not a finite number")
    return result


class Writer:
    """Writes of one transaction on `conn`; `scope` set: the caller may touch only that scope.

    With a scope (client pushes, scoped server transactions) a row that is not in the scope is
    answered like a row that does not exist (`NOT_FOUND` for the row written, `FORBIDDEN` for a
    row referenced), so nothing about other scopes can be inferred. Without a scope (trusted
    server code) every row may be written and rows may move between scopes.
    """

    def __init__(
        self,
        conn: sa.Connection,
        spec: SyncSpec,
        *,
        now: dt.datetime,
        scope: str | None,
        client_id: str | None,
        versions: VersionAllocator = commit_order_versions,
    ) -> None:
        self.conn = conn
        self.versions = versions
        self.spec = spec
        self.now = now
        self.scope = scope
        self.client_id = client_id
        self.dialect = conn.dialect.name
        self.lock = self.dialect == "postgresql"
        # (model, key) -> scope before this transaction first touched it (None: absent).
        self._rows: dict[tuple[str, tuple], str | None] = {}
        self._links: dict[tuple[str, Any, Any], str | None] = {}
        # (model, fields, value) -> scope of a row new values referenced; see _reference_scope.
        self._references: dict[tuple[str, tuple, tuple], str | None] = {}

    # --- savepoints -----------------------------------------------------------------------------

    def mark(self) -> tuple[int, int]:
        """What is tracked so far (call before a savepoint)."""
        return len(self._rows), len(self._links)

    def forget(self, mark: tuple[int, int]) -> None:
        """Drop what was tracked after `mark` (call after rolling that savepoint back).

        Tracking only ever adds entries, and dicts keep insertion order: the newest go first.
        """
        rows, links = mark
        self.forget_references()  # their FOR SHARE locks went with the savepoint
        while len(self._rows) > rows:
            self._rows.popitem()
        while len(self._links) > links:
            self._links.popitem()

    def forget_references(self) -> None:
        """Read referenced rows' scopes again (rows may have moved: see _reference_scope)."""
        self._references.clear()

    # --- reads ----------------------------------------------------------------------------------

    def _model(self, name: str) -> ModelSpec:
        try:
            return self.spec.models[name]
        except KeyError:
            raise SyncError("VALIDATION", f"unknown model {name!r}") from None

    def key_tuple(self, model: ModelSpec, key: dict[str, Any]) -> tuple:
        return tuple(key[name] for name in model.key)

    def current(self, model: ModelSpec, key: tuple, *, lock: bool = True) -> dict | None:
        """The row (locked FOR UPDATE), or None; with a scope, None also outside the scope."""
        rows = fetch_rows(self.conn, model, model.key, [key], lock=lock and self.lock)
        if not rows:
            return None
        if self.scope is not None:
            if not model.synced:
                return None
            found = resolve_scopes(self.conn, self.spec, model, model.key, [key], lock=self.lock)
            if found.get(key) != self.scope:
                return None
        return rows[0]

    def _not_found(self, model: ModelSpec, key: tuple) -> SyncError:
        wire = canonical(dict(zip(model.key, map(str, key), strict=True)))
        return SyncError("NOT_FOUND", f"{model.name} {wire} not found in your scope")

    def _check_references(self, model: ModelSpec, values: dict[str, Any], changed: set) -> None:
        """With a scope: every synced row the new values reference must be in the scope."""
        if self.scope is None:
            return
        if model.name == self.spec.scope_model and self.spec.scope_key in changed:
            if scope_text(values[self.spec.scope_key]) != self.scope:
                raise SyncError("FORBIDDEN", f"{model.name} is outside your scope")
        for relation in self.spec.relations_of(model.name):
            if not changed & set(relation.fields):
                continue
            target = self.spec.models[relation.target]
            value = tuple(values.get(name) for name in relation.fields)
            if any(item is None for item in value) or not target.synced:
                continue  # no reference, or a local-only model: the foreign key decides
            if self._reference_scope(target, relation.references, value) != self.scope:
                raise SyncError(
                    "FORBIDDEN",
                    f"{model.name}.{relation.relation}: the referenced {target.name} is not in "
                    "your scope",
                )

    def _reference_scope(self, model: ModelSpec, fields: tuple, value: tuple) -> str | None:
        """The scope of a referenced row, read (and locked FOR SHARE) once per transaction.

        A remembered scope stays true while this transaction only inserts: other transactions
        cannot move the locked rows (PostgreSQL) or write at all (SQLite), and an insert moves
        no existing row. Any update or delete (which may move or orphan rows through their scope
        path), any savepoint rollback (which releases the locks) and the caller (before SQL of
        its own, see ServerTransaction) forget them all.
        """
        marker = (model.name, fields, value)
        if marker not in self._references:
            found = resolve_scopes(self.conn, self.spec, model, fields, [value], lock=self.lock)
            self._references[marker] = found.get(value)
        return self._references[marker]

    # --- tracking ---------------------------------------------------------------------------------

    def _track_rows(self, model: ModelSpec, keys: Sequence[tuple], *, absent: bool = False) -> None:
        if not model.synced:
            return
        new = [key for key in dict.fromkeys(keys) if (model.name, key) not in self._rows]
        if not new:
            return
        scopes = (
            {}
            if absent
            else resolve_scopes(self.conn, self.spec, model, model.key, new, lock=self.lock)
        )
        for key in new:
            self._rows[(model.name, key)] = scopes.get(key)

    def _link_scopes(self, join: JoinSpec, pairs: Sequence[tuple]) -> dict[tuple, str | None]:
        """The scope of each (A, B) that exists: both ends' common scope, or None."""
        table = join.table
        existing: set[tuple] = set()
        for start in range(0, len(pairs), 500):
            chunk = pairs[start : start + 500]
            query = sa.select(table.c.A, table.c.B).where(in_clause([table.c.A, table.c.B], chunk))
            existing.update(tuple(row) for row in self.conn.execute(query))
        ends = {}
        for side, index in ((join.a, 0), (join.b, 1)):
            model = self.spec.models[side.model]
            values = [(pair[index],) for pair in existing]
            ends[index] = resolve_scopes(self.conn, self.spec, model, (side.field,), values)
        result: dict[tuple, str | None] = {}
        for pair in existing:
            a, b = ends[0].get((pair[0],)), ends[1].get((pair[1],))
            result[pair] = a if a is not None and a == b else None
        return result

    def _track_links(self, join: JoinSpec, pairs: Sequence[tuple]) -> None:
        if not join.synced:
            return
        new = [pair for pair in dict.fromkeys(pairs) if (join.name, *pair) not in self._links]
        if not new:
            return
        scopes = self._link_scopes(join, new)
        for pair in new:
            self._links[(join.name, *pair)] = scopes.get(pair)

    def _links_of(self, model: ModelSpec, rows: Sequence[dict]) -> None:
        for join, side in self.spec.joins_of(model.name):
            if not join.synced:
                continue
            values = [(row[side.field],) for row in rows if row.get(side.field) is not None]
            if not values:
                continue
            column = join.table.c[side.column]
            pairs = []
            for start in range(0, len(values), 500):
                query = sa.select(join.table.c.A, join.table.c.B).where(
                    in_clause([column], values[start : start + 500])
                )
                if self.lock:
                    query = query.with_for_update()
                pairs.extend(tuple(row) for row in self.conn.execute(query))
            self._track_links(join, pairs)

    def _collect_delete(self, model: ModelSpec, rows: list[dict]) -> None:
        """Track `rows` (about to be deleted) and what the database's actions will reach."""
        stack = [(model, rows)]
        seen: set[tuple[str, tuple]] = set()
        while stack:
            current, items = stack.pop()
            fresh = []
            for row in items:
                marker = (current.name, self.key_tuple(current, row))
                if marker not in seen:
                    seen.add(marker)
                    fresh.append(row)
            if not fresh:
                continue
            self._track_rows(current, [self.key_tuple(current, row) for row in fresh])
            self._links_of(current, fresh)
            for relation in self.spec.relations_to(current.name):
                child = self.spec.models[relation.model]
                values = [tuple(row[name] for name in relation.references) for row in fresh]
                children = fetch_rows(self.conn, child, relation.fields, values, lock=self.lock)
                if not children:
                    continue
                if relation.on_delete == "Cascade":
                    stack.append((child, children))
                elif relation.on_delete in ("SetNull", "SetDefault"):
                    changes = {name: None for name in relation.fields}
                    self._collect_update(child, [(row, changes) for row in children])
                # Restrict / NoAction: the database refuses the delete (CONSTRAINT).

    def _collect_update(self, model: ModelSpec, items: list[tuple[dict, dict]]) -> None:
        """Track rows about to change by `changes` and what ON UPDATE actions will reach."""
        stack = [(model, items)]
        seen: set[tuple[str, tuple]] = set()
        while stack:
            current, pending = stack.pop()
            fresh = []
            for row, changes in pending:
                marker = (current.name, self.key_tuple(current, row))
                if marker not in seen:
                    seen.add(marker)
                    fresh.append((row, changes))
            if not fresh:
                continue
            keys = []
            for row, changes in fresh:
                keys.append(self.key_tuple(current, row))
                after = {**row, **changes}
                keys.append(self.key_tuple(current, after))
            self._track_rows(current, keys)
            moved = [
                row
                for row, changes in fresh
                if set(changes) & set(self.spec.scope_fields(current))
                and any(row.get(name) != changes[name] for name in changes)
            ]
            if moved and self.scope is None:
                self._collect_descendants(current, moved)
            for join, side in self.spec.joins_of(current.name):
                renamed = [
                    (row[side.field], changes[side.field])
                    for row, changes in fresh
                    if side.field in changes and changes[side.field] != row[side.field]
                ]
                if not renamed or not join.synced:
                    continue
                column = join.table.c[side.column]
                query = sa.select(join.table.c.A, join.table.c.B).where(
                    in_clause([column], [(old,) for old, _ in renamed])
                )
                old_pairs = [tuple(row) for row in self.conn.execute(query)]
                mapping = dict(renamed)
                index = 0 if side.column == "A" else 1
                new_pairs = []
                for pair in old_pairs:
                    moved_pair = list(pair)
                    moved_pair[index] = mapping[pair[index]]
                    new_pairs.append(tuple(moved_pair))
                self._track_links(join, old_pairs + new_pairs)
            for relation in self.spec.relations_to(current.name):
                changed = [
                    (row, changes)
                    for row, changes in fresh
                    if any(
                        name in changes and changes[name] != row[name]
                        for name in relation.references
                    )
                ]
                if not changed:
                    continue
                child = self.spec.models[relation.model]
                by_value = {
                    tuple(row[name] for name in relation.references): {
                        f: changes.get(r, row[r])
                        for f, r in zip(relation.fields, relation.references, strict=True)
                    }
                    for row, changes in changed
                }
                children = fetch_rows(
                    self.conn, child, relation.fields, list(by_value), lock=self.lock
                )
                if not children:
                    continue
                if relation.on_update == "Cascade":
                    follow = [
                        (row, by_value[tuple(row[f] for f in relation.fields)]) for row in children
                    ]
                elif relation.on_update in ("SetNull", "SetDefault"):
                    follow = [(row, {f: None for f in relation.fields}) for row in children]
                else:
                    continue  # Restrict / NoAction: the database refuses the update
                stack.append((child, follow))

    def _collect_descendants(self, model: ModelSpec, rows: list[dict]) -> None:
        """Rows whose scope path passes through `rows` (their scope moves with them)."""
        for name, index in self.spec.descendants(model.name):
            descendant = self.spec.models[name]
            root = descendant.table.alias("d0")
            joins: Any = root
            current = root
            for position in range(index):
                hop = descendant.path[position]
                target = self.spec.models[hop.target].table.alias(f"d{position + 1}")
                joins = joins.join(target, hop_condition(hop, current, target))
                current = target
            hop = descendant.path[index]
            values = [tuple(row[name] for name in hop.references) for row in rows]
            query = (
                sa.select(root)
                .select_from(joins)
                .where(in_clause([current.c[f] for f in hop.fields], values))
            )
            found = [row_dict(root.c, descendant.fields, row) for row in self.conn.execute(query)]
            if found:
                self._track_rows(descendant, [self.key_tuple(descendant, row) for row in found])
                self._links_of(descendant, found)
        self._links_of(model, rows)

    # --- writes ---------------------------------------------------------------------------------

    def fill_create(self, model: ModelSpec, values: dict[str, Any]) -> dict[str, Any]:
        """Prisma Client's defaults for the fields a create left out (one `now` for all)."""
        filled = dict(values)
        for name, field in model.fields.items():
            if name in filled:
                continue
            default = field.default
            if field.updated_at:
                filled[name] = self.now
            elif default is None or default.filled_by != "client":
                continue  # nullable, list, or filled by the database (autoincrement, ...)
            elif default.kind == "now":
                filled[name] = self.now
            elif default.kind == "literal":
                filled[name] = list(default.value) if field.is_list else default.value
            else:
                filled[name] = ids.generate(default.kind, default.version)
        return filled

    def create(self, model_name: str, values: dict[str, Any]) -> dict[str, Any]:
        model = self._model(model_name)
        row = self.fill_create(model, values)
        missing = [name for name in model.key if name not in row]
        autoincrement = any(
            model.fields[name].default is not None
            and model.fields[name].default.filled_by == "database"
            for name in missing
        )
        if missing and not autoincrement:
            raise SyncError(
                "VALIDATION", f"{model.name}: the key ({', '.join(missing)}) is required"
            )
        self._check_references(model, row, set(row))
        table = model.table
        result = self.conn.execute(table.insert().values(row).returning(*table.c)).one()
        record = row_dict(table.c, model.fields, result)
        self._track_rows(model, [self.key_tuple(model, record)], absent=True)
        return record

    def update(
        self,
        model_name: str,
        key: dict[str, Any],
        data: dict[str, Any],
        ops: dict[str, tuple[str, Any]] | None = None,
    ) -> dict[str, Any]:
        model = self._model(model_name)
        key_value = self.key_tuple(model, key)
        current = self.current(model, key_value)
        if current is None:
            raise self._not_found(model, key_value)
        changes = dict(data)
        for name, (operation, operand) in (ops or {}).items():
            field = model.fields[name]
            changes[name] = _arith(
                field.kind, operation, current[name], operand, f"{model.name}.ops.{name}"
            )
        if not changes:
            return current  # an empty patch changes nothing (and bumps no @updatedAt)
        for name, field in model.fields.items():
            if field.updated_at and name not in data:
                changes[name] = self.now
        if self.scope is not None and any(
            name in model.key and changes[name] != current[name] for name in changes
        ):
            raise SyncError("VALIDATION", f"{model.name}: a key cannot change")
        after = {**current, **changes}
        self._check_references(model, after, set(changes))
        self._collect_update(model, [(current, changes)])
        table = model.table
        where = sa.and_(*(table.c[name] == current[name] for name in model.key))
        result = self.conn.execute(
            table.update().where(where).values(changes).returning(*table.c)
        ).one()
        self._references.clear()
        return row_dict(table.c, model.fields, result)

    def delete(self, model_name: str, key: dict[str, Any]) -> dict[str, Any]:
        model = self._model(model_name)
        key_value = self.key_tuple(model, key)
        current = self.current(model, key_value)
        if current is None:
            raise self._not_found(model, key_value)
        self._collect_delete(model, [current])
        table = model.table
        where = sa.and_(*(table.c[name] == current[name] for name in model.key))
        self.conn.execute(table.delete().where(where))
        self._references.clear()
        return current

    def link(self, join_name: str, a: Any, b: Any, op: str) -> None:
        join = self.spec.joins.get(join_name)
        if join is None:
            raise SyncError("VALIDATION", f"unknown join table {join_name!r}")
        if self.scope is not None:
            for side, value in ((join.a, a), (join.b, b)):
                model = self.spec.models[side.model]
                found = resolve_scopes(
                    self.conn, self.spec, model, (side.field,), [(value,)], lock=self.lock
                )
                if found.get((value,)) != self.scope:
                    wire = canonical(link_wire(join, self.spec.models, a, b))
                    if op == "create":
                        raise SyncError(
                            "FORBIDDEN", f"{join.name} {wire}: an end is not in your scope"
                        )
                    raise SyncError("NOT_FOUND", f"{join.name} {wire} not found in your scope")
        self._track_links(join, [(a, b)])
        table = join.table
        if op == "create":
            statement = insert(table, self.dialect).values(A=a, B=b)
            self.conn.execute(statement.on_conflict_do_nothing(index_elements=["A", "B"]))
        else:
            self.conn.execute(table.delete().where(table.c.A == a, table.c.B == b))

    def touch(self, model_name: str, key: dict[str, Any], previous_scope: str | None) -> None:
        """Record a row's current state (for rows written around this API)."""
        model = self._model(model_name)
        key_value = self.key_tuple(model, key)
        if (model.name, key_value) not in self._rows and previous_scope is not None:
            self._rows[(model.name, key_value)] = previous_scope
        self._track_rows(model, [key_value])

    # --- the change log ------------------------------------------------------------------------

    def finish(self) -> list[RecordedChange]:
        """Write the change log entries of this transaction (call it last, before commit)."""
        entries: list[tuple[str, int, str, str, str]] = []  # scope, order, model, key, op
        by_model: dict[str, list[tuple]] = {}
        for model_name, key in self._rows:
            by_model.setdefault(model_name, []).append(key)
        for model_name, keys in by_model.items():
            model = self.spec.models[model_name]
            after = resolve_scopes(self.conn, self.spec, model, model.key, keys)
            for key in keys:
                before, now = self._rows[(model_name, key)], after.get(key)
                text = key_text(model, key)
                if now is not None:
                    entries.append((now, 2 + model.depth, model_name, text, "upsert"))
                if before is not None and before != now:
                    entries.append((before, 1 - model.depth, model_name, text, "delete"))
        by_join: dict[str, list[tuple]] = {}
        for join_name, a, b in self._links:
            by_join.setdefault(join_name, []).append((a, b))
        for join_name, pairs in by_join.items():
            join = self.spec.joins[join_name]
            after = self._link_scopes(join, pairs)
            for pair in pairs:
                before, now = self._links[(join_name, *pair)], after.get(pair)
                text = canonical(link_wire(join, self.spec.models, *pair))
                if now is not None and before != now:
                    entries.append((now, 1000, join_name, text, "create"))
                if before is not None and before != now:
                    entries.append((before, -1000, join_name, text, "delete"))
        return self._record(entries)

    def _record(self, entries: list[tuple[str, int, str, str, str]]) -> list[RecordedChange]:
        if not entries:
            return []
        scopes: dict[str, list[tuple[int, str, str, str]]] = {}
        for scope, order, model, key, op in entries:
            scopes.setdefault(scope, []).append((order, model, key, op))
        recorded: list[RecordedChange] = []
        for scope in sorted(scopes):  # one lock order for every writer: no deadlocks here
            items = sorted(scopes[scope])  # link deletes, deletes (children first), upserts, links
            versions = self.versions(self.conn, self.spec, scope, len(items))
            rows = [
                {
                    "scope": scope,
                    "version": version,
                    "model": model,
                    "key": key,
                    "op": op,
                    "clientId": self.client_id,
                }
                for version, (_order, model, key, op) in zip(versions, items, strict=True)
            ]
            self.conn.execute(self._change_upsert(), rows)  # executemany: one round trip
            recorded.extend(RecordedChange(**row_fields(row)) for row in rows)
        return recorded

    def _change_upsert(self) -> Any:
        """`INSERT INTO sync_change ... ON CONFLICT (scope, model, key) DO UPDATE` (built once)."""

        def build() -> Any:
            statement = insert(self.spec.change_table, self.dialect)
            return statement.on_conflict_do_update(
                index_elements=["scope", "model", "key"],
                set_={
                    "version": statement.excluded.version,
                    "op": statement.excluded.op,
                    "clientId": statement.excluded.clientId,
                },
            )

        return self.spec.derived(("change_upsert", self.dialect), build)


def row_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in ("scope", "version", "model", "key", "op")}


__all__ = ["RecordedChange", "Writer", "now_ms"]
