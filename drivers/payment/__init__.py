"""QR payment client: the kiosk's side of servicenet's payment gateway (drivers.base.PaymentProvider)."""
