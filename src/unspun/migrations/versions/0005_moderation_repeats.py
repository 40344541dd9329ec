"""Comment moderation: find earlier checks of the same text in a time window by one index.

The repeat count of a comment-check filters events by site, text hash and time. With only
(site_id, text_hash) and (site_id, created) to choose from, SQLite's planner (no statistics)
picked the time index and scanned a whole day of the site's events on every check; an index on
all three columns is the one it takes, and it serves the text-only lookups too.

Revision ID: 0005_moderation_repeats
Revises: 0003_moderation
"""

from alembic import op

revision = "0005_moderation_repeats"
down_revision = "0003_moderation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Replace the (site, text) index with (site, text, created)."""
    op.create_index(
        "ix_moderation_events_site_text_created", "moderation_events", ["site_id", "text_hash", "created"]
    )
    op.drop_index("ix_moderation_events_site_text", table_name="moderation_events")


def downgrade() -> None:
    """Back to the (site, text) index."""
    op.create_index("ix_moderation_events_site_text", "moderation_events", ["site_id", "text_hash"])
    op.drop_index("ix_moderation_events_site_text_created", table_name="moderation_events")
