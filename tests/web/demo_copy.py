"""The demo for the modules that read it, loaded once per session.

`load_demo` takes most of a minute. The first module that needs the demo loads it and keeps a copy of
every table the load changed; each later module gets the demo by putting those rows back (a few seconds),
inside its own transaction, rolled back afterwards like the load. The rows go through each field's own
conversion for the database (`get_db_prep_save`), as the ORM's inserts do, but skip `pre_save`, so the
`auto_now` moments stay the loaded ones. A test in test_demo.py checks that the copy puts back every row.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model

from cchc.web.demo.load import load_demo

Row = tuple[object, ...]


def _models() -> dict[str, type[Model]]:
    """Every table's model, by table name (the many-to-many tables and the history tables too)."""
    return {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}


def _stored(table: str, model: type[Model] | None) -> list[Row]:
    """A table's rows as the database holds them, in primary-key order when there is a model."""
    quote = connection.ops.quote_name
    order = f" ORDER BY {quote(model._meta.pk.column)}" if model is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quote(table)}{order}")
        return [tuple(row) for row in cursor.fetchall()]


def database_rows() -> dict[str, list[Row]]:
    """Every table of the database with its stored rows."""
    models = _models()
    return {table: _stored(table, models.get(table)) for table in connection.introspection.table_names()}


class DemoCopy:
    """The demo's logins and the tables its loading changed, each with its rows as model field values."""

    def __init__(self) -> None:
        self.logins: list[tuple[str, str]] | None = None
        self.tables: dict[type[Model], list[Row]] = {}
        self.loaded: dict[str, list[Row]] = {}  # every table as stored right after the load

    def load(self) -> list[tuple[str, str]]:
        """The demo in the database: loaded the first time, put back from the copy afterwards."""
        if self.logins is None:
            before = database_rows()
            logins = load_demo()
            models = _models()
            self.loaded = database_rows()
            changed = [table for table, rows in self.loaded.items() if rows != before[table]]
            unknown = [table for table in changed if table not in models]
            if unknown:
                raise RuntimeError(
                    f"the demo wrote tables without a model, which cannot be copied: {unknown}"
                )
            for table in changed:
                model = models[table]
                fields = [field.attname for field in model._meta.concrete_fields]
                self.tables[model] = list(model._base_manager.order_by("pk").values_list(*fields))
            self.logins = logins
        else:
            self.put_back()
        return list(self.logins)

    def put_back(self) -> None:
        """Replace the rows of every table the demo changed with the copy's (constraints are deferred)."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model, rows in self.tables.items():
                table = quote(model._meta.db_table)
                fields = model._meta.concrete_fields
                columns = ", ".join(quote(field.column) for field in fields)
                marks = ", ".join(["%s"] * len(fields))
                cursor.execute(f"DELETE FROM {table}")
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                    [
                        [
                            field.get_db_prep_save(value, connection)
                            for field, value in zip(fields, row, strict=True)
                        ]
                        for row in rows
                    ],
                )
            # PostgreSQL's sequences continue after the ids put back (SQLite's follow by themselves).
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.tables)):
                cursor.execute(statement)
        ContentType.objects.clear_cache()


DEMO = DemoCopy()
