"""Pages of the provider query, staff and public (spec §2.2 notes).

Both sort orders read an index that holds every provider record of a compact in one partition
(``sk = {compact}#PROVIDER``): ``providerFamGivMid`` (lower-cased, URL-quoted ``family#given#middle``)
or ``providerDateOfUpdate``. A name narrows the key range with a prefix; a jurisdiction is a filter, so
pages are filled with :func:`core.pagination.fill_page` (DynamoDB's ``Limit`` counts evaluated items).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core import keys
from core.errors import InvalidRequest
from core.fields import ResultPagination
from core.models.provider import Provider
from core.pagination import Page, decode_last_key, encode_last_key, fill_page
from core.unreadable_records import readable
from providers.query_models import (
    DEFAULT_PAGE_SIZE,
    ProviderQueryFilter,
    ProviderQueryPagination,
    ProviderQueryRequest,
    ProviderQuerySorting,
)

if TYPE_CHECKING:
    from boto3.dynamodb.conditions import ConditionBase


NAME_INDEX = "providerFamGivMid"
DATE_OF_UPDATE_INDEX = "providerDateOfUpdate"
SORT_INDEXES = {"familyName": NAME_INDEX, "dateOfUpdate": DATE_OF_UPDATE_INDEX}
_BAD_LAST_KEY = "Invalid request: pagination.lastKey: not a key returned by this query"


def holds_privileges() -> ConditionBase:
    """Providers with privileges: an empty set is never stored, so the attribute exists iff one is held."""
    from boto3.dynamodb.conditions import Attr

    return Attr("privilegeJurisdictions").exists()


def name_prefix(family_name: str, given_name: str | None) -> str:
    """``family#`` or ``family#given#`` in the index's rendering: exact, case-insensitive names."""
    family, given, _ = keys.provider_fam_giv_mid(family_name, given_name or "", None).split("#")
    return f"{family}#{given}#" if given_name else f"{family}#"


def resume_key(token: str, compact: str, index: str) -> dict[str, str]:
    """The index key inside a ``lastKey`` token, which must be a provider record of this compact in this
    index (400 naming ``pagination.lastKey`` otherwise)."""
    key = decode_last_key(token, _BAD_LAST_KEY)
    valid = (
        set(key) == {"pk", "sk", index}
        and all(isinstance(value, str) for value in key.values())
        and key["sk"] == keys.provider_sk(compact)
        and key["pk"].startswith(keys.provider_pk(compact, ""))
    )
    if not valid:
        raise InvalidRequest(_BAD_LAST_KEY)
    return key


def query_providers(
    table: Any,
    compact: str,
    query: ProviderQueryFilter,
    *,
    sort_key: str,
    descending: bool,
    page_size: int,
    resume_after: dict[str, str] | None,
    extra_filter: ConditionBase | None = None,
) -> Page:
    """Up to ``page_size`` provider items of ``compact`` matching ``query``, in index order.

    ``extra_filter`` is a further condition every item must meet (e.g. the public lookup's "holds
    privileges"); like the jurisdiction, it filters, so the page is still filled."""
    from boto3.dynamodb.conditions import Attr, Key

    index = SORT_INDEXES[sort_key]
    condition: ConditionBase = Key("sk").eq(keys.provider_sk(compact))
    if query.family_name is not None:
        condition = condition & Key(NAME_INDEX).begins_with(name_prefix(query.family_name, query.given_name))
    request: dict[str, Any] = {
        "IndexName": index,
        "KeyConditionExpression": condition,
        "ScanIndexForward": not descending,
    }
    item_filter = extra_filter
    if query.jurisdiction is not None:
        in_jurisdiction = Attr("licenseJurisdiction").eq(query.jurisdiction) | Attr(
            "privilegeJurisdictions"
        ).contains(query.jurisdiction)
        item_filter = in_jurisdiction if item_filter is None else in_jurisdiction & item_filter
    if item_filter is not None:
        request["FilterExpression"] = item_filter
    return fill_page(
        table, request, page_size=page_size, key_names=("pk", "sk", index), resume_after=resume_after
    )


@dataclass(frozen=True)
class FoundProviders:
    """One page of providers, with what the response echoes back."""

    providers: list[Provider]
    pagination: ResultPagination
    sorting: ProviderQuerySorting


def _echo(body: ProviderQueryRequest) -> tuple[ProviderQueryPagination, ProviderQuerySorting, int]:
    pagination = body.pagination or ProviderQueryPagination()
    sorting = body.sorting or ProviderQuerySorting(key="familyName")
    return pagination, sorting, pagination.page_size or DEFAULT_PAGE_SIZE


def no_providers(body: ProviderQueryRequest) -> FoundProviders:
    """The answer to a query that cannot match anyone, made without reading the table."""
    pagination, sorting, page_size = _echo(body)
    return FoundProviders(
        providers=[],
        pagination=ResultPagination(page_size=page_size, prev_last_key=pagination.last_key),
        sorting=sorting,
    )


def find_providers(
    table: Any, compact: str, body: ProviderQueryRequest, *, only_with_privileges: bool = False
) -> FoundProviders:
    """The page ``body`` asks for. A ``providerId`` query answers that single provider (one read);
    otherwise an index query filled to the page size. ``only_with_privileges`` hides everyone else."""
    pagination, sorting, page_size = _echo(body)
    last_key: str | None = None
    if body.query.provider_id is not None:
        key = {"pk": keys.provider_pk(compact, body.query.provider_id), "sk": keys.provider_sk(compact)}
        item = table.get_item(Key=key).get("Item")
        found = readable(Provider, [item] if item else [])
        if only_with_privileges:
            found = [provider for provider in found if provider.privilege_jurisdictions]
    else:
        index = SORT_INDEXES[sorting.key]
        page = query_providers(
            table,
            compact,
            body.query,
            sort_key=sorting.key,
            descending=sorting.direction == "descending",
            page_size=page_size,
            resume_after=resume_key(pagination.last_key, compact, index) if pagination.last_key else None,
            extra_filter=holds_privileges() if only_with_privileges else None,
        )
        found = readable(Provider, page.items)
        last_key = encode_last_key(page.last_key) if page.last_key else None
    return FoundProviders(
        providers=found,
        pagination=ResultPagination(
            page_size=page_size, last_key=last_key, prev_last_key=pagination.last_key
        ),
        sorting=sorting,
    )
