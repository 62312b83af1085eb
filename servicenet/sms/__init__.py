"""SMS to residents through one gateway adapter (provider.py), an outbox (outbox.py) and Chinese templates
(templates.py); servicenet ships a sandbox gateway with an inbox page (sandbox.py, routes.py).

To send from a feature: in the transaction that makes the event happen,

    from servicenet.sms import outbox
    outbox.enqueue(conn, "<unique event key>", phone, "<template id>", {params})

then `request.app.state.sms.kick()` (or let the dispatcher's poll pick it up). Phone codes: otp.issue / otp.check.
"""
