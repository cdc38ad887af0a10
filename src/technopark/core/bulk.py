"""Writing many rows at once, faster than the ORM's bulk_update (contest results: 10,000 rows)."""

from django.db import connection


def update_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Write (*values, id) rows. bulk_update's CASE WHEN over thousands of rows takes seconds;
    PostgreSQL takes one UPDATE … FROM unnest(arrays), SQLite (in-process, no round
    trips) an executemany. No signals fire either way; the values are plain."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [model._meta.get_field(f) for f in fields]
    # Identifiers come from the model's metadata, values go as parameters.
    if connection.vendor != "postgresql":
        sets = ", ".join(f"{quote(c.column)} = %s" for c in columns)
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", rows)  # noqa: S608
        return
    # One statement over one array per column: psycopg's client-side binding re-parses a
    # statement of thousands of placeholders for every batch. The casts give each array the
    # field's type even when it holds only NULLs.
    sets = ", ".join(f"{quote(c.column)} = v.c{i}" for i, c in enumerate(columns))
    arrays = ", ".join(f"%s::{c.cast_db_type(connection)}[]" for c in columns)
    names = ", ".join(f"c{i}" for i in range(len(columns)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {sets} FROM unnest({arrays}, %s::bigint[]) "  # noqa: S608
            f"AS v({names}, id) WHERE {table}.id = v.id",
            [list(column) for column in zip(*rows, strict=True)],
        )
