from tests.unit.servicenet.conftest import memory_db, servicenet  # noqa: F401  (fixtures)
