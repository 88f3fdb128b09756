"""Run a parser or a template on untrusted input in a separate process under CPU and memory limits.

The parent sends the job's name and arguments (pickled: it trusts itself) on the child's standard
input; the child sets its own limits before it reads them, runs the job and answers on its standard
output with a status line and the job's bytes, or a JSON list of the user's messages. Nothing the
child answers is unpickled: a child subverted by its input can only return bytes or messages. A job
that runs out of CPU time, memory or wall time, or crashes, ends as a WorkerError in Vietnamese;
the web server's process is never touched.

    python -m cchc.untrusted.worker CPU_SECONDS MEMORY_BYTES   (started by `run`, never by hand)
"""

from __future__ import annotations

import importlib
import json
import pickle
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

__all__ = ["JOBS", "Confinement", "JobRefused", "WorkerError", "run"]

# The only functions a worker runs: job name → "module:function"; each returns bytes.
JOBS = {
    "fill-template": "cchc.documents.filling:fill_bytes",
    "xlsx-to-parquet": "cchc.dossiers.importer:xlsx_to_parquet",
    "check-unit-report": "cchc.checker:unit_report_job",
}


@dataclass(frozen=True)
class Confinement:
    """Limits of one job: CPU seconds, address space in bytes, and wall-clock seconds."""

    cpu_seconds: int
    memory_bytes: int
    wall_seconds: int


class JobRefused(Exception):
    """Raised by a job for input it refuses; `messages` are shown to the user."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class WorkerError(RuntimeError):
    """A confined job that did not finish: `kind` is refused, cpu, memory, time or crash."""

    def __init__(self, kind: str, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.kind = kind
        self.messages = messages


def _seconds(limits: Confinement) -> str:
    return f"{limits.cpu_seconds} giây"


def run(job: str, *args: Any, limits: Confinement, what: str) -> bytes:
    """Run `job(*args)` in a confined child process; its bytes, or WorkerError naming `what`."""
    if job not in JOBS:
        raise ValueError(f"unknown job {job!r}")
    payload = pickle.dumps((job, args), protocol=pickle.HIGHEST_PROTOCOL)
    command = [sys.executable, "-m", "cchc.untrusted.worker"]
    command += [str(limits.cpu_seconds), str(limits.memory_bytes)]
    try:
        done = subprocess.run(command, input=payload, capture_output=True, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        raise WorkerError("time", [f"{what}: xử lý quá {limits.wall_seconds} giây nên đã dừng."]) from None
    status, _, body = done.stdout.partition(b"\n")
    if done.returncode == 0 and status == b"OK":
        return body
    if status == b"NO":
        return _refused(body)
    if status == b"MEMORY" or done.returncode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):
        # Native readers abort when an allocation over the limit fails.
        raise WorkerError(
            "memory",
            [
                f"{what}: việc đọc cần nhiều bộ nhớ hơn giới hạn {limits.memory_bytes // 1024 // 1024} MB "
                "nên đã dừng (tệp có vùng dữ liệu quá lớn hoặc được tạo để làm tràn bộ nhớ)."
            ],
        )
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise WorkerError("cpu", [f"{what}: chạy quá {_seconds(limits)} CPU nên đã dừng."])
    detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"mã {done.returncode}"]
    raise WorkerError("crash", [f"{what}: không xử lý được ({detail[0][:200]})."])


def _refused(body: bytes) -> bytes:
    try:
        messages = [str(item) for item in json.loads(body.decode("utf-8"))][:100]
    except (ValueError, TypeError):
        messages = ["không xử lý được tệp."]
    raise WorkerError("refused", messages)


def _limit(cpu_seconds: int, memory_bytes: int) -> None:
    # The soft CPU limit sends SIGXCPU (the default action ends the process); the hard one a SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 2))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _main(argv: list[str]) -> int:
    _limit(int(argv[0]), int(argv[1]))
    out = sys.stdout.buffer
    # Run as __main__, this module is not the cchc.untrusted.worker the jobs import: catch theirs.
    refused = importlib.import_module("cchc.untrusted.worker").JobRefused
    try:
        job, args = pickle.loads(sys.stdin.buffer.read())
        module, _, name = JOBS[job].partition(":")
        result = getattr(importlib.import_module(module), name)(*args)
    except refused as refusal:
        out.write(b"NO\n" + json.dumps(refusal.messages, ensure_ascii=False).encode("utf-8"))
        return 1
    except MemoryError:
        out.write(b"MEMORY\n")
        return 1
    out.write(b"OK\n")
    out.write(result)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
