"""A local stand-in of Amazon OpenSearch Service: the subset of OpenSearch's REST API the backend uses,
served in process so the sandbox needs no Java and no Docker, and the functions run the real
``opensearch-py`` client against it.

What it speaks: index creation with settings and a mapping (``dynamic: strict`` enforced), aliases,
single-document and ``_bulk`` writes with internal and external versioning, and ``_search`` with the
query clauses staff search uses (``match_all``, ``term``, ``terms``, ``match``, ``match_phrase_prefix``,
``range``, ``bool``, ``nested`` with ``inner_hits``), field sorting, ``from``/``size``,
``search_after`` and ``total`` as OpenSearch counts it. Anything else is refused with OpenSearch's own
error shape, so code that drifts outside the subset fails here rather than in AWS.

Modules: :mod:`.analysis` (how text becomes terms), :mod:`.fields` (the mapping and a document's indexed
values), :mod:`.queries` (what a clause matches), :mod:`.query_values` (fuzziness, minimum_should_match,
date math), :mod:`.ranking` (sorting, paging, totals, hits), :mod:`.indices` (indices, aliases, versions,
the search itself), :mod:`.errors` (OpenSearch's error shape), :mod:`.rest` (the HTTP surface).
"""
