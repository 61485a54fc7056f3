#!/usr/bin/env bash
# The generator side by side with progenitor on the same spec shape (BENCHMARKS.md, "Side by
# side with progenitor"). Not part of CI: it installs progenitor and runs for 10-30 minutes.
#
#   codegen/benches/side_by_side.sh [WORK_DIR]   # SIZES="100 1000" ROUNDS=2 INTERFACES="positional builder"
#
# For each size N it writes N endpoints as copies of the three seed specs (copy k in namespaces
# under c<k>/, paths under /v3/c<k>/), generates our crate with the release CLI, writes the same
# specs as OpenAPI 3.0 with our export and generates progenitor's crates from that (one per
# interface style), then checks the crates in turn, ROUNDS times: `CARGO_INCREMENTAL=0 cargo check` with dependencies warm
# in one shared target directory and the crate's own artifacts removed first. Wall clock and
# peak RSS (GNU time's maximum resident set, which is rustc's) of every run are printed, then
# the medians and their ratios. It also checks one 100-endpoint family alone (a synthetic tree of
# 900 endpoints plus one family of 100, `--no-default-features --features family-large`).
#
# Our crate is checked in each layout of LAYOUTS (default "split whole"): `split` as generated,
# a facade over parts once it holds more than a part (README, "Calling WeChat Pay"); `whole` with
# a part size above N, so one crate. With parts, two compilers run at once: besides GNU time's
# peak (the largest single process), each check prints the largest sum of the resident sets of
# all rustc processes at one moment, sampled every 0.25 s.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/wechatpay-side-by-side}"
sizes="${SIZES:-100 1000}"
rounds="${ROUNDS:-2}"
# progenitor's interface styles to compare with: `positional` is its default; `builder` gives
# every request a builder, closer to our typed request values.
interfaces="${INTERFACES:-positional builder}"
layouts="${LAYOUTS:-split whole}"
progenitor_version="0.15.1"
progenitor_root="$work/progenitor-$progenitor_version"
target="$work/target"
mkdir -p "$work"

if [ ! -x "$progenitor_root/bin/cargo-progenitor" ]; then
  echo "installing cargo-progenitor $progenitor_version into $progenitor_root"
  cargo install --quiet cargo-progenitor --version "$progenitor_version" --locked --root "$progenitor_root"
fi
cargo build --quiet --release --manifest-path "$repo/Cargo.toml" -p wechatpay-codegen-cli
cargo build --quiet --release --manifest-path "$repo/Cargo.toml" -p wechatpay-codegen --example synthetic_tree
codegen="$repo/target/release/wechatpay-codegen"
export PATH="$progenitor_root/bin:$PATH"

# N endpoints: copy k of seed j is endpoint 3k + j.
seed_tree() {
  local dir="$1" n="$2" seeds=(ecommerce/profitsharing/query_return_order.yaml
    brand/profitsharing/query_return_order.yaml ecommerce/profitsharing/query_order.yaml)
  rm -rf "$dir" && mkdir -p "$dir"
  cp "$repo/spec/settings.yaml" "$dir/" && cp -r "$repo/spec/shared" "$dir/"
  for ((i = 0; i < n; i++)); do
    local k=$((i / 3)) seed="${seeds[$((i % 3))]}"
    mkdir -p "$dir/c$k/$(dirname "$seed")"
    sed -E "s#^path: /v3/#path: /v3/c$k/#" "$repo/spec/$seed" > "$dir/c$k/$seed"
  done
}

# A stand-alone crate depending on the runtime, for our generated sources; a third argument
# sets its part size.
our_crate() {
  local dir="$1" name="$2" part_size="${3:-}"
  rm -rf "$dir" && mkdir -p "$dir"
  printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2024"\n\n[dependencies]\nwechatpay-runtime = { path = "%s/runtime" }\n\n[workspace]\n' \
    "$name" "$repo" > "$dir/Cargo.toml"
  if [ -n "$part_size" ]; then
    printf '\n[package.metadata.wechatpay-codegen]\npart-size = %s\n' "$part_size" >> "$dir/Cargo.toml"
  fi
  cp "$repo/Cargo.lock" "$dir/"
}

