"""Practitioners' own accounts: the provider pool's custom-message trigger and the ``/v1/provider-users``
routes a signed-in practitioner calls about themselves (issue #14)."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
