"""Catalog entry of the flag check's function."""

from __future__ import annotations

from core.catalog import FunctionSpec
from core.secrets import STATSIG_SERVER_KEY

FEATURE_FLAG_API = FunctionSpec(
    name="FeatureFlagApi",
    handler="feature_flags.check_api.lambda_handler",
    description="Answers whether a feature flag is on (StatSig), for the UI and for other services.",
    secrets=(STATSIG_SERVER_KEY,),
)
