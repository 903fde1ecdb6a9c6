"""Adverse actions (issue #16): encumbrances, their lifting, investigations, deactivation and military
audit, and the cascades that follow them."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
