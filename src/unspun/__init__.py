"""unspun."""
