"""Privilege purchases (issue #15): what a practitioner pays, the charge through Authorize.Net, and the
privileges it buys."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
