"""core.init_phase: in Lambda, importing a handler runs without the cyclic collector, and the first
invocation freezes what the import created and turns the collector back on. Each case runs in a fresh
interpreter, as a Lambda container does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from catalog import FUNCTIONS

ROOT = Path(__file__).resolve().parents[3]

_IMPORT_THEN_INVOKE = """
import gc, json
report = {"before": gc.isenabled()}
from configuration import api
report["after_import"] = gc.isenabled()
event = {
    "resource": "/v1/public/jurisdictions/live",
    "path": "/v1/public/jurisdictions/live",
    "httpMethod": "OPTIONS",
    "headers": {"Origin": "https://nowhere.example"},
    "requestContext": {"requestId": "r", "stage": "test"},
    "body": None,
    "isBase64Encoded": False,
}
report["status"] = api.lambda_handler(event, None)["statusCode"]
report["after_invocation"] = gc.isenabled()
report["frozen"] = gc.get_freeze_count()
print(json.dumps(report))
"""


def _run(code: str, *, in_lambda: bool) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "AWS_LAMBDA_FUNCTION_NAME"}
    if in_lambda:
        env["AWS_LAMBDA_FUNCTION_NAME"] = "cc-test-CompactConfigurationApi"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "functions")])
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_in_lambda_the_collector_is_off_during_the_import_and_frozen_after_the_first_invocation():
    report = _run(_IMPORT_THEN_INVOKE, in_lambda=True)

    assert report["before"] and not report["after_import"]
    assert report["status"] == 204  # a CORS preflight: no AWS call, yet the invocation ran its grants
    assert report["after_invocation"] and report["frozen"] > 10_000


def test_elsewhere_the_collector_is_left_alone():
    report = _run(_IMPORT_THEN_INVOKE, in_lambda=False)

    assert report["after_import"] and report["after_invocation"] and report["frozen"] == 0


def test_every_handler_package_pauses_the_collector_before_its_handler_imports_anything():
    packages = sorted({spec.handler.split(".")[0] for spec in FUNCTIONS})
    code = f"""
import gc, importlib, json
from core import init_phase
paused = {{}}
for package in {packages!r}:
    importlib.import_module(package)
    paused[package] = not gc.isenabled()
    init_phase.end()
print(json.dumps(paused))
"""
    paused = _run(code, in_lambda=True)

    assert paused == dict.fromkeys(packages, True)
