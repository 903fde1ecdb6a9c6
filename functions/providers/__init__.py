"""Staff provider query and provider detail (spec §2.2)."""
