"""A logged-in user's page while anonymous clients keep trying to upload large bodies.

The attack this answers: an anonymous client's 900 MB POST was received in full (waitress spools it to
a temporary file) before cchc sent it to the login page. Starts the real server (`cchc demo`) on a free
port in a temporary data folder, then times the home page of a logged-in user: alone, and while
--uploaders threads each keep posting a declared --megabytes body to the dossier upload without logging
in, sending the body as fast as loopback takes it until the server answers. Prints the medians and
their ratio, how long each upload took to be answered and how much of its body got sent before that.

Run:  uv run python benchmarks/body_gate.py [--uploaders 8] [--megabytes 1024] [--requests 60]
"""

from __future__ import annotations

import argparse
import collections
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _web import demo_login, demo_server, page_times, percentile

CHUNK = b"x" * (1024 * 1024)


def upload(base: str, megabytes: int) -> tuple[str, float, int]:
    """One anonymous upload: the status line answered, seconds until it came, megabytes sent before."""
    address = urlsplit(base)
    start = time.perf_counter()
    sent = 0
    with socket.create_connection((address.hostname, address.port), timeout=120) as connection:
        head = (
            f"POST /ho-so/nhap/ HTTP/1.1\r\nHost: {address.netloc}\r\n"
            f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {megabytes * 1024**2}\r\n\r\n"
        )
        connection.sendall(head.encode())
        connection.setblocking(False)
        answer = b""
        while b"\r\n" not in answer:
            try:
                answer += connection.recv(4096)
                if not answer:
                    break
                continue
            except BlockingIOError:
                pass
            if sent < megabytes:
                try:
                    sent += connection.send(CHUNK) / len(CHUNK)
                except (BlockingIOError, ConnectionError):
                    time.sleep(0.001)
            else:
                time.sleep(0.001)
    return answer.split(b"\r\n")[0].decode(), time.perf_counter() - start, round(sent)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploaders", type=int, default=8)
    parser.add_argument("--megabytes", type=int, default=1024)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-gate-") as folder, demo_server(folder) as base:
        viewer, status = demo_login(base, "xem")
        assert status == 302, status
        page_times(viewer, f"{base}/", 5)  # warm-up
        alone = page_times(viewer, f"{base}/", args.requests)
        stop = threading.Event()
        answers: collections.Counter[str] = collections.Counter()
        waits: list[float] = []
        sent: list[int] = []

        def keep_uploading() -> None:
            while not stop.is_set():
                try:
                    status_line, seconds, megabytes = upload(base, args.megabytes)
                except OSError as error:
                    answers[type(error).__name__] += 1
                    continue
                answers[status_line] += 1
                waits.append(seconds * 1000)
                sent.append(megabytes)

        threads = [threading.Thread(target=keep_uploading, daemon=True) for _ in range(args.uploaders)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        during = page_times(viewer, f"{base}/", args.requests)
        stop.set()
        for thread in threads:
            thread.join(timeout=300)
    print(f"home page of a logged-in user, {args.requests} requests each, {args.uploaders} uploaders")
    for name, values in (("alone", alone), ("during the uploads", during)):
        median, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"{name:20s} median {median:7.1f} ms   p95 {p95:7.1f} ms")
    print(f"ratio (median during / alone): {statistics.median(during) / statistics.median(alone):.2f}x")
    print(
        f"{len(waits)} uploads of {args.megabytes} MB answered: median {statistics.median(waits):.1f} ms, "
        f"max {max(waits):.1f} ms; body sent before the answer: median {statistics.median(sent)} MB, "
        f"max {max(sent)} MB"
    )
    print("answers:", dict(sorted(answers.items())))


if __name__ == "__main__":
    main()
