"""Provider search (issue #17): the query language staff search with, and (next) its handlers."""
