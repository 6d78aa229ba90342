"""The generator as the Prisma CLI sees it: a subprocess speaking JSON-RPC on stdin/stderr."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time

import pytest

from tests.support.params import load_params

MODULE = [sys.executable, "-m", "prisma_dart_gen"]
ENV = {**os.environ, "PRISMA_GENERATOR_INVOCATION": "true"}


class Generator:
    """A running generator process; replies are read from its stderr."""

    def __init__(self):
        self.proc = subprocess.Popen(
            MODULE,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=ENV,
            text=True,
            encoding="utf-8",
        )

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def request(self, method: str, params=None, request_id=1) -> dict:
        self.send(
            json.dumps({"jsonrpc": "2.0", "method": method, "params": params, "id": request_id})
        )
        return self.reply()

    def reply(self) -> dict:
        assert self.proc.stderr is not None
        line = self.proc.stderr.readline()
        assert line, "the generator closed stderr without replying"
        return json.loads(line)

    def close(self, timeout: float = 10) -> int:
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        return self.proc.wait(timeout=timeout)


@pytest.fixture
def generator():
    process = Generator()
    yield process
    if process.proc.poll() is None:
        process.proc.kill()
        process.proc.wait()


def test_get_manifest(generator):
    reply = generator.request("getManifest", {"name": "dart", "output": None}, request_id=7)
    assert reply["id"] == 7 and reply["jsonrpc"] == "2.0"
    manifest = reply["result"]["manifest"]
    assert manifest["prettyName"] == "Prisma Dart Client"
    assert manifest["requiresEngines"] == []
    from prisma_dart_gen.version import VERSION

    assert manifest["version"] == VERSION


def test_ids_are_echoed_unchanged(generator):
    for request_id in (0, 123456789, "abc"):
        assert generator.request("getManifest", {}, request_id=request_id)["id"] == request_id


def test_unknown_method(generator):
    reply = generator.request("frobnicate", {}, request_id=3)
    assert reply["id"] == 3
    assert reply["error"]["code"] == -32601
    assert "frobnicate" in reply["error"]["message"]


def test_malformed_line_is_answered_and_the_process_keeps_serving(generator):
    generator.send("{this is not json")
    reply = generator.reply()
    assert reply["id"] is None and reply["error"]["code"] == -32700
    assert generator.request("getManifest", {}, request_id=2)["id"] == 2


def test_invalid_utf8_is_a_parse_error_and_non_ascii_round_trips(generator):
    assert generator.proc.stdin is not None
    generator.proc.stdin.flush()
    generator.proc.stdin.buffer.write(
        b'{"jsonrpc": "2.0", "method": "getManifest", "id": "\xff"}\n'
    )
    generator.proc.stdin.buffer.flush()
    reply = generator.reply()
    assert reply["id"] is None and reply["error"]["code"] == -32700
    assert generator.request("getManifest", {}, request_id="é✓")["id"] == "é✓"


def test_params_reach_the_handler_undecoded_and_bad_envelopes_are_answered():
    import msgspec

    from prisma_dart_gen.rpc import INVALID_REQUEST, PARSE_ERROR, handle_line

    def echo(params):
        assert isinstance(params, msgspec.Raw)
        return msgspec.json.decode(params)

    line = json.dumps({"jsonrpc": "2.0", "method": "echo", "params": {"a": [1, "é"]}, "id": 1})
    for payload in (line, line.encode()):
        assert handle_line(payload, {"echo": echo})["result"] == {"a": [1, "é"]}
    no_params = handle_line(b'{"jsonrpc": "2.0", "method": "echo", "id": 2}', {"echo": echo})
    assert no_params["result"] is None
    for bad, code, request_id in (
        (b"{not json", PARSE_ERROR, None),
        (b'{"method": "echo", "id": "\xff"}', PARSE_ERROR, None),
        (b'{"method": 3, "id": 7}', INVALID_REQUEST, 7),
        (b'{"id": 8}', INVALID_REQUEST, 8),
        (b"[1, 2]", INVALID_REQUEST, None),
    ):
        reply = handle_line(bad, {"echo": echo})
        assert reply["error"]["code"] == code and reply["id"] == request_id, bad


def test_read_params_keeps_what_generate_params_reads_and_skips_the_rest():
    from prisma_dart_gen.dmmf import GenerateParams, read_params

    params = {
        "generator": {"name": "dart", "config": {"k": "v"}, "unknown": 1},
        "dmmf": {"datamodel": {"models": [], "enums": []}, "schema": {"huge": [1] * 1000}},
        "otherGenerators": [{"name": "client"}],
        "schemaPath": "/x/schema.prisma",
        "allowNoModels": True,
    }
    read = read_params(json.dumps(params).encode())
    assert read == {
        "generator": {"name": "dart", "config": {"k": "v"}},
        "dmmf": {"datamodel": {"models": [], "enums": []}},
        "schemaPath": "/x/schema.prisma",
        "allowNoModels": True,
    }
    assert GenerateParams.model_validate(read) == GenerateParams.model_validate(params)


def test_warm_up_runs_once_after_the_first_reply_and_cannot_break_serving():
    import io

    import msgspec

    from prisma_dart_gen.rpc import serve

    events = []
    out = io.StringIO()

    def handler(raw_params):
        params = msgspec.json.decode(raw_params)
        events.append(f"request {params}; replies so far: {out.getvalue().count(chr(10))}")
        return params

    def warm_up():
        events.append("warm up")
        raise RuntimeError("a failing warm-up is only a lost head start")

    lines = [
        json.dumps({"jsonrpc": "2.0", "method": "echo", "params": n, "id": n}) for n in (1, 2, 3)
    ]
    stdin = io.BytesIO("\n\n".join(lines).encode() + b"\n")
    assert serve({"echo": handler}, stdin, out, warm_up=warm_up) == 0
    assert events == [
        "request 1; replies so far: 0",
        "warm up",
        "request 2; replies so far: 1",
        "request 3; replies so far: 2",
    ]
    assert [json.loads(line)["result"] for line in out.getvalue().splitlines()] == [1, 2, 3]


def test_eof_ends_the_process_cleanly(generator):
    generator.request("getManifest", {})
    assert generator.close() == 0


def test_sigterm_ends_the_process_cleanly(generator):
    generator.request("getManifest", {})
    generator.proc.send_signal(signal.SIGTERM)
    assert generator.proc.wait(timeout=10) == 0


def test_generate_writes_files_then_replies(generator, tmp_path):
    params = load_params("minimal", tmp_path)
    reply = generator.request("generate", params, request_id=5)
    assert reply == {"jsonrpc": "2.0", "id": 5, "result": None}
    # The reply comes only after every file is written.
    dart_root = tmp_path / "generated" / "dart"
    assert (dart_root / "pubspec.yaml").is_file()
    assert (dart_root / ".prisma-dart-gen.json").is_file()
    assert (tmp_path / "generated" / "server" / "__init__.py").is_file()


def test_user_error_is_a_clean_located_message(generator, tmp_path):
    params = load_params("minimal", tmp_path)
    params["generator"]["config"]["syncScope"] = "Nope"
    params["generator"]["config"]["colour"] = "blue"
    reply = generator.request("generate", params, request_id=9)
    message = reply["error"]["message"]
    assert reply["id"] == 9 and reply["error"]["code"] == -32000
    assert message.startswith("prisma-dart-gen: ")
    assert "colour: unknown key" in message
    assert "Traceback" not in message and "stack" not in reply["error"]["data"]
    assert not (tmp_path / "generated").exists()


def test_internal_error_is_reported_as_a_bug_not_a_hang(generator):
    reply = generator.request("generate", {"generator": {"config": {}}}, request_id=4)
    error = reply["error"]
    assert reply["id"] == 4
    assert error["message"].startswith("prisma-dart-gen: internal error")
    assert "report" in error["message"]
    assert "Traceback" in error["data"]["stack"]
    # Still alive and answering after an internal error.
    assert generator.request("getManifest", {}, request_id=5)["id"] == 5


def test_human_logs_go_to_stdout_not_the_protocol_stream(generator, tmp_path):
    params = load_params("minimal", tmp_path)
    generator.request("generate", params)
    generator.close()
    # Every stderr line is a JSON-RPC response (the CLI would show anything else as an error).
    assert generator.proc.stderr is not None
    assert generator.proc.stderr.read() == ""


def test_version_flag():
    result = subprocess.run([*MODULE, "--version"], capture_output=True, text=True, check=True)
    from prisma_dart_gen.version import VERSION

    assert result.stdout.strip() == VERSION


def test_usage_instead_of_hanging_when_run_by_hand_in_a_terminal():
    env = {k: v for k, v in os.environ.items() if k != "PRISMA_GENERATOR_INVOCATION"}
    pid, fd = pty.fork()
    if pid == 0:  # child: stdin/stdout are the pseudo-terminal
        os.execvpe(MODULE[0], MODULE, env)
    output = b""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    assert b"python -m prisma_dart_gen" in output and b"generator dart" in output
    assert os.waitstatus_to_exitcode(status) == 2
