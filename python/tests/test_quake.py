"""The Python package's contract (docs/python.md): bounds against a higher-precision reference,
the same bits however the input is laid out or typed, the errors, the bounds' plumbing.

Run: python3 -m pytest python/tests (with quake installed: pip install ./python).
"""
import os
import subprocess
import sys

import numpy as np
import pytest

import quake
from quake import _REGISTRY, _quake

ORDERS = range(1, quake.max_order + 1)
ELEMENTWISE = quake.elementwise_functions
ROWS = quake.row_functions
U = {np.float32: np.finfo(np.float32).eps / 2, np.float64: np.finfo(np.float64).eps / 2}


# ---- references: the registry's own, in long double (quake._quake.reference) -----------------

def reference(name, x):
    """name's true value at x: the registry's reference (the C++ tests' own), in long double."""
    return _quake.reference(ELEMENTWISE.index(name), np.asarray(x, dtype=np.float64))


def row_reference(name, t):
    return _quake.row_reference(ROWS.index(name), np.asarray(t, dtype=np.float64))


def sample(name, dtype, n=4096, seed=1):
    lo, hi = _REGISTRY[name]["sample"]
    rng = np.random.default_rng(seed)
    return rng.uniform(lo, hi, n).astype(dtype)


def test_every_function_of_the_list_is_a_python_function():
    assert set(ELEMENTWISE + ROWS) == set(_REGISTRY)
    for name in ELEMENTWISE + ROWS:
        assert callable(getattr(quake, name)), name
        assert name in quake.__all__


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_within_its_bound(name, order, dtype):
    x = sample(name, dtype)
    y = getattr(quake, name)(x, order=order)
    assert y.dtype == dtype and y.shape == x.shape
    ref = reference(name, x)
    b = quake.bound(name, order, dtype)
    scale = np.abs(x).astype(np.longdouble) if quake.measure(name) == "per_abs_x" else np.abs(ref)
    slack = np.finfo(dtype).smallest_subnormal if quake.measure(name) == "per_abs_x" else 0
    keep = np.abs(ref) >= 1e-30  # below: the tiny-value edge rule, checked by the C++ tests
    err = np.abs(y.astype(np.longdouble) - ref)
    worst = np.argmax(np.where(keep, err - (b * scale + slack), -np.inf))
    assert np.all(err[keep] <= (b * scale + slack)[keep]), (
        "%s<%d> %s: x=%r y=%r ref=%r err=%g allowed=%g" % (name, order, np.dtype(dtype).name,
                                                         x[worst], y[worst], ref[worst],
                                                         err[worst], b * scale[worst] + slack))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_orders_are_ever_more_accurate(name):
    x = sample(name, np.float64)
    ref = reference(name, x)
    worst = [np.max(np.abs(getattr(quake, name)(x, order=o) - ref)) for o in ORDERS]
    assert worst[-1] < worst[0], worst
    bounds = [quake.bound(name, o, "float64") for o in ORDERS]
    assert bounds == sorted(bounds, reverse=True)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_edges(name):
    """NaN gives NaN; +-inf give the function's limits (its value far out, rounded)."""
    f = getattr(quake, name)
    x = np.array([np.nan, np.inf, -np.inf, 0.0], dtype=np.float32)
    y = f(x, order=2)
    assert np.isnan(y[0])
    with np.errstate(all="ignore"):  # inf * 0 forms: the value far out instead
        at_inf = reference(name, np.array([np.inf, -np.inf, 0.0]))
        far = reference(name, np.array([1e4, -1e4, 0.0]))
        limits = np.where(np.isnan(at_inf), far, at_inf).astype(np.float32)
    assert np.array_equal(y[1:], limits), (name, y, limits)


# ---- the same bits however the input comes ---------------------------------------------------

