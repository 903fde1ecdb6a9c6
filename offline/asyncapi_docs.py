"""The data event bus as an AsyncAPI 3.0 document, rendered from the catalog's event declarations.

One channel per event type (its EventBridge ``detail-type``), one message per channel whose payload is
the JSON schema of the event's detail model, a ``send`` operation per publishing function and a
``receive`` operation per consumer whose rule matches the event. Events still waiting for a publisher
or consumer say so (``x-awaiting``), as do events whose only reader is the data-event log.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from core.catalog import FunctionSpec
from core.events import EventSpec
from core.triggers import ConsumerSpec

ASYNCAPI_VERSION = "3.0.0"
_SCHEMA_REF = "#/components/schemas/{model}"


def _channel_id(event: EventSpec) -> str:
    """``license.ingest-failure`` -> ``licenseIngestFailure`` (ids are plain names)."""
    words = event.detail_type.replace(".", "-").split("-")
    return words[0] + "".join(word[:1].upper() + word[1:] for word in words[1:])


def _schemas(events: tuple[EventSpec, ...]) -> tuple[dict[Any, Any], dict[str, Any]]:
    """Each detail model's schema (by model), and every schema the models refer to (by name)."""
    models: list[tuple[type[BaseModel], JsonSchemaMode]] = [
        (event.model, "serialization") for event in events
    ]
    by_model, top = models_json_schema(models, by_alias=True, ref_template=_SCHEMA_REF)
    return dict(by_model), top.get("$defs", {})


def _message(event: EventSpec, payload_ref: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = {
        "name": event.detail_type,
        "title": event.detail_type,
        "summary": event.description,
        "contentType": "application/json",
        "headers": {
            "type": "object",
            "description": "The EventBridge envelope fields that identify the event.",
            "properties": {
                "source": {"type": "string", "const": event.source},
                "detail-type": {"type": "string", "const": event.detail_type},
            },
            "required": ["source", "detail-type"],
        },
        "payload": payload_ref,
        "examples": [
            {
                "name": "example",
                "headers": {"source": event.source, "detail-type": event.detail_type},
                "payload": dict(event.example),
            }
        ],
    }
    return message


def _operation(action: str, channel_id: str, function: str, summary: str) -> dict[str, Any]:
    return {
        "action": action,
        "channel": {"$ref": f"#/channels/{channel_id}"},
        "summary": summary,
        "messages": [{"$ref": f"#/channels/{channel_id}/messages/{channel_id}"}],
        "x-function": function,
    }


def render_asyncapi(
    events: tuple[EventSpec, ...],
    functions: tuple[FunctionSpec, ...],
    consumers: tuple[ConsumerSpec, ...],
) -> dict[str, Any]:
    """The AsyncAPI document of the bus: channels, messages, and who sends and receives each event."""
    by_model, definitions = _schemas(events)
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for event in events:
        channel_id = _channel_id(event)
        messages[channel_id] = _message(event, by_model[(event.model, "serialization")])
        channel: dict[str, Any] = {
            "address": event.detail_type,
            "title": event.detail_type,
            "description": event.description,
            "messages": {channel_id: {"$ref": f"#/components/messages/{channel_id}"}},
            "x-logged": event.logged,
            "x-only-logged": event.only_logged,
        }
        if event.awaiting:
            channel["x-awaiting"] = event.awaiting
        channels[channel_id] = channel
        for function in functions:
            if event in function.publishes:
                operations[f"{function.name}-sends-{channel_id}"] = _operation(
                    "send", channel_id, function.name, f"{function.name}: {function.description}"
                )
        for consumer in consumers:
            if consumer.source is not None and consumer.source.matches(event):
                operations[f"{consumer.function.name}-receives-{channel_id}"] = _operation(
                    "receive",
                    channel_id,
                    consumer.function.name,
                    f"{consumer.function.name} (queue {consumer.queue.resource_name}, batches of "
                    f"{consumer.batch_size}, dead-lettered after {consumer.queue.max_receive_count} "
                    f"receives): {consumer.function.description}",
                )
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "CompactConnect data events",
            "version": "1.0.0",
            "description": (
                "Every state change is published on the environment's EventBridge bus "
                "`<environment>-dataEventBus`. Each channel is one event type (its `detail-type`); the "
                "message payload is the event's `detail`. Consumers receive events through an "
                "EventBridge rule, an SQS queue with a dead-letter queue, and a Lambda function that "
                "reports partial batch failures."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "dataEventBus": {
                "host": "events.{region}.amazonaws.com",
                "protocol": "https",
                "description": "The EventBridge bus `<environment>-dataEventBus` of one environment.",
                "variables": {"region": {"default": "us-east-1"}},
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": definitions},
    }
