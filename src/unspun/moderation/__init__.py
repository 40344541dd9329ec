"""Comment moderation: spam model, per-site feedback, privacy (keyed hashes, retention)."""
