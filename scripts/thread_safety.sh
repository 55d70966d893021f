#!/usr/bin/env bash
# Clang thread-safety analysis over the main build: for every .cc under src/, oci/ and fuse/ that
# includes base/mutex.h (directly or through its own header), runs
# `clang++ -fsyntax-only -Wthread-safety -Werror=thread-safety` with the flags that file has in
# BUILD_DIR/compile_commands.json (g++-only flags dropped; other warnings are the build's
# business, not this check's). Also fails when a std::mutex, std::condition_variable or standard
# lock remains in src/, oci/, fuse/ outside base/mutex.h: every mutex is an annotated
# attestfs::Mutex. Run by ctest as `thread_safety`.
# Usage: scripts/thread_safety.sh BUILD_DIR   (CLANGXX=path overrides clang++, ATTESTFS_JOBS=N)
set -euo pipefail
BUILD_DIR=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
cd "$(dirname "$0")/.."
SOURCE_DIR=$PWD
CLANGXX=${CLANGXX:-clang++}
JOBS=${ATTESTFS_JOBS:-$(nproc)}

if [ ! -f "$BUILD_DIR/compile_commands.json" ]; then
  echo "thread_safety: no $BUILD_DIR/compile_commands.json (configure with CMAKE_EXPORT_COMPILE_COMMANDS)" >&2
  exit 1
fi

status=0
std_sync='std::(mutex|timed_mutex|recursive_mutex|recursive_timed_mutex|shared_mutex|shared_timed_mutex|condition_variable|condition_variable_any|lock_guard|unique_lock|scoped_lock|shared_lock)\b'
if left=$(grep -rnE "$std_sync" src oci fuse --include='*.h' --include='*.cc' |
  grep -v '^src/base/mutex\.h:'); then
  echo "thread_safety: use attestfs::Mutex / MutexLock / CondVar (base/mutex.h), not:" >&2
  echo "$left" >&2
  status=1
fi

python3 - "$BUILD_DIR" "$SOURCE_DIR" "$CLANGXX" "$JOBS" <<'EOF' || status=1
import concurrent.futures, json, os, re, shlex, subprocess, sys, time

build_dir, source_dir, clangxx, jobs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
INCLUDE = re.compile(r'^\s*#\s*include\s+"base/mutex\.h"', re.M)
# g++ flags clang rejects (exact, or prefix ending in '=').
GCC_ONLY = ("-fno-fat-lto-objects", "-flto=auto", "-fconcepts-diagnostics-depth=",
            "-fno-semantic-interposition", "-fstack-clash-protection")
CHECK = ["-fsyntax-only", "-Wno-everything", "-Wthread-safety", "-Werror=thread-safety"]


def includes_mutex(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return bool(INCLUDE.search(f.read()))


def uses_mutex(cc):
    own_header = cc[: -len(".cc")] + ".h"
    return includes_mutex(cc) or (os.path.exists(own_header) and includes_mutex(own_header))


def clang_args(entry):
    args = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    out, skip = [clangxx], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD") or a in (entry["file"], entry["listed_as"]):
            continue
        if any(a == g or (g.endswith("=") and a.startswith(g)) for g in GCC_ONLY):
            continue
        out.append(a)
    return out + CHECK + [entry["file"]]


with open(os.path.join(build_dir, "compile_commands.json")) as f:
    entries = json.load(f)
roots = tuple(os.path.join(source_dir, d) + os.sep for d in ("src", "oci", "fuse"))
selected, seen = [], set()
for e in entries:
    path = os.path.normpath(os.path.join(e["directory"], e["file"]))
    if path.startswith(roots) and path.endswith(".cc") and path not in seen and uses_mutex(path):
        seen.add(path)
        e = dict(e, file=path, listed_as=e["file"])
        selected.append(e)
if not selected:
    print("thread_safety: no source includes base/mutex.h; nothing checked", file=sys.stderr)
    sys.exit(1)


def check(e):
    r = subprocess.run(clang_args(e), cwd=e["directory"], capture_output=True, text=True)
    return e["file"], r.returncode, r.stdout + r.stderr


start, failed = time.monotonic(), []
with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
    for path, rc, text in pool.map(check, selected):
        rel = os.path.relpath(path, source_dir)
        if rc != 0:
            failed.append(rel)
            print(f"FAIL {rel}\n{text}", end="" if text.endswith("\n") else "\n")
        else:
            print(f"ok   {rel}")
            if text.strip():
                print(text, end="")
print(f"thread_safety: {len(selected)} files, {len(failed)} failed, "
      f"{time.monotonic() - start:.1f} s with {clangxx} (-j{jobs})")
sys.exit(1 if failed else 0)
EOF
exit $status
