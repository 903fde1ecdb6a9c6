"""Process-wide test setup: the function environment exists before any handler module is imported,
as it does in Lambda (handlers read it at import time)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

TEST_ORIGINS = ["https://app.example.org", "http://localhost:3018"]

os.environ.setdefault("ALLOWED_ORIGINS", json.dumps(TEST_ORIGINS))
os.environ.setdefault("ENVIRONMENT_NAME", "test")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "compact-connect-test")


import pytest  # noqa: E402 - the environment above must exist before anything else is imported


@pytest.fixture(autouse=True)
def aws_environment_left_as_found() -> Iterator[None]:
    """What a test sets of the process's AWS_* variables (a sandbox started in-process points boto3 at
    its emulator through them) does not outlive it: the next test in the worker would otherwise send
    its requests to an emulator that has stopped."""
    before = {key: value for key, value in os.environ.items() if key.startswith("AWS_")}
    yield
    for key in [key for key in os.environ if key.startswith("AWS_") and key not in before]:
        del os.environ[key]
    os.environ.update(before)


@pytest.fixture(scope="session")
def local_config():
    from components.config import NAMESPACE, parse_stack_config
    from offline.stack_file import load_stack_config, namespace_values

    return parse_stack_config(namespace_values(load_stack_config("local"), NAMESPACE))


def pytest_terminal_summary(terminalreporter) -> None:
    """Print, on every run, how much of the reference API the catalog implements (issue #2 §8)."""
    from offline.openapi_docs import coverage, reference_dir, render_docs

    reference = reference_dir()
    if reference is None:
        return
    terminalreporter.section("reference API coverage (shared/reference/oas30-*.json)")
    for api, result in coverage(render_docs(), reference).items():
        total = len(result["present"]) + len(result["missing"])
        terminalreporter.write_line(f"{api}: {len(result['present'])}/{total} operations implemented")
        for operation in result["present"]:
            terminalreporter.write_line(f"  present  {operation}")
        for operation in result["missing"]:
            terminalreporter.write_line(f"  missing  {operation}")
