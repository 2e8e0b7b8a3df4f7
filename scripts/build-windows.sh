#!/bin/sh
# Cross-builds certcheck.exe for 64-bit Windows on Debian/Ubuntu, without rustup.
#
#   sudo apt-get install rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64
#   scripts/build-windows.sh            # or: cargo xtask windows
#
# Debian ships no prebuilt Windows std, so std is compiled from the packaged
# sources (-Zbuild-std; RUSTC_BOOTSTRAP=1 allows that unstable flag on a stable
# compiler). With rustup and network, `rustup target add x86_64-pc-windows-gnu`
# and a plain `cargo build --target x86_64-pc-windows-gnu` work as well.
# The result needs only DLLs every Windows 10/11 has. The last line printed is
# the path of certcheck.exe. Extra arguments go to cargo.
#
# --fast (first argument): for the Wine tests, a build that compiles about
# twice as fast (no LTO, opt-level 1, more codegen units) into its own
# target directory; the same code, just not what to hand out.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/target/windows"
if [ "${1:-}" = "--fast" ]; then
    shift
    out="$root/target/windows-fast"
    set -- --config profile.release.lto=false --config profile.release.opt-level=1 \
        --config profile.release.codegen-units=16 --config 'profile.release.package."*".opt-level=1' "$@"
fi
cargo=${WINDOWS_CARGO:-/usr/bin/cargo}
rustc=${WINDOWS_RUSTC:-/usr/bin/rustc}
target=x86_64-pc-windows-gnu
mingw=x86_64-w64-mingw32-gcc

missing=""
[ -x "$cargo" ] || missing="$missing cargo-web($cargo)"
[ -x "$rustc" ] || missing="$missing rustc-web($rustc)"
command -v "$mingw" >/dev/null 2>&1 || missing="$missing gcc-mingw-w64-x86-64($mingw)"
# build.rs compiles the .exe's version information (Properties dialog) with windres.
command -v x86_64-w64-mingw32-windres >/dev/null 2>&1 ||
    missing="$missing binutils-mingw-w64-x86-64(x86_64-w64-mingw32-windres)"
if [ -x "$rustc" ] && [ ! -d "$("$rustc" --print sysroot)/lib/rustlib/src/rust/library" ]; then
    missing="$missing rust-web-src(std sources)"
fi
if [ -n "$missing" ]; then
    echo "build-windows: missing:$missing" >&2
    echo "build-windows: apt-get install rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64" >&2
    exit 3
fi

# Variables from a surrounding rustup/cargo run would point at another toolchain.
env -u RUSTUP_TOOLCHAIN -u RUSTC_WRAPPER -u RUSTC_WORKSPACE_WRAPPER -u CARGO_TARGET_DIR \
    -u CARGO_BUILD_TARGET -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS \
    RUSTC_BOOTSTRAP=1 RUSTC="$rustc" \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER="$mingw" \
    CC_x86_64_pc_windows_gnu="$mingw" AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar \
    "$cargo" build --release -Zbuild-std=std,panic_abort --target "$target" \
    --manifest-path "$root/Cargo.toml" --target-dir "$out" \
    -p certcheck --bin certcheck "$@"
echo "$out/$target/release/certcheck.exe"
