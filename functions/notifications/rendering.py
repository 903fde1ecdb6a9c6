"""Renders an email: its subject, an HTML body and a plain-text body, in the shared layout.

Each template is two Jinja files, ``templates/<key>.html`` (autoescaped: variables cannot inject markup)
and ``templates/<key>.txt``, each extending the layout of its kind, which carries the compact's name, a
banner outside production and the footer. Undefined names are errors (``StrictUndefined``): a template
that refers to a variable its model does not have fails its test instead of mailing a blank.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from core.jurisdictions import COMPACT_NAMES, JURISDICTION_NAMES, OTHER_JURISDICTION, UNKNOWN_JURISDICTION
from core.settings import ui_base_url
from notifications.catalog import EmailTemplate
from notifications.variables import Variables

TEMPLATES = Path(__file__).resolve().parent / "templates"
PRODUCTION = "prod"


@dataclass(frozen=True)
class RenderedEmail:
    template: str
    subject: str
    html: str
    text: str


def state_name(code: str) -> str:
    """A jurisdiction's name from its postal code; ``other`` is a state outside the compact."""
    if code == OTHER_JURISDICTION:
        return "a jurisdiction outside the compact"
    if code == UNKNOWN_JURISDICTION:
        return "a jurisdiction not yet given"
    return JURISDICTION_NAMES.get(code.lower(), code.upper())


def long_date(value: date | datetime) -> str:
    """``March 5, 2026``: no leading zero, as people write dates."""
    return f"{value:%B} {value.day}, {value.year}"


def utc_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def money(value: Decimal | int) -> str:
    return f"${Decimal(value):,.2f}"


@cache
def environment() -> Environment:
    jinja = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    jinja.filters.update(state_name=state_name, long_date=long_date, utc_time=utc_time, money=money)
    return jinja


def shared_context(compact_name: str) -> dict[str, Any]:
    """What the layout needs: the compact's name (empty for account emails), the UI's address, the
    test banner and the year."""
    return {
        "compact_name": compact_name,
        "ui_url": ui_base_url(),
        "test_environment": _test_environment(),
        "year": datetime.now(UTC).year,
    }


def render(
    template: EmailTemplate,
    variables: Variables,
    compact: str,
    jurisdiction: str | None = None,
    *,
    compact_name: str | None = None,
    jurisdiction_name: str | None = None,
) -> RenderedEmail:
    """The email ``template`` makes of ``variables`` for ``compact`` (and ``jurisdiction``). Names default
    to the reference facts; the configuration's, when there is one, are passed in."""
    context: dict[str, Any] = {
        **shared_context(compact_name or COMPACT_NAMES.get(compact, compact.upper())),
        "v": variables,
        "compact": compact,
        "jurisdiction": jurisdiction,
        "jurisdiction_name": jurisdiction_name or (state_name(jurisdiction) if jurisdiction else ""),
    }
    jinja = environment()
    subject = " ".join(jinja.from_string(template.subject).render(context).split())
    html = jinja.get_template(f"{template.key}.html").render(context, subject=subject)
    text = jinja.get_template(f"{template.key}.txt").render(context, subject=subject)
    return RenderedEmail(template=template.key, subject=subject, html=html, text=text)


def _test_environment() -> str | None:
    """The environment's name when it is not production: its emails say they are tests."""
    name = os.environ.get("ENVIRONMENT_NAME", "")
    return name if name and name != PRODUCTION else None
