"""Pulumi ComponentResources of the CompactConnect backend, plus the typed stack configuration."""
