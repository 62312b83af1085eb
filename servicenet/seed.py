"""Load the catalogue seed (assets/catalogue.json) into an empty services table."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from servicenet.catalogue import import_catalogue, service_count

CATALOGUE_PATH = Path(__file__).resolve().parents[1] / "assets" / "catalogue.json"


def load_items(path: Path = CATALOGUE_PATH) -> list[dict[str, Any]]:
    """Read a catalogue file: a list of ServiceItem wire dicts, or {"items": [...]}."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    items = data["items"] if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError(f"{path}: expected a list of service items")
    return items


def seed_if_empty(engine: Engine, path: Path = CATALOGUE_PATH) -> int:
    """Import the seed catalogue when no service exists yet; return how many items were added."""
    if service_count(engine) > 0:
        return 0
    return import_catalogue(engine, load_items(path))
