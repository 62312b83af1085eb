"""法人办事: the organisation an application is for (统一社会信用代码 + name) and how the person at the kiosk or on
the web stands for it: its legal representative (法定代表人) or an agent it authorised (授权代理人), who then
brings a letter of authorisation. A service is a business service when its form asks for a credit code."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from domain import creditcode
from domain.models import Material, ServiceItem

LEGAL_REPRESENTATIVE = "legal_representative"
AUTHORISED_AGENT = "authorised_agent"
ROLES = (LEGAL_REPRESENTATIVE, AUTHORISED_AGENT)
ROLE_ZH = {LEGAL_REPRESENTATIVE: "法定代表人", AUTHORISED_AGENT: "授权代理人"}  # the form's words (catalogue data)
AUTHORISATION = Material("授权委托书", 1, True, "法定代表人签字并加盖单位公章")
CREDIT_CODE = "credit_code"  # the x-format (and x-prefill key) of a credit code field


def is_business(item: ServiceItem) -> bool:
    return asks_credit_code(item.form_schema)


def role_on_form(form_schema: dict[str, Any], values: dict[str, Any]) -> str | None:
    """The role chosen on a filled form: its field whose x-prefill is rep_role, by the form's words (ROLE_ZH),
    or None when the form has no such field or it is not (yet) chosen."""
    props: dict[str, dict[str, Any]] = form_schema.get("properties", {})
    chosen = {str(values.get(name, "")).strip() for name, p in props.items() if p.get("x-prefill") == "rep_role"}
    return next((role for role, words in ROLE_ZH.items() if words in chosen), None)


def asks_credit_code(form_schema: dict[str, Any]) -> bool:
    """Whether a form (its JSON schema) has a credit code field: the form of a business service."""
    props: dict[str, dict[str, Any]] = form_schema.get("properties", {})
    return any(p.get("x-format") == CREDIT_CODE for p in props.values())


@dataclass(frozen=True)
class Organisation:
    credit_code: str  # canonical (domain.creditcode.validate)
    name: str
    role: str  # one of ROLES

    @classmethod
    def of(cls, credit_code: str, name: str, role: str) -> "Organisation":
        """Checked: the code's check character (InvalidCreditCode), a name, a known role (ValueError)."""
        name = " ".join(name.split())
        if not name or len(name) > 60:
            raise ValueError("an organisation's name has 1 to 60 characters")
        if role not in ROLES:
            raise ValueError(f"role is one of {ROLES}")
        return cls(creditcode.validate(credit_code), name, role)

    def prefill(self) -> dict[str, str]:
        """Values for the form fields whose x-prefill is credit_code, org_name or rep_role."""
        return {CREDIT_CODE: self.credit_code, "org_name": self.name, "rep_role": ROLE_ZH[self.role]}

    def materials(self, item: ServiceItem) -> ServiceItem:
        """The item as this applicant must bring it: an authorised agent adds the letter of authorisation."""
        if self.role != AUTHORISED_AGENT or any(m.name == AUTHORISATION.name for m in item.materials):
            return item
        return replace(item, materials=(*item.materials, AUTHORISATION))
