#!/usr/bin/env python3
"""A scripted LSP client: drives "klp-annotate --lsp ..." over stdio.

    lsp-client.py OUTDIR SCENARIO -- SERVER-COMMAND...

Speaks JSON-RPC with Content-Length framing, as editors do, and prints
what it sees (one line per event, for FileCheck). It applies workspace
edits the way a client must: positions are lines and UTF-16 code units.

Scenarios:
  fix FILE...   initialize, then for each FILE: didOpen, wait for its
                diagnostics, codeAction over the whole file, apply the
                preferred quickfix locally (written to OUTDIR/NAME), send
                that edit back as incremental didChange events and wait
                for the (now empty) diagnostics; shutdown, exit.
  actions FILE  initialize, didOpen, print every code action offered
                over the whole file (with context.only = ["source"] too).
  utf16 FILE    incremental didChange events at UTF-16 positions after an
                emoji, and the diagnostics that move with them.
  protocol      requests before initialize, unknown methods, bad JSON,
                and the exit codes (with and without shutdown).

The server keeps each document's parse and reparses it with each text;
these scenarios check what that must not change. The server runs with
TMPDIR=OUTDIR/tmp, where libclang writes the precompiled preamble, so
that they can tell whether an edit rebuilt it ("preamble: kept" when the
same file is still there). AFTER names the line an edit goes below (a
substring of it); TEXT is the inserted line, with \t and \n escapes.

  edit FILE AFTER TEXT
                open, insert TEXT below AFTER (didChange v2), then the
                quick fix offered for v2 applied and written to
                OUTDIR/NAME.fixed, v2's text to OUTDIR/NAME; then close
                and open the same text afresh (v3): the findings and the
                actions must be the same as the reparse's.
  disk FILE PATH OLD NEW [PATH OLD NEW]...
                open; for each triple, replace OLD with NEW in PATH on
                disk (a header, a .o.cmd), keeping PATH's mtime when the
                size is the same too, then a didChange (a blank line at
                the end): the findings follow the disk.
  burst FILE AFTER
                open, then v2..v5 in one write, each with one more line
                below AFTER: only v5 may be analysed and published.
  held FILE FIFO AFTER
                FILE includes FIFO below its preamble, so the server
                reads it on every parse and waits until the client feeds
                it. v2 (a line below AFTER) is held mid-analysis while
                v3..v5 are sent: v2's findings must not be published.
  term FILE     open, then SIGTERM: the server ends as on "exit", and
                its preamble file is gone with its unit.
"""
import json
import os
import select
import subprocess
import sys

TIMEOUT = 120


class Server:
    def __init__(self, cmd, env=None):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.buf = b""
        self.next_id = 1

    def send_raw(self, body):
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        self.send_raw(json.dumps(msg).encode("utf-8"))

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        return rid

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def read(self):
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                length = None
                for line in head.split(b"\r\n"):
                    k, _, v = line.partition(b":")
                    if k.strip().lower() == b"content-length":
                        length = int(v)
                if length is None:
                    sys.exit("lsp-client: a message without Content-Length")
                if len(rest) >= length:
                    self.buf = rest[length:]
                    return json.loads(rest[:length].decode("utf-8"))
            r, _, _ = select.select([self.p.stdout], [], [], TIMEOUT)
            if not r:
                sys.exit("lsp-client: the server said nothing for %d s" % TIMEOUT)
            data = os.read(self.p.stdout.fileno(), 65536)
            if not data:
                return None
            self.buf += data

    def wait_response(self, rid):
        while True:
            m = self.read()
            if m is None:
                sys.exit("lsp-client: the server closed its output")
            if m.get("id") == rid and "method" not in m:
                return m
            self.on_other(m)

    def wait_diagnostics(self, uri):
        while True:
            m = self.read()
            if m is None:
                sys.exit("lsp-client: the server closed its output")
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]
            self.on_other(m)

    def on_other(self, m):
        print("other: %s" % json.dumps(m, sort_keys=True)[:200])

    def finish(self):
        self.p.stdin.close()
        return self.p.wait(TIMEOUT)


def offset_of(text, pos):
    """A str index for an LSP position (UTF-16 units within the line)."""
    lines = text.split("\n")
    start = sum(len(l) + 1 for l in lines[:pos["line"]])
    line = lines[pos["line"]] if pos["line"] < len(lines) else ""
    units = line.encode("utf-16-le")[:pos["character"] * 2]
    return start + len(units.decode("utf-16-le"))


def apply_edits(text, edits):
    # From the end; equal starts keep their array order (LSP's rule).
    spans = [(offset_of(text, e["range"]["start"]), offset_of(text, e["range"]["end"]), i,
              e["newText"]) for i, e in enumerate(edits)]
    for a, b, _, t in sorted(spans, key=lambda s: (s[0], s[2]), reverse=True):
        text = text[:a] + t + text[b:]
    return text


