"""Notifications: the email service, its templates and the delivery log (issue #13)."""
