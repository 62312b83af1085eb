"""Staff and technician mode without Qt: login (auth), the first-run wizard's steps (provisioning), the audit
wrappers over the resident's services (supervision) and the back-end the staff screens reach (backend)."""
