"""The kiosk's client of its hall node (servicenet in the hall role, on the hall's LAN): the businesses one can
queue for, and taking a ticket. Signed with the kiosk's device key like every request to the network.

Identifying is optional: with a card the hall gets the keyed hash of the ID number (to find today's
appointment) and the birth date (age ≥ 70 gives priority), never the number itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from domain import idnumber
from domain.models import Person
from domain.queue import QueueRefused, QueueTicket
from domain.wire import person_hash


class HallUnavailable(Exception):
    """The hall node did not answer (down, unreachable, or not a hall node)."""


@dataclass(frozen=True)
class Business:
    prefix: str
    name: str
    category: str
    waiting: int


@dataclass(frozen=True)
class Appointment:
    """The card holder's appointment today: the kiosk preselects its business and shows its time."""
    service_name: str
    start: str  # HH:MM
    prefix: str


class HallClient:
    def __init__(self, base_url: str, session: requests.Session, person_key: str, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session
        self.person_key = person_key
        self.timeout = timeout

    def _call(self, method: str, path: str, **kw: Any) -> Any:
        try:
            resp = self.session.request(method, self.base_url + path, timeout=self.timeout, **kw)
        except requests.RequestException as exc:
            raise HallUnavailable(f"{type(exc).__name__}") from exc
        if resp.status_code == 422:
            try:
                detail = str(resp.json().get("detail", ""))
            except ValueError:
                detail = ""
            raise QueueRefused(detail or "refused")
        if resp.status_code != 200:
            raise HallUnavailable(f"HTTP {resp.status_code}")
        try:
            return resp.json()
        except ValueError:
            raise HallUnavailable("the answer is not JSON") from None

    def businesses(self) -> tuple[str, list[Business]]:
        """The hall's name and what one can queue for, with how many wait for each."""
        body = self._call("GET", "/v1/queue/businesses")
        return str(body["hall_name"]), [Business(b["prefix"], b["name"], b.get("category", ""), int(b["waiting"]))
                                        for b in body["businesses"]]

    def appointment(self, person: Person) -> Appointment | None:
        """Today's appointment of the card holder at this hall, if any."""
        body = self._call("POST", "/v1/queue/appointment",
                          json={"person_hash": person_hash(self.person_key, person.id_number)})
        found = body.get("appointment")
        return Appointment(str(found["service_name"]), str(found["start"]), str(found["prefix"])) if found else None

    def take(self, prefix: str, person: Person | None = None) -> QueueTicket:
        """A new ticket; the person (optional) may give priority."""
        payload: dict[str, Any] = {"prefix": prefix}
        if person is not None:
            payload["person_hash"] = person_hash(self.person_key, person.id_number)
            try:
                payload["birth"] = idnumber.birth_date(person.id_number).isoformat()
            except idnumber.InvalidIdNumber:
                pass
        return QueueTicket.from_wire(self._call("POST", "/v1/queue/tickets", json=payload))
