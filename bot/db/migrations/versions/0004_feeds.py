"""feeds: the feeds polled and every item seen, with what was decided about it

Revision ID: 0004
Revises: 0003
Create Date: 2025-06-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("interval_minutes", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(8), nullable=False),
        sa.Column("added_at", WHEN, nullable=False),
        sa.Column("added_by", sa.BigInteger(), nullable=True),
        sa.Column("etag", sa.String(500), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("next_poll_at", WHEN, nullable=False),
        sa.Column("last_polled_at", WHEN, nullable=True),
        sa.Column("last_result", sa.Text(), nullable=True),
        sa.Column("last_new_at", WHEN, nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("failure", sa.Text(), nullable=True),
        sa.Column("failed_at", WHEN, nullable=True),
        sa.Column("stopped_at", WHEN, nullable=True),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_until", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_feeds"),
        sa.UniqueConstraint("url", name="uq_feeds_url"),
    )
    op.create_table(
        "feed_items",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("feed_id", ROW_ID, nullable=False),
        sa.Column("guid", sa.String(500), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("canonical_url", sa.String(2000), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("published", WHEN, nullable=True),
        sa.Column("first_seen_at", WHEN, nullable=False),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source_id", sa.String(200), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("decided_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_feed_items"),
        sa.ForeignKeyConstraint(["feed_id"], ["feeds.id"], name="fk_feed_items_feed_id_feeds", ondelete="CASCADE"),
        sa.UniqueConstraint("feed_id", "guid", name="uq_feed_items_feed_id_guid"),
    )
    op.create_index("ix_feed_items_feed_id", "feed_items", ["feed_id"])
    op.create_index("ix_feed_items_canonical_url", "feed_items", ["canonical_url"])
    op.create_index("ix_feed_items_decided_at", "feed_items", ["decided_at"])


def downgrade() -> None:
    op.drop_index("ix_feed_items_decided_at", table_name="feed_items")
    op.drop_index("ix_feed_items_canonical_url", table_name="feed_items")
    op.drop_index("ix_feed_items_feed_id", table_name="feed_items")
    op.drop_table("feed_items")
    op.drop_table("feeds")
