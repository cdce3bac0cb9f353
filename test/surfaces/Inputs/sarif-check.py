#!/usr/bin/env python3
"""Validate a SARIF 2.1.0 log from klp-annotate, and apply its fixes.

    sarif-check.py LOG.sarif [--apply]

Checks what SARIF 2.1.0 requires of the parts klp-annotate writes (the
log's version and runs, each run's tool.driver.name, each result's
message.text, each fix's artifactChanges with artifactLocation and
replacements with deletedRegion) and what it promises: ruleIndex names the
rule with the result's ruleId; regions agree with themselves, their line
and column (UTF-16 code units, the run's columnKind) computed here from
byteOffset and the file's bytes. Prints one line per result. With
--apply, rewrites each file with the first fix of every result.
"""
import json
import sys
from urllib.parse import unquote, urlparse


def fail(msg):
    print("sarif-check: " + msg)
    sys.exit(1)


def need(obj, key, what):
    if key not in obj:
        fail("%s has no %s" % (what, key))
    return obj[key]


def path_of(uri):
    u = urlparse(uri)
    if u.scheme != "file":
        fail("not a file URI: " + uri)
    return unquote(u.path)


def line_col(data, offset):
    """1-based line and UTF-16 column of a byte offset."""
    before = data[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    col = len(before[start:].decode("utf-8").encode("utf-16-le")) // 2 + 1
    return line, col


def check_region(region, data, what):
    off, n = need(region, "byteOffset", what), need(region, "byteLength", what)
    if off < 0 or n < 0 or off + n > len(data):
        fail("%s: byte range outside the file" % what)
    l1, c1 = line_col(data, off)
    l2, c2 = line_col(data, off + n)
    got = (region.get("startLine"), region.get("startColumn"), region.get("endLine"),
           region.get("endColumn"))
    if got != (l1, c1, l2, c2):
        fail("%s: lines/columns %s, but the bytes say %s" % (what, got, (l1, c1, l2, c2)))
    return off, n


def main():
    log = json.load(open(sys.argv[1], encoding="utf-8"))
    if need(log, "version", "the log") != "2.1.0":
        fail("version is not 2.1.0")
    files, edits = {}, {}
    for run in need(log, "runs", "the log"):
        driver = need(need(run, "tool", "a run"), "driver", "tool")
        need(driver, "name", "the driver")
        if run.get("columnKind", "utf16CodeUnits") != "utf16CodeUnits":
            fail("columns are not UTF-16 code units")
        rules = driver.get("rules", [])
        for res in need(run, "results", "a run"):
            text = need(need(res, "message", "a result"), "text", "a message")
            rid = need(res, "ruleId", "a result")
            idx = res.get("ruleIndex")
            if idx is None or idx >= len(rules) or rules[idx]["id"] != rid:
                fail("ruleIndex %s does not name rule %s" % (idx, rid))
            if res.get("level") not in ("note", "warning", "error"):
                fail("bad level")
            loc = need(res, "locations", "a result")[0]["physicalLocation"]
            path = path_of(loc["artifactLocation"]["uri"])
            data = files.setdefault(path, open(path, "rb").read())
            where = ""
            if "region" in loc:
                check_region(loc["region"], data, "a result's region")
                where = "%d:%d-%d:%d" % (loc["region"]["startLine"], loc["region"]["startColumn"],
                                         loc["region"]["endLine"], loc["region"]["endColumn"])
            fixes = res.get("fixes", [])
            for fix in fixes:
                for ch in need(fix, "artifactChanges", "a fix"):
                    fpath = path_of(need(ch, "artifactLocation", "a change")["uri"])
                    fdata = files.setdefault(fpath, open(fpath, "rb").read())
                    for rep in need(ch, "replacements", "a change"):
                        check_region(need(rep, "deletedRegion", "a replacement"), fdata,
                                     "a deletedRegion")
            if fixes:
                for ch in fixes[0]["artifactChanges"]:
                    fpath = path_of(ch["artifactLocation"]["uri"])
                    for rep in ch["replacements"]:
                        r = rep["deletedRegion"]
                        edits.setdefault(fpath, []).append(
                            (r["byteOffset"], r["byteLength"],
                             rep.get("insertedContent", {}).get("text", "").encode("utf-8")))
            print("%s %s %s fixes=%d: %s" % (res["level"], rid, where, len(fixes),
                                            text.split("\n")[0]))
    if "--apply" in sys.argv[2:]:
        for path, es in edits.items():
            data = files[path]
            # Replacements never overlap; from the end, offsets stay valid.
            for off, n, t in sorted(es, reverse=True):
                data = data[:off] + t + data[off + n:]
            open(path, "wb").write(data)
    print("valid")


if __name__ == "__main__":
    main()
