"""The configuration PUT rules (spec §10.2, §10.3) as pure functions: no HTTP, no table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from configuration.admin_models import (
    CompactConfigurationRequest,
    ConfiguredStateRequest,
    JurisdictionConfigurationRequest,
    PrivilegeFeeRequest,
    TransactionFeeConfigurationRequest,
)
from configuration.rules import (
    check_payment_credentials,
    check_privilege_fees,
    check_registration_switch,
    configured_states_after_registration,
    effective_transaction_fee,
    reconcile_configured_states,
    updated_compact_configuration,
    updated_jurisdiction_configuration,
)
from core.errors import InvalidRequest
from core.models.configuration import ConfiguredState
from tests.functions.configuration.conftest import (
    PAYMENT_FIELDS,
    compact_body,
    compact_record,
    jurisdiction_body,
)


def _state(code: str, live: bool) -> ConfiguredState:
    return ConfiguredState(postal_abbreviation=code, is_live=live)


def _requested(*states: tuple[str, bool]) -> list[ConfiguredStateRequest]:
    return [
        ConfiguredStateRequest.model_validate({"postalAbbreviation": c, "isLive": live}) for c, live in states
    ]


def _fees(*codes: str) -> list[PrivilegeFeeRequest]:
    return [PrivilegeFeeRequest.model_validate({"licenseTypeAbbreviation": c, "amount": 1}) for c in codes]


# ---- registration switch --------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "requested"), [(False, False), (False, True), (True, True)])
def test_registration_may_stay_or_switch_on(current, requested):
    check_registration_switch(current, requested)


def test_registration_may_not_switch_off():
    with pytest.raises(InvalidRequest, match="cannot be disabled"):
        check_registration_switch(True, False)


def test_switching_registration_on_needs_payment_credentials():
    for existing in (None, compact_record()):
        with pytest.raises(InvalidRequest, match="payment processor credentials must be uploaded"):
            check_payment_credentials(True, existing)
    check_payment_credentials(True, compact_record(payment_processor_public_fields=PAYMENT_FIELDS))
    check_payment_credentials(False, None)


def test_registration_already_on_is_not_rechecked():
    check_payment_credentials(True, compact_record(licensee_registration_enabled=True))


# ---- configured states ----------------------------------------------------------------------------


def test_states_may_go_live_and_keep_the_stored_order():
    stored = [_state("ky", False), _state("oh", True)]

    result = reconcile_configured_states(stored, _requested(("oh", True), ("ky", True)))

    assert result == [_state("ky", True), _state("oh", True)]


def test_states_cannot_be_added_removed_or_unlived():
    stored = [_state("ky", False), _state("oh", True)]

    with pytest.raises(InvalidRequest, match=r"cannot be added.*: ne"):
        reconcile_configured_states(stored, _requested(("ky", False), ("oh", True), ("ne", False)))
    with pytest.raises(InvalidRequest, match="cannot be removed: ky"):
        reconcile_configured_states(stored, _requested(("oh", True)))
    with pytest.raises(InvalidRequest, match="not live: oh"):
        reconcile_configured_states(stored, _requested(("ky", False), ("oh", False)))


def test_nothing_stored_means_nothing_may_be_requested():
    assert reconcile_configured_states([], []) == []
    with pytest.raises(InvalidRequest, match="cannot be added"):
        reconcile_configured_states([], _requested(("oh", False)))


# ---- transaction fee ------------------------------------------------------------------------------


def _fee(amount) -> TransactionFeeConfigurationRequest:
    return TransactionFeeConfigurationRequest.model_validate(
        {"licenseeCharges": {"active": True, "chargeType": "FLAT_FEE_PER_PRIVILEGE", "chargeAmount": amount}}
    )


def test_a_zero_or_absent_transaction_fee_is_no_fee():
    assert effective_transaction_fee(_fee(0)) is None
    assert effective_transaction_fee(_fee(0.0)) is None
    assert effective_transaction_fee(None) is None
    assert effective_transaction_fee(TransactionFeeConfigurationRequest.model_validate({})) is None


def test_a_positive_transaction_fee_is_kept_exactly():
    fee = effective_transaction_fee(_fee(1.1))

    assert fee.licensee_charges.charge_amount == Decimal("1.1")


# ---- compact record -------------------------------------------------------------------------------


def test_the_compact_record_merges_over_the_stored_one():
    existing = compact_record(
        payment_processor_public_fields=PAYMENT_FIELDS,
        configured_states=[_state("oh", False)],
        transaction_fee_configuration={"licenseeCharges": {"active": True, "chargeAmount": 1}},
    )
    request = CompactConfigurationRequest.model_validate(
        compact_body(
            transactionFeeConfiguration=None,
            configuredStates=[{"postalAbbreviation": "oh", "isLive": True}],
            licenseeRegistrationEnabled=True,
        )
    )

    record = updated_compact_configuration("aslp", request, existing)

    assert record.compact_name == "Audiology and Speech Language Pathology"
    assert record.payment_processor_public_fields == PAYMENT_FIELDS
    assert record.transaction_fee_configuration is None  # the PUT carries the whole editable state
    assert record.configured_states == [_state("oh", True)]
    assert record.licensee_registration_enabled is True


# ---- jurisdiction record --------------------------------------------------------------------------


def test_privilege_fees_cover_every_license_type_exactly_once():
    check_privilege_fees(_fees("slp", "aud"), ["aud", "slp"])


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (("aud",), "missing license types slp"),
        (("aud", "slp", "slp"), "duplicate license types slp"),
        (("aud", "slp", "ot"), "invalid license types ot"),
        (("ot", "ot"), "invalid license types ot; missing license types aud, slp"),
    ],
)
def test_privilege_fee_problems_are_all_named(codes, message):
    with pytest.raises(InvalidRequest) as raised:
        check_privilege_fees(_fees(*codes), ["aud", "slp"])

    assert message in raised.value.message
    assert "expected exactly one fee for each of: aud, slp" in raised.value.message


def test_the_jurisdiction_record_derives_its_name_and_refuses_switching_off():
    request = JurisdictionConfigurationRequest.model_validate(jurisdiction_body())

    record = updated_jurisdiction_configuration("aslp", "oh", request, None, ["aud", "slp"])

    assert (record.jurisdiction_name, record.compact, record.postal_abbreviation) == ("Ohio", "aslp", "oh")
    assert record.privilege_fees[0].military_rate == Decimal("50.25")
    assert record.privilege_fees[1].military_rate is None
    enabled = record.model_copy(update={"licensee_registration_enabled": True})
    with pytest.raises(InvalidRequest, match="cannot be disabled"):
        updated_jurisdiction_configuration("aslp", "oh", request, enabled, ["aud", "slp"])


def test_enabling_registration_appends_the_state_not_live():
    compact = compact_record(configured_states=[_state("ky", True)])

    assert configured_states_after_registration("aslp", "oh", True, compact) == [
        _state("ky", True),
        _state("oh", False),
    ]


def test_no_join_when_registration_is_off_or_the_state_is_listed():
    listed = compact_record(configured_states=[_state("oh", True)])

    assert configured_states_after_registration("aslp", "oh", False, None) is None
    assert configured_states_after_registration("aslp", "oh", True, listed) is None


def test_joining_needs_a_configured_compact():
    with pytest.raises(InvalidRequest, match=r"compact must be configured \(PUT /v1/compacts/aslp\)"):
        configured_states_after_registration("aslp", "oh", True, None)
