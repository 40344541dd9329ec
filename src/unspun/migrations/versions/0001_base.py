"""The common root every feature's migrations branch from (no tables of its own).

Revision ID: 0001
"""

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing: features add their tables in revisions whose down_revision is "0001"."""


def downgrade() -> None:
    """Nothing to undo."""
