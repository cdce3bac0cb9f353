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
"""
import json
import os
import select
import subprocess
import sys

TIMEOUT = 120


class Server:
    def __init__(self, cmd):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
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


def main():
    sep = sys.argv.index("--")
    outdir, scenario, *paths = sys.argv[1:sep]
    s = Server(sys.argv[sep + 1:])
    {"fix": scenario_fix, "actions": scenario_actions, "utf16": scenario_utf16,
     "protocol": scenario_protocol}[scenario](s, outdir, paths)


if __name__ == "__main__":
    main()
