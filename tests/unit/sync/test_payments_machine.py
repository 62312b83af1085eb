"""Hypothesis drives the payment desk against servicenet's real gateway and sandbox (in this process) through
random starts, payer actions on the phone, polls, give-ups, dropped links, lost answers and restarts (a kill
between "sent" and "stored" is a lost answer followed by a restart), and checks after every step that no case
was ever charged twice, that every order belongs to a stored case, and that the kiosk never believes an order
paid that is not. At the end, with the link back, one reconcile makes the kiosk's books match the provider's:
every paid order linked to its case by a queued 'payment' event, nothing left open."""
from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, invariant, rule

from domain.payment import OPEN, PayState, Refused
from drivers.base import PaymentError
from sync.payments import AlreadyPaid, PaymentBusy, PaymentDesk
from tests.helpers.paynet import PayNet
from tests.unit.sync.conftest import KioskMachine

FEE, ITEM = 2000, "工本费"
PAYER = ("confirm", "decline", "password", "nothing")


class PaymentMachine(KioskMachine):
    cases = Bundle("cases")

    def __init__(self) -> None:
        super().__init__()
        self.net = PayNet()
        self.now = 0.0
        self.script: list[str] = []
        self.desk = self._desk()

    def _desk(self) -> PaymentDesk:
        return PaymentDesk(self.store, self.net.provider, self.outbox, self.outbox.clock, sleep=self._sleep,
                           monotonic=lambda: self.now, micropay_seconds=10, reverse_tries=3)

    def _sleep(self, seconds: float) -> None:
        self.now += seconds
        if self.script:
            self._payer_acts(self.script.pop(0))

    def _payer_acts(self, action: str) -> None:
        """The payer does something on the phone to the newest order the provider holds."""
        trades = self.net.sandbox.ledger()
        if not trades or action == "nothing":
            return
        try:
            getattr(self.net.sandbox, action)(trades[-1]["out_trade_no"])
        except Refused:
            pass

    def teardown(self) -> None:
        try:
            self._final_books()
        finally:
            self.net.close()
            super().teardown()

    def _latest(self, code: str):
        orders = self.desk.orders(code)
        return orders[-1] if orders else None

    # -- rules ------------------------------------------------------------------------------------
    @rule(target=cases)
    def submit(self) -> str:
        return self.outbox.enqueue(self.app).code

    @rule(code=cases, script=st.lists(st.sampled_from(PAYER), max_size=4))
    def native(self, code: str, script: list[str]) -> None:
        try:
            order = self.desk.start_native(code, FEE, ITEM)
        except (AlreadyPaid, PaymentBusy, PaymentError):
            return
        self.script = list(script)
        self.desk.wait_native(order.out_trade_no, self.now + 8)

    @rule(code=cases, behaviour=st.sampled_from(("pay", "password", "decline")),
          script=st.lists(st.sampled_from(PAYER), max_size=4))
    def micropay(self, code: str, behaviour: str, script: list[str]) -> None:
        self.script = list(script)
        try:
            self.desk.pay_code(code, FEE, ITEM, self.net.sandbox.issue_code(behaviour))
        except (AlreadyPaid, PaymentBusy, PaymentError):
            pass

    @rule(action=st.sampled_from(PAYER))
    def payer(self, action: str) -> None:
        self._payer_acts(action)

    @rule(code=cases)
    def poll(self, code: str) -> None:
        order = self._latest(code)
        if order is not None and order.state in OPEN:
            try:
                self.desk.poll(order.out_trade_no)
            except PaymentError:
                pass

    @rule(down=st.booleans())
    def link(self, down: bool) -> None:
        self.net.provider.down = down

    @rule(n=st.integers(1, 2))
    def lose_answers(self, n: int) -> None:
        self.net.provider.lose_answer = n

    @rule()
    def restart(self) -> None:
        """The kiosk process dies and starts again on the same database."""
        self.desk = self._desk()
        self.desk.reconcile()

    @rule()
    def reconcile(self) -> None:
        self.desk.reconcile()

    # -- invariants -------------------------------------------------------------------------------
    @invariant()
    def never_charged_twice_and_never_without_a_case(self) -> None:
        with self.store.read() as c:
            stored = {r[0] for r in c.execute("SELECT code FROM cases")}
        per_case: dict[str, int] = {}
        for t in self.net.sandbox.ledger():
            assert t["attach"] in stored, f"an order of no stored case: {t}"
            per_case[t["attach"]] = per_case.get(t["attach"], 0) + t["charged"]
        assert all(n <= 1 for n in per_case.values()), per_case

    @invariant()
    def the_kiosk_believes_paid_only_what_is_paid(self) -> None:
        with self.store.read() as c:
            paid = [r[0] for r in c.execute("SELECT out_trade_no FROM payment_orders WHERE state='SUCCESS'")]
        for no in paid:
            assert self.net.sandbox.record(no)["state"] == "SUCCESS"

    def _final_books(self) -> None:
        self.net.provider.down = False
        self.net.provider.lose_answer = 0
        self.desk = self._desk()
        self.desk.reconcile()
        assert self.desk.unsettled() == []
        with self.store.read() as c:
            mine = {r["out_trade_no"]: (r["state"], r["linked"]) for r in c.execute("SELECT * FROM payment_orders")}
            events = {r[0] for r in c.execute("SELECT ref FROM outbox WHERE kind='payment'")}
        for t in self.net.sandbox.ledger():
            state, linked = mine[t["out_trade_no"]]
            assert state == t["state"], (t, state)
            if state == "SUCCESS":
                assert linked and any(e.startswith(t["attach"] + ":payment:") for e in events)
        for no, (state, _) in mine.items():
            assert PayState(state) not in OPEN
            assert self.net.gateway.query(no)["state"] == state


TestPaymentMachine = PaymentMachine.TestCase
TestPaymentMachine.settings = settings(max_examples=60, stateful_step_count=25, deadline=None,
                                       suppress_health_check=[HealthCheck.too_slow])
