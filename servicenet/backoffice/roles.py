"""Back-office roles and the one way a route declares who may call it: `require_role(...)`.

    from servicenet.backoffice.roles import Role, Staff, require_role

    @r.get("/admin/figures")
    async def figures(staff: Annotated[Staff, require_role(Role.SUPERVISOR)]) -> ...: ...

    @r.post("/v1/backoffice/x", dependencies=[require_role(Role.ADMIN)])   # when the handler needs no Staff

The dependency finds the staff member (an API bearer token, else the /admin session cookie), answers 401 when
there is none (the /admin pages redirect to the sign-in page) and 403 with a clear message when none of the
given roles is held. Every route under /admin and /v1/backoffice must declare its roles this way (or be one of
PUBLIC): tests/unit/servicenet/backoffice/test_roles.py walks every route of the app with every role.
事项办理 is further limited to its own departments: `staff.may_process(department)`.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer


class Role(str, enum.Enum):
    WINDOW = "window"  # 窗口受理: accept, ask for 补正, reject
    HANDLER = "handler"  # 事项办理: process and complete, own departments only
    ADMIN = "admin"  # 管理员: catalogue, devices, staff
    SUPERVISOR = "supervisor"  # 监察: read-only supervision and figures
    COMPLAINTS = "complaints"  # 投诉受理: complaints and low ratings

    @property
    def label(self) -> str:
        return LABELS[self]

    @classmethod
    def parse(cls, text: str) -> "Role":
        for r in cls:
            if text.strip() in (r.value, LABELS[r]):
                return r
        raise ValueError(f"未知角色 {text!r} / unknown role; one of: "
                         + ", ".join(f"{r.value}/{LABELS[r]}" for r in cls))


LABELS = {Role.WINDOW: "窗口受理", Role.HANDLER: "事项办理", Role.ADMIN: "管理员", Role.SUPERVISOR: "监察",
          Role.COMPLAINTS: "投诉受理"}
# where each role starts in the back office (after sign-in, and the way back from a refusal)
HOME = {Role.WINDOW: "/admin/cases", Role.HANDLER: "/admin/cases", Role.SUPERVISOR: "/admin/supervision",
        Role.COMPLAINTS: "/admin/complaints", Role.ADMIN: "/admin/staff"}
ALL_DEPARTMENTS = "*"
# the sign-in pages: the only back-office routes open to anyone
PUBLIC = frozenset({("GET", "/admin/login"), ("POST", "/admin/login"), ("POST", "/admin/logout")})


@dataclass(frozen=True)
class Staff:
    staff_id: str
    name: str
    roles: frozenset[Role] = frozenset()
    departments: frozenset[str] = frozenset()
    epoch: int = field(default=0, compare=False)

    def has(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    def may_process(self, department: str) -> bool:
        """事项办理 for this department (its own, or every one with "*")."""
        return Role.HANDLER in self.roles and (ALL_DEPARTMENTS in self.departments or department in self.departments)

    def may_see(self, department: str) -> bool:
        """A case of this department: every role but a 事项办理-only account sees it; that one only its own."""
        return bool(self.roles - {Role.HANDLER}) or self.may_process(department)

    @property
    def home(self) -> str:
        """This account's first back-office page."""
        return next((HOME[r] for r in Role if r in self.roles), "/admin/cases")

    @property
    def role_labels(self) -> str:
        return "、".join(r.label for r in Role if r in self.roles)


class StaffRefused(HTTPException):
    """401 (nobody signed in) or 403 (not this role / not this department); see install()."""


def refuse(message: str) -> StaffRefused:
    return StaffRefused(403, f"无权操作：{message}")


_bearer = HTTPBearer(auto_error=False, scheme_name="staffToken",
                     description="a staff token from `servicenet office staff-token`")


class RoleCheck:
    """The dependency behind require_role(); `roles` is what the role-matrix test reads."""

    def __init__(self, roles: frozenset[Role]) -> None:
        self.roles = roles

    async def __call__(self, request: Request,
                       creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Staff:
        from servicenet.backoffice import auth

        staff = await run_in_threadpool(auth.current_staff, request, creds.credentials if creds else None)
        if staff is None:
            raise StaffRefused(401, "请先登录工作人员账户 / sign in as staff (a bearer token from `servicenet "
                                    "staff token`, or /admin/login)", headers={"WWW-Authenticate": "Bearer"})
        request.state.staff = staff
        if not staff.roles & self.roles:
            need = "、".join(r.label for r in Role if r in self.roles)
            raise refuse(f"此功能需要「{need}」角色，您的角色是「{staff.role_labels}」 / "
                         f"this needs the role {'/'.join(sorted(r.value for r in self.roles))}")
        return staff


def require_role(*roles: Role) -> Any:
    """`Depends` that lets a staff member with any of `roles` through and returns them (a Staff)."""
    if not roles:
        raise ValueError("name at least one role")
    return Depends(RoleCheck(frozenset(roles)))


def install(app: Any) -> None:
    """Answer StaffRefused: JSON for the API; on /admin pages a redirect to sign in (401) or a 403 page."""

    @app.exception_handler(StaffRefused)
    async def _refused(request: Request, exc: StaffRefused) -> Response:
        if not request.url.path.startswith("/admin"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        if exc.status_code == 401:
            target = request.url.path if request.method == "GET" else "/admin/cases"
            return RedirectResponse(f"/admin/login?next={quote(target)}", status_code=303)
        from servicenet.webchannel.pages import render

        return render("message.html", 403, office=True, staff=getattr(request.state, "staff", None), me=None,
                      path=request.url.path, title="无权访问", text=str(exc.detail))
