"""Sending probes — requests written exactly as they should reach the server — and keeping their answers
(the hostile-input corpus, ``test_hostile_corpus``). A probe's path is sent as written: requests would
resolve dot segments and re-encode what a probe means to send raw."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import quote

import requests

from tests.e2e.hostile import Body

TIMEOUT = 60
EXCERPT = 160


class Caller(Protocol):
    """Whoever sends a probe: the headers it adds, made when the probe is sent (signatures are fresh)."""

    name: str

    def headers(self, method: str, path: str, query: dict[str, str]) -> dict[str, str | bytes]: ...


@dataclass(frozen=True)
class Anonymous:
    """No credentials, or a given (malformed) ``Authorization`` header."""

    name: str = "anonymous"
    authorization: str | bytes | None = None

    def headers(self, method: str, path: str, query: dict[str, str]) -> dict[str, str | bytes]:
        return {} if self.authorization is None else {"Authorization": self.authorization}


@dataclass(frozen=True)
class Probe:
    """One request of the corpus."""

    target: str  # the route key, or the sandbox endpoint
    payload: str
    caller: Caller
    method: str
    base: str
    path: str  # in wire form
    query: dict[str, str] = field(default_factory=dict)
    body: Body | None = None
    form: dict[str, str] | None = None
    refused: bool = False  # must be a 4xx

    def url(self) -> str:
        pairs = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in self.query.items())
        return self.base + self.path + (f"?{pairs}" if pairs else "")


@dataclass(frozen=True)
class Answer:
    """What came back. A failure: a 5xx, no answer, or other than a 4xx to a probe that must be refused."""

    probe: Probe
    status: int  # 0: no answer (the connection dropped)
    excerpt: str

    @property
    def failed(self) -> bool:
        return not self.status or self.status >= 500 or (self.probe.refused and not 400 <= self.status < 500)

    def line(self) -> str:
        probe = self.probe
        where = f"{probe.method} {probe.path[:120]}" + (f" ?{sorted(probe.query)}" if probe.query else "")
        who = f"{probe.target} | {probe.payload} | {probe.caller.name}"
        return f"{who} | {where} -> {self.status} {self.excerpt}"


class Sender:
    """Sends probes from a pool of threads, one keep-alive session per thread."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._sessions: list[requests.Session] = []

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
            self._sessions.append(self._local.session)
        session: requests.Session = self._local.session
        return session

    def send(self, probe: Probe) -> Answer:
        headers = dict(probe.caller.headers(probe.method, probe.path, probe.query))
        data: bytes | dict[str, str] | None = probe.form
        if probe.body is not None:
            data = probe.body.content
            if probe.body.content_type:
                headers["Content-Type"] = probe.body.content_type
        session = self._session()
        request = requests.Request(probe.method, probe.base, headers=headers, data=data)
        prepared = session.prepare_request(request)
        prepared.url = probe.url()  # as written: requests would resolve the dot segments
        try:
            response = session.send(prepared, timeout=TIMEOUT)
        except requests.RequestException as error:
            return Answer(probe, 0, f"no answer: {type(error).__name__}")
        return Answer(probe, response.status_code, response.text[:EXCERPT].replace("\n", " "))

    def send_all(self, probes: Iterable[Probe], pool: ThreadPoolExecutor) -> list[Answer]:
        return list(pool.map(self.send, probes))

    def close(self) -> None:
        for session in self._sessions:
            session.close()
