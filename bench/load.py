"""A bounded, loopback-only load generator: threads and plain sockets, limited by request count and time."""

import socket
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Sample:
    seconds: float
    status: int
    ok: bool
    sql_ms: float | None
    app_ms: float | None


@dataclass
class Run:
    concurrency: int
    samples: list = field(default_factory=list)
    wall: float = 0.0

    @property
    def latencies_ms(self):
        return sorted(s.seconds * 1000 for s in self.samples)

    def percentile(self, p):
        values = self.latencies_ms
        return percentile(values, p) if values else None

    @property
    def rps(self):
        return len(self.samples) / self.wall if self.wall else 0.0

    @property
    def failures(self):
        return [s for s in self.samples if not s.ok]

    def median(self, attr):
        values = [getattr(s, attr) for s in self.samples if getattr(s, attr) is not None]
        return statistics.median(values) if values else None


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return None
    rank = max(1, min(len(sorted_values), round(p / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def fetch(base, path, timeout=60):
    """One GET on a fresh connection (gunicorn's sync workers close it after each response anyway): HTTP/1.0
    over a plain socket, read to the end. The client shares the two cores with the server: with http.client,
    which parses each response's headers with the email package, the empty response's rate at concurrency 8
    was 995-1,055 a second, this way 1,228-1,331. A reply that is not HTTP raises ConnectionError, an OSError
    as a dropped connection is, so the load counts it as a failed request."""
    parts = urlsplit(base)
    if parts.hostname not in LOOPBACK:
        raise ValueError(f"refusing to load {parts.hostname}: the benchmark only talks to loopback")
    request = f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: sco-bench\r\n\r\n".encode()
    started = time.perf_counter()
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(262144):
            chunks.append(chunk)
    elapsed = time.perf_counter() - started
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    version, _, rest = status_line.partition(" ")
    if not version.startswith("HTTP/") or not rest[:3].isdigit():
        raise ConnectionError(f"not an HTTP response: {status_line[:80]!r}")
    status = int(rest[:3])
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return elapsed, status, body, headers


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def run_load(base, path, expect, concurrency, max_requests, max_seconds):
    """Request `path` from `concurrency` threads until max_requests are done or max_seconds have passed."""
    run = Run(concurrency)
    lock = threading.Lock()
    issued = [0]
    deadline = time.perf_counter() + max_seconds
    expected = expect.encode()

    def worker():
        while True:
            with lock:
                if issued[0] >= max_requests or time.perf_counter() >= deadline:
                    return
                issued[0] += 1
            try:
                elapsed, status, body, headers = fetch(base, path)
                sample = Sample(
                    elapsed,
                    status,
                    status == 200 and expected in body,
                    _float(headers.get("x-sql-time")),
                    _float(headers.get("x-app-time")),
                )
            except OSError:
                sample = Sample(0.0, 0, False, None, None)
            with lock:
                run.samples.append(sample)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.wall = time.perf_counter() - started
    return run
