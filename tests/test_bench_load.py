"""The benchmark's load client (bench/load.py): what it reads from a reply, and that a reply it cannot read is a
failed request, not a dead worker thread."""

import socketserver
import threading

import pytest

from bench.load import fetch, run_load


class Reply(socketserver.BaseRequestHandler):
    reply = b""

    def handle(self):
        self.request.recv(65536)
        self.request.sendall(self.reply)


@pytest.fixture
def server():
    servers = []

    def serve(reply):
        handler = type("Handler", (Reply,), {"reply": reply})
        instance = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=instance.serve_forever, daemon=True).start()
        servers.append(instance)
        return f"http://127.0.0.1:{instance.server_address[1]}"

    yield serve
    for instance in servers:
        instance.shutdown()
        instance.server_close()


def test_it_reads_the_status_headers_and_body(server):
    base = server(
        b"HTTP/1.0 200 OK\r\nX-SQL-Time: 1.5\r\nContent-Type: text/html\r\n\r\n<p>body</p>\r\n\r\nmore"
    )
    elapsed, status, body, headers = fetch(base, "/")
    assert (status, body) == (200, b"<p>body</p>\r\n\r\nmore")
    assert headers == {"x-sql-time": "1.5", "content-type": "text/html"}
    assert elapsed > 0


@pytest.mark.parametrize("reply", [b"", b"garbage\r\n\r\n", b"HTTP/1.0 abc\r\n\r\n"])
def test_a_reply_that_is_not_http_is_a_failed_request(server, reply):
    base = server(reply)
    with pytest.raises(ConnectionError):
        fetch(base, "/")
    run = run_load(base, "/", "body", concurrency=2, max_requests=4, max_seconds=5)
    assert len(run.samples) == 4 and len(run.failures) == 4


def test_it_refuses_anything_but_loopback():
    with pytest.raises(ValueError, match="loopback"):
        fetch("http://example.org:80", "/")
