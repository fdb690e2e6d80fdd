"""quake for PyTorch models: swap a model's activation and softmax modules for quake's.

    import quake.torch
    replaced = quake.torch.patch(model, order=2)   # names of the modules replaced
    ...                                            # run the model (under torch.no_grad())
    quake.torch.unpatch(model)                     # the original modules, exactly, back

patch replaces, in place, every module whose type is exactly one of nn.GELU (approximate "none":
quake.gelu_erf; "tanh": quake.gelu), nn.SiLU, nn.Sigmoid, nn.Tanh, nn.Softmax and nn.LogSoftmax
(subclasses are left alone: they may compute something else). Functional calls
(torch.softmax, F.gelu) are not modules and are not replaced. quake's functions have no backward:
run a patched model without grad.
"""
import torch as _torch

import quake as _quake

_nn = _torch.nn


def _softmax_dim(module, x):
    # nn.Softmax(dim=None)'s legacy choice (torch.nn.functional._get_softmax_dim).
    if module.dim is not None:
        return module.dim
    return 0 if x.dim() in (0, 1, 3) else 1


class Patched(_nn.Module):
    """A module replaced by quake.torch.patch: computes `function` of quake at `order`, and
    keeps the module it replaced as `original` (quake.torch.unpatch puts it back)."""

    def __init__(self, original, function, order):
        super().__init__()
        self.original = original
        self.function = function
        self.order = order

    def forward(self, x):
        o = self.original
        if isinstance(o, (_nn.Softmax, _nn.LogSoftmax)):
            return self.function(x, order=self.order, axis=_softmax_dim(o, x))
        if getattr(o, "inplace", False):
            return self.function(x, order=self.order, out=x)
        return self.function(x, order=self.order)

    def extra_repr(self):
        return "quake.%s, order=%d" % (self.function.__name__, self.order)


def _function_for(module):
    t = type(module)
    if t is _nn.GELU:
        if module.approximate == "none":
            return _quake.gelu_erf
        if module.approximate == "tanh":
            return _quake.gelu
        return None
    return {_nn.SiLU: _quake.silu, _nn.Sigmoid: _quake.sigmoid, _nn.Tanh: _quake.tanh,
            _nn.Softmax: _quake.softmax, _nn.LogSoftmax: _quake.log_softmax}.get(t)


def _children(module, prefix=""):
    """(parent, attribute name, child, dotted name) for every module below `module`, each once,
    parents before children."""
    seen = set()
    stack = [(module, prefix)]
    while stack:
        parent, path = stack.pop()
        if id(parent) in seen:
            continue
        seen.add(id(parent))
        for name, child in list(parent._modules.items()):
            if child is None:
                continue
            full = path + "." + name if path else name
            yield parent, name, child, full
            if not isinstance(child, Patched):  # its `original` is not the model's
                stack.append((child, full))


def patch(module, order=2):
    """Replaces, in place, every nn.GELU, nn.SiLU, nn.Sigmoid, nn.Tanh, nn.Softmax and
    nn.LogSoftmax below `module` by quake's function at `order`, and returns the dotted names
    of the modules replaced (in the order named_modules lists them). Modules already patched are
    re-patched at the new order. A bad order raises ValueError and changes nothing."""
    order = _quake._order("torch.patch", order)
    if not isinstance(module, _nn.Module):
        raise TypeError("quake.torch.patch: module must be a torch.nn.Module, not %s"
                        % type(module).__name__)
    if isinstance(module, Patched) or _function_for(module) is not None:
        raise ValueError("quake.torch.patch: pass the model that holds the module, not the "
                         "module itself (it cannot be replaced in place)")
    replaced = []
    for parent, name, child, full in list(_children(module)):
        if isinstance(child, Patched):
            child.order = order
            replaced.append(full)
            continue
        f = _function_for(child)
        if f is not None:
            parent._modules[name] = Patched(child, f, order)
            replaced.append(full)
    return _in_model_order(module, replaced)


def _in_model_order(module, names):
    rank = {n: i for i, (n, _) in enumerate(module.named_modules())}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def unpatch(module):
    """Puts back, below `module`, every module quake.torch.patch replaced: the same objects.
    Returns the dotted names restored, in the order of patch's list."""
    restored = []
    for parent, name, child, full in list(_children(module)):
        if isinstance(child, Patched):
            parent._modules[name] = child.original
            restored.append(full)
    return _in_model_order(module, restored)
