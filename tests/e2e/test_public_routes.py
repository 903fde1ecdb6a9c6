"""The sandbox over real HTTP: the public configuration routes, CORS, unknown routes, shutdown."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import boto3
import requests

from toolkit.sandbox_process import ROOT

LOCAL_ORIGIN = "http://localhost:3018"


def test_manifest_lists_what_clients_need(sandbox):
    manifest = sandbox.manifest

    assert manifest["region"] == "us-east-1"
    assert manifest["awsEndpoint"].startswith("http://127.0.0.1:")
    assert set(manifest["apis"]) == {"license", "state", "search"}
    assert len(manifest["tables"]) == 8
    assert set(manifest["buckets"]) == {
        "access_logs",
        "bulk_uploads",
        "provider_users",
        "transaction_reports",
        "export_results",
        "user_pool_exports",
        "disaster_recovery_results",
    }
    assert manifest["eventBus"] == "local-dataEventBus"
    assert manifest["searchEngine"].startswith("http://127.0.0.1:")


def test_the_declared_resources_exist_on_the_emulator(sandbox):

    session = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1")
    endpoint = sandbox.manifest["awsEndpoint"]
    tables = session.client("dynamodb", endpoint_url=endpoint).list_tables()["TableNames"]
    buckets = [b["Name"] for b in session.client("s3", endpoint_url=endpoint).list_buckets()["Buckets"]]
    buses = [
        b["Name"] for b in session.client("events", endpoint_url=endpoint).list_event_buses()["EventBuses"]
    ]

    assert set(sandbox.manifest["tables"].values()) <= set(tables)
    assert set(sandbox.manifest["buckets"].values()) <= set(buckets)
    assert sandbox.manifest["eventBus"] in buses


def test_live_jurisdictions_for_every_compact(sandbox):
    response = requests.get(sandbox.url("license", "/v1/public/jurisdictions/live"), timeout=10)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == sandbox.manifest["demo"]["liveJurisdictions"]
    assert set(response.json()) == {"aslp", "octp", "coun"}


def test_live_jurisdictions_for_one_compact_and_a_bad_one(sandbox):
    one = requests.get(
        sandbox.url("license", "/v1/public/jurisdictions/live"), {"compact": "octp"}, timeout=10
    )
    bad = requests.get(
        sandbox.url("license", "/v1/public/jurisdictions/live"), {"compact": "nope"}, timeout=10
    )

    assert (one.status_code, list(one.json())) == (200, ["octp"])
    assert bad.status_code == 400 and "nope" in bad.json()["message"]


def test_active_member_jurisdictions_come_from_the_stack_file(sandbox, local_config):
    response = requests.get(sandbox.url("license", "/v1/public/compacts/coun/jurisdictions"), timeout=10)

    assert response.status_code == 200
    expected = list(local_config.compacts.compacts["coun"].active_jurisdictions)
    assert [item["postalAbbreviation"] for item in response.json()] == expected
    assert all(item["compact"] == "coun" and item["jurisdictionName"] for item in response.json())


def test_cors_preflight_and_response_headers(sandbox):
    url = sandbox.url("license", "/v1/public/compacts/aslp/jurisdictions")
    preflight = requests.options(url, headers={"Origin": LOCAL_ORIGIN}, timeout=10)
    response = requests.get(url, headers={"Origin": LOCAL_ORIGIN}, timeout=10)

    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == LOCAL_ORIGIN
    assert response.headers["Access-Control-Allow-Origin"] == LOCAL_ORIGIN


def test_unknown_route_answers_like_api_gateway(sandbox):
    response = requests.get(sandbox.url("license", "/v1/public/nothing-here"), timeout=10)

    assert (response.status_code, response.json()) == (403, {"message": "Missing Authentication Token"})


def test_sigterm_stops_cleanly_and_removes_the_manifest(tmp_path):
    manifest = tmp_path / "manifest.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--ephemeral-ports", "--manifest", str(manifest)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(600):
            if manifest.exists() or process.poll() is not None:
                break
            time.sleep(0.1)
        assert manifest.exists()
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)

    assert process.returncode == 0, output
    assert not manifest.exists()
    assert "Stopping sandbox" in output
