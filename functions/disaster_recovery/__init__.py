"""Disaster recovery (issue #19): reverting a state's bad license upload, and the two steps that bring a
table back to a point in time (clear it, copy its restored copy into it), each a function a state machine
runs in a loop until it answers ``COMPLETE``."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
