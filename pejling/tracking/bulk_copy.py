"""One PostgreSQL COPY kept open across the chunks of a bulk write, so the database loads one chunk
while Python reads and checks the next (on 2 cores the two overlap; a COPY per chunk made Python
wait for each). psycopg holds the connection's lock while a COPY is open, so nothing else may use
the connection meanwhile: `ended_before_queries` ends the COPY before any query Django runs on it
(the history copy, a correction, a permission asked for the first time), and the writer ends it
itself before a commit or a rollback."""

from __future__ import annotations

from contextlib import ExitStack, contextmanager

from django.db import connection


def quoted(names) -> str:
    return ", ".join(connection.ops.quote_name(c) for c in names)


class CopyStream:
    """`write(rows)` into `model`'s table (values in `columns` order) through one COPY, opened at the
    first write; `end()` finishes it (a unique violation is then Django's IntegrityError) and calls
    `on_end()`; `abandon(exc)` cancels it (the transaction is rolled back anyway)."""

    def __init__(self, model, columns: list[str], on_end=None):
        self.sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted(columns)}) FROM STDIN"
        self.on_end = on_end
        self._stack: ExitStack | None = None
        self._write_row = None

    @property
    def is_open(self) -> bool:
        return self._stack is not None

    def write(self, rows) -> None:
        if self._stack is None:
            connection.ensure_connection()
            stack = ExitStack()
            # the raw cursor's errors as Django's (a unique violation is an IntegrityError the caller handles)
            stack.enter_context(connection.wrap_database_errors)
            cursor = stack.enter_context(connection.connection.cursor())
            self._write_row = stack.enter_context(cursor.copy(self.sql)).write_row
            self._stack = stack
        write = self._write_row
        for row in rows:
            write(row)

    def end(self) -> None:
        if self._stack is None:
            return
        stack, self._stack = self._stack, None
        stack.close()
        if self.on_end is not None:
            self.on_end()

    def abandon(self, exc: BaseException) -> None:
        if self._stack is None:
            return
        stack, self._stack = self._stack, None
        try:
            stack.__exit__(type(exc), exc, exc.__traceback__)
        except Exception:  # noqa: BLE001 - the COPY's own complaint; `exc` is what the caller raises
            pass


@contextmanager
def ended_before_queries(stream: CopyStream):
    """Any query on the connection first ends the open COPY (and so writes what it was given)."""
    def wrapper(execute, sql, params, many, context):
        if stream.is_open:
            stream.end()
        return execute(sql, params, many, context)
    with connection.execute_wrapper(wrapper):
        yield
