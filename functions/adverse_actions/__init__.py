"""Adverse actions (issue #16): encumbrances, their lifting, investigations, deactivation and military
audit, and the cascades that follow them."""
