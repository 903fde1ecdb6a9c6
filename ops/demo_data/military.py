"""A demo provider's military affiliation (spec §9.5): the declaration with its uploaded documents, the
staff audit, and its end.

The documents are real (placeholder) PDFs in the provider-users bucket, so the download links the API
hands out open something.
"""

from __future__ import annotations

from datetime import datetime

from core.models.enums import (
    MilitaryAffiliationStatus,
    MilitaryAffiliationType,
    MilitaryStatus,
    UpdateCategory,
)
from core.models.military import MilitaryAffiliation
from ops.demo_data.history import History, changed
from ops.demo_data.ids import seeded_uuid
from ops.demo_data.pdf import placeholder_pdf

AUDIT_NOTES = {
    MilitaryStatus.APPROVED: "Orders verified.",
    MilitaryStatus.DECLINED: "Document is illegible; please upload your DD-214 again.",
}
FILE_NAMES = {
    MilitaryAffiliationType.MILITARY_MEMBER: ("dd214.pdf", "military-orders.pdf"),
    MilitaryAffiliationType.MILITARY_MEMBER_SPOUSE: (
        "spouse-military-orders.pdf",
        "marriage-certificate.pdf",
    ),
}
"""The documents each kind of affiliation uploads (one or both)."""


def declare_military(history: History, at: datetime, affiliation_type: MilitaryAffiliationType) -> None:
    """A military affiliation whose document upload completed: the provider awaits the staff audit."""
    file_names = list(FILE_NAMES[affiliation_type][: history.rng.choice((1, 2))])
    document_keys = [_upload_document(history, at, affiliation_type, file_name) for file_name in file_names]
    history.military.append(
        MilitaryAffiliation(
            provider_id=history.provider_id,
            compact=history.compact.abbreviation,
            affiliation_type=affiliation_type,
            file_names=file_names,
            document_keys=document_keys,
            date_of_upload=at,
            status=MilitaryAffiliationStatus.ACTIVE,
            date_of_update=at,
        )
    )
    history.refresh_provider(
        at,
        UpdateCategory.MILITARY_FILE_UPLOAD,
        military_status=MilitaryStatus.TENTATIVE,
        military_status_note="",
    )


def _upload_document(
    history: History, at: datetime, affiliation_type: MilitaryAffiliationType, file_name: str
) -> str:
    """Store one document where the upload flow puts it; returns its key."""
    document_key = (
        f"compact/{history.compact.abbreviation}/provider/{history.provider_id}/document-type/"
        f"military-affiliations/{at.date().isoformat()}/{seeded_uuid(history.rng)}#{file_name}"
    )
    history.documents[document_key] = placeholder_pdf(
        f"CompactConnect sandbox demo document ({affiliation_type}): {file_name}"
    )
    return document_key


def audit_military(history: History, at: datetime, status: MilitaryStatus) -> None:
    """Staff approve or decline the affiliation, with a note to the practitioner."""
    history.refresh_provider(
        at, UpdateCategory.MILITARY_AUDIT, military_status=status, military_status_note=AUDIT_NOTES[status]
    )


def end_military(history: History, at: datetime) -> None:
    """The practitioner ends their affiliation: its records become inactive."""
    history.military = [
        changed(record, status=MilitaryAffiliationStatus.INACTIVE, date_of_update=at)
        for record in history.military
    ]
    history.refresh_provider(
        at, UpdateCategory.MILITARY_AFFILIATION_ENDED, military_status=None, military_status_note=None
    )
