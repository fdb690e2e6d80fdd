"""quake: fast approximate e^x, softmax and activations for NumPy arrays and PyTorch tensors.

Every function of quake's list (``quake.elementwise_functions``, ``quake.row_functions``) runs
through quake::dispatch, the compiled library that picks this CPU's kernel set at run time
(``quake.arch()``), with the bounds and edge rules of quake's C++ functions of the same name
(``quake.bound``; docs/accuracy.md). ``order`` (1 .. 5) is the accuracy order: 1 is the fastest,
5 within a few ulps.

Element-wise: ``quake.F(x, order=2, out=None)`` for F in exp, sigmoid, tanh, silu, gelu
(tanh form), gelu_sigmoid (x sigmoid(1.702 x)), gelu_erf (x Phi(x)), mish.
Rows: ``quake.softmax(x, order=2, axis=-1, scale=None, mask=None, out=None)`` and
``quake.log_softmax(...)``: the function of ``scale * x + mask`` along ``axis``.

x is a NumPy array or scalar (float32, float64, float16) or a CPU torch.Tensor (float32,
float64, float16, bfloat16) of any shape; the result has x's type, dtype and shape. The 16-bit
types compute in float and round once to the type. A C-contiguous x is read in place, anything
else is copied first. ``out`` (an array or tensor of x's kind, shape and dtype) receives the
result and is returned; out may be x itself.

Errors: an order outside 1 .. 5 raises ValueError; an unsupported dtype (integers, complex,
bool) or a type that is neither an array nor a tensor raises TypeError; a tensor off the CPU, a
mask that does not broadcast, an ``out`` of another shape or dtype raise ValueError. quake's
functions have no backward: a tensor that requires grad, with grad enabled, raises ValueError.
"""
import operator as _operator
import sys as _sys

import numpy as _np

from . import _quake

__version__ = _quake.version

#: The accuracy ladder's highest order; every function has orders 1 .. max_order.
max_order = _quake.max_order
#: The element-wise functions and the row functions, in quake's list order.
elementwise_functions = tuple(_quake.names(False))
row_functions = tuple(_quake.names(True))

_REGISTRY = {e["name"]: e for e in _quake.registry()}
# The C-contiguous NumPy case, done in the compiled module (None: take the path below).
_fast_elementwise, _fast_rows = _quake.fast_elementwise, _quake.fast_rows

# Storage codes of the compiled module.
_F32, _F64, _BF16, _F16 = 0, 1, 2, 3
_NUMPY_STORAGE = {_np.dtype(_np.float32): _F32, _np.dtype(_np.float64): _F64,
                  _np.dtype(_np.float16): _F16}
_torch_storage = None  # filled on the first tensor


def arch():
    """The kernel set quake::dispatch runs on this CPU ("avx512", "avx2", "sse2", "neon64", ...).

    The environment variable QUAKE_ARCH, read on the first call of any function, names a set to
    prefer."""
    return _quake.arch()


# ---- checks -------------------------------------------------------------------------------

def _order(fname, order):
    if isinstance(order, bool):
        raise ValueError("quake.%s: order must be an integer in 1..%d, not %r"
                         % (fname, max_order, order))
    try:
        o = _operator.index(order)
    except TypeError:
        raise ValueError("quake.%s: order must be an integer in 1..%d, not %r"
                         % (fname, max_order, order)) from None
    if not 1 <= o <= max_order:
        raise ValueError("quake.%s: order must be in 1..%d, not %d" % (fname, max_order, o))
    return o


def _torch():
    """torch, when it is imported (a tensor can only exist then), else None."""
    return _sys.modules.get("torch")


def _storage_of_tensor(torch, fname, what, t):
    s = (_torch_storage or _storage_table(torch)).get(t.dtype)
    if s is None:
        raise TypeError("quake.%s: %s has dtype %s; quake takes torch.float32, float64, float16 "
                        "and bfloat16" % (fname, what, t.dtype))
    if t.device.type != "cpu":
        raise ValueError("quake.%s: %s is on device %s; quake runs on the CPU (move it with "
                         ".cpu())" % (fname, what, t.device))
    if t.layout != torch.strided:
        raise ValueError("quake.%s: %s has layout %s; quake takes strided (dense) tensors"
                         % (fname, what, t.layout))
    if t.requires_grad and torch.is_grad_enabled():
        raise ValueError("quake.%s: %s requires grad; quake's functions have no backward (call "
                         "them under torch.no_grad() or torch.inference_mode())" % (fname, what))
    return s


