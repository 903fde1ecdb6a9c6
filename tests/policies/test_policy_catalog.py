"""The rule catalog: names CrossGuard accepts, tokens that exist in pulumi-aws v7, every rule tested."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

from policies import aws_types
from policies.aws_types import TAGGABLE_TYPES
from policies.model import ADVISORY, MANDATORY, RULE_NAME_RE, Rule
from policies.rules import ALL_RULES, RULES_BY_NAME

TESTS = Path(__file__).parent
TOKENS = sorted(value for name, value in vars(aws_types).items() if name.isupper() and isinstance(value, str))


def aws_class(token: str) -> type:
    """The pulumi_aws class of a type token: aws:lambda/function:Function -> pulumi_aws.lambda_.Function."""
    module, _, class_name = token.removeprefix("aws:").partition(":")
    package = module.split("/")[0]
    package = f"{package}_" if package in {"lambda"} else package
    return getattr(importlib.import_module(f"pulumi_aws.{package}"), class_name)


def test_at_least_twenty_rules_with_unique_valid_names() -> None:
    names = [rule.name for rule in ALL_RULES]
    assert len(names) >= 20
    assert len(names) == len(set(names)) == len(RULES_BY_NAME)
    for name in names:
        assert RULE_NAME_RE.match(name) and len(name) <= 100 and name != "all", name


def test_rules_have_levels_descriptions_and_types() -> None:
    for rule in ALL_RULES:
        assert rule.enforcement in (MANDATORY, ADVISORY)
        assert rule.description.endswith(".") and len(rule.description) < 200, rule.name
        assert rule.check.__doc__, f"{rule.name}: the check should say why it exists"
        for token in rule.resource_types or ():
            assert token == "*" or token in TOKENS, f"{rule.name}: unknown type {token}"


def test_mandatory_and_advisory_are_both_used() -> None:
    levels = {rule.enforcement for rule in ALL_RULES}
    assert levels == {MANDATORY, ADVISORY}


@pytest.mark.parametrize("bad", ["Has-Caps", "under_score", "-leading", "double--hyphen", "", "x" * 101])
def test_rule_rejects_invalid_names(bad: str) -> None:
    with pytest.raises(ValueError, match="kebab-case"):
        Rule(bad, "d.", MANDATORY, None, lambda stack: [])


def test_rule_rejects_bad_enforcement_and_empty_types() -> None:
    with pytest.raises(ValueError, match="enforcement"):
        Rule("x", "d.", "remediate", None, lambda stack: [])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="resource_types"):
        Rule("x", "d.", MANDATORY, (), lambda r, s: [])


def test_every_rule_is_exercised_by_a_test() -> None:
    sources = "".join(
        path.read_text() for path in TESTS.glob("test_policy_*.py") if path.name != Path(__file__).name
    )
    untested = [rule.name for rule in ALL_RULES if f'"{rule.name}"' not in sources]
    assert untested == []


@pytest.mark.parametrize("token", TOKENS)
def test_type_tokens_exist_in_pulumi_aws(token: str) -> None:
    cls = aws_class(token)
    source = inspect.getsource(cls)
    assert re.search(rf'type_token\("{re.escape(token)}"\)', source) or f"'{token}'" in source


@pytest.mark.parametrize("token", sorted(TAGGABLE_TYPES))
def test_taggable_types_take_tags(token: str) -> None:
    assert "tags" in inspect.signature(aws_class(token)._internal_init).parameters


@pytest.mark.parametrize("token", sorted(set(TOKENS) - TAGGABLE_TYPES))
def test_other_known_types_take_no_tags(token: str) -> None:
    assert "tags" not in inspect.signature(aws_class(token)._internal_init).parameters


def test_readme_documents_every_rule() -> None:
    readme = (Path(__file__).resolve().parents[2] / "policies" / "README.md").read_text()
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \| (mandatory|advisory) \|", readme, re.MULTILINE))
    assert documented == {(rule.name, rule.enforcement) for rule in ALL_RULES}
