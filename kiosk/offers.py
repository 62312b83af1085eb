"""What the home screen offers besides its three tiles, known from the settings before the services exist: the
first frame already has every tile, and kiosk.wiring builds the services to match."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.kiosksettings import Settings
    from kiosk.services import Services


@dataclass(frozen=True)
class Offers:
    queue: bool = False  # 取号, with a hall node
    results: bool = False  # 结果领取

    @classmethod
    def of(cls, services: Services) -> Offers:
        return cls(queue=services.queue is not None, results=services.results is not None)

    @classmethod
    def configured(cls, settings: Settings) -> Offers:
        return cls(queue=bool(settings.hall_url), results=True)
