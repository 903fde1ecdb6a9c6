"""Compact and jurisdiction configuration: public jurisdiction lists and the deploy-time uploader."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
