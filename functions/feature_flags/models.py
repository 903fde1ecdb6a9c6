"""The flag check's body and answer (spec payments_security §2.1)."""

from typing import Annotated, ClassVar

from pydantic import Field, field_validator

from core.fields import RequestModel, ResponseModel, omittable

AttributeText = Annotated[str, Field(min_length=1, max_length=100)]


class FlagContext(RequestModel):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"user_id", "custom_attributes"})

    user_id: omittable(AttributeText) = Field(
        default=None, description="Who is asking: percentage rollouts need it (else one shared user)"
    )
    custom_attributes: omittable(Annotated[dict[str, AttributeText], Field(max_length=20)]) = Field(
        default=None,
        description="Attributes a flag may target, such as the compact (names of 1-100 characters)",
    )

    @field_validator("custom_attributes")
    @classmethod
    def _named(cls, attributes: dict[str, str] | None) -> dict[str, str] | None:
        if attributes is not None and any(not 1 <= len(name) <= 100 for name in attributes):
            raise ValueError("attribute names have 1 to 100 characters")
        return attributes


class FlagCheckRequest(RequestModel):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"context"})

    context: omittable(FlagContext) = None


class FlagCheckResponse(ResponseModel):
    enabled: bool
