"""The camelCase alias of every model field: stored attribute names and API JSON keys.

pydantic calls a model's alias generator for each of its fields when the class is created, and again
for every inherited field of each subclass; pydantic's ``to_camel`` runs up to four regular expressions
per call. The bundle's models share most field names (``compact``, ``provider_id``, ``date_of_update``
...), so remembering each name's alias answers most of those calls at import without a regex.
"""

from functools import cache

from pydantic.alias_generators import to_camel as _pydantic_to_camel


@cache
def to_camel(name: str) -> str:
    """pydantic's ``to_camel``, remembered per field name."""
    return _pydantic_to_camel(name)
