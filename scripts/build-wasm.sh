#!/bin/sh
# Builds certcheck's file check as WebAssembly (crates/wasm) for the guide's
# checker, without rustup: Debian's compiler builds std for the target from its
# packaged sources, as scripts/build-windows.sh does for Windows.
#
#   sudo apt-get install rustc-web cargo-web rust-web-src lld-16
#   scripts/build-wasm.sh
#
# With rustup and network, `rustup target add wasm32-unknown-unknown` and
# `cargo build --release -p certcheck-wasm --target wasm32-unknown-unknown` work
# as well (set WASM_RUSTUP=1 to make this script do that).
# The last line printed is the path of certcheck_wasm.wasm. Exit 3: tools missing.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/target/wasm"
target=wasm32-unknown-unknown
wasm="$out/$target/release/certcheck_wasm.wasm"

if [ "${WASM_RUSTUP:-}" = 1 ]; then
    cargo build --release -p certcheck-wasm --target "$target" \
        --manifest-path "$root/Cargo.toml" --target-dir "$out" "$@"
    echo "$wasm"
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
# opt-level s and full LTO: the module is embedded in the guide, size matters more than speed
# (the KDF loops are the hot part and stay fast at s).
env -u RUSTUP_TOOLCHAIN -u RUSTC_WRAPPER -u RUSTC_WORKSPACE_WRAPPER -u CARGO_TARGET_DIR \
    -u CARGO_BUILD_TARGET -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS \
    RUSTC_BOOTSTRAP=1 RUSTC="$rustc" \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$linker" \
    "$cargo" build --release -Zbuild-std=std,panic_abort --target "$target" \
    --config profile.release.lto=true --config profile.release.codegen-units=1 \
    --config profile.release.panic='"abort"' --config profile.release.strip=true \
    --manifest-path "$root/Cargo.toml" --target-dir "$out" \
    -p certcheck-wasm "$@"
echo "$wasm"