def uri_of(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))


def initialize(s):
    rid = s.request("initialize", {"processId": os.getpid(), "rootUri": None,
                                   "capabilities": {"general": {"positionEncodings": ["utf-16"]}}})
    r = s.wait_response(rid)["result"]
    caps = r["capabilities"]
    print("initialize: encoding=%s sync=%s actions=%s server=%s" % (
        caps.get("positionEncoding"), caps["textDocumentSync"]["change"],
        ",".join(caps["codeActionProvider"]["codeActionKinds"]), r["serverInfo"]["name"]))
    s.notify("initialized", {})


def show_diags(params):
    print("diagnostics %s v%s: %d" % (os.path.basename(params["uri"]), params.get("version"),
                                      len(params["diagnostics"])))
    for d in params["diagnostics"]:
        r = d["range"]
        print("  %s %d:%d-%d:%d %s: %s" % (d["code"], r["start"]["line"], r["start"]["character"],
                                           r["end"]["line"], r["end"]["character"],
                                           {1: "error", 2: "warning", 3: "info"}[d["severity"]],
                                           d["message"].split("\n")[0]))


def whole_file(text):
    lines = text.split("\n")
    return {"start": {"line": 0, "character": 0},
            "end": {"line": len(lines) - 1,
                    "character": len(lines[-1].encode("utf-16-le")) // 2}}


def open_doc(s, path, version=1):
    text = open(path, encoding="utf-8").read()
    uri = uri_of(path)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "c",
                                                       "version": version, "text": text}})
    diags = s.wait_diagnostics(uri)
    show_diags(diags)
    return uri, text, diags


def scenario_fix(s, outdir, paths):
    initialize(s)
    for path in paths:
        uri, text, diags = open_doc(s, path)
        rid = s.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": whole_file(text),
            "context": {"diagnostics": diags["diagnostics"]}})
        actions = s.wait_response(rid)["result"]
        pref = [a for a in actions if a.get("isPreferred")]
        print("actions: %d, preferred: %s" % (len(actions), pref[0]["title"] if pref else "none"))
        if not pref:
            continue
        edits = pref[0]["edit"]["changes"][uri]
        fixed = apply_edits(text, edits)
        with open(os.path.join(outdir, os.path.basename(path)), "w", encoding="utf-8") as f:
            f.write(fixed)
        # The editor applied it: tell the server, one incremental change per
        # edit, from the end (so the earlier ranges still hold).
        order = sorted(range(len(edits)), key=lambda i: (offset_of(text, edits[i]["range"]["start"]), i),
                       reverse=True)
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": edits[i]["range"], "text": edits[i]["newText"]}
                               for i in order]})
        show_diags(s.wait_diagnostics(uri))
    rid = s.request("shutdown", None)
    print("shutdown: %s" % json.dumps(s.wait_response(rid).get("result")))
    s.notify("exit", None)
    print("exit code: %d" % s.finish())


def scenario_actions(s, outdir, paths):
    initialize(s)
    uri, text, diags = open_doc(s, paths[0])
    for only in (None, ["source"]):
        ctx = {"diagnostics": diags["diagnostics"]}
        if only:
            ctx["only"] = only
        rid = s.request("textDocument/codeAction", {"textDocument": {"uri": uri},
                                                    "range": whole_file(text), "context": ctx})
        for a in s.wait_response(rid)["result"]:
            edits = a["edit"]["changes"][uri]
            print("action %s [%s]%s: %d edit(s), fixes %s" % (
                a["title"], a["kind"], " preferred" if a.get("isPreferred") else "", len(edits),
                ",".join(d["code"] for d in a.get("diagnostics", []))))
            if a["title"].startswith("klp-annotate: use "):
                new = apply_edits(text, edits)
                print("  adds: %s" % " ".join(l.strip() for l in new.split("\n")
                                             if "KLP_SYMPOS" in l and l not in text.split("\n")))
    s.request("shutdown", None)
    s.notify("exit", None)
    print("exit code: %d" % s.finish())


