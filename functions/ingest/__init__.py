"""License ingest pipeline (preprocess -> ingest) and the data-event log: the queue consumers of spec §5.2
and §7.1."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
