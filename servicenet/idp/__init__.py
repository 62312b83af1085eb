"""A small reference OpenID Connect provider (省统一身份认证 stand-in) for tests and the demo.

Authorization code flow with PKCE (S256 required), RS256 ID tokens (joserfc), discovery, JWKS, userinfo and an
end-session endpoint; single sign-on by its own session cookie (一次认证、全网通行). Users and clients are given
at start; codes and sessions live in the process. It is not servicenet: it runs as its own uvicorn app
(`python -m servicenet.idp`), the way a provincial identity provider is another party.
"""