def scenario_protocol(s, outdir, paths):
    rid = s.request("textDocument/codeAction", {})
    print("before initialize: %s" % s.wait_response(rid)["error"]["code"])
    initialize(s)
    rid = s.request("textDocument/hover", {})
    m = s.wait_response(rid)
    print("unknown method: %s %s" % (m["error"]["code"], m["error"]["message"]))
    s.send_raw(b'{"jsonrpc":"2.0","id":9,"method":')
    m = s.read()
    print("bad JSON: %s id=%s" % (m["error"]["code"], m["id"]))
    s.send_raw(b"[" * 100000 + b"]" * 100000)
    m = s.read()
    print("nested 100000 deep: %s %s" % (m["error"]["code"], m["error"]["message"]))
    s.send_raw('{"jsonrpc":"2.0","id":"s\\u00e9","method":"nope"}'.encode())
    m = s.read()
    print("string id echoed: %s" % json.dumps(m["id"], ensure_ascii=False))
    # No shutdown before exit: exit code 1, as LSP says.
    s.notify("exit", None)
    print("exit without shutdown: %d" % s.finish())


def scenario_utf16(s, outdir, paths):
    """Incremental changes at UTF-16 positions after an emoji on line 7."""
    initialize(s)
    uri, text, diags = open_doc(s, paths[0])
    version = 1
    for at, insert in ((15, "(void)0, "), (11, "\u00e9\U0001F600")):
        version += 1
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": 7, "character": at},
                                          "end": {"line": 7, "character": at}},
                                "text": insert}]})
        show_diags(s.wait_diagnostics(uri))
    rid = s.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 7, "character": 0},
                                                "end": {"line": 7, "character": 0}},
        "context": {"diagnostics": []}})
    actions = s.wait_response(rid)["result"]
    print("actions on line 7: %s" % ", ".join(a["title"] for a in actions))
    s.request("shutdown", None)
    s.notify("exit", None)
    print("exit code: %d" % s.finish())


def unescape(arg):
    return arg.replace("\\t", "\t").replace("\\n", "\n")


class Doc:
    """An open document as the client has it: its text and version."""

    def __init__(self, s, path):
        self.s = s
        self.path = path
        self.uri = uri_of(path)
        self.text = open(path, encoding="utf-8").read()
        self.version = 1

    def open(self, version=1):
        self.version = version
        self.s.notify("textDocument/didOpen", {"textDocument": {
            "uri": self.uri, "languageId": "c", "version": version, "text": self.text}})

    def close(self):
        self.s.notify("textDocument/didClose", {"textDocument": {"uri": self.uri}})
        # The server clears the findings of a closed document.
        self.s.wait_diagnostics(self.uri)

    def position(self, offset):
        before = self.text[:offset]
        line_start = before.rfind("\n") + 1
        return {"line": before.count("\n"),
                "character": len(before[line_start:].encode("utf-16-le")) // 2}

    def insert_message(self, at, text):
        """The didChange that inserts TEXT at str index AT (not yet sent)."""
        pos = self.position(at)
        self.text = self.text[:at] + text + self.text[at:]
        self.version += 1
        return {"method": "textDocument/didChange", "params": {
            "textDocument": {"uri": self.uri, "version": self.version},
            "contentChanges": [{"range": {"start": pos, "end": pos}, "text": text}]}}

    def below(self, after):
        """The str index of the line below the first one containing AFTER."""
        at = self.text.index(after)
        return self.text.index("\n", at) + 1

    def insert(self, at, text):
        m = self.insert_message(at, text)
        self.s.notify(m["method"], m["params"])

    def diagnostics(self):
        """Wait for this version's findings; print every publication on the way."""
        while True:
            d = self.s.wait_diagnostics(self.uri)
            show_diags(d)
            if d.get("version") == self.version:
                return d

    def actions(self):
        rid = self.s.request("textDocument/codeAction", {
            "textDocument": {"uri": self.uri}, "range": whole_file(self.text),
            "context": {"diagnostics": []}})
        return self.s.wait_response(rid)["result"]


def preamble_files(outdir):
    return sorted(f for f in os.listdir(os.path.join(outdir, "tmp")) if f.startswith("preamble-"))


def show_preamble(outdir, before):
    now = preamble_files(outdir)
    if not now:
        print("preamble: none")
    elif not before:
        print("preamble: built")
    elif now == before:
        print("preamble: kept")
    else:
        print("preamble: rebuilt")
    return now


def server_with_tmpdir(outdir, cmd):
    tmp = os.path.join(outdir, "tmp")
    os.makedirs(tmp, exist_ok=True)
    return Server(cmd, dict(os.environ, TMPDIR=tmp))


def finish(s):
    rid = s.request("shutdown", None)
    s.wait_response(rid)
    s.notify("exit", None)
    print("exit code: %d" % s.finish())


def without_version(d):
    return json.dumps(d["diagnostics"], sort_keys=True)


def scenario_edit(s, outdir, args):
    path, after, text = args[0], args[1], unescape(args[2])
    name = os.path.basename(path)
    initialize(s)
    doc = Doc(s, path)
    doc.open()
    doc.diagnostics()
    pre = show_preamble(outdir, [])
    doc.insert(doc.below(after), text + "\n")
    reparsed = doc.diagnostics()
    show_preamble(outdir, pre)
    actions = doc.actions()
    pref = [a for a in actions if a.get("isPreferred")]
    with open(os.path.join(outdir, name), "w", encoding="utf-8") as f:
        f.write(doc.text)
    if pref:
        with open(os.path.join(outdir, name + ".fixed"), "w", encoding="utf-8") as f:
            f.write(apply_edits(doc.text, pref[0]["edit"]["changes"][doc.uri]))
    # The same text afresh: nothing kept from before.
    doc.close()
    doc.open(version=3)
    fresh = doc.diagnostics()
    same = (without_version(fresh) == without_version(reparsed) and
            json.dumps(doc.actions(), sort_keys=True) == json.dumps(actions, sort_keys=True))
    print("reparse and fresh parse agree: %s" % ("yes" if same else "NO"))
    finish(s)


def rewrite(path, old, new):
    st = os.stat(path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if old not in text:
        sys.exit("lsp-client: %r is not in %s" % (old, path))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))
    if len(old.encode()) == len(new.encode()):
        # Only the inode's change time tells: libclang's size and mtime check cannot.
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def scenario_disk(s, outdir, args):
    path, triples = args[0], args[1:]
    initialize(s)
    doc = Doc(s, path)
    doc.open()
    doc.diagnostics()
    for i in range(0, len(triples), 3):
        disk, old, new = triples[i:i + 3]
        rewrite(disk, unescape(old), unescape(new))
        print("%s: %r -> %r" % (os.path.basename(disk), old, new))
        doc.insert(len(doc.text), "\n")
        doc.diagnostics()
    finish(s)


