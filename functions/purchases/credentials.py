"""A compact's payment-processor credentials (payments_security §1.3): checked with the processor,
stored in the compact's own Secrets Manager secret, read back (cached) to charge.

The secret holds ``{"processor", "api_login_id", "transaction_key"}`` under the reference's name, so
credentials a compact uploaded to the reference are read here unchanged. The processor's endpoint is
production in ``prod`` and Authorize.Net's sandbox everywhere else (as in the reference);
``AUTHORIZE_NET_API_URL`` points tests and the local sandbox at the stand-in.
"""

from __future__ import annotations

import json
import os

from core.aws import client_error, error_code
from core.errors import InvalidRequest
from core.models.configuration import PaymentProcessorPublicFields
from core.repositories.configuration import ConfigurationRepository
from core.repositories.providers import retrying_conflicts
from core.resources import granted
from core.secret_values import SecretUnavailable, forget_id, secret_document, secrets_client
from core.secrets import COMPACT_SECRETS_KEY_ENV_VAR, PAYMENT_PROCESSOR_CREDENTIALS
from purchases.processor import PRODUCTION_URL, SANDBOX_URL, Credentials, PaymentProcessor, ProcessorError

AUTHORIZE_NET = "authorize.net"
ENDPOINT_OVERRIDE = "AUTHORIZE_NET_API_URL"


def is_sandbox() -> bool:
    """Whether this environment charges Authorize.Net's sandbox (every environment but ``prod``)."""
    return os.environ.get("ENVIRONMENT_NAME") != "prod"


def endpoint() -> str:
    return os.environ.get(ENDPOINT_OVERRIDE) or (SANDBOX_URL if is_sandbox() else PRODUCTION_URL)


def forget(compact: str) -> None:
    """Drop the compact's cached credentials: the next :func:`processor_for` reads them again."""
    forget_id(granted().compact_secret_name(PAYMENT_PROCESSOR_CREDENTIALS, compact, "read"))


def processor_for(compact: str) -> PaymentProcessor:
    """The compact's processor, with its stored credentials (read at most every few minutes)."""
    name = granted().compact_secret_name(PAYMENT_PROCESSOR_CREDENTIALS, compact, "read")
    document = secret_document(name, f"{PAYMENT_PROCESSOR_CREDENTIALS.key} of {compact}")
    processor = str(document.get("processor", "")).lower()
    if processor != AUTHORIZE_NET:
        raise SecretUnavailable(f"the payment processor of {compact} is {processor!r}, not {AUTHORIZE_NET}")
    login, key = document.get("api_login_id"), document.get("transaction_key")
    if not isinstance(login, str) or not isinstance(key, str) or not login or not key:
        raise SecretUnavailable(f"the payment credentials of {compact} are incomplete")
    return PaymentProcessor(Credentials(api_login_id=login, transaction_key=key), endpoint())


def store(compact: str, credentials: Credentials) -> None:
    """Write the credentials as the compact's secret's current version (creating the secret the first
    time). Describe first, as the reference does, so a missing secret is created rather than refused."""
    name = granted().compact_secret_name(PAYMENT_PROCESSOR_CREDENTIALS, compact, "write")
    value = json.dumps(
        {
            "processor": AUTHORIZE_NET,
            "api_login_id": credentials.api_login_id,
            "transaction_key": credentials.transaction_key,
        }
    )
    client = secrets_client()
    try:
        client.describe_secret(SecretId=name)
    except client_error() as error:
        if error_code(error) != "ResourceNotFoundException":
            raise
        client.create_secret(
            Name=name,
            Description=PAYMENT_PROCESSOR_CREDENTIALS.description,
            KmsKeyId=os.environ[COMPACT_SECRETS_KEY_ENV_VAR],
            SecretString=value,
        )
        return
    client.put_secret_value(SecretId=name, SecretString=value)


NOT_CONFIGURED = (
    "Compact Fee configuration has not been configured yet. Please configure the compact fee values and "
    "then upload your credentials again."
)


def upload(compact: str, given: Credentials, configurations: ConfigurationRepository) -> None:
    """Check the credentials with the processor, store them, and publish their public half on the
    compact's configuration (what the browser's card form needs).

    Better than the reference on purpose: nothing is written unless the compact's configuration exists
    (the public fields have somewhere to go), and the secret is stored before the public fields, so a
    failed upload never leaves the card form on a merchant whose secret was not saved.
    """
    if configurations.compact_configuration(compact) is None:
        raise InvalidRequest(NOT_CONFIGURED)
    try:
        public_key = PaymentProcessor(given, endpoint()).public_client_key()
    except ProcessorError as error:
        raise InvalidRequest(f"Failed to verify credentials. {error}") from error
    store(compact, given)
    fields = PaymentProcessorPublicFields(public_client_key=public_key, api_login_id=given.api_login_id)

    def save_public_fields() -> None:
        existing = configurations.compact_configuration(compact)
        assert existing is not None, "compact configurations are never deleted"
        configurations.put_compact_configuration(
            existing.model_copy(update={"payment_processor_public_fields": fields}), existing
        )

    retrying_conflicts(save_public_fields)
