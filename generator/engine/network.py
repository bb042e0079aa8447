"""A fully connected network of T members (book 6.3-6.4, ``MultiLayerNetExtend``).

Each hidden layer is Affine -> [BatchNormalization] -> activation -> [Dropout]; the output layer
is Affine -> SoftmaxWithLoss. Initialisation, batch norm on/off, dropout ratio and weight decay
may differ per member.
"""

from collections.abc import Sequence

import numpy as np

from generator.engine.init import init_weight, parse_init
from generator.engine.layers import Affine, BatchNormalization, Dropout, Relu, Sigmoid, SoftmaxWithLoss, Tanh, member_column
from generator.engine.streams import MemberStreams
from generator.errors import UserError

ACTIVATIONS = {"relu": Relu, "sigmoid": Sigmoid, "tanh": Tanh}


def _per_member(value, n: int, field: str) -> list:
    """A setting given once for all members, or once per member."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence | np.ndarray):
        return [value] * n
    values = list(value)
    if len(values) != n:
        raise UserError(f"{field}: expected one value or {n} (one per member), got {len(values)}")
    return values


class MultiLayerNet:
    def __init__(
        self,
        input_size: int,
        hidden_sizes: Sequence[int],
        output_size: int,
        *,
        streams: Sequence[MemberStreams],
        activation: str = "relu",
        weight_init="he",
        batch_norm=False,
        dropout_ratio=0.0,
        weight_decay=0.0,
        inverted_dropout: bool = False,
        dtype=np.float64,
    ):
        sizes = [input_size, *hidden_sizes, output_size]
        for field, n in (("input_size", input_size), ("output_size", output_size)):
            if not isinstance(n, (int, np.integer)) or n < 1:
                raise UserError(f"{field}: must be a positive integer, got {n!r}")
        if any(not isinstance(n, (int, np.integer)) or n < 1 for n in hidden_sizes):
            raise UserError(f"hidden_sizes: every layer needs a positive number of units, got {list(hidden_sizes)}")
        if activation not in ACTIVATIONS:
            raise UserError(f"activation: unknown {activation!r}; choose one of {', '.join(ACTIVATIONS)}")
        streams = list(streams)
        if not streams:
            raise UserError("streams: at least one member network is needed")
        T = len(streams)
        inits = _per_member(weight_init, T, "weight_init")
        for init in inits:
            parse_init(init)
        bn = np.array(_per_member(batch_norm, T, "batch_norm"), dtype=bool)
        ratio = np.array(_per_member(dropout_ratio, T, "dropout_ratio"), dtype=np.float64)
        if np.any(~((ratio >= 0) & (ratio < 1))):
            raise UserError(f"dropout_ratio: must lie in [0, 1), got {ratio.tolist()}")
        decay = np.array(_per_member(weight_decay, T, "weight_decay"), dtype=np.float64)
        if np.any(~(decay >= 0) | ~np.isfinite(decay)):
            raise UserError(f"weight_decay: must be a finite number >= 0, got {decay.tolist()}")

        self.members = T
        self.sizes = sizes
        self.dtype = np.dtype(dtype)
        self.weight_decay = decay
        self.params: dict[str, np.ndarray] = {}
        self.layers: list = []
        self.affines: list[Affine] = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            # each member draws its weights from its own stream, layer by layer
            W = np.stack([init_weight(s.init, n_in, n_out, init, self.dtype) for s, init in zip(streams, inits)])
            b = np.zeros((T, 1, n_out), dtype=self.dtype)
            affine = Affine(W, b)
            self._add(affine, {"W": f"W{i}", "b": f"b{i}"})
            self.affines.append(affine)
            if i == len(sizes) - 1:
                break
            if bn.any():
                ones = np.ones((T, 1, n_out), dtype=self.dtype)
                norm = BatchNormalization(ones, np.zeros_like(ones), enabled=bn)
                self._add(norm, {"gamma": f"gamma{i}", "beta": f"beta{i}"})
            self._add(ACTIVATIONS[activation](), {})
            if ratio.any():
                self._add(Dropout(ratio, [s.dropout for s in streams], inverted=inverted_dropout), {})
        self.affines[0].input_grad = False  # the data needs no gradient: saves a (N, D_in) product
        self.last_layer = SoftmaxWithLoss()

    def _add(self, layer, names: dict):
        """Append a layer and expose its parameters under the network's names (W1, gamma1, ...)."""
        self.layers.append(layer)
        layer.names = names
        for key, name in names.items():
            self.params[name] = layer.params[key]

    def predict(self, x, train=False):
        """Logits (T, N, C); ``x`` is (N, D) shared by all members or (T, N, D)."""
        for layer in self.layers:
            x = layer.forward(x, train)
        return x

    def decay_loss(self) -> np.ndarray:
        """½ λ Σ‖W‖² per member, over weight matrices only (book 6.4.1)."""
        squares = sum(np.einsum("tij,tij->t", a.params["W"], a.params["W"]) for a in self.affines)  # no float64 copy
        return 0.5 * self.weight_decay * squares

    def loss(self, x, t, train=False) -> np.ndarray:
        """Cross-entropy plus weight decay, one value per member (T,)."""
        data_loss = self.last_layer.forward(self.predict(x, train), t)
        return data_loss + self.decay_loss() if self.weight_decay.any() else data_loss

    def accuracy(self, x, t, chunk: int = 1000) -> np.ndarray:
        """Fraction of correct predictions per member (T,), in evaluation mode."""
        t = np.asarray(t)
        if t.ndim == 2 and t.shape == (len(x), self.sizes[-1]):
            t = t.argmax(axis=1)
        correct = np.zeros(self.members, dtype=np.int64)
        for start in range(0, len(x), chunk):
            pred = self.predict(x[start : start + chunk]).argmax(axis=-1)  # (T, n)
            correct += (pred == t[start : start + chunk]).sum(axis=-1)
        return correct / len(x)

    def gradient(self, x, t):
        """Backpropagation: (loss (T,), gradients by parameter name)."""
        loss = self.loss(x, t, train=True)
        dout = self.last_layer.backward(np.ones(self.members))
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        grads = {}
        for layer in self.layers:
            for key, name in layer.names.items():
                grads[name] = layer.grads[key]
        if self.weight_decay.any():
            for i, affine in enumerate(self.affines, start=1):
                W = affine.params["W"]
                grads[f"W{i}"] = grads[f"W{i}"] + member_column(self.weight_decay, W.ndim).astype(W.dtype) * W
        return loss, grads

    def hold_dropout_masks(self, hold: bool = True):
        """Freeze (or release) every dropout mask, so repeated forward passes see one network."""
        for layer in self.layers:
            if isinstance(layer, Dropout):
                layer.hold_mask = hold

    def numerical_gradient(self, x, t, h: float = 1e-4) -> dict[str, np.ndarray]:
        """Central differences of ``loss(train=True)``, one parameter entry at a time.

        An entry is perturbed in every member at once: members are independent, so one pass
        gives the derivative for all of them. Batch-norm running statistics are left alone
        and dropout masks are held fixed while it runs.
        """
        norms = [layer for layer in self.layers if isinstance(layer, BatchNormalization)]
        for layer in norms:
            layer.update_running = False
        self.hold_dropout_masks(True)
        try:
            grads = {}
            for name, p in self.params.items():
                g = np.zeros_like(p)
                for index in np.ndindex(p.shape[1:]):
                    at = (slice(None), *index)
                    original = p[at].copy()
                    p[at] = original + h
                    plus = self.loss(x, t, train=True)
                    p[at] = original - h
                    minus = self.loss(x, t, train=True)
                    p[at] = original
                    g[at] = (plus - minus) / (2 * h)
                grads[name] = g
            return grads
        finally:
            for layer in norms:
                layer.update_running = True
            self.hold_dropout_masks(False)