# Prints "seconds peak_KiB" of a command, its output discarded.
measure() {
  local log
  log="$(mktemp)"
  /usr/bin/time -f "%e %M" -o "$log" "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; cat "$log" >&2; exit 1; }
  tail -1 "$log"
  rm -f "$log"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The largest sum of the resident sets of all rustc processes at one moment while process $1
# runs, in KiB, sampled every 0.25 s.
rustc_peak_sum() {
  local pid="$1" peak=0 sum
  while kill -0 "$pid" 2> /dev/null; do
    sum=$(ps -C rustc -o rss= | awk '{ s += $1 } END { print s + 0 }')
    [ "$sum" -gt "$peak" ] && peak=$sum
    sleep 0.25
  done
  echo "$peak"
}

# `cargo check` of one crate, its parts included, with their own artifacts removed first; prints
# "seconds peak_KiB peak_sum_KiB".
check_cold() {
  local manifest="$1"; shift
  local packages
  packages=$(cargo metadata --quiet --no-deps --format-version 1 --manifest-path "$manifest" \
    | python3 -c 'import json, sys; print(" ".join("-p " + p["name"] for p in json.load(sys.stdin)["packages"]))')
  # shellcheck disable=SC2086 # one argument per package
  CARGO_TARGET_DIR="$target" cargo clean --quiet --manifest-path "$manifest" $packages
  local result sum
  result="$(mktemp)" sum="$(mktemp)"
  CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" measure cargo check --quiet --manifest-path "$manifest" "$@" > "$result" &
  local pid=$!
  rustc_peak_sum "$pid" > "$sum"
  wait "$pid"
  echo "$(cat "$result") $(cat "$sum")"
  rm -f "$result" "$sum"
}

# Prints the median of the numbers on standard input, field $1 of each line.
median_of() { cut -d' ' -f"$1" | median; }

for n in $sizes; do
  echo "== $n endpoints"
  tree="$work/spec_$n"
  seed_tree "$tree" "$n"
  for layout in $layouts; do
    case "$layout" in
      split) our_crate "$work/ours_${layout}_$n" "side-ours-$layout" ;;
      whole) our_crate "$work/ours_${layout}_$n" "side-ours-$layout" $((n + 1000)) ;;
      *) echo "unknown layout $layout" >&2; exit 2 ;;
    esac
  done
  "$codegen" openapi --spec "$tree" --openapi-version 3.0 --out "$work/openapi_$n.json" > /dev/null
  declare -A generated=() checked=() lines=()
  for ((r = 1; r <= rounds; r++)); do
    for layout in $layouts; do
      ours="$work/ours_${layout}_$n"
      rm -rf "$ours/src" "$ours/parts"
      generated[$layout]+="$(measure "$codegen" generate --spec "$tree" --out "$ours/src")"$'\n'
    done
    for interface in $interfaces; do
      rm -rf "$work/prog_${interface}_$n"
      generated[$interface]+="$(measure cargo progenitor -i "$work/openapi_$n.json" -o "$work/prog_${interface}_$n" \
        -n "side-prog-$interface" -v 0.1.0 --interface "$interface")"$'\n'
    done
  done
  # Warm dependencies once, for every crate.
  for layout in $layouts; do
    ours="$work/ours_${layout}_$n"
    # A crate that stays whole has no parts/.
    sources=("$ours/src")
    [ -d "$ours/parts" ] && sources+=("$ours/parts")
    lines[$layout]=$(find "${sources[@]}" -name '*.rs' -exec cat {} + | wc -l)
    CARGO_TARGET_DIR="$target" cargo check --quiet --manifest-path "$ours/Cargo.toml"
  done
  for interface in $interfaces; do
    lines[$interface]=$(find "$work/prog_${interface}_$n/src" -name '*.rs' -exec cat {} + | wc -l)
    CARGO_TARGET_DIR="$target" cargo check --quiet --manifest-path "$work/prog_${interface}_$n/Cargo.toml"
  done
  for ((r = 1; r <= rounds; r++)); do
    line="round $r:"
    for layout in $layouts; do
      checked[$layout]+="$(check_cold "$work/ours_${layout}_$n/Cargo.toml")"$'\n'
      line+=" ours $layout $(tail -2 <<<"${checked[$layout]}" | head -1) |"
    done
    for interface in $interfaces; do
      checked[$interface]+="$(check_cold "$work/prog_${interface}_$n/Cargo.toml")"$'\n'
      line+=" progenitor $interface $(tail -2 <<<"${checked[$interface]}" | head -1) |"
    done
    echo "$line (s, peak KiB, peak of all rustc at once KiB)"
  done
  for layout in $layouts; do
    g_o=$(grep . <<<"${generated[$layout]}" | median_of 1)
    c_o=$(grep . <<<"${checked[$layout]}" | median_of 1)
    m_o=$(grep . <<<"${checked[$layout]}" | median_of 2)
    s_o=$(grep . <<<"${checked[$layout]}" | median_of 3)
    for interface in $interfaces; do
      g_p=$(grep . <<<"${generated[$interface]}" | median_of 1)
      c_p=$(grep . <<<"${checked[$interface]}" | median_of 1)
      m_p=$(grep . <<<"${checked[$interface]}" | median_of 2)
      s_p=$(grep . <<<"${checked[$interface]}" | median_of 3)
      awk -v n="$n" -v l="$layout" -v i="$interface" -v go="$g_o" -v gp="$g_p" -v co="$c_o" -v cp="$c_p" \
        -v mo="$m_o" -v mp="$m_p" -v so="$s_o" -v sp="$s_p" -v lo="${lines[$layout]}" -v lp="${lines[$interface]}" 'BEGIN {
          printf "%d endpoints, ours %s, progenitor --interface %s\n", n, l, i
          printf "                        ours          progenitor    ratio\n"
          printf "generate (s)            %-13.2f %-13.2f %.2f\n", go, gp, go / gp
          printf "lines per endpoint      %-13.0f %-13.0f %.2f\n", lo / n, lp / n, lo / lp
          printf "cargo check (s)         %-13.1f %-13.1f %.2f\n", co, cp, co / cp
          printf "peak RSS (MiB)          %-13.0f %-13.0f %.2f\n", mo / 1024, mp / 1024, mo / mp
          printf "all rustc at once (MiB) %-13.0f %-13.0f %.2f\n", so / 1024, sp / 1024, so / sp
        }'
    done
  done
  unset generated checked lines
done

echo "== one family of 100 endpoints alone, in a crate of 1,000"
family_tree="$work/spec_family" family="$work/ours_family"
rm -rf "$family_tree"
"$repo/target/release/examples/synthetic_tree" "$family_tree" 900 100
our_crate "$family" "side-family"
"$codegen" generate --spec "$family_tree" --out "$family/src" > /dev/null
CARGO_TARGET_DIR="$target" cargo check --quiet --manifest-path "$family/Cargo.toml" --no-default-features --features family-large
alone=()
for ((r = 1; r <= rounds; r++)); do
  alone+=("$(check_cold "$family/Cargo.toml" --no-default-features --features family-large)")
  echo "round $r: family-large alone ${alone[-1]} (s, peak KiB, peak of all rustc at once KiB)"
done
printf 'family-large alone: %s s median\n' "$(printf '%s\n' "${alone[@]}" | cut -d' ' -f1 | median)"
