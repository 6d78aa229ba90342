"""Running things and measuring them: the Prisma CLI, and our generator replayed without the CLI.

`run_cli` runs `prisma generate --schema X` and returns its wall time, the "Generated ... in N"
figure of every generator it printed, and the CPU time and peak RSS of the whole process tree.

The CLI starts a generator through `/bin/sh -c`, and on Debian `sh` (dash) forks rather than execs:
the SIGTERM that ends a generator reaches the shell, and the generator process itself is orphaned
and finishes on its own (the CLI waits for it through its pipes, so the wall time includes it).
To account for such orphans, the benchmark process makes itself a child subreaper (Linux
`prctl(PR_SET_CHILD_SUBREAPER)`): orphans are re-parented to it and reaped here, so their CPU time
and peak RSS are counted. Without it (another OS), those numbers cover only the CLI's own tree.

`replay` starts our generator directly (`python -m prisma_dart_gen`) and sends it a `generate`
request the CLI produced (captured byte for byte by noop_generator.py --dump), exactly as the CLI
would: getManifest, then generate, then end of input. It measures the time to the reply (what the
CLI reports as "Generated ... in N"), the whole process lifetime, the process's CPU time
(`os.wait4`) and its own peak RSS, with no CLI cost mixed in. The peak RSS is VmHWM from
/proc/<pid>/status, read at the reply: `ru_maxrss` of a child on Linux also counts the memory of
the process that spawned it (the kernel carries the pre-exec high-water mark over), so after a
large replay every later child would report at least this benchmark's own peak.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

REPO = Path(__file__).resolve().parents[1]
PRISMA = REPO / "node_modules" / ".bin" / "prisma"
IDB_GENERATOR = REPO / "node_modules" / ".bin" / "idb-client-generator"
NOOP_GENERATOR = Path(__file__).resolve().parent / "noop_generator.py"

_PR_SET_CHILD_SUBREAPER = 36
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# `✔ Generated <prettyName> (<version>) to <output> in <N>ms|<N.NN>s` (Prisma CLI 7.10.1).
_GENERATED = re.compile(
    r"Generated (?P<name>.+?)(?: \((?P<version>[^()]*)\))? to (?P<out>\S+) in "
    r"(?P<value>[0-9.]+)(?P<unit>ms|s)\b"
)


def prisma_env() -> dict[str, str]:
    env = dict(os.environ)
    # generate never runs the schema engine; without this the CLI tries to download one.
    env.setdefault("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/true")
    env["PRISMA_HIDE_UPDATE_MESSAGE"] = "1"
    env["CHECKPOINT_DISABLE"] = "1"
    env["NO_COLOR"] = "1"
    env.pop("DEBUG", None)
    return env


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux only). True if it worked."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


@dataclass
class Usage:
    cpu_s: float = 0.0
    peak_rss_kb: int = 0

    def add(self, rusage) -> None:
        self.cpu_s += rusage.ru_utime + rusage.ru_stime
        self.peak_rss_kb = max(self.peak_rss_kb, int(rusage.ru_maxrss))


def _reap_orphans(usage: Usage, timeout_s: float = 60.0) -> None:
    """Wait for and account every remaining child (adopted orphans); give up after timeout_s."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            pid, _status, rusage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid:
            usage.add(rusage)
        elif time.monotonic() > deadline:
            return
        else:
            time.sleep(0.01)


@dataclass
class Generated:
    name: str
    version: str | None
    output: str
    ms: float


def parse_generated(text: str) -> list[Generated]:
    found = []
    for match in _GENERATED.finditer(_ANSI.sub("", text)):
        value = float(match["value"])
        found.append(
            Generated(
                name=match["name"],
                version=match["version"],
                output=match["out"],
                ms=value if match["unit"] == "ms" else value * 1000.0,
            )
        )
    return found


@dataclass
class CliRun:
    returncode: int
    wall_s: float
    cpu_s: float
    peak_rss_kb: int
    generated: list[Generated] = field(default_factory=list)
    output: str = ""

    def generated_ms(self, output_dir: str) -> float | None:
        """The "Generated ... in N" figure of the generator writing to `output_dir` (./x/y)."""
        for item in self.generated:
            if item.output.rstrip("/") == output_dir.rstrip("/"):
                return item.ms
        return None


def run_cli(schema: Path, timeout_s: float = 900.0) -> CliRun:
    """`prisma generate --schema <schema>` with cwd = the schema's folder; outputs cleared first."""
    shutil.rmtree(schema.parent / "generated", ignore_errors=True)
    usage = Usage()
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(PRISMA), "generate", "--schema", schema.name],
        cwd=schema.parent,
        env=prisma_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert proc.stdout is not None
    timer = threading.Timer(timeout_s, proc.kill)
    timer.start()
    try:
        # Ends when every writer closed the pipe: the CLI and any generator process it left behind.
        output = proc.stdout.read()
        # Not proc.wait(): wait4 also returns the tree's rusage (CLI and the children it reaped).
        _pid, status, rusage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    usage.add(rusage)
    _reap_orphans(usage)
    text = output.decode("utf-8", "replace")
    return CliRun(
        returncode=proc.returncode,
        wall_s=wall,
        cpu_s=usage.cpu_s,
        peak_rss_kb=usage.peak_rss_kb,
        generated=parse_generated(text),
        output=text,
    )


