"""Payment gateway of the service network: provider adapters behind one interface, the sandbox provider,
the kiosk-facing API (routes.router, included by servicenet.app) and the residents' pay-later page."""
