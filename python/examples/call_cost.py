#!/usr/bin/env python3
"""What a call costs: quake's functions on small NumPy arrays and torch tensors, against the C API
call alone (through the compiled module, on raw addresses: no checks, no allocation) and torch's
own op, at 16, 256 and 4096 float32 elements, one thread. The best of 7 runs of 20 000 calls.

Usage: python3 python/examples/call_cost.py
"""
import timeit

import numpy as np
import torch

import quake
from quake import _quake


def per_call(f, calls=20000, repeat=7):
    return min(timeit.repeat(f, number=calls, repeat=repeat)) / calls


def main():
    torch.set_num_threads(1)
    print("quake %s (%s), torch %s, one thread; nanoseconds per call\n"
          % (quake.__version__, quake.arch(), torch.__version__))
    print("| op | n | C API call alone | quake, NumPy array | quake, torch tensor | torch's own |")
    print("|---|---:|---:|---:|---:|---:|")
    silu, softmax = quake.elementwise_functions.index("silu"), quake.row_functions.index("softmax")
    ops = [("silu", quake.silu, torch.nn.functional.silu,
            lambda a, b, n: _quake.elementwise(silu, 0, a, b, n, 2)),
           ("softmax (one row)", quake.softmax, lambda t: torch.softmax(t, -1),
            lambda a, b, n: _quake.rows(softmax, 0, a, b, 1, n, 2))]
    for label, ours, theirs, raw in ops:
        for n in (16, 256, 4096):
            x = np.linspace(-5, 5, n, dtype=np.float32)
            y = np.empty_like(x)
            a, b = x.ctypes.data, y.ctypes.data
            t = torch.from_numpy(x.copy())
            cells = [per_call(lambda: raw(a, b, n)), per_call(lambda: ours(x)),
                     per_call(lambda: ours(t)), per_call(lambda: theirs(t))]
            print("| %s | %d | %s |" % (label, n, " | ".join("%.0f" % (1e9 * c) for c in cells)))


if __name__ == "__main__":
    main()