@pytest.mark.parametrize("name", ELEMENTWISE)
def test_one_element_at_a_time_gives_the_bits_of_the_whole_array(name):
    f = getattr(quake, name)
    x = sample(name, np.float32, n=301)
    whole = f(x, order=3)
    for i in range(x.size):
        one = f(x[i:i + 1], order=3)
        scalar = f(x[i], order=3)
        assert type(scalar) is np.float32
        assert one.view(np.uint32)[0] == whole.view(np.uint32)[i]
        assert np.float32(scalar).view(np.uint32) == whole.view(np.uint32)[i]


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_layouts_shapes_and_out(name):
    f = getattr(quake, name)
    x = sample(name, np.float32, n=6 * 7 * 5).reshape(6, 7, 5)
    flat = f(x.ravel(), order=2).reshape(x.shape)
    assert np.array_equal(f(x, order=2), flat)
    t = x.transpose(2, 0, 1)
    assert np.array_equal(f(t, order=2), flat.transpose(2, 0, 1))
    s = x[::2, 1:, ::3]
    assert np.array_equal(f(s, order=2), flat[::2, 1:, ::3])
    out = np.empty_like(x)
    assert f(x, order=2, out=out) is out and np.array_equal(out, flat)
    strided_out = np.empty((6, 7, 10), np.float32)[:, :, ::2]
    assert f(x, order=2, out=strided_out) is strided_out and np.array_equal(strided_out, flat)
    inplace = x.copy()
    assert f(inplace, order=2, out=inplace) is inplace and np.array_equal(inplace, flat)
    # out overlapping x without being x: computed aside, then written.
    buf = np.concatenate([x.ravel(), np.zeros(1, np.float32)])
    shifted = buf[1:]
    assert f(buf[:-1], order=2, out=shifted) is shifted
    assert np.array_equal(shifted, flat.ravel())
    assert f(np.empty((0, 3), np.float32)).shape == (0, 3)
    zero_d = f(np.array(1.5, np.float32))
    assert zero_d.shape == () and zero_d.dtype == np.float32
    # An ndarray subclass comes back as its type; a masked array is refused (its mask would be
    # ignored).
    mat = np.asmatrix(x[0])
    assert type(f(mat)) is np.matrix and np.array_equal(np.asarray(f(mat)), flat[0])
    with pytest.raises(TypeError, match="masked array"):
        f(np.ma.masked_array(x, mask=x > 0))
    unaligned = np.zeros(4 * 50 + 1, np.uint8)[1:].view(np.float32)  # copied aligned first
    assert not unaligned.flags.aligned
    unaligned[:] = x.ravel()[:50]
    assert np.array_equal(f(unaligned), flat.ravel()[:50])
    unaligned_out = np.zeros(4 * 50 + 1, np.uint8)[1:].view(np.float32)
    assert f(x.ravel()[:50], out=unaligned_out) is unaligned_out
    assert np.array_equal(unaligned_out, flat.ravel()[:50])


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_float16_is_the_float_result_rounded_once(name):
    f = getattr(quake, name)
    bits = np.arange(0, 1 << 16, dtype=np.uint32).astype(np.uint16)
    x = bits.view(np.float16)
    y = f(x, order=2)
    assert y.dtype == np.float16
    with np.errstate(over="ignore"):
        want = f(x.astype(np.float32), order=2).astype(np.float16)  # rounds to nearest even
    nan = np.isnan(want)
    assert np.array_equal(np.isnan(y), nan)
    assert np.array_equal(y[~nan].view(np.uint16), want[~nan].view(np.uint16))


# ---- rows ------------------------------------------------------------------------------------

def _row_allowed(name, order, dtype, t, ref):
    """An upper estimate of the documented per-element bound (docs/accuracy.md), for rows of
    values t: every term of it taken at its largest (n / L + 3 + log2 L <= n + 8)."""
    u = U[dtype]
    n = t.shape[-1]
    d = np.abs(t - t.max(axis=-1, keepdims=True))
    tmax = np.abs(t).max(axis=-1, keepdims=True)
    terms = quake.bound(name, order, dtype) + (n + 8 + d + 3 * tmax) * u
    if name == "softmax":
        return terms * np.abs(ref)
    return terms * np.maximum(1, np.abs(ref)) + 4 * u * np.abs(ref)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("name", ROWS)
