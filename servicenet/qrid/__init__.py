"""QR identity (亮码): a resident shows the dynamic code of the electronic social-security card (电子社保卡) or the
electronic ID (电子身份证) at a kiosk's scanner; the network asks the identity provider who it belongs to.

One provider interface (provider.py), a sandbox provider that plays the outside party (sandbox.py: codes
issued by its "phone" page, one use each, short-lived), and the kiosk-facing route POST /v1/identity/qr
(routes.py), signed like every kiosk call. The same shape as servicenet/payments/ and servicenet/sms/.
"""
