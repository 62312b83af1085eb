"""`python -m servicenet.idp --port 8710 --client web:secret:http://127.0.0.1:8700/web/login/oidc/callback
--user zhou:pass:周桂兰:440117196903150029`: the reference OpenID Connect provider on 127.0.0.1."""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m servicenet.idp", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8710)
    parser.add_argument("--issuer", default="", help="default http://HOST:PORT")
    parser.add_argument("--client", action="append", default=[],
                        help="CLIENT_ID:SECRET:REDIRECT_URI[,POST_LOGOUT_URI] (repeatable)")
    parser.add_argument("--user", action="append", default=[], help="USERNAME:PASSWORD:NAME:ID_NUMBER (repeatable)")
    args = parser.parse_args(argv)
    import uvicorn

    from servicenet.idp.app import Client, User, create_idp

    clients = []
    for spec in args.client:
        client_id, secret, uris = spec.split(":", 2)
        redirect, _, after = uris.partition(",")
        clients.append(Client(client_id, secret, (redirect,), (after,) if after else ()))
    users = [User(*spec.split(":", 3)) for spec in args.user]
    issuer = args.issuer or f"http://{args.host}:{args.port}"
    print(f"reference OIDC provider at {issuer}", file=sys.stderr, flush=True)
    uvicorn.run(create_idp(issuer, clients, users), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
