"""Staff provider query and provider detail (spec §2.2)."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
