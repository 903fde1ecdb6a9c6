"""What the reference's deploys, admins and operators left in a deployment beyond its stacks and users
(:mod:`tests.reference_deployment`), as the reference stores it: the compact configuration, and a state's
app client and signing key (its ``create_app_client`` and ``manage_signature_keys`` scripts)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from components.config import StackConfig
from components.configuration_upload import uploader_payload
from ops.create_app_client import create_client, default_scopes
from ops.manage_signature_keys import generate_key_pair

UPLOADED = "2024-06-06T23:59:59+00:00"
CONFIGURED = "2024-10-04T12:34:56+00:00"
STATE_KEY_ID = "oh-key-2024"


def configure_compacts(table: Any, config: StackConfig) -> None:
    """What the reference's deploys wrote (each compact's active members, version 1 of each attestation,
    from the same attestations file) and what its admins entered (aslp's and Ohio's configuration)."""
    payload: dict[str, Any] = uploader_payload(config)
    with table.batch_writer() as batch:
        for compact, jurisdictions in payload["compacts"].items():
            key = f"COMPACT#{compact}#ACTIVE_MEMBER_JURISDICTIONS"
            members = [{"postalAbbreviation": code, "compact": compact} for code in jurisdictions]
            batch.put_item(Item={"pk": key, "sk": key, "active_member_jurisdictions": members})
            for attestation in payload["attestations"]:
                sk = f"COMPACT#{compact}#LOCALE#en#ATTESTATION#{attestation['attestationId']}#VERSION#1"
                batch.put_item(
                    Item={
                        **attestation, "pk": f"COMPACT#{compact}#ATTESTATIONS", "sk": sk,
                        "type": "attestation", "compact": compact, "version": "1", "locale": "en",
                        "dateCreated": UPLOADED, "dateOfUpdate": UPLOADED,
                    }
                )  # fmt: skip
        batch.put_item(
            Item={
                "pk": "aslp#CONFIGURATION", "sk": "aslp#CONFIGURATION", "type": "compact",
                "compactAbbr": "aslp", "compactName": "Audiology and Speech Language Pathology",
                "compactCommissionFee": {"feeType": "FLAT_RATE", "feeAmount": Decimal("3.5")},
                "compactOperationsTeamEmails": ["ops@example.org"],
                "compactAdverseActionsNotificationEmails": ["adverse@example.org"],
                "compactSummaryReportNotificationEmails": ["summary@example.org"],
                "licenseeRegistrationEnabled": True, "dateOfUpdate": CONFIGURED,
                "configuredStates": [
                    {"postalAbbreviation": code, "isLive": True} for code in ("oh", "ky", "ne")
                ],
            }
        )  # fmt: skip
        batch.put_item(
            Item={
                "pk": "aslp#CONFIGURATION", "sk": "aslp#JURISDICTION#oh", "type": "jurisdiction",
                "compact": "aslp", "jurisdictionName": "ohio", "postalAbbreviation": "oh",
                "privilegeFees": [
                    {"licenseTypeAbbreviation": "slp", "amount": Decimal("100.5"), "militaryRate": None}
                ],
                "jurisdictionOperationsTeamEmails": ["ops@oh.example.gov"],
                "jurisdictionAdverseActionsNotificationEmails": ["adverse@oh.example.gov"],
                "jurisdictionSummaryReportNotificationEmails": ["summary@oh.example.gov"],
                "licenseeRegistrationEnabled": True, "jurisprudenceRequirements": {"required": True},
                "dateOfUpdate": CONFIGURED,
            }
        )  # fmt: skip


def register_state_client(cognito: Any, pool_id: str, table: Any) -> dict[str, str]:
    """Ohio's aslp app client and signing key, as the reference stored the key (microseconds, no type);
    answers the client as the sandbox's manifest lists state clients, private key included."""
    app = create_client(cognito, pool_id, "aslp", "oh", default_scopes("aslp", "oh"))
    private_pem, public_pem = generate_key_pair()
    table.put_item(
        Item={
            "pk": "aslp#SIGNATURE_KEYS#oh", "sk": f"aslp#JURISDICTION#oh#{STATE_KEY_ID}", "compact": "aslp",
            "jurisdiction": "oh", "keyId": STATE_KEY_ID, "publicKey": public_pem,
            "createdAt": "2024-06-06T23:59:59.123456+00:00",
        }
    )  # fmt: skip
    return {
        "clientId": app["ClientId"], "clientSecret": app["ClientSecret"], "compact": "aslp",
        "jurisdiction": "oh", "keyId": STATE_KEY_ID, "privateKeyPem": private_pem,
    }  # fmt: skip