@dataclass
class ReplayRun:
    startup_s: float  # spawn -> getManifest answered (interpreter start and imports)
    reply_s: float  # generate sent -> answered: the CLI's "Generated ... in N" figure
    total_s: float  # spawn -> process exit
    cpu_s: float
    peak_rss_kb: int  # the generator process's own ru_maxrss
    ok: bool
    error: str = ""


def _read_response(stream, request_id: int) -> dict | None:
    """The next JSON-RPC response with this id on the generator's stderr (other lines skipped)."""
    for raw in stream:
        try:
            message = json.loads(raw)
        except ValueError:
            continue
        if isinstance(message, dict) and message.get("id") == request_id:
            return message
    return None


class _Id(msgspec.Struct):
    id: Any = None


def vm_hwm_kb(pid: int | str = "self") -> int | None:
    """A live process's own peak RSS (VmHWM), or None where /proc does not say."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) if match else None


def replay(python: str, request: Path, cwd: Path, timeout_s: float = 900.0) -> ReplayRun:
    """Run `python -m prisma_dart_gen` on a captured generate request, as the CLI would."""
    raw = request.read_bytes().rstrip(b"\n") + b"\n"
    # Only the id: decoding a many-hundred-MB request here would cost seconds and gigabytes.
    request_id = msgspec.json.decode(raw, type=_Id).id
    manifest = {"jsonrpc": "2.0", "method": "getManifest", "params": {}, "id": request_id - 1}
    env = dict(os.environ, PRISMA_GENERATOR_INVOCATION="true")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [python, "-m", "prisma_dart_gen"],
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stderr is not None
    timer = threading.Timer(timeout_s, proc.kill)
    timer.start()
    try:
        proc.stdin.write((json.dumps(manifest) + "\n").encode())
        proc.stdin.flush()
        first = _read_response(proc.stderr, request_id - 1)
        startup = time.perf_counter() - start
        sent = time.perf_counter()
        # A large request: write it from a thread so a generator that talks first cannot block us.
        writer = threading.Thread(target=_write_all, args=(proc.stdin, raw))
        writer.start()
        second = _read_response(proc.stderr, request_id)
        reply = time.perf_counter() - sent
        peak_rss_kb = vm_hwm_kb(proc.pid)  # the process still runs: it waits for more input
        writer.join()
        proc.stdin.close()  # end of input: the generator exits
        proc.stderr.read()
        _pid, status, rusage = os.wait4(proc.pid, 0)
        total = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stderr.close()
    finally:
        timer.cancel()
    usage = Usage()
    usage.add(rusage)
    if peak_rss_kb is not None:
        usage.peak_rss_kb = peak_rss_kb
    error = ""
    if first is None or second is None:
        error = f"no reply (exit status {status})"
    elif "error" in second:
        error = str(second["error"].get("message", second["error"]))
    return ReplayRun(
        startup_s=startup,
        reply_s=reply,
        total_s=total,
        cpu_s=usage.cpu_s,
        peak_rss_kb=usage.peak_rss_kb,
        ok=not error,
        error=error,
    )


def _write_all(stream, data: bytes) -> None:
    try:
        stream.write(data)
        stream.flush()
    except BrokenPipeError:
        pass


@dataclass
class DecodeRun:
    wall_s: float
    cpu_s: float
    peak_rss_kb: int


# Read as our generator reads it: the envelope, then the params it keeps (dmmf.read_params).
# Prints its own VmHWM (see vm_hwm_kb): its ru_maxrss would count the benchmark's memory too.
_DECODE_ONLY = (
    "import sys\n"
    "from bench.harness import vm_hwm_kb\n"
    "from prisma_dart_gen.dmmf import read_params\n"
    "from prisma_dart_gen.rpc import decode\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    read_params(decode(f.read()).params)\n"
    "print(vm_hwm_kb() or '')\n"
)


def decode_only(python: str, request: Path) -> DecodeRun:
    """A process that only reads and decodes the request: what our generator pays first."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [python, "-c", _DECODE_ONLY, str(request)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    printed = proc.stdout.read().strip()
    _pid, status, rusage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"decoding {request} failed (exit {proc.returncode})")
    usage = Usage()
    usage.add(rusage)
    peak_rss_kb = int(printed) if printed.isdigit() else usage.peak_rss_kb
    return DecodeRun(time.perf_counter() - start, usage.cpu_s, peak_rss_kb)
