"""The kiosk's payment desk: service fees paid by QR, journaled so that no crash or dropped link loses money.

Every call to the gateway is journaled in SQLite before it is sent (the order's `pending` names it) and
after its answer (or its failure). The merchant order number is made here (domain.payment.out_trade_no)
before any call, so an order whose answer was lost can always be asked about, closed or reversed. A case
has at most one live order: a new one is refused until the last is settled, and none once the case is paid.
`reconcile()` (at start, and whenever the network comes back) settles every order left open: query, then
close (QR) or reverse (payment code) as the state demands, and link a paid order to its case with a
'payment' case event (idempotent key <code>:payment:<attempt>), which the sync engine sends after the case.

Flows (blocking; the view-model runs them through kiosk.tasks; clocks and sleepers are parameters):
  native   start_native → poll (…) → give_up on timeout/cancel: close, then query ("paid anyway" wins)
  micropay pay_code: pay → USERPAYING → poll up to `micropay_seconds` → reverse (retried while recall)
"""
from sync.payments.books import (
    SCHEMA,
    AlreadyPaid,
    Due,
    NoFeeDue,
    Order,
    PaymentBooks,
    PaymentBusy,
    event_seq,
    poll_delays,
)
from sync.payments.desk import PaymentDesk

__all__ = ["SCHEMA", "AlreadyPaid", "Due", "NoFeeDue", "Order", "PaymentBooks", "PaymentBusy", "PaymentDesk",
           "event_seq", "poll_delays"]
