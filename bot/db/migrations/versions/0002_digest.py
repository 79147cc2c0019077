"""digest: subscriptions, deliveries (the exactly-once claims), known items

Revision ID: 0002
Revises: 0001
Create Date: 2025-05-16
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "digest_subscriptions",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=True),
        sa.Column("local_time", sa.String(5), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("quiet_day", sa.String(8), nullable=False),
        sa.Column("webhook_url", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(8), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("schedule_set_at", WHEN, nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("notify_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("failure", sa.Text(), nullable=True),
        sa.Column("failed_at", WHEN, nullable=True),
        sa.Column("admins_told_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_digest_subscriptions"),
        sa.UniqueConstraint("channel_id", name="uq_digest_subscriptions_channel_id"),
    )
    op.create_table(
        "digest_deliveries",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("subscription_id", ROW_ID, nullable=False),
        sa.Column("run_key", sa.String(64), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("due_at", WHEN, nullable=False),
        sa.Column("window_ends_at", WHEN, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", WHEN, nullable=True),
        sa.Column("last_attempt_at", WHEN, nullable=True),
        sa.Column("covered_from", WHEN, nullable=False),
        sa.Column("covered_until", WHEN, nullable=False),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("parts_sent", sa.Integer(), nullable=False),
        sa.Column("message_ids", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("claimed_at", WHEN, nullable=False),
        sa.Column("finished_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_digest_deliveries"),
        sa.ForeignKeyConstraint(
            ["subscription_id"], ["digest_subscriptions.id"],
            name="fk_digest_deliveries_subscription_id_digest_subscriptions", ondelete="CASCADE",
        ),
        sa.UniqueConstraint("subscription_id", "run_key", name="uq_digest_deliveries_subscription_id_run_key"),
    )
    op.create_index("ix_digest_deliveries_subscription_id", "digest_deliveries", ["subscription_id"])
    op.create_table(
        "digest_known_items",
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("first_seen_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("kind", "item_id", name="pk_digest_known_items"),
    )
    op.create_index("ix_digest_known_items_first_seen_at", "digest_known_items", ["first_seen_at"])


def downgrade() -> None:
    op.drop_index("ix_digest_known_items_first_seen_at", table_name="digest_known_items")
    op.drop_table("digest_known_items")
    op.drop_index("ix_digest_deliveries_subscription_id", table_name="digest_deliveries")
    op.drop_table("digest_deliveries")
    op.drop_table("digest_subscriptions")
