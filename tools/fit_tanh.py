#!/usr/bin/python3
"""Fits quake::tanh's small-|x| polynomial: tanh(a) = a + a^3 q(a^2) on [0, 0.5], q of degree 3,
minimising relative error (iteratively reweighted least squares on 4000 Chebyshev nodes), and
prints the coefficients (double, and rounded to float) with the resulting relative error.

    /usr/bin/python3 tools/fit_tanh.py
"""
import numpy as np

TAU, DEG, NODES = 0.5, 4, 4000
a = np.cos(np.pi * (np.arange(NODES) + 0.5) / NODES) * TAU / 2 + TAU / 2
t = np.tanh(a)
A = np.stack([a**3 * (a * a) ** k for k in range(DEG)], 1)
w = np.ones(NODES)
for _ in range(30):
    W = w / t
    c, *_ = np.linalg.lstsq(A * W[:, None], (t - a) * W, rcond=None)
    err = (a + A @ c - t) / t
    w = w * (1 + np.abs(err) / np.abs(err).max())
x = np.linspace(1e-6, TAU, 200001)
q = sum(c[k] * x**3 * (x * x) ** k for k in range(DEG))
print("relative error %.3e" % np.abs((x + q) / np.tanh(x) - 1).max())
print("double:", ", ".join(float(v).hex() for v in c))
print("float: ", ", ".join(float(np.float32(v)).hex() for v in c))
