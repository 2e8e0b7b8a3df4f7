#!/usr/bin/env python3
"""Where the bytes of a WebAssembly module go: code per crate, data, the rest.

    scripts/wasm-size.py MODULE.wasm [--top N]

The module must keep its name section (build with strip=false, as
`scripts/build-wasm.sh --config profile.release.strip=false` does). Function
names are Rust's v0 (_R...) or legacy (_ZN...E) mangling; a function is counted under the
crate its path starts with, or, for `<Type as Trait>` impls, the crate of Type.
Used to decide what to shrink in the guide's checker (crates/wasm); the module
shipped is stripped, so its total is smaller than the sum here by the names.
"""
import re
import sys
from collections import defaultdict


def leb(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, pos


def name_str(buf, pos):
    n, pos = leb(buf, pos)
    return buf[pos:pos + n].decode("utf-8", "replace"), pos + n


def sections(buf):
    if buf[:4] != b"\0asm":
        sys.exit("not a WebAssembly module")
    pos = 8
    while pos < len(buf):
        sid = buf[pos]
        size, pos = leb(buf, pos + 1)
        yield sid, buf[pos:pos + size]
        pos += size


def imported_functions(content):
    count, pos = leb(content, 0)
    funcs = 0
    for _ in range(count):
        _, pos = name_str(content, pos)
        _, pos = name_str(content, pos)
        kind = content[pos]
        pos += 1
        if kind == 0:  # function: type index
            _, pos = leb(content, pos)
            funcs += 1
        elif kind == 1:  # table: reftype + limits
            pos += 1
            flags = content[pos]
            _, pos = leb(content, pos + 1)
            if flags & 1:
                _, pos = leb(content, pos)
        elif kind == 2:  # memory: limits
            flags = content[pos]
            _, pos = leb(content, pos + 1)
            if flags & 1:
                _, pos = leb(content, pos)
        elif kind == 3:  # global: valtype + mutability
            pos += 2
    return funcs


def function_names(content):
    pos = 0
    names = {}
    while pos < len(content):
        sub = content[pos]
        size, pos = leb(content, pos + 1)
        if sub == 1:
            p = pos
            count, p = leb(content, p)
            for _ in range(count):
                idx, p = leb(content, p)
                name, p = name_str(content, p)
                names[idx] = name
        pos += size
    return names


V0_CRATE = re.compile(r"C(?:s[0-9A-Za-z]*_)?(\d+)")


def v0_crate(name):
    """The first crate a v0 symbol (_R...) names: C, a disambiguator, <len><ident>."""
    m = V0_CRATE.search(name, 2)
    if not m:
        return "?"
    n = int(m.group(1))
    crate = name[m.end():m.end() + n]
    if crate.startswith("certcheck"):
        # One level deeper for our own crates: the module (Nt<len><ident>) is
        # mangled before the crate, so take the ident that follows the crate.
        rest = re.match(r"(\d+)", name[m.end() + n:])
        if rest:
            k = int(rest.group(1))
            start = m.end() + n + len(rest.group(1))
            crate += "::" + name[start:start + k]
    return crate


def crate_of(name):
    if name.startswith("_R"):
        return v0_crate(name)
    m = re.match(r"_ZN(\d+)", name)
    if not m:
        return "(unmangled) " + name.split("::")[0][:40]
    n = int(m.group(1))
    first = name[m.end():m.end() + n]
    if first.startswith("_$LT$"):
        inner = first[5:]
        inner = inner.lstrip("&").replace("$RF$", "").replace("mut$u20$", "")
        inner = re.sub(r"^\$u5b\$|^\$LP\$", "", inner)
        crate = re.split(r"\.\.|\$", inner)[0]
        return crate or first
    return first


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    top = 25
    if "--top" in args:
        i = args.index("--top")
        top = int(args[i + 1])
        del args[i:i + 2]
    buf = open(args[0], "rb").read()
    by_section = defaultdict(int)
    imports = 0
    names = {}
    bodies = []
    for sid, content in sections(buf):
        if sid == 0:
            cname, _ = name_str(content, 0)
            by_section["custom:" + cname] += len(content)
            if cname == "name":
                _, p = name_str(content, 0)
                names = function_names(content[p:])
            continue
        by_section[{1: "type", 2: "import", 3: "function", 4: "table", 5: "memory",
                    6: "global", 7: "export", 8: "start", 9: "element", 10: "code",
                    11: "data", 12: "datacount"}.get(sid, str(sid))] += len(content)
        if sid == 2:
            imports = imported_functions(content)
        if sid == 10:
            count, p = leb(content, 0)
            for i in range(count):
                size, q = leb(content, p)
                bodies.append(size + (q - p))
                p = q + size
    per_crate = defaultdict(int)
    for i, size in enumerate(bodies):
        per_crate[crate_of(names.get(imports + i, "?"))] += size
    total = len(buf)
    print(f"module {total:,} bytes")
    for sec, size in sorted(by_section.items(), key=lambda kv: -kv[1]):
        print(f"  {sec:<24} {size:>10,}  {100 * size / total:5.1f}%")
    code = sum(bodies)
    print(f"\ncode by crate ({len(bodies):,} functions, {code:,} bytes)")
    for crate, size in sorted(per_crate.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {crate:<40} {size:>10,}  {100 * size / code:5.1f}%")


if __name__ == "__main__":
    main()
