"""Smoke test of the search benchmark: it runs and reports every figure (no timing is asserted)."""

from __future__ import annotations

import os
from unittest import mock

import boto3
import pytest

from benchmarks.search import main, measure
from core import aws


@pytest.fixture(autouse=True)
def environment_restored():
    """The benchmark sets the function environment in the process, and the AWS clients it makes keep
    the credentials of that environment: other tests must see neither."""
    with mock.patch.dict(os.environ), mock.patch.object(boto3, "DEFAULT_SESSION", None):
        yield
    for cached in (aws.dynamodb, aws.table_resource, aws.s3_client, aws.lambda_client):
        cached.cache_clear()


def test_the_benchmark_reports_indexing_against_its_floor_and_query_latencies(monkeypatch):
    monkeypatch.setenv("POWERTOOLS_LOG_LEVEL", "WARNING")
    report = measure(40, queries=3)

    assert report["providers"] == 40 and report["stream_records"] >= 40
    assert report["docs_per_s"] > 0 and report["floor_docs_per_s"] > 0 and report["ratio"] > 0
    for query in ("name", "jurisdiction_status"):
        assert 0 < report[f"{query}_p50_ms"] <= report[f"{query}_p95_ms"]
    assert report["peak_rss_mb"] > 0


def test_the_command_prints_json(capsys):
    assert main(["--providers", "12", "--queries", "2"]) == 0
    assert '"docs_per_s"' in capsys.readouterr().out
