"""Operator commands that act on a deployed environment or the local sandbox."""
