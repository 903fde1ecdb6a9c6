"""Smoke test of the cold-start benchmark: it runs fresh interpreters and reports every figure (no timing
is asserted)."""

from __future__ import annotations

import json

from benchmarks.cold_start import (
    function_environment,
    handler_import,
    libraries_body,
    loaded_libraries,
    main,
    project_packages,
    select,
    stack_config,
)

FUNCTION_KEYS = {
    "function",
    "handler",
    "import_ms",
    "floor_ms",
    "ratio",
    "peak_rss_mb",
    "libraries_ms",
    "libraries_ratio",
    "cpu_ratio",
}


def test_the_command_prints_a_ratio_per_function_and_the_worst(capsys):
    functions = ["--function", "StaffUsersCustomMessage", "--function", "PublicLookupApi"]
    assert main(["--runs", "1", *functions]) == 0

    report = json.loads(capsys.readouterr().out)
    assert [result["function"] for result in report["functions"]] == [
        "StaffUsersCustomMessage",
        "PublicLookupApi",
    ]
    for result in report["functions"]:
        assert set(result) == FUNCTION_KEYS
        assert result["import_ms"] > 0 and result["floor_ms"] > 0 and result["peak_rss_mb"] > 0
    assert report["max_ratio"] == max(result["ratio"] for result in report["functions"])
    assert report["max_ratio_function"] in {"StaffUsersCustomMessage", "PublicLookupApi"}
    assert report["runs"] == 1 and report["interpreter_start_ms"] > 0


def test_a_child_gets_the_environment_of_the_deployed_function_and_nothing_else(monkeypatch):
    monkeypatch.setenv("SOMETHING_FROM_THE_DEVELOPER", "1")
    (spec,) = select(["PublicLookupApi"])

    env = function_environment(spec, stack_config())

    assert env["POWERTOOLS_SERVICE_NAME"] == "PublicLookupApi"
    assert env["PROVIDER_TABLE_NAME"] and env["COMPACT_CONFIGURATION_TABLE_NAME"]
    assert {"ALLOWED_ORIGINS", "ENVIRONMENT_NAME", "COMPACTS", "AWS_REGION"} <= set(env)
    assert "SOMETHING_FROM_THE_DEVELOPER" not in env


def test_the_import_profile_names_packages_and_modules(capsys):
    assert main(["--importtime", "StaffUsersCustomMessage"]) == 0

    profile = json.loads(capsys.readouterr().out)
    assert profile["function"] == "StaffUsersCustomMessage" and profile["total_self_ms"] > 0
    assert "staff_auth" in profile["by_package_ms"] or "jinja2" in profile["by_package_ms"]
    assert profile["slowest_modules_ms"]


def test_the_libraries_interpreter_loads_what_the_handler_loads_minus_the_bundle():
    (spec,) = select(["PublicLookupApi"])

    libraries = loaded_libraries(spec, function_environment(spec, stack_config()))

    assert {"pydantic", "aws_lambda_powertools.event_handler.api_gateway"} <= set(libraries)
    assert not {"boto3", "botocore.session"} & set(libraries), "boto3 is imported on the first AWS call"
    assert not {name.split(".")[0] for name in libraries} & project_packages()
    assert {"core", "public_lookup", "catalog"} <= project_packages()


def test_the_libraries_interpreter_runs_without_the_collector_when_the_handler_import_does():
    """In the deployed environment a handler's import pauses the cyclic collector (core.init_phase); the
    libraries' share of that import is measured the same way."""
    (spec,) = select(["PublicLookupApi"])

    libraries, paused = handler_import(spec, function_environment(spec, stack_config()))

    assert paused
    assert libraries_body(libraries, paused).startswith("import gc\ngc.disable()\n")
    assert "gc.disable" not in libraries_body(libraries)


def test_handlers_leave_out_what_only_some_requests_or_other_utilities_need():
    """Regression guards for two costly imports. Powertools' batch utility loads every parser model when
    pydantic is already imported, so the consumers import it first; cryptography is loaded only by
    the requests whose signature is checked."""
    config = stack_config()
    for spec in select(["PreprocessLicenses", "IngestLicenses", "LogDataEvents", "StateProviderApi"]):
        libraries = loaded_libraries(spec, function_environment(spec, config))

        assert "aws_lambda_powertools.utilities.parser" not in libraries, spec.name
        assert "cryptography" not in libraries, spec.name
