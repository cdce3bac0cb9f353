#!/usr/bin/env python3
"""klp-annotate --lsp on a real kbuild unit, timed from the client's side.

usage: lsp.py BIN_DIR OUT.md [-n RUNS] [--old BIN]

A scripted client (as an editor: Content-Length framed JSON-RPC over the
server's stdin/stdout) opens klp_consoles.c, the Debian 6.1 unit that
test/surfaces/lsp-kernel.test uses, built once with kbuild so that the
server finds its .o.cmd. It times, from writing the message to reading
the answer:

  didChange -> publishDiagnostics   an edit inside a function body (the
                                    preamble is reused), and one of the
                                    #include lines (it is rebuilt)
  codeAction -> response            on analysed text, and right after a
                                    didChange (the analysis comes first)
  didOpen -> publishDiagnostics     a new server's first analysis

and the server's CPU time per body edit (from /proc: it does not count
the time the server waits for a core on a busy machine).

Each figure is the median of RUNS (default 11; the didOpen ones of
max(RUNS // 2, 3) servers). The baseline is what the server did for
every change before it kept the parse: a whole parse, here clang
-fsyntax-only on the same unit with the flags klp-annotate parses with;
its runs alternate with the body edits in the same loop, so that load
from elsewhere slows both alike. --old BIN also times the body edit and
didOpen against another klp-annotate (an older build) in the same loops.

Needs the cached Debian kernel ($KLP_KERNEL_DIR, from scripts/kernel-fetch)
and clang-LLVM. BIN_DIR is a build's bin/ (a Release one, as bench/run
builds, for figures to compare with bench/RESULTS.md).
"""
import json
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (run, module_dir, kbuild, parse_command, machine)

UNIT = ("klp_consoles", "test/annotate/Inputs/kernel/klp_consoles.c")
# An edit inside livepatch_cmdline_proc_show()'s body, and one among the
# #include lines; each is made and undone in turn.
BODY_AFTER = "\tseq_puts(m, saved_command_line);\n"
BODY_EDIT = "\tseq_puts(m, \" \");\n"
INCLUDE_AFTER = "#include <linux/tty_driver.h>\n"
INCLUDE_EDIT = "#include <linux/slab.h>\n"
TIMEOUT = 120


