"""What the load scripts share: a participant's keep-alive HTTP client, timing and percentiles,
and starting a server on a free loopback port (bench/quiz_load.py, mixed_load.py, fault scripts)."""

import http.client
import socket
import sys
import time
from http.cookies import SimpleCookie

HOST = "127.0.0.1"


class Failure(Exception):
    pass


class Browser:
    """One participant's keep-alive connection with its cookies; records the latency of each step."""

    def __init__(self, port, session_key=None):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies = {"sessionid": session_key} if session_key else {}

    def request(self, method, path, body=None, headers=None):
        headers = {"Host": HOST, "Accept-Language": "id", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            raise Failure(f"{method} {path}: {error!r}") from error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, content

    def close(self):
        self.conn.close()


def timed(latencies, name, call):
    started = time.perf_counter()
    result = call()
    latencies.setdefault(name, []).append(time.perf_counter() - started)
    return result


def expect(response, content, status, what):
    if response.status != status:
        raise Failure(f"{what}: HTTP {response.status} {content[:200]!r}")


def probe_health(port, stop, latencies, errors):
    """One sequential /health/ client while the cohort runs: the constant view under the same load."""
    browser = Browser(port)
    try:
        while not stop.is_set():
            try:
                response, content = timed(latencies, "health", lambda: browser.request("GET", "/health/"))
                expect(response, content, 200, "/health/")
            except Failure as failure:
                errors.append(str(failure))
            time.sleep(0.05)
    finally:
        browser.close()


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))]


def summary(values, elapsed):
    return {
        "requests": len(values),
        "requests_per_s": len(values) / elapsed if elapsed else float("nan"),
        "p50_ms": percentile(values, 0.50) * 1000,
        "p99_ms": percentile(values, 0.99) * 1000,
    }


def free_port(preferred):
    with socket.socket() as sock:
        try:
            sock.bind((HOST, preferred))
        except OSError:
            sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_up(server, port, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with status {server.returncode}; see its log beside the results.")
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            conn.request("GET", "/health/", headers={"Host": HOST})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer /health/ within {timeout:.0f} s")
