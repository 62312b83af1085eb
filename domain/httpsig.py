"""RFC 9421 HTTP Message Signatures, the parts a signer and a verifier share: Signature-Input / Signature as
Structured Fields (RFC 8941, through http-sfv), component values of a request, and the signature base.

`@signature-params` is always the serialisation of the parsed inner list with its parameters, never the raw
header text, so any legal spelling of a Signature-Input (spaces, parameter order) signs and verifies the same.
The kiosk signs with it (sync/crypto.py) and servicenet verifies with it (servicenet/auth.py); the policy
(which components, which parameters) is each side's own.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from http_sfv.dictionary import Dictionary
from http_sfv.item import InnerList as InnerList  # re-exported: a signature's covered components and parameters
from http_sfv.item import Item


class Malformed(ValueError):
    """Signature-Input or Signature is not what RFC 9421 and RFC 8941 allow; the message says what."""


class Unsupported(ValueError):
    """A component this implementation cannot compute (component parameters, an unknown derived component)."""


@dataclass(frozen=True)
class Request:
    """What a request signature can cover. `headers`: lower-case names, repeated fields already combined."""

    method: str
    path: str
    query: str = ""  # without the "?"
    authority: str = ""
    scheme: str = "http"
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Signature:
    """One labelled signature of a message: what it covers, its parameters and its bytes."""

    label: str
    covered: InnerList
    value: bytes

    @property
    def components(self) -> tuple[str, ...]:
        return tuple(str(item.value) for item in self.covered)

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.covered.params)

    @property
    def params_text(self) -> str:
        """The `@signature-params` value: the inner list re-serialised from its parsed form."""
        return str(self.covered)


def covered(components: Iterable[str], params: Mapping[str, Any]) -> InnerList:
    """The inner list a signer puts in Signature-Input (parameters in the order given)."""
    inner = InnerList([Item(c) for c in components])
    for key, value in params.items():
        inner.params[key] = value
    return inner


def combine(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Header fields by lower-case name, repeated ones joined by ", " (RFC 9421 §2.1), values trimmed."""
    out: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        out[key] = f"{out[key]}, {value.strip()}" if key in out else value.strip()
    return out


def parse(signature_input: str, signature: str) -> dict[str, Signature]:
    """Every labelled signature of a message. Raises Malformed when either field is not a valid dictionary,
    a label lacks its counterpart, or an entry has the wrong type."""
    inputs, values = Dictionary(), Dictionary()
    try:
        inputs.parse(signature_input.encode("latin-1"))
        values.parse(signature.encode("latin-1"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise Malformed(f"Signature-Input / Signature are not Structured Field dictionaries ({exc})") from None
    if set(inputs) != set(values):
        raise Malformed("Signature-Input and Signature name different labels")
    out: dict[str, Signature] = {}
    for label in inputs:
        inner, value = inputs[label], values[label]
        if not isinstance(inner, InnerList) or not all(isinstance(i.value, str) for i in inner):
            raise Malformed(f"Signature-Input {label}: an inner list of component names is required")
        if not isinstance(value, Item) or not isinstance(value.value, bytes):
            raise Malformed(f"Signature {label}: a byte sequence is required")
        names = [str(i) for i in inner]
        if len(set(names)) != len(names):
            raise Malformed(f"Signature-Input {label}: a component is listed twice")
        out[label] = Signature(label, inner, bytes(value.value))
    return out


def component_value(item: Item, request: Request) -> str:
    """The value of one covered component (RFC 9421 §2.1, §2.2); no component parameters are supported."""
    if dict(item.params):
        raise Unsupported(f"component parameters ({item}) are not supported")
    name = str(item.value)
    if name == "@method":
        return request.method
    if name == "@path":
        return request.path or "/"
    if name == "@query":
        return "?" + request.query
    if name == "@authority":
        return request.authority.lower()
    if name == "@scheme":
        return request.scheme.lower()
    if name == "@target-uri":
        return f"{request.scheme.lower()}://{request.authority.lower()}{request.path or '/'}" + \
            (f"?{request.query}" if request.query else "")
    if name == "@request-target":
        return (request.path or "/") + (f"?{request.query}" if request.query else "")
    if name.startswith("@"):
        raise Unsupported(f"derived component {name!r} is not supported")
    if name != name.lower():
        raise Malformed(f"component {name!r}: field names are lower case")
    if name not in request.headers:
        raise Malformed(f"the covered field {name!r} is not in the message")
    return request.headers[name]


def signature_base(request: Request, inner: InnerList) -> bytes:
    """The signature base of RFC 9421 §2.5: one line per covered component, then `@signature-params`."""
    lines = [f"{item}: {component_value(item, request)}" for item in inner]
    lines.append(f'"@signature-params": {inner}')
    return "\n".join(lines).encode("utf-8")


def signature_fields(label: str, inner: InnerList, value: bytes) -> dict[str, str]:
    """The Signature-Input and Signature fields of one signature."""
    inputs, values = Dictionary(), Dictionary()
    inputs[label] = inner
    values[label] = Item(value)
    return {"Signature-Input": str(inputs), "Signature": str(values)}


def digest_entries(content_digest: str) -> dict[str, bytes]:
    """RFC 9530 Content-Digest as {algorithm: digest bytes}; Malformed when it is not such a dictionary."""
    parsed = Dictionary()
    try:
        parsed.parse(content_digest.encode("latin-1"))
    except (ValueError, UnicodeEncodeError):
        raise Malformed("Content-Digest is not a Structured Field dictionary") from None
    out = {}
    for algorithm, item in parsed.items():
        if not isinstance(item, Item) or not isinstance(item.value, bytes):
            raise Malformed(f"Content-Digest {algorithm}: a byte sequence is required")
        out[algorithm] = bytes(item.value)
    return out
