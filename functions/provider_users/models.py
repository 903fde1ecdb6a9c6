"""What a practitioner reads about themselves."""

from providers.models import PrivateProviderDetail


class OwnProviderDetail(PrivateProviderDetail):
    """The signed-in practitioner's own record: the private schema (their date of birth, the last four
    digits of their SSN, their addresses), with licenses, privileges and military affiliations — never
    the full SSN, which leaves the SSN table only through the staff SSN route, and never links to the
    documents (staff review those; the practitioner uploaded them)."""
