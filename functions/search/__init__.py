"""Provider search (issue #17): the query language staff search with, the index layout and documents,
the indexer and index jobs, and the search API's handlers."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
