"""The spoken call (请A012号到3号窗口办理) as a WAV file, rendered on the hall node by espeak-ng (Mandarin).

The display page plays the file; a hall without espeak-ng still shows every call, silently (the display
says so once in its status line). Files are cached by the text's hash: the same call sounds the same.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

VOICE = "cmn"  # espeak-ng's Mandarin
RATE = 140  # words per minute: slower than the default 175, for a hall


class SpeechUnavailable(RuntimeError):
    """No speech engine on this hall node, or it failed; the message says which."""


def engine() -> str | None:
    return shutil.which("espeak-ng")


def default_dir() -> Path:
    fallback = Path(tempfile.gettempdir()) / f"servicenet-speech-{os.getuid()}"
    return Path(os.environ.get("SERVICENET_SPEECH_DIR") or fallback)


def render(text: str, folder: Path | None = None, timeout: float = 20.0) -> Path:
    """The WAV file of `text` (made once, then reused)."""
    exe = engine()
    if exe is None:
        raise SpeechUnavailable("本机未安装 espeak-ng，叫号不发声")
    folder = folder or default_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (hashlib.sha256(f"{VOICE}|{RATE}|{text}".encode()).hexdigest()[:32] + ".wav")
    if target.exists() and target.stat().st_size > 44:
        return target
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        done = subprocess.run([exe, "-v", VOICE, "-s", str(RATE), "-w", str(tmp), text],
                              capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SpeechUnavailable(f"语音合成失败：{type(exc).__name__}") from exc
    if done.returncode != 0 or not tmp.exists():
        raise SpeechUnavailable("语音合成失败：" + done.stderr.decode("utf-8", "replace").strip()[:200])
    os.replace(tmp, target)
    return target
