#!/usr/bin/python3
"""Inference-server style access for bench/mount_bench.sh: map a (safetensors) file with numpy
memmap, as safetensors' mmap loader does, and fault in COUNT random regions of 4 KiB to 1 MiB
(4 KiB aligned, fixed seed so every run touches the same pages), reading one byte per page.
Prints the elapsed seconds and the bytes touched.

usage: mmap_faults.py FILE [COUNT=1024] [SEED=1]
"""
import random, sys, time
import numpy as np

PAGE = 4096

def main():
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(seed)
    start = time.perf_counter()
    mm = np.memmap(path, dtype=np.uint8, mode="r")
    pages = len(mm) // PAGE
    touched, acc = 0, 0
    for _ in range(count):
        n = rng.randint(1, 256)  # pages: 4 KiB .. 1 MiB
        first = rng.randrange(0, max(1, pages - n))
        view = mm[first * PAGE:(first + n) * PAGE:PAGE]
        acc += int(view.sum())
        touched += n * PAGE
    del mm
    print(f"{time.perf_counter() - start:.6f} {touched} {acc}")

if __name__ == "__main__":
    main()
