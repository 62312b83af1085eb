"""Headless Chromium for tests: Debian's /usr/bin/chromium driven by Playwright's Python package (Playwright
downloads no browser here), a fresh profile per use, a phone-sized page.

    with phone_page(tmp_path) as page:
        page.goto(url + "/web")

`browser_or_skip()` skips, saying why, only when the chromium binary or the playwright package is missing.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("HK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
PHONE = {"width": 390, "height": 844}  # a common phone, CSS pixels


def browser_or_skip() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401 - only whether it is installed
    except ImportError:
        pytest.skip("the playwright Python package is not installed (pip install playwright)")


@contextlib.contextmanager
def _page(profile_parent: Path | None, timeout_ms: int, args: tuple[str, ...] = (), **context_options: Any
          ) -> Iterator[Any]:
    """A page of a fresh headless Chromium profile (zh-CN, Asia/Shanghai) with `context_options` and Chromium's
    `args` beside ours; closed on exit."""
    from playwright.sync_api import sync_playwright

    browser_or_skip()
    with tempfile.TemporaryDirectory(prefix="hk-chromium-", dir=profile_parent) as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=[*ARGS, *args], locale="zh-CN",
            timezone_id="Asia/Shanghai", **context_options)
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(timeout_ms)
            yield page
        finally:
            context.close()


def phone_page(profile_parent: Path | None = None, timeout_ms: int = 15000) -> contextlib.AbstractContextManager[Any]:
    """A page of a fresh headless Chromium profile, 390×844 CSS px, touch, zh-CN; closed on exit."""
    return _page(profile_parent, timeout_ms, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)


def desk_page(profile_parent: Path | None = None, timeout_ms: int = 15000) -> contextlib.AbstractContextManager[Any]:
    """A page of a fresh headless Chromium profile on a clerk's desk screen (1280×900), zh-CN; closed on exit."""
    return _page(profile_parent, timeout_ms, viewport={"width": 1280, "height": 900}, accept_downloads=True)


def fits_the_screen(page: Any) -> bool:
    """No sideways scrolling: the page is no wider than the phone."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def screen_page(profile_parent: Path | None = None, width: int = 1920, height: int = 1080,
                timeout_ms: int = 15000) -> contextlib.AbstractContextManager[Any]:
    """A page of a fresh headless Chromium profile the size of a hall screen (the 叫号屏, a counter's PC),
    zh-CN, allowed to play sound without a touch first (a display has nobody to touch it)."""
    return _page(profile_parent, timeout_ms, ("--autoplay-policy=no-user-gesture-required",),
                 viewport={"width": width, "height": height})

