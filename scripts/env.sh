# Sourced by the scripts: puts the npm tools (wasm-opt, lighthouse) and cargo's binaries on PATH.
PATH="$(pwd)/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export PATH
