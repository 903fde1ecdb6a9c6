"""Shared runtime library for every CompactConnect Lambda function (the bundle's core package)."""