def test_rows_within_their_bound(name, order, dtype):
    rng = np.random.default_rng(order)
    x = rng.uniform(-10, 10, (3, 5, 128)).astype(dtype)
    mask = np.triu(np.full((5, 128), -np.inf), 100).astype(dtype)
    for kwargs, t in [({}, x), ({"scale": 0.125, "mask": mask}, 0.125 * x.astype(np.float64) + mask)]:
        y = getattr(quake, name)(x, order=order, **kwargs)
        assert y.dtype == dtype and y.shape == x.shape
        ref = row_reference(name, t)
        finite = np.isfinite(ref) & (np.abs(ref) >= 1e-30)
        with np.errstate(invalid="ignore"):
            err = np.abs(y.astype(np.longdouble) - ref)
        allowed = _row_allowed(name, order, dtype, np.where(np.isfinite(t), t, 0), ref)
        assert np.all(err[finite] <= allowed[finite]), (name, order, kwargs.keys(), err.max())
        masked = ~np.isfinite(t)
        assert np.all(y[masked] == (0 if name == "softmax" else -np.inf))


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix
@pytest.mark.parametrize("name", ROWS)
def test_axis_and_masks_broadcast(name):
    f = getattr(quake, name)
    rng = np.random.default_rng(7)
    x = rng.normal(size=(2, 3, 4, 6)).astype(np.float32)
    # axis: the same bits as moving the axis last.
    for axis in (0, 1, 2, -1, -4):
        moved = np.moveaxis(f(np.ascontiguousarray(np.moveaxis(x, axis, -1))), -1, axis)
        got = f(x, axis=axis)
        assert got.shape == x.shape and np.array_equal(got, moved), axis
    # Each mask shape gives the bits of the mask broadcast and copied out in full.
    for shape in [(6,), (4, 6), (3, 4, 6), (2, 3, 4, 6), (2, 1, 1, 6), (1, 3, 1, 6), (4, 1)]:
        m = rng.normal(size=shape).astype(np.float32)
        full = np.ascontiguousarray(np.broadcast_to(m, x.shape))
        assert np.array_equal(f(x, scale=0.5, mask=m), f(x, scale=0.5, mask=full)), shape
    m = rng.normal(size=(2, 3, 4, 6)).astype(np.float32)
    assert np.array_equal(f(x, axis=1, mask=m),
                          np.moveaxis(f(np.moveaxis(x, 1, -1).copy(),
                                        mask=np.moveaxis(m, 1, -1).copy()), -1, 1))
    # A float64 mask for float32 scores is converted; a list too.
    assert np.array_equal(f(x, mask=m.astype(np.float64)), f(x, mask=m))
    assert np.array_equal(f(x, mask=[0.0] * 6), f(x, mask=np.zeros(6, np.float32)))
    # scale alone, and mask alone (scale 1).
    assert np.array_equal(f(x, scale=2.0), f(np.float32(2) * x))
    assert np.array_equal(f(x, mask=np.zeros(6, np.float32)), f(x))
    mat = np.asmatrix(x[0, 0])
    assert type(f(mat)) is np.matrix and np.array_equal(np.asarray(f(mat)), f(x[0, 0]))
    # out, in place, and a mask that is out itself (read aside first).
    out = np.empty_like(x)
    assert f(x, out=out) is out and np.array_equal(out, f(x))
    y = x.copy()
    assert f(y, out=y, mask=y) is y and np.array_equal(y, f(x, mask=x))


@pytest.mark.parametrize("name", ROWS)
def test_nan_rows(name):
    x = np.array([[1.0, np.nan, 2.0], [1.0, 2.0, 3.0], [np.inf, 0, 1], [-np.inf] * 3], np.float32)
    y = getattr(quake, name)(x)
    assert np.isnan(y[0]).all() and np.isnan(y[2]).all() and np.isnan(y[3]).all()
    assert np.isfinite(y[1]).all()


