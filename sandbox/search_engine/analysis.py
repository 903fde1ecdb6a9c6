"""How a text field's value becomes terms, as OpenSearch's analysers make them: the ``standard``
tokenizer (words split at spaces and punctuation, an apostrophe or a period inside a word kept), then the
index's token filters in order — ``lowercase``, and ``asciifolding`` (``Zoë`` → ``zoe``; with
``preserve_original`` both terms at one position). A keyword field is not analysed: its whole value is
one term.

Each position holds a set of terms, so a phrase query can ask "this term, then that one" while a folded
and an original spelling share a position.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

WORD = re.compile(r"\w+(?:['\u2019.:]\w+)*")
Positions = tuple[frozenset[str], ...]
TokenFilter = Callable[[frozenset[str]], frozenset[str]]


def _fold(term: str) -> str:
    decomposed = unicodedata.normalize("NFKD", term)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _filter(definition: Mapping[str, Any]) -> TokenFilter:
    kind = definition.get("type")
    if kind == "lowercase":
        return lambda terms: frozenset(term.lower() for term in terms)
    if kind == "asciifolding":
        if definition.get("preserve_original"):
            return lambda terms: terms | frozenset(_fold(term) for term in terms)
        return lambda terms: frozenset(_fold(term) for term in terms)
    raise ValueError(f"the local engine has no token filter of type [{kind}]")


class Analyzer:
    """A tokenizer and its filters; ``standard`` when the mapping names no analyser."""

    def __init__(self, filters: Sequence[TokenFilter] = ()) -> None:
        self._filters = tuple(filters)

    def positions(self, text: str) -> Positions:
        out = []
        for match in WORD.finditer(text):
            terms = frozenset({match.group(0)})
            for token_filter in self._filters:
                terms = token_filter(terms)
            out.append(terms)
        return tuple(out)


STANDARD = Analyzer([_filter({"type": "lowercase"})])


def analyzers(settings: Mapping[str, Any]) -> dict[str, Analyzer]:
    """The analysers an index's ``settings.index.analysis`` (or ``settings.analysis``) defines, by name,
    with ``standard`` always present."""
    index_settings = settings.get("index", settings)
    analysis = index_settings.get("analysis") or settings.get("analysis") or {}
    filters = analysis.get("filter", {})
    built: dict[str, Analyzer] = {"standard": STANDARD}
    for name, definition in analysis.get("analyzer", {}).items():
        if definition.get("tokenizer", "standard") != "standard":
            raise ValueError(f"the local engine has only the standard tokenizer ({name})")
        chain = []
        for filter_name in definition.get("filter", []):
            chain.append(_filter(filters.get(filter_name, {"type": filter_name})))
        built[name] = Analyzer(chain)
    return built