def send_burst(s, msgs):
    """Several messages in one write: the server reads them all at once."""
    data = b""
    for m in msgs:
        m["jsonrpc"] = "2.0"
        body = json.dumps(m).encode("utf-8")
        data += b"Content-Length: %d\r\n\r\n" % len(body) + body
    assert len(data) <= select.PIPE_BUF, "a burst must be one atomic write"
    s.p.stdin.write(data)
    s.p.stdin.flush()


def scenario_burst(s, outdir, args):
    path, after = args
    initialize(s)
    doc = Doc(s, path)
    doc.open()
    doc.diagnostics()
    send_burst(s, [doc.insert_message(doc.below(after), "\t/* v%d */\n" % v) for v in range(2, 6)])
    doc.diagnostics()
    finish(s)


def scenario_held(s, outdir, args):
    import threading
    path, fifo, after = args

    def feed():
        with open(fifo, "w") as f:
            f.write("/* fed by the client */\n")

    def feed_forever():
        while True:
            try:
                feed()
            except BrokenPipeError:
                # Our open met the reader of the parse before, about to
                # close: the write lost the race. The next open waits for
                # the next parse. (Unhandled, this killed the thread and
                # left the next parse blocked on the FIFO for good.)
                pass

    initialize(s)
    doc = Doc(s, path)
    doc.open()
    feed()
    doc.diagnostics()
    doc.insert(doc.below(after), "\t/* v2 */\n")
    # Open returns once the server opened the FIFO: it is inside v2's
    # parse, and reads nothing else until the FIFO is fed.
    with open(fifo, "w") as f:
        print("v2 held mid-analysis")
        for v in range(3, 6):
            doc.insert(doc.below(after), "\t/* v%d */\n" % v)
        s.p.stdin.flush()
        f.write("/* fed by the client */\n")
    threading.Thread(target=feed_forever, daemon=True).start()
    doc.diagnostics()
    finish(s)


def scenario_term(s, outdir, args):
    import signal
    initialize(s)
    doc = Doc(s, args[0])
    doc.open()
    doc.diagnostics()
    show_preamble(outdir, [])
    s.p.send_signal(signal.SIGTERM)
    print("exit code after SIGTERM: %d" % s.p.wait(TIMEOUT))
    show_preamble(outdir, [])


def main():
    sep = sys.argv.index("--")
    outdir, scenario, *paths = sys.argv[1:sep]
    kept = {"edit": scenario_edit, "disk": scenario_disk, "burst": scenario_burst,
            "held": scenario_held, "term": scenario_term}
    if scenario in kept:
        kept[scenario](server_with_tmpdir(outdir, sys.argv[sep + 1:]), outdir, paths)
        return
    s = Server(sys.argv[sep + 1:])
    {"fix": scenario_fix, "actions": scenario_actions, "utf16": scenario_utf16,
     "protocol": scenario_protocol}[scenario](s, outdir, paths)


if __name__ == "__main__":
    main()