# ---- errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize("order", [0, 6, -1, 2.5, True, "2", None])
def test_a_bad_order_is_a_value_error(order):
    x = np.ones(3, np.float32)
    with pytest.raises(ValueError, match="quake.exp: order"):
        quake.exp(x, order=order)
    with pytest.raises(ValueError, match="quake.softmax: order"):
        quake.softmax(x, order=order)
    with pytest.raises(ValueError, match="order"):
        quake.bound("exp", order)


@pytest.mark.parametrize("x", [np.arange(3), np.ones(3, np.complex64), np.ones(3, bool),
                               np.ones(3, np.int8), np.ones(3, ">f4")])
def test_an_unsupported_dtype_is_a_type_error(x):
    with pytest.raises(TypeError, match="quake.gelu: x has dtype"):
        quake.gelu(x)
    with pytest.raises(TypeError, match="quake.log_softmax: x has dtype"):
        quake.log_softmax(x)


def test_other_errors_say_what_was_wrong():
    x = np.ones((2, 3), np.float32)
    with pytest.raises(TypeError, match="must be a NumPy array or a torch.Tensor, not list"):
        quake.exp([1.0, 2.0])
    with pytest.raises(TypeError, match="not float"):
        quake.exp(1.0)
    with pytest.raises(ValueError, match="out has shape"):
        quake.exp(x, out=np.empty((3, 2), np.float32))
    with pytest.raises(ValueError, match="dtype float64"):
        quake.exp(x, out=np.empty((2, 3), np.float64))
    ro = np.empty((2, 3), np.float32)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        quake.exp(x, out=ro)
    with pytest.raises(TypeError, match="out must be a NumPy array"):
        quake.exp(x, out=[0] * 6)
    with pytest.raises(ValueError, match="does not broadcast"):
        quake.softmax(x, mask=np.zeros(4, np.float32))
    with pytest.raises(TypeError, match="boolean keep-mask"):
        quake.softmax(x, mask=np.ones(3, bool))
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        quake.softmax(x, axis=2)
    with pytest.raises(ValueError, match="at least one dimension"):
        quake.softmax(np.float32(1))
    with pytest.raises(TypeError, match="scale must be a real number"):
        quake.softmax(x, scale="big")
    with pytest.raises(ValueError, match="no function 'erf'"):
        quake.bound("erf", 2)
    with pytest.raises(TypeError, match="dtype int32"):
        quake.bound("exp", 2, np.int32)


# ---- bounds ----------------------------------------------------------------------------------

def test_bounds_come_from_the_registry_for_each_type():
    for o in ORDERS:
        b = quake.bound("exp", o)
        assert quake.bound("exp", o, np.float64) == b  # the ladder is the same for both types
        for t in (np.float32, np.float64):
            # sigmoid's formula, B / (1 - B) + 2u, from exp's B: the registry's, per type.
            assert quake.bound("sigmoid", o, t) == pytest.approx(b / (1 - b) + 2 * U[t], rel=1e-12)
        assert quake.bound("silu", o, "float16") == quake.bound("silu", o, np.float32)
        assert quake.bound("softmax", o, "bfloat16") == quake.bound("softmax", o)
    assert quake.measure("exp") == "relative" and quake.measure("gelu_erf") == "per_abs_x"
    assert "B" in quake.bound_text("tanh")


def test_arch_and_version():
    assert quake.arch() in ("avx512", "avx2", "sse2", "neon64", "scalar", "baseline")
    assert quake.__version__.count(".") == 2


def test_quake_arch_picks_the_kernel_set():
    code = ("import numpy as np, quake; x = np.linspace(-9, 9, 999, dtype=np.float32); "
            "print(quake.arch(), quake.silu(x, order=2).view(np.uint32).sum())")
    run = lambda a: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   env=dict(os.environ, QUAKE_ARCH=a), check=True).stdout.split()
    sse2 = run("sse2")
    assert sse2[0] in ("sse2", quake.arch())
    if quake.arch() == "avx512":
        avx2 = run("avx2")
        assert avx2[0] == "avx2"
        assert avx2[1] == run("avx512")[1]  # the FMA sets share their bits
