"""Payments in the sandbox: the Authorize.Net stand-in serves, and every compact gets a merchant account
uploaded through the real credentials flow (checked with ``getMerchantDetails`` against the stand-in,
stored in the emulator's Secrets Manager, its public half on the compact's configuration), so a
registered practitioner can buy a privilege out of the box (issue #15).
"""

from __future__ import annotations

import os
import secrets

import boto3

from components.config import StackConfig
from core.lookups import configuration_repository
from core.resources import running_as
from core.secrets import COMPACT_SECRETS_KEY_ENV_VAR
from purchases import credentials
from purchases.functions import PAYMENT_CREDENTIALS_API
from purchases.processor import Credentials
from sandbox.payment_processor import API_PATH, PaymentProcessorStandIn


def serve_payments(
    config: StackConfig, stand_in: PaymentProcessorStandIn, port: int, configure_merchants: bool = True
) -> str:
    """Start the stand-in, point the functions at it, and (with ``configure_merchants``) configure each
    compact's merchant; returns the stand-in's base URL. An adopted configuration keeps the merchant its
    compacts have: the upload would replace its public fields."""
    url = stand_in.serve(port)
    os.environ[credentials.ENDPOINT_OVERRIDE] = url + API_PATH
    key = boto3.client("kms").create_key(Description="Per-compact secrets of the sandbox")["KeyMetadata"]
    os.environ[COMPACT_SECRETS_KEY_ENV_VAR] = key["Arn"]
    if not configure_merchants:
        return url
    with running_as(PAYMENT_CREDENTIALS_API):
        for compact in config.compacts.compacts:
            merchant = Credentials(api_login_id=f"sandbox-{compact}", transaction_key=secrets.token_hex(8))
            stand_in.add_merchant(merchant.api_login_id, merchant.transaction_key)
            credentials.upload(compact, merchant, configuration_repository())
    return url
