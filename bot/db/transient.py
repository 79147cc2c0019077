"""Database errors worth trying again: a busy SQLite file, a dropped connection, a PostgreSQL failover.

Anything else (a constraint, a bug, a bad migration) is not: trying again would only repeat it.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

# SQLite: another connection holds the write lock past the busy timeout.
_BUSY = ("database is locked", "database table is locked", "database is busy")
# PostgreSQL SQLSTATEs: connection exceptions (class 08), the server shutting down or starting
# (a failover), serialization failures and deadlocks (the transaction may simply run again),
# and too many connections.
_RETRY_STATES = frozenset({"57P01", "57P02", "57P03", "40001", "40P01", "53300"})
# asyncpg's own errors for a connection that went away (found by name: the module is only
# imported when PostgreSQL is used).
_LOST = frozenset({"ConnectionDoesNotExistError", "ConnectionFailureError", "InterfaceError",
                   "InternalClientError", "ConnectionRejectionError"})


def busy(exc: BaseException) -> bool:
    """SQLite's write lock was not free in time: nothing was written."""
    return isinstance(exc, DBAPIError) and any(text in str(exc.orig).lower() for text in _BUSY)


def connection_lost(exc: BaseException) -> bool:
    """The connection broke: a transaction being committed may or may not have been."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    for error in _chain(exc):
        if isinstance(error, OSError):  # refused, reset, timed out: the server is away
            return True
        if type(error).__module__.startswith("asyncpg") and any(c.__name__ in _LOST for c in type(error).__mro__):
            return True
        state = getattr(error, "sqlstate", None)
        if isinstance(state, str) and (state.startswith("08") or state in _RETRY_STATES):
            return True
    return False


def transient(exc: BaseException) -> bool:
    """Worth trying again a little later."""
    return busy(exc) or connection_lost(exc)


def describe(exc: BaseException) -> str:
    """A short reason for the log."""
    if busy(exc):
        return "the database is locked by another writer"
    cause = next((e for e in _chain(exc) if e is not exc), exc)
    return f"the database connection failed ({type(cause).__name__})"


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc`, the driver's error it wraps, and their causes."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10 and all(current is not seen for seen in chain):
        chain.append(current)
        wrapped = current.orig if isinstance(current, DBAPIError) else None
        current = wrapped or current.__cause__ or current.__context__
    return chain
