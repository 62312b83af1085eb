"""Reference online service network: the kiosk-facing gateway (FastAPI + SQLAlchemy Core), see docs/wire.md."""
