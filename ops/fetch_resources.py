"""`scripts/fetch_resources`: what a deployed environment's clients need — its API URLs, the staff and
practitioner pools with their UI clients and hosted sign-in domains, the State API's token URL and the
tables — from the stack's outputs (`pulumi stack output`) and Cognito, readable or as the UI's `.env`.

    scripts/fetch_resources --stack <org>/compact-connect/test
    scripts/fetch_resources --stack <org>/compact-connect/test --as-env > ../webroot/.env

Needs the Pulumi CLI logged in to the stack's backend, and AWS credentials for the environment's account
(Cognito's `DescribeUserPool`, for the sign-in domains).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable, Mapping
from typing import Any

import boto3

from toolkit.commands import CommandError

Runner = Callable[..., subprocess.CompletedProcess[str]]


def stack_outputs(stack: str, run: Runner = subprocess.run) -> dict[str, Any]:
    try:
        result = run(
            ["pulumi", "stack", "output", "--json", "--stack", stack],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise CommandError("the Pulumi CLI is not installed (https://www.pulumi.com/docs/install/)") from None
    if result.returncode != 0:
        raise CommandError(f"pulumi stack output failed: {result.stderr.strip()}")
    outputs = json.loads(result.stdout or "{}")
    if not isinstance(outputs, dict):
        raise CommandError("pulumi stack output did not answer an object")
    return outputs


def sign_in_domain(cognito: Any, pool_id: str, region: str) -> str:
    """The pool's hosted sign-in domain: its custom domain, else its Cognito prefix domain."""
    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    if pool.get("CustomDomain"):
        return f"https://{pool['CustomDomain']}"
    if pool.get("Domain"):
        return f"https://{pool['Domain']}.auth.{region}.amazoncognito.com"
    return ""


def resources(outputs: Mapping[str, Any], cognito: Any, region: str) -> dict[str, str]:
    tables = outputs.get("tables") or {}
    return {
        "environment": str(outputs.get("environment", "")),
        "licenseApiUrl": str(outputs.get("licenseApiUrl", "")),
        "stateApiUrl": str(outputs.get("stateApiUrl", "")),
        "searchApiUrl": str(outputs.get("searchApiUrl", "")),
        "region": region,
        "staffUserPoolId": str(outputs.get("staffUserPoolId", "")),
        "staffUiClientId": str(outputs.get("staffUiClientId", "")),
        "staffSignIn": sign_in_domain(cognito, outputs["staffUserPoolId"], region)
        if outputs.get("staffUserPoolId")
        else "",
        "providerUserPoolId": str(outputs.get("providerUserPoolId", "")),
        "providerUiClientId": str(outputs.get("providerUiClientId", "")),
        "providerSignIn": sign_in_domain(cognito, outputs["providerUserPoolId"], region)
        if outputs.get("providerUserPoolId")
        else "",
        "stateAuthTokenUrl": str(outputs.get("stateAuthTokenUrl", "")),
        "providerTable": str(tables.get("provider", "")),
        "usersTable": str(tables.get("users", "")),
    }


def env_lines(found: Mapping[str, str]) -> list[str]:
    """The UI's `.env` (the reference UI's variable names, and the search API's root)."""
    return [
        f"VUE_APP_API_STATE_ROOT={found['licenseApiUrl']}",
        f"VUE_APP_API_LICENSE_ROOT={found['licenseApiUrl']}",
        f"VUE_APP_API_USER_ROOT={found['licenseApiUrl']}",
        f"VUE_APP_API_SEARCH_ROOT={found['searchApiUrl']}",
        f"VUE_APP_COGNITO_REGION={found['region']}",
        f"VUE_APP_COGNITO_AUTH_DOMAIN_STAFF={found['staffSignIn']}",
        f"VUE_APP_COGNITO_CLIENT_ID_STAFF={found['staffUiClientId']}",
        f"VUE_APP_COGNITO_AUTH_DOMAIN_LICENSEE={found['providerSignIn']}",
        f"VUE_APP_COGNITO_CLIENT_ID_LICENSEE={found['providerUiClientId']}",
        f"VUE_APP_DYNAMO_TABLE_PROVIDER={found['providerTable']}",
        f"VUE_APP_DYNAMO_TABLE_STAFF={found['usersTable']}",
    ]


def readable_lines(found: Mapping[str, str]) -> list[str]:
    width = max(len(key) for key in found)
    return [f"{key:<{width}}  {value or 'N/A'}" for key, value in found.items()]


def main(argv: list[str] | None = None, run: Runner = subprocess.run, cognito: Any = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/fetch_resources",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--stack", required=True, help="the stack, e.g. <org>/compact-connect/test")
    parser.add_argument("--as-env", action="store_true", help="print the UI's .env lines")
    parser.add_argument("--region", default="us-east-1")
    args = parser.parse_args(argv)
    try:
        outputs = stack_outputs(args.stack, run)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    found = resources(outputs, cognito or boto3.client("cognito-idp", region_name=args.region), args.region)
    print("\n".join(env_lines(found) if args.as_env else readable_lines(found)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
