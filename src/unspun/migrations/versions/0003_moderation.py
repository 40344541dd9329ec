"""Comment moderation (`unspun.moderation.tables`): sites, hashed keys, events, feedback
fingerprints, per-site weights, allow/block lists, state.

Revision ID: 0003_moderation
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_moderation"
down_revision = "0001"
branch_labels = None
depends_on = None


def _site_fk() -> sa.ForeignKey:
    """A fresh foreign key to the owning site (a ForeignKey object can belong to one column only)."""
    return sa.ForeignKey("moderation_sites.id", ondelete="CASCADE")


def upgrade() -> None:
    """Create the moderation tables and their lookup indexes."""
    op.create_table(
        "moderation_sites",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("host", sa.String(255), nullable=False, unique=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "moderation_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("hint", sa.String(8), nullable=False),
        sa.Column("site_id", sa.Integer, _site_fk(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_moderation_keys_site_id", "moderation_keys", ["site_id"])
    op.create_table(
        "moderation_events",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("site_id", sa.Integer, _site_fk(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("spam", sa.Boolean),
        sa.Column("score", sa.Float),
        sa.Column("reason", sa.String(500)),
        sa.Column("comment_type", sa.String(40)),
        sa.Column("is_test", sa.Boolean, nullable=False),
        sa.Column("check_id", sa.String(36)),
        sa.Column("text_hash", sa.String(64)),
        sa.Column("email_hash", sa.String(64)),
        sa.Column("ip_hash", sa.String(64)),
        sa.Column("author_hash", sa.String(64)),
        sa.Column("content", sa.Text),
    )
    op.create_index("ix_moderation_events_site_created", "moderation_events", ["site_id", "created"])
    op.create_index("ix_moderation_events_site_text", "moderation_events", ["site_id", "text_hash"])
    op.create_index("ix_moderation_events_email", "moderation_events", ["email_hash"])
    op.create_table(
        "moderation_feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("site_id", sa.Integer, _site_fk(), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("spam", sa.Boolean, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("simhash", sa.BigInteger, nullable=False),
        *(sa.Column(f"band{i}", sa.Integer, nullable=False) for i in range(4)),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("email_hash", sa.String(64)),
    )
    for i in range(4):
        op.create_index(f"ix_moderation_feedback_b{i}", "moderation_feedback", ["site_id", f"band{i}"])
    op.create_index("ix_moderation_feedback_text", "moderation_feedback", ["site_id", "text_hash"])
    op.create_index("ix_moderation_feedback_email", "moderation_feedback", ["email_hash"])
    op.create_table(
        "moderation_weights",
        sa.Column("site_id", sa.Integer, _site_fk(), primary_key=True),
        sa.Column("feature", sa.String(300), primary_key=True),
        sa.Column("weight", sa.Float, nullable=False),
    )
    op.create_table(
        "moderation_lists",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("site_id", sa.Integer, _site_fk(), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("field", sa.String(16), nullable=False),
        sa.Column("value", sa.String(255), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_moderation_lists_lookup", "moderation_lists", ["site_id", "field", "value"])
    op.create_table(
        "moderation_state",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(255), nullable=False),
    )


def downgrade() -> None:
    """Drop the moderation tables (indexes go with them)."""
    for table in (
        "moderation_state",
        "moderation_lists",
        "moderation_weights",
        "moderation_feedback",
        "moderation_events",
        "moderation_keys",
        "moderation_sites",
    ):
        op.drop_table(table)
