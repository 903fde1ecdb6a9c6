"""Notifications: the email service, its templates and delivery log, Cognito's messages, and the
listeners that turn bus events into emails (issue #13)."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
