"""License ingest pipeline (preprocess -> ingest) and the data-event log: the queue consumers of spec §5.2
and §7.1."""
