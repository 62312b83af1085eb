"""servicenet's payment gateway and sandbox provider in this process (an in-memory database), behind the
kiosk's PaymentProvider interface: the real rules without HTTP, for unit tests, property tests and pictures.

    net = PayNet()                      # net.gateway, net.sandbox (the payer's phone)
    provider = net.provider             # drivers.base.PaymentProvider; provider.down = True cuts the link
"""
from __future__ import annotations

from drivers.base import ClosedOnExit
from servicenet import db
from servicenet.payments.gateway import Gateway
from servicenet.payments.sandbox import SandboxProvider
from tests.helpers.inprocess import InProcessProvider


class PayNet(ClosedOnExit):
    def __init__(self) -> None:
        self.engine = db.make_engine("sqlite://")
        db.create_all(self.engine)
        self.gateway = Gateway(self.engine)
        assert isinstance(self.gateway.provider, SandboxProvider)
        self.sandbox: SandboxProvider = self.gateway.provider
        self.provider = InProcessProvider(self.gateway)

    def charges(self, case_code: str) -> int:
        """How many of the case's orders hold the payer's money now (the sandbox's books)."""
        return sum(1 for t in self.sandbox.ledger(case_code) if t["state"] == "SUCCESS")

    def close(self) -> None:
        self.engine.dispose()