def _storage_of_array(fname, what, a):
    s = _NUMPY_STORAGE.get(a.dtype)
    if s is None:
        if a.dtype.kind == "f" and a.dtype.newbyteorder("=") in _NUMPY_STORAGE:
            raise TypeError("quake.%s: %s has dtype %s, not in native byte order (convert it "
                            "with .astype(%r))" % (fname, what, a.dtype.str,
                                                   a.dtype.newbyteorder("=").name))
        raise TypeError("quake.%s: %s has dtype %s; quake takes float32, float64 and float16 "
                        "arrays (and torch's bfloat16 tensors)" % (fname, what, a.dtype))
    return s


class _Numpy:
    """What the functions need to know of NumPy arrays."""
    kind = "a NumPy array"

    @staticmethod
    def ready(a):  # C-contiguous and aligned: passed to the library as it is
        f = a.flags
        return f.c_contiguous and f.aligned

    @staticmethod
    def contiguous(a):  # a copy when a is not C-contiguous or not aligned
        return _np.require(a, requirements="CA")

    @staticmethod
    def empty(a):
        return _np.empty(a.shape, a.dtype)

    @staticmethod
    def address(a):
        return a.__array_interface__["data"][0]

    @staticmethod
    def nbytes(a):
        return a.nbytes

    @staticmethod
    def count(a):
        return a.size

    @staticmethod
    def itemsize(a):
        return a.itemsize

    @staticmethod
    def copy_into(dst, src):
        _np.copyto(dst, src)

    @staticmethod
    def writable(a):
        return a.flags.writeable

    @staticmethod
    def is_kind(x):
        return isinstance(x, _np.ndarray)


class _Torch:
    kind = "a torch.Tensor"

    @staticmethod
    def ready(t):
        return t.is_contiguous()

    @staticmethod
    def contiguous(t):
        return t.contiguous()

    @staticmethod
    def empty(t):
        return _torch().empty(t.shape, dtype=t.dtype)

    @staticmethod
    def address(t):
        return t.data_ptr()

    @staticmethod
    def nbytes(t):
        return t.numel() * t.element_size()

    @staticmethod
    def count(t):
        return t.numel()

    @staticmethod
    def itemsize(t):
        return t.element_size()

    @staticmethod
    def copy_into(dst, src):
        with _torch().no_grad():
            dst.copy_(src)

    @staticmethod
    def writable(t):
        return True

    @staticmethod
    def is_kind(x):
        torch = _torch()
        return torch is not None and isinstance(x, torch.Tensor)


