#!/bin/sh
# Builds certcheck's file check as WebAssembly (crates/wasm) for the guide's
# checker, without rustup: Debian's compiler builds std for the target from its
# packaged sources, as scripts/build-windows.sh does for Windows.
#
#   sudo apt-get install rustc-web cargo-web rust-web-src lld-16
#   scripts/build-wasm.sh
#
# With rustup and network, `rustup target add wasm32-unknown-unknown` and
# `cargo build --profile wasm -p certcheck-wasm --target wasm32-unknown-unknown` work
# as well (set WASM_RUSTUP=1 to make this script do that; it uses the same
# `wasm` profile).
# The last line printed is the path of the module. Exit 3: tools missing.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/target/wasm"
target=wasm32-unknown-unknown
wasm="$out/$target/wasm/certcheck_wasm.wasm"

# binaryen's wasm-opt (apt-get install binaryen) shrinks the module a further
# few per cent; without it the module is used as built, said on stderr.
# CERTCHECK_CI=1 requires it, so the shipped guide has the small module.
shrink() {
    if command -v wasm-opt >/dev/null 2>&1; then
        small="$out/certcheck_wasm.opt.wasm"
        # The features rustc enables for this target by default (the module is
        # stripped, so wasm-opt cannot read them from it); nothing newer.
        wasm-opt -Oz --enable-sign-ext --enable-bulk-memory --enable-mutable-globals \
            --enable-nontrapping-float-to-int --enable-multivalue --enable-reference-types \
            --strip-debug --strip-producers "$wasm" -o "$small"
        echo "$small"
    elif [ "${CERTCHECK_CI:-}" = 1 ]; then
        echo "build-wasm: wasm-opt missing (apt-get install binaryen); CERTCHECK_CI=1 requires it" >&2
        exit 1
    else
        echo "build-wasm: wasm-opt not found (apt-get install binaryen): module not shrunk" >&2
        echo "$wasm"
    fi
}

if [ "${WASM_RUSTUP:-}" = 1 ]; then
    cargo build --profile wasm -p certcheck-wasm --target "$target" \
        --manifest-path "$root/Cargo.toml" --target-dir "$out" "$@"
    shrink
    exit 0
fi

cargo=${WASM_CARGO:-/usr/bin/cargo}
rustc=${WASM_RUSTC:-/usr/bin/rustc}
linker=${WASM_LINKER:-/usr/lib/llvm-16/bin/wasm-ld}

missing=""
[ -x "$cargo" ] || missing="$missing cargo-web($cargo)"
[ -x "$rustc" ] || missing="$missing rustc-web($rustc)"
[ -x "$linker" ] || missing="$missing lld-16($linker)"
if [ -x "$rustc" ] && [ ! -d "$("$rustc" --print sysroot)/lib/rustlib/src/rust/library" ]; then
    missing="$missing rust-web-src(std sources)"
fi
if [ -n "$missing" ]; then
    echo "build-wasm: missing:$missing" >&2
    echo "build-wasm: apt-get install rustc-web cargo-web rust-web-src lld-16" >&2
    exit 3
fi

# Variables from a surrounding rustup/cargo run would point at another toolchain.
# The profile `wasm` (Cargo.toml): full LTO, one codegen unit, no unwinding,
# stripped, opt-level "s" but the hash crates at 3: the module is embedded in
# the guide, so size matters.
env -u RUSTUP_TOOLCHAIN -u RUSTC_WRAPPER -u RUSTC_WORKSPACE_WRAPPER -u CARGO_TARGET_DIR \
    -u CARGO_BUILD_TARGET -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS \
    RUSTC_BOOTSTRAP=1 RUSTC="$rustc" \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$linker" \
    "$cargo" build --profile wasm -Zbuild-std=std,panic_abort --target "$target" \
    --manifest-path "$root/Cargo.toml" --target-dir "$out" \
    -p certcheck-wasm "$@"
shrink
