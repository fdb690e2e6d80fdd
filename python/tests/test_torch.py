"""quake on torch tensors and quake.torch.patch (docs/python.md)."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import quake  # noqa: E402
import quake.torch  # noqa: E402

nn = torch.nn
ELEMENTWISE = quake.elementwise_functions
ROWS = quake.row_functions


def sample(n=2000, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(n, generator=g, dtype=torch.float64) * 20 - 10


@pytest.mark.parametrize("name", ELEMENTWISE + ROWS)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.float16])
def test_tensors_give_the_bits_of_arrays(name, dtype):
    f = getattr(quake, name)
    x = sample().to(dtype).reshape(40, 50)
    y = f(x, order=2)
    assert isinstance(y, torch.Tensor) and y.dtype == dtype and y.shape == x.shape
    want = f(x.numpy(), order=2)
    assert np.array_equal(y.numpy().view(np.uint8), want.view(np.uint8))
    t = x.t()  # not contiguous: copied, same bits
    assert torch.equal(f(t, order=2), f(t.contiguous(), order=2))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_bfloat16_is_the_float_result_rounded_once(name):
    f = getattr(quake, name)
    x = torch.arange(0, 1 << 16, dtype=torch.int32).to(torch.int16).view(torch.bfloat16)
    y = f(x, order=2)
    assert y.dtype == torch.bfloat16
    want = f(x.float(), order=2).to(torch.bfloat16)  # torch rounds to nearest even
    nan = torch.isnan(want)
    assert torch.equal(torch.isnan(y), nan)
    assert torch.equal(y[~nan].view(torch.int16), want[~nan].view(torch.int16))


@pytest.mark.parametrize("name", ROWS)
def test_bfloat16_rows_are_the_float_rows_rounded_once(name):
    f = getattr(quake, name)
    x = sample(64 * 33).reshape(64, 33).to(torch.bfloat16)
    want = f(x.float(), order=3).to(torch.bfloat16)
    assert torch.equal(f(x, order=3).view(torch.int16), want.view(torch.int16))


def test_out_and_in_place_on_tensors():
    x = sample().float()
    out = torch.empty_like(x)
    assert quake.silu(x, out=out) is out and torch.equal(out, quake.silu(x))
    y = x.clone()
    assert quake.silu(y, out=y) is y and torch.equal(y, quake.silu(x))
    strided = torch.empty(4000)[::2]
    assert quake.tanh(x, out=strided) is strided and torch.equal(strided, quake.tanh(x))
    with pytest.raises(TypeError, match="out must be a torch.Tensor"):
        quake.tanh(x, out=np.empty(2000, np.float32))


def test_masks_of_attention_shapes():
    g = torch.Generator().manual_seed(3)
    scores = torch.randn(2, 4, 16, 16, generator=g)
    causal = torch.full((16, 16), float("-inf")).triu(1)
    got = quake.softmax(scores, order=5, scale=0.25, mask=causal)
    full = quake.softmax(scores, order=5, scale=0.25, mask=causal.expand(2, 4, 16, 16).contiguous())
    assert torch.equal(got, full)
    ref = torch.softmax(scores.double() * 0.25 + causal.double(), dim=-1)
    assert (got.double() - ref).abs().max() < 1e-5
    assert np.array_equal(got.numpy(), quake.softmax(scores.numpy(), order=5, scale=0.25,
                                                     mask=causal.numpy()))
    padding = torch.zeros(2, 1, 1, 16)
    padding[1, ..., 12:] = float("-inf")
    assert torch.equal(quake.softmax(scores, mask=padding),
                       quake.softmax(scores, mask=padding.expand_as(scores).contiguous()))
    with pytest.raises(TypeError, match="boolean keep-mask"):
        quake.softmax(scores, mask=torch.ones(16, dtype=torch.bool))
    with pytest.raises(ValueError, match="does not broadcast"):
        quake.softmax(scores, mask=torch.zeros(15))


def test_tensor_errors():
    with pytest.raises(TypeError, match="dtype torch.int64"):
        quake.exp(torch.arange(3))
    with pytest.raises(TypeError, match="dtype torch.complex64"):
        quake.exp(torch.ones(3, dtype=torch.complex64))
    with pytest.raises(ValueError, match="on device meta"):
        quake.exp(torch.ones(3, device="meta"))
    with pytest.raises(ValueError, match="layout"):
        quake.exp(torch.ones(3).to_sparse())
    with pytest.raises(ValueError, match="order must be in 1..5, not 9"):
        quake.gelu(torch.ones(3), order=9)
    w = torch.ones(3, requires_grad=True)
    with pytest.raises(ValueError, match="requires grad"):
        quake.sigmoid(w)
    with torch.no_grad():
        assert torch.equal(quake.sigmoid(w), quake.sigmoid(torch.ones(3)))


# ---- quake.torch.patch -----------------------------------------------------------------------

class Custom(nn.GELU):  # a subclass: left alone
    pass


def model():
    return nn.Sequential(
        nn.Linear(8, 8), nn.GELU(), nn.GELU(approximate="tanh"),
        nn.Sequential(nn.SiLU(), nn.Sigmoid(), nn.Tanh(), nn.SiLU(inplace=True)),
        Custom(), nn.Softmax(dim=-1), nn.LogSoftmax(dim=1))


def test_patch_replaces_every_module_of_the_list_and_unpatch_puts_them_back():
    torch.manual_seed(0)
    m = model()
    x = torch.randn(5, 8)
    originals = dict(m.named_modules())
    with torch.no_grad():
        want = m(x)
    names = quake.torch.patch(m, order=5)
    assert names == ["1", "2", "3.0", "3.1", "3.2", "3.3", "5", "6"]
    assert isinstance(m[4], Custom)
    assert "quake.gelu_erf, order=5" in repr(m[1]) and "quake.gelu," in repr(m[2])
    with torch.no_grad():
        got = m(x)
    assert (got - want).abs().max() < 1e-5
    assert quake.torch.patch(m, order=1) == names  # again: the new order
    assert m[1].order == 1
    assert quake.torch.unpatch(m) == names
    for name, module in m.named_modules():
        assert module is originals[name], name
    with torch.no_grad():
        assert torch.equal(m(x), want)


def test_patched_modules_compute_quakes_functions():
    x = torch.randn(3, 4, 5)
    cases = [(nn.GELU(), quake.gelu_erf, {}), (nn.GELU(approximate="tanh"), quake.gelu, {}),
             (nn.SiLU(), quake.silu, {}), (nn.Sigmoid(), quake.sigmoid, {}),
             (nn.Tanh(), quake.tanh, {}), (nn.Softmax(dim=1), quake.softmax, {"axis": 1}),
             (nn.LogSoftmax(dim=0), quake.log_softmax, {"axis": 0}),
             (nn.Softmax(), quake.softmax, {"axis": 0})]  # dim=None on 3-d: torch's dim 0
    for module, f, kw in cases:
        holder = nn.Sequential(module)
        quake.torch.patch(holder, order=3)
        assert torch.equal(holder(x), f(x, order=3, **kw)), module
    inplace = nn.Sequential(nn.SiLU(inplace=True))
    quake.torch.patch(inplace)
    y = x.clone()
    assert inplace(y) is y and torch.equal(y, quake.silu(x))


def test_patch_errors_leave_the_model_as_it_was():
    m = model()
    before = dict(m.named_modules())
    with pytest.raises(ValueError, match="order"):
        quake.torch.patch(m, order=0)
    assert dict(m.named_modules()) == before
    with pytest.raises(TypeError, match="torch.nn.Module"):
        quake.torch.patch(lambda x: x)
    with pytest.raises(ValueError, match="the model that holds the module"):
        quake.torch.patch(nn.GELU())