def _fast_tensor(call, index, x, order, out):
    """The common tensor case (contiguous, on the CPU, of a dtype quake takes, no grad, an int
    order in range, no out) in as few steps as it takes; None for anything else, which then
    takes the checked path."""
    torch = _sys.modules.get("torch")
    if (torch is None or out is not None or not isinstance(x, torch.Tensor)
            or type(order) is not int or not 1 <= order <= max_order):
        return None
    s = (_torch_storage or _storage_table(torch)).get(x.dtype)
    if (s is None or not x.is_cpu or x.layout is not torch.strided or not x.is_contiguous()
            or (x.requires_grad and torch.is_grad_enabled())):
        return None
    if call is _quake.rows:
        if x.dim() == 0:
            return None
        cols = x.shape[-1]
        y = torch.empty_like(x)
        call(index, s, x.data_ptr(), y.data_ptr(), x.numel() // cols if cols else 0, cols, order)
        return y
    y = torch.empty_like(x)
    call(index, s, x.data_ptr(), y.data_ptr(), x.numel(), order)
    return y


def _storage_table(torch):
    global _torch_storage
    _torch_storage = {torch.float32: _F32, torch.float64: _F64, torch.bfloat16: _BF16,
                      torch.float16: _F16}
    return _torch_storage


def _classify(fname, x):
    """(backend, storage code, array, scalar) for an input, or TypeError. scalar is True for a
    NumPy scalar, or the ndarray subclass to return (np.matrix, np.memmap)."""
    if type(x) is _np.ndarray:
        return _Numpy, _storage_of_array(fname, "x", x), x, False
    if isinstance(x, _np.ndarray):
        if isinstance(x, _np.ma.MaskedArray):
            raise TypeError("quake.%s: x is a masked array, whose mask quake would ignore; pass "
                            "x.filled(value) or x.data" % fname)
        a = x.view(_np.ndarray)
        return _Numpy, _storage_of_array(fname, "x", a), a, type(x)
    if isinstance(x, _np.generic):
        a = _np.asarray(x)
        return _Numpy, _storage_of_array(fname, "x", a), a, True
    torch = _torch()
    if torch is not None and isinstance(x, torch.Tensor):
        return _Torch, _storage_of_tensor(torch, fname, "x", x), x, False
    raise TypeError("quake.%s: x must be a NumPy array or a torch.Tensor, not %s (use "
                    "numpy.asarray(x, dtype=numpy.float32))" % (fname, type(x).__name__))


def _overlap(B, a, b):
    """Whether the bytes of a and b (both contiguous) overlap without being the same."""
    pa, pb = B.address(a), B.address(b)
    if pa == pb:
        return False
    return pa < pb + B.nbytes(b) and pb < pa + B.nbytes(a)


def _check_out(B, fname, x, out):
    if not B.is_kind(out):
        raise TypeError("quake.%s: out must be %s like x, not %s"
                        % (fname, B.kind, type(out).__name__))
    if tuple(out.shape) != tuple(x.shape) or out.dtype != x.dtype:
        raise ValueError("quake.%s: out has shape %s and dtype %s; it must have x's, %s and %s"
                         % (fname, tuple(out.shape), out.dtype, tuple(x.shape), x.dtype))
    if not B.writable(out):
        raise ValueError("quake.%s: out is read-only" % fname)
    if B is _Torch:
        _storage_of_tensor(_torch(), fname, "out", out)


def _destination(B, src, out):
    """Where the library writes: out itself when it can, else a new contiguous buffer."""
    if out is not None and B.ready(out) and not _overlap(B, src, out):
        return out
    return B.empty(src)


def _finish(B, dst, out, scalar):
    if out is not None:
        if dst is not out:
            B.copy_into(out, dst)
        return out
    if scalar is True:
        return dst[()]
    return dst.view(scalar) if scalar else dst


# ---- element-wise ---------------------------------------------------------------------------

def _elementwise(fname, index, x, order, out):
    o = _order(fname, order)
    B, s, a, scalar = _classify(fname, x)
    if out is not None:
        _check_out(B, fname, a, out)
    src = a if B.ready(a) else B.contiguous(a)
    dst = _destination(B, src, out)
    _quake.elementwise(index, s, B.address(src), B.address(dst), B.count(src), o)
    return _finish(B, dst, out, scalar)


def _make_elementwise(fname, index):
    e = _REGISTRY[fname]

    def f(x, order=2, out=None):
        r = _fast_elementwise(index, x, order, out)
        if r is None:
            r = _fast_tensor(_quake.elementwise, index, x, order, out)
        return r if r is not None else _elementwise(fname, index, x, order, out)

    f.__name__ = f.__qualname__ = fname
    f.__doc__ = ("quake.%s(x, order=2, out=None): %s, element by element.\n\n"
                 "Error at each order: %s, %s (quake.bound(%r, order, dtype)); the edge rules "
                 "of docs/accuracy.md. See help(quake) for x, out and the errors."
                 % (fname, e["summary"], e["bound_text"], e["measure"].replace("_", " "), fname))
    return f


for _i, _name in enumerate(elementwise_functions):
    globals()[_name] = _make_elementwise(_name, _i)
del _i, _name


# ---- rows -----------------------------------------------------------------------------------

def _mask_layout(shape, strides):
    """How the C API can read a mask broadcast to the (moved) input's shape, or None when it
    cannot: (blocks, block_rows, mask_stride), strides in elements. Row r of block b reads the
    mask row at r * mask_stride: one block when the mask's rows are evenly spaced over all rows
    (stride 0: one row for every row), several when only the last dimensions vary (a (T, T)
    mask against (B, H, T, T) scores)."""
    if len(shape) and shape[-1] != 1 and strides[-1] != 1:
        return None
    dims = [(n, st) for n, st in zip(shape[:-1], strides[:-1]) if n != 1]
    row_stride = dims[-1][1] if dims else 0
    if row_stride < 0:
        return None
    expected, block_rows, k = row_stride, 1, len(dims)
    while k > 0 and dims[k - 1][1] == expected:
        block_rows *= dims[k - 1][0]
        expected = dims[k - 1][1] * dims[k - 1][0]
        k -= 1
    if any(st != 0 for _, st in dims[:k]):
        return None
    blocks = 1
    for n, _ in dims[:k]:
        blocks *= n
    return blocks, block_rows, row_stride


def _reaches(B, m, strides, out):
    """Whether the bytes the mask view m spans reach into out (the library reads the mask while
    it writes out)."""
    if out is None:
        return False
    span = 1 + sum((n - 1) * st for n, st in zip(m.shape, strides) if n > 0)
    width = B.itemsize(m)
    pm, po = B.address(m), B.address(out)
    return pm < po + B.nbytes(out) and po < pm + span * width


def _prepare_mask(B, fname, x, mask, axis, out=None):
    """The mask as (array, blocks, block_rows, stride): x's kind and dtype, broadcast to x's
    shape, its axis moved last; copied only where its layout cannot be read as it is."""
    shape = tuple(x.shape)
    if B is _Numpy:
        kind = _np.asarray(mask).dtype.kind
        if kind not in "fiu":
            raise TypeError("quake.%s: mask has dtype %s; the mask is added to scale * x, so it "
                            "must be real numbers (for a boolean keep-mask pass "
                            "numpy.where(keep, 0, -numpy.inf))" % (fname, _np.asarray(mask).dtype))
        try:
            m = _np.asarray(mask, dtype=x.dtype)
        except (TypeError, ValueError) as e:
            raise TypeError("quake.%s: mask cannot be read as %s: %s" % (fname, x.dtype, e))
        try:
            m = _np.broadcast_to(m, shape)
        except ValueError:
            raise ValueError("quake.%s: mask of shape %s does not broadcast to x's shape %s"
                             % (fname, m.shape, shape)) from None
        m = _np.moveaxis(m, axis, -1)
        strides = [st // m.itemsize for st in m.strides]
        if any(st * m.itemsize != b for st, b in zip(strides, m.strides)) or not m.flags.aligned:
            m = _np.require(m, requirements="CA")
            strides = [st // m.itemsize for st in m.strides]
    else:
        torch = _torch()
        m = mask if isinstance(mask, torch.Tensor) else torch.as_tensor(mask)
        if m.device.type != "cpu":
            raise ValueError("quake.%s: mask is on device %s; quake runs on the CPU"
                             % (fname, m.device))
        if m.dtype == torch.bool or m.is_complex():
            raise TypeError("quake.%s: mask has dtype %s; the mask is added to scale * x, so it "
                            "must be real numbers (for a boolean keep-mask pass "
                            "torch.where(keep, 0.0, -inf))" % (fname, m.dtype))
        if m.dtype != x.dtype:
            m = m.to(x.dtype)
        try:
            m = m.broadcast_to(shape)
        except RuntimeError:
            raise ValueError("quake.%s: mask of shape %s does not broadcast to x's shape %s"
                             % (fname, tuple(m.shape), shape)) from None
        m = m.movedim(axis, -1)
        strides = list(m.stride())
    layout = _mask_layout(tuple(m.shape), strides)
    if layout is None or _reaches(B, m, strides, out):
        m = B.contiguous(m)
        cols = m.shape[-1]
        layout = (1, B.count(m) // max(cols, 1), cols)
    return (m,) + layout


def _rows(fname, index, x, order, axis, scale, mask, out):
    o = _order(fname, order)
    B, s, a, scalar = _classify(fname, x)
    if scalar is True or a.ndim == 0:
        raise ValueError("quake.%s: x must have at least one dimension" % fname)
    try:
        ax = _operator.index(axis)
    except TypeError:
        raise TypeError("quake.%s: axis must be an integer, not %r" % (fname, axis)) from None
    if not -a.ndim <= ax < a.ndim:
        raise ValueError("quake.%s: axis %d is out of range for %d dimensions"
                         % (fname, ax, a.ndim))
    ax %= a.ndim
    if out is not None:
        _check_out(B, fname, a, out)
    last = ax == a.ndim - 1
    if last:
        src = a if B.ready(a) else B.contiguous(a)
    elif B is _Numpy:
        src = _np.require(_np.moveaxis(a, ax, -1), requirements="CA")
    else:
        src = a.movedim(ax, -1).contiguous()
    cols = src.shape[-1]
    n = B.count(src)
    rows = n // cols if cols else 0
    dst = _destination(B, src, out if last else None)
    if mask is None and scale is None:
        _quake.rows(index, s, B.address(src), B.address(dst), rows, cols, o)
    else:
        try:
            sc = 1.0 if scale is None else float(scale)
        except (TypeError, ValueError):
            raise TypeError("quake.%s: scale must be a real number, not %r"
                            % (fname, scale)) from None
        if mask is None:
            m, blocks, block_rows, stride = None, 1, rows, 0
        else:
            m, blocks, block_rows, stride = _prepare_mask(B, fname, a, mask, ax, dst)
        if n:
            _quake.rows_masked(index, s, B.address(src), B.address(dst), blocks, block_rows,
                               cols, sc, 0 if m is None else B.address(m), stride, o)
    if not last:
        dst = (_np.ascontiguousarray(_np.moveaxis(dst, -1, ax)) if B is _Numpy
               else dst.movedim(-1, ax).contiguous())
    return _finish(B, dst, out, scalar)


def _make_rows(fname, index):
    e = _REGISTRY[fname]

    def f(x, order=2, axis=-1, scale=None, mask=None, out=None):
        if axis == -1 and scale is None and mask is None:
            r = _fast_rows(index, x, order, out)
            if r is None:
                r = _fast_tensor(_quake.rows, index, x, order, out)
            if r is not None:
                return r
        return _rows(fname, index, x, order, axis, scale, mask, out)

    f.__name__ = f.__qualname__ = fname
    f.__doc__ = (
        "quake.%s(x, order=2, axis=-1, scale=None, mask=None, out=None): %s, along axis, of "
        "scale * x + mask.\n\nmask (converted to x's dtype) broadcasts to x's shape as NumPy "
        "broadcasts; a mask of one row, or of x's last dimensions, is read in place. scale "
        "defaults to 1. Error per element: %s (the order's term: quake.bound(%r, order, "
        "dtype)); a row with a NaN, a +inf or only -inf values gives NaN in every element. See "
        "help(quake) for x, out and the errors." % (fname, e["summary"], e["bound_text"], fname))
    return f


for _i, _name in enumerate(row_functions):
    globals()[_name] = _make_rows(_name, _i)
del _i, _name


# ---- bounds ---------------------------------------------------------------------------------

def _dtype_name(dtype):
    torch = _torch()
    if torch is not None and isinstance(dtype, torch.dtype):
        name = str(dtype).replace("torch.", "")
    elif isinstance(dtype, str) and dtype == "bfloat16":
        name = dtype
    else:
        try:
            name = _np.dtype(dtype).name
        except TypeError:
            raise TypeError("quake.bound: %r is not a dtype" % (dtype,)) from None
    if name not in ("float32", "float64", "float16", "bfloat16"):
        raise TypeError("quake.bound: dtype %s; quake's bounds are for float32, float64, "
                        "float16 and bfloat16" % name)
    return name


def _entry(fname):
    e = _REGISTRY.get(fname)
    if e is None:
        raise ValueError("quake: no function %r; the functions are %s"
                         % (fname, ", ".join(elementwise_functions + row_functions)))
    return e


def bound(name, order, dtype="float32"):
    """The bound of function `name` at `order` for `dtype`, from quake's registry (the C++
    constant quake::bound<quake::fn::name, order, T>), in the function's own measure
    (quake.measure(name)): |y - f(x)| <= bound * |f(x)| for "relative", bound * |x| (plus the
    smallest subnormal) for "per_abs_x". For softmax and log_softmax it is the term of the
    per-element bound that depends on the order (quake.bound_text(name) gives the whole
    formula). float16 and bfloat16 compute in float32 and round once to the type: their bound
    is float32's, plus that rounding (half an ulp of the type)."""
    e = _entry(name)
    o = _order("bound", order)
    d = _dtype_name(dtype)
    return e["float64" if d == "float64" else "float32"][o - 1]


def measure(name):
    """How `name`'s bound is measured: "relative" (to |f(x)|), "per_abs_x" (to |x|: the
    x * g(x) family) or, for log_softmax, "max_1_abs" (to max(1, |f(x)|))."""
    return _entry(name)["measure"]


def bound_text(name):
    """The formula of `name`'s bound, as docs/accuracy.md writes it (B the exp bound of the
    order, u the unit roundoff)."""
    return _entry(name)["bound_text"]


__all__ = (["arch", "bound", "bound_text", "measure", "max_order", "elementwise_functions",
            "row_functions"] + list(elementwise_functions) + list(row_functions))
