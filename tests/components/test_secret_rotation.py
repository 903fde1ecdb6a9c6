"""Rotating a secret is `pulumi config set --secret` and `pulumi up`, changing nothing else: the program
run with every stack-config secret at one value and then at another differs only in the secrets' values
(each Secrets Manager secret's version, and the console key the flags' rules keep), never in a
function, a role or an environment variable — functions read secrets at run time, by ARN."""

from __future__ import annotations

import json

from offline import runner

SECRETS = ("recaptchaSecret", "statsigServerKey", "statsigConsoleKey")
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
FLAG_RULE = "pulumi-python:dynamic:Resource"


def inputs_by_urn(values: str) -> dict[str, str]:
    run = runner.run_program(
        "test", extra_config={f"compact-connect:{key}": f"{key}-{values}" for key in SECRETS}
    )
    return {
        resource.urn: json.dumps(
            {k: v for k, v in resource.inputs.items() if k != "__provider"},
            sort_keys=True,
            default=lambda value: getattr(value, "path", type(value).__name__),  # the bundle; unknowns
        )
        for resource in run.resources
    }


def test_a_rotation_changes_only_the_secrets_values():
    before, after = inputs_by_urn("old"), inputs_by_urn("new")

    assert before.keys() == after.keys()
    changed = sorted(urn for urn in before if before[urn] != after[urn])
    assert changed and all(SECRET_VERSION in urn or FLAG_RULE in urn for urn in changed), changed
    assert sum(SECRET_VERSION in urn for urn in changed) == 2  # reCAPTCHA and the StatSig server key
    for urn in changed:
        assert "-old" in before[urn] and "-new" in after[urn]
        assert before[urn].replace("-old", "-new") == after[urn]  # nothing else in them moved
