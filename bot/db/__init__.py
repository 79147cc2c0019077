"""The bot's database: SQLite (aiosqlite) by default, PostgreSQL (asyncpg) by URL."""

from bot.db.database import Database, DatabaseUnavailable

__all__ = ["Database", "DatabaseUnavailable"]
