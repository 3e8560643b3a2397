#!/usr/bin/env python3
"""check-layers.py - calls and includes only point down the layers, and no two files need each other.

Usage: scripts/check-layers.py [BUILD_DIR]      (default: build; `make check-layers`)
       scripts/check-layers.py --graph [BUILD_DIR]   prints every edge instead of checking

The layers, highest first (a file may use its own layer and the ones below it):

    cmd > report > plot > analyze > write > input > core

  src/cmd/      commands, options, help, main
  src/report/   the report: sections, pages, the gallery
  src/plot/     gnuplot plots and the plot commands' tables
  src/analyze/  analyzers: packets in, tables out
  src/write/    writers: text, CSV, JSON, XLSX, zip, graphs
  src/input/    inputs turned into packets. Inside it, three steps:
                  input.c, the dispatcher, on top: it may use everything below;
                  input/native/ and input/tcpdump/, the readers, side by side
                  (neither uses the other), below input.c: they never call it;
                  the other files of input/ (tshark, cache, csvread, binding,
                  filter, fields), the pieces, below the readers: they
                  may use core/ and each other, never a reader or input.c.
  src/core/     tables, the packet, addresses, util, config, field profiles, top-N, series

The call graph comes from the objects: `nm` on BUILD/obj/**/*.o gives each
object's defined symbols (T, D, B, R, and C/V/W) and its undefined ones (U);
file A calls file B when A needs a symbol B defines. The include graph comes
from the #include "..." lines of src/ and include/. A header in include/ has
the layer of the files that define the functions and variables it declares
(found through nm); a header that declares none has its layer in TYPE_HEADERS
below. A private header in src/<layer>/ has its folder's layer.

It fails (exit 1) on:
  - an edge from a lower layer to a higher one (naming the two files and the symbol or header);
  - a circle: files that need each other, directly or around a loop (a strongly
    connected component of more than one file) in the call graph or the include graph;
  - a header in include/ whose declarations are defined in more than one layer.
"""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# rank: higher may use lower. native/ and tcpdump/ share a rank and may not use each other.
# "input" is input/'s pieces; input.c (the dispatcher) has a rank of its own.
RANKS = {
    "core": 0,
    "input": 1,
    "input/native": 2,
    "input/tcpdump": 2,
    "input/input.c": 3,
    "write": 3,
    "analyze": 4,
    "plot": 5,
    "report": 6,
    "cmd": 7,
}

# Headers that declare only types, macros and inline functions: no symbol tells their layer.
TYPE_HEADERS = {
    "include/capreport.h": "core",
    "include/packet.h": "core",
}


def layer_of_path(path):
    """The layer of src/<layer>/... (input/native and input/tcpdump are their own); None outside src/."""
    parts = path.split("/")
    if parts[0] != "src" or len(parts) < 3:
        return None
    if parts[1] == "input" and len(parts) >= 4 and parts[2] in ("native", "tcpdump"):
        return "input/" + parts[2]
    if path == "src/input/input.c":
        return "input/input.c"
    return parts[1]


def may_use(user, used):
    return user == used or RANKS[user] > RANKS[used]


def read_symbols(build):
    """{source path: (defined set, undefined set)} from nm on every object."""
    objdir = os.path.join(build, "obj")
    result = {}
    for dirpath, _, files in os.walk(objdir):
        for name in files:
            if not name.endswith(".o"):
                continue
            obj = os.path.join(dirpath, name)
            rel = os.path.relpath(obj, objdir)
            src = "src/" + rel[:-2] + ".c"
            if not os.path.exists(os.path.join(ROOT, src)):
                continue  # an object whose source is gone
            out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
            defined, undefined = set(), set()
            for line in out.splitlines():
                f = line.split()
                if len(f) == 2 and f[0] == "U":
                    undefined.add(f[1])
                elif len(f) == 3 and f[1] in "TDBRCVW":
                    defined.add(f[2])
            result[src] = (defined, undefined)
    return result


COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'')
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def strip_braces(text):
    """Drop everything inside { } (struct and enum bodies, inline functions' bodies)."""
    out, depth = [], 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def declared_names(path):
    """Names a header declares: functions (name followed by '(') and extern variables."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = STRING.sub('""', COMMENT.sub(" ", text))
    text = re.sub(r"\\\n", " ", text)
    text = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
    text = strip_braces(text)
    names = set(re.findall(r"\b([A-Za-z_]\w*)\s*\(", text))
    for decl in re.findall(r"\bextern\b([^;]*);", text):
        m = re.search(r"([A-Za-z_]\w*)\s*(\[[^\]]*\]\s*)*$", decl.strip())
        if m:
            names.add(m.group(1))
    return names


def source_files():
    files = []
    for top in ("src", "include"):
        for dirpath, _, names in os.walk(os.path.join(ROOT, top)):
            for name in names:
                if name.endswith((".c", ".h")):
                    files.append(os.path.relpath(os.path.join(dirpath, name), ROOT))
    return sorted(files)


def resolve_include(including, name):
    for base in (os.path.dirname(including), "include"):
        cand = os.path.normpath(os.path.join(base, name))
        if os.path.exists(os.path.join(ROOT, cand)):
            return cand
    return None


def sccs(nodes, edges):
    """Tarjan's strongly connected components (iterative); edges: {node: set(node)}."""
    index, low, onstack, stack, out = {}, {}, set(), [], []
    counter = 0
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        onstack.add(start)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    onstack.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, ())))))
                    advanced = True
                    break
                if nxt in onstack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    n = stack.pop()
                    onstack.discard(n)
                    comp.append(n)
                    if n == node:
                        break
                out.append(sorted(comp))
    return out


def main(argv):
    graph_only = False
    if argv and argv[0] == "--graph":
        graph_only = True
        argv = argv[1:]
    build = os.path.join(ROOT, argv[0] if argv else "build")
    if not os.path.isdir(os.path.join(build, "obj")):
        print(f"check-layers: no objects in '{build}/obj': build first", file=sys.stderr)
        return 2

    problems = []

    # Call graph.
    syms = read_symbols(build)
    definer = {}
    for src, (defined, _) in syms.items():
        for s in defined:
            definer.setdefault(s, set()).add(src)
    calls = {}  # (a, b) -> sorted symbols
    for a, (_, undefined) in syms.items():
        for s in undefined:
            for b in definer.get(s, ()):
                if b != a:
                    calls.setdefault((a, b), []).append(s)

    # Header layers.
    files = source_files()
    header_layer = {}
    for h in files:
        if not h.endswith(".h"):
            continue
        if h.startswith("src/"):
            header_layer[h] = layer_of_path(h)
            continue
        layers = {}
        for n in declared_names(os.path.join(ROOT, h)):
            for d in definer.get(n, ()):
                layers.setdefault(layer_of_path(d), set()).add(n)
        if len(layers) == 1:
            header_layer[h] = next(iter(layers))
        elif len(layers) > 1:
            detail = "; ".join(f"{l}: {', '.join(sorted(n)[:3])}" for l, n in sorted(layers.items()))
            problems.append(f"{h}: declares functions of several layers ({detail})")
            header_layer[h] = max(layers, key=lambda l: RANKS[l])
        elif h in TYPE_HEADERS:
            header_layer[h] = TYPE_HEADERS[h]
        else:
            problems.append(f"{h}: declares nothing defined in an object; give it a layer in TYPE_HEADERS")

    # Include graph.
    includes = {}  # (a, b) -> True
    for f in files:
        with open(os.path.join(ROOT, f), encoding="utf-8") as fh:
            for name in INCLUDE.findall(fh.read()):
                target = resolve_include(f, name)
                if target:
                    includes[(f, target)] = True

    if graph_only:
        for (a, b), s in sorted(calls.items()):
            print(f"call {a} -> {b}: {', '.join(sorted(s))}")
        for (a, b) in sorted(includes):
            print(f"include {a} -> {b}")
        for h, l in sorted(header_layer.items()):
            print(f"layer {h}: {l}")
        return 0

    for (a, b), s in sorted(calls.items()):
        la, lb = layer_of_path(a), layer_of_path(b)
        if not may_use(la, lb):
            problems.append(f"{a} ({la}) calls {b} ({lb}): {', '.join(sorted(s))}")
    for (a, b) in sorted(includes):
        la = header_layer.get(a) or layer_of_path(a)
        lb = header_layer.get(b)
        if la and lb and not may_use(la, lb):
            problems.append(f"{a} ({la}) includes {b} ({lb})")

    call_edges = {}
    for (a, b) in calls:
        call_edges.setdefault(a, set()).add(b)
    for comp in sccs(syms.keys(), call_edges):
        if len(comp) > 1:
            members = set(comp)
            links = [f"{a} -> {b} ({', '.join(sorted(s)[:4])})"
                     for (a, b), s in sorted(calls.items()) if a in members and b in members]
            problems.append("circle of calls: " + " | ".join(links))
    inc_edges = {}
    for (a, b) in includes:
        inc_edges.setdefault(a, set()).add(b)
    for comp in sccs(files, inc_edges):
        if len(comp) > 1:
            problems.append("circle of includes: " + ", ".join(comp))

    for p in problems:
        print(f"check-layers: {p}")
    if problems:
        print(f"check-layers: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"check-layers: {len(syms)} objects, {len(calls)} calls between files, "
          f"{len(includes)} includes: every edge points down, no circles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
