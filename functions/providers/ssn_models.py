"""The response of the full-SSN read (function ProviderSsnApi), apart from the audience models, which
that function never serves."""

from pydantic import ConfigDict, Field

from core.fields import ResponseModel


class ProviderSsn(ResponseModel):
    """The one response that carries a full SSN (payments_security §4.6). A malformed stored value fails
    validation without being quoted in the error (which would end up in the function's log)."""

    model_config = ConfigDict(**ResponseModel.model_config, hide_input_in_errors=True)

    ssn: str = Field(pattern=r"^[0-9]{3}-[0-9]{2}-[0-9]{4}$")