class Server:
    def __init__(self, cmd, env):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, env=env)
        self.buf = b""
        self.next_id = 1
        rid = self.request("initialize", {"processId": os.getpid(), "rootUri": None,
                                          "capabilities": {}})
        self.wait(lambda m: m.get("id") == rid)
        self.send({"method": "initialized", "params": {}})

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def request(self, method, params):
        self.send({"id": self.next_id, "method": method, "params": params})
        self.next_id += 1
        return self.next_id - 1

    def read(self):
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                n = int(head.split(b":")[1])
                if len(rest) >= n:
                    self.buf = rest[n:]
                    return json.loads(rest[:n])
            if not select.select([self.p.stdout], [], [], TIMEOUT)[0]:
                sys.exit("lsp bench: the server said nothing for %d s" % TIMEOUT)
            data = os.read(self.p.stdout.fileno(), 1 << 16)
            if not data:
                sys.exit("lsp bench: the server exited")
            self.buf += data

    def wait(self, pred):
        while True:
            m = self.read()
            if pred(m):
                return m

    def diagnostics(self, version):
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and
                         m["params"].get("version") == version)["params"]

    def cpu(self):
        """The server's CPU time so far (user + system), in seconds."""
        with open("/proc/%d/stat" % self.p.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        rid = self.request("shutdown", None)
        self.wait(lambda m: m.get("id") == rid)
        self.send({"method": "exit"})
        self.p.stdin.close()
        self.p.wait(TIMEOUT)


class Document:
    """One open document: its text as the client has it, and its version."""

    def __init__(self, server, path):
        self.s = server
        self.uri = "file://" + path
        self.text = open(path).read()
        self.version = 1

    def open(self):
        t = time.perf_counter()
        self.s.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": self.uri, "languageId": "c", "version": 1, "text": self.text}}})
        d = self.s.diagnostics(1)
        return time.perf_counter() - t, d

    def position(self, offset):
        before = self.text[:offset]
        return {"line": before.count("\n"), "character": len(before) - before.rfind("\n") - 1}

    def toggle(self, after, insert):
        """didChange: INSERT after the line AFTER, or take it out again."""
        at = self.text.index(after) + len(after)
        if self.text.startswith(insert, at):
            rng, new, self.text = ({"start": self.position(at),
                                    "end": self.position(at + len(insert))}, "",
                                   self.text[:at] + self.text[at + len(insert):])
        else:
            pos = self.position(at)
            rng, new, self.text = {"start": pos, "end": pos}, insert, \
                self.text[:at] + insert + self.text[at:]
        self.version += 1
        self.s.send({"method": "textDocument/didChange", "params": {
            "textDocument": {"uri": self.uri, "version": self.version},
            "contentChanges": [{"range": rng, "text": new}]}})

    def change(self, after, insert):
        """Time from didChange to its version's diagnostics."""
        t = time.perf_counter()
        self.toggle(after, insert)
        d = self.s.diagnostics(self.version)
        return time.perf_counter() - t, d

    def code_action(self, line):
        t = time.perf_counter()
        rid = self.s.request("textDocument/codeAction", {
            "textDocument": {"uri": self.uri},
            "range": {"start": {"line": line, "character": 0},
                      "end": {"line": line, "character": 0}},
            "context": {"diagnostics": []}})
        actions = self.s.wait(lambda m: m.get("id") == rid and "method" not in m)["result"]
        return time.perf_counter() - t, actions


def server_cmd(bin_dir, env):
    return [os.path.join(bin_dir, "klp-annotate"), "--lsp", "--kernel", env["KLP_KBUILD_DIR"],
            "--kallsyms", env["KLP_KALLSYMS"]]


def timed_run(cmd, **kw):
    t = time.perf_counter()
    bench.run(cmd, **kw)
    return time.perf_counter() - t


def measure(bin_dir, old_bin, env, work, runs, clang):
    name, src = UNIT
    d = bench.module_dir(work, name, src)
    bench.kbuild(d)
    c = os.path.join(d, name + ".c")
    directory, flags = bench.parse_command(bin_dir, env, c)
    syntax = [clang, "-fsyntax-only"] + flags + [c]
    pre = bench.run([clang, "-E"] + flags + [c], cwd=directory).stdout.count("\n")
    # As on an author's machine: the symbol index exists after the first run.
    senv = dict(os.environ, KLP_SYMDB_CACHE=os.path.join(work, "symdb-cache"))
    bench.run([os.path.join(bin_dir, "klp-annotate"), "--check", "--kernel",
               env["KLP_KBUILD_DIR"], "--kallsyms", env["KLP_KALLSYMS"], c], ok=(0, 1), env=senv)

    t = {k: [] for k in ("open", "body", "include", "action", "action_dirty", "syntax", "old",
                         "old_open")}
    cpu = []
    for _ in range(max(runs // 2, 3)):
        s = Server(server_cmd(bin_dir, env), senv)
        topen, first = Document(s, c).open()
        t["open"].append(topen)
        s.stop()
        if old_bin:
            old = Server(server_cmd(old_bin, env), senv)
            t["old_open"].append(Document(old, c).open()[0])
            old.stop()
    ndiags = len(first["diagnostics"])

    s = Server(server_cmd(bin_dir, env), senv)
    doc = Document(s, c)
    doc.open()
    old = old_doc = None
    if old_bin:
        old = Server(server_cmd(old_bin, env), senv)
        old_doc = Document(old, c)
        old_doc.open()
    doc.change(BODY_AFTER, BODY_EDIT)    # the first reparse builds what the next reuse
    for _ in range(runs):
        c = s.cpu()
        tb, diags = doc.change(BODY_AFTER, BODY_EDIT)
        cpu.append(s.cpu() - c)
        if len(diags["diagnostics"]) != ndiags:
            sys.exit("lsp bench: %d findings after a body edit, %d before" %
                     (len(diags["diagnostics"]), ndiags))
        t["body"].append(tb)
        # The #include edit below moves it every other time.
        line = diags["diagnostics"][0]["range"]["start"]["line"]
        t["syntax"].append(timed_run(syntax, cwd=directory))
        if old_doc:
            t["old"].append(old_doc.change(BODY_AFTER, BODY_EDIT)[0])
        ta, actions = doc.code_action(line)
        if not actions:
            sys.exit("lsp bench: no code action on line %d" % line)
        t["action"].append(ta)
        doc.toggle(BODY_AFTER, BODY_EDIT)
        t["action_dirty"].append(doc.code_action(line)[0])
        t["include"].append(doc.change(INCLUDE_AFTER, INCLUDE_EDIT)[0])
    s.stop()
    if old:
        old.stop()
    med = {k: statistics.median(v) if v else None for k, v in t.items()}
    # Clock ticks are 10 ms: the mean over the runs, not a median of ticks.
    med["cpu"] = statistics.mean(cpu)
    return name, pre, ndiags, med


def report(bin_dir, env, runs, name, pre, ndiags, m):
    ms = lambda v: "%.0f ms" % (v * 1e3)  # noqa: E731
    L = ["Machine: %s. Kernel: Debian %s (%s). klp-annotate from %s. Median of %d runs (the "
         "first analysis: of %d servers); the body edit and the whole parse ran alternately "
         "in the same loop. Load average before: %s." % (bench.machine(), env.get("KLP_KVER", "?"),
                                env.get("KLP_DEB_VERSION", "?"), bin_dir, runs,
                                max(runs // 2, 3), m["load"]),
         "",
         "### klp-annotate --lsp on %s (%d preprocessed lines, %d findings), from the client's side"
         % (name, pre, ndiags),
         "",
         "| | time | target |",
         "| --- | ---: | ---: |",
         "| didChange in a function body -> publishDiagnostics | %s | <= 150 ms |" % ms(m["body"]),
         "| the same, the server's CPU time (mean) | %s | |" % ms(m["cpu"]),
         "| whole parse per change (clang-%s -fsyntax-only, same flags) | %s | |"
         % (os.environ.get("KLP_LLVM_VERSION", "14"), ms(m["syntax"])),
         "| ratio | %.2fx | |" % (m["body"] / m["syntax"]),
         ]
    if m["old"] is not None:
        L.append("| didChange in a function body, --old server | %s | |" % ms(m["old"]))
    L += ["| codeAction on analysed text -> response | %.1f ms | <= 50 ms |" % (m["action"] * 1e3),
          "| codeAction right after a didChange -> response | %s | |" % ms(m["action_dirty"]),
          "| didChange of an #include line -> publishDiagnostics (preamble rebuilt) | %s | |"
          % ms(m["include"]),
          "| didOpen -> publishDiagnostics (a new server: symbols, parse, preamble) | %s | |"
          % ms(m["open"])]
    if m["old_open"] is not None:
        L.append("| didOpen, --old server | %s | |" % ms(m["old_open"]))
    return "\n".join(L) + "\n"


def kernel_env():
    env = dict(os.environ)
    if "KLP_KBUILD_DIR" not in env and env.get("KLP_KERNEL_DIR"):
        for line in open(os.path.join(env["KLP_KERNEL_DIR"], "env")):
            k, sep, v = line.strip().partition("=")
            if sep and not k.startswith("#"):
                env[k] = v
    for k in ("KLP_KBUILD_DIR", "KLP_KALLSYMS"):
        if not env.get(k):
            sys.exit("lsp bench: $%s unset: set KLP_KERNEL_DIR (scripts/kernel-fetch)" % k)
    os.environ.update(env)  # kbuild-module reads them
    return env


def main():
    args = sys.argv[1:]
    runs = int(args[args.index("-n") + 1]) if "-n" in args else 11
    old_bin = os.path.abspath(args[args.index("--old") + 1]) if "--old" in args else None
    bin_dir, out = os.path.abspath(args[0]), args[1]
    env = kernel_env()
    llvm = os.environ.get("KLP_LLVM_VERSION", "14")
    clang = shutil.which("clang-" + llvm) or sys.exit("lsp bench: clang-%s not found" % llvm)
    work = tempfile.mkdtemp(prefix="klp-bench-lsp.")
    load = "%.2f %.2f %.2f" % os.getloadavg()
    try:
        name, pre, ndiags, m = measure(bin_dir, old_bin, env, work, runs, clang)
        m["load"] = load
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(bin_dir, env, runs, name, pre, ndiags, m)
    with open(out, "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
