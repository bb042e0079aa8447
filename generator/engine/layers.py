"""Layers with the book's protocol: ``forward(x, train)`` and ``backward(dout)`` (book 5.5-5.6, 6.3, 6.4).

Activations are (T, N, D): T member networks, N samples, D units. Parameters carry the member axis
first and broadcast against it, so a layer whose parameters have T = 1 can also run K copies of
one network side by side (used by the vectorised gradient check). ``backward`` returns new arrays
and never writes into ``dout``.
"""

import numpy as np


def member_column(values, ndim: int) -> np.ndarray:
    """A per-member value (T,) shaped to broadcast against a (T, ...) array of ``ndim`` axes."""
    values = np.asarray(values)
    return values.reshape(values.shape + (1,) * (ndim - values.ndim))


class Affine:
    """y = x W + b."""

    def __init__(self, W: np.ndarray, b: np.ndarray):
        self.params = {"W": W, "b": b}  # (T, D_in, D_out), (T, 1, D_out)
        self.grads = {}
        self.x = None
        self.input_grad = True  # False on a network's first layer: nothing upstream needs dx

    def forward(self, x, train=False):
        self.x = x
        return np.matmul(x, self.params["W"]) + self.params["b"]

    def backward(self, dout):
        W = self.params["W"]
        self.grads["W"] = np.matmul(np.swapaxes(self.x, -1, -2), dout)  # (T, D_in, D_out)
        self.grads["b"] = dout.sum(axis=-2, keepdims=True)  # (T, 1, D_out)
        if not self.input_grad:
            return None
        return np.matmul(dout, np.swapaxes(W, -1, -2))


class Relu:
    def __init__(self):
        self.params, self.grads = {}, {}
        self.mask = None

    def forward(self, x, train=False):
        self.mask = x > 0
        return x * self.mask

    def backward(self, dout):
        return dout * self.mask


class Sigmoid:
    def __init__(self):
        self.params, self.grads = {}, {}
        self.out = None

    def forward(self, x, train=False):
        # 1 / (1 + exp(-x)) written through tanh: same function, no overflow for large |x|.
        self.out = 0.5 * (1.0 + np.tanh(0.5 * x))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)


class Tanh:
    def __init__(self):
        self.params, self.grads = {}, {}
        self.out = None

    def forward(self, x, train=False):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out**2)


class BatchNormalization:
    """Batch normalisation (Ioffe & Szegedy 2015, arXiv 1502.03167; book 6.3).

    Training normalises with the mini-batch mean and variance and updates running estimates;
    evaluation uses the running estimates. ``enabled`` (T,) switches the layer off per member,
    where it passes its input through unchanged, so networks with and without batch norm can be
    trained in one stack.
    """

    def __init__(self, gamma, beta, momentum=0.9, eps=1e-6, enabled=None):
        # eps: the book's code uses 10e-7 (= 1e-6); the text quotes "a small value such as 1e-7".
        self.params = {"gamma": gamma, "beta": beta}  # (T, 1, D) each
        self.grads = {}
        self.momentum = momentum
        self.eps = eps
        self.running_mean = np.zeros_like(gamma)
        self.running_var = np.zeros_like(gamma)
        self.enabled = None if enabled is None or np.all(enabled) else member_column(enabled, 3)
        self.update_running = True
        self.xc = self.xn = self.std = None

    def forward(self, x, train=False):
        if train:
            mu = x.mean(axis=-2, keepdims=True)  # (T, 1, D)
            xc = x - mu
            var = (xc**2).mean(axis=-2, keepdims=True)
            std = np.sqrt(var + self.eps)
            xn = xc / std
            if self.update_running:
                m = self.momentum
                self.running_mean = m * self.running_mean + (1 - m) * mu
                self.running_var = m * self.running_var + (1 - m) * var
            self.xc, self.xn, self.std = xc, xn, std
        else:
            xn = (x - self.running_mean) / np.sqrt(self.running_var + self.eps)
        out = self.params["gamma"] * xn + self.params["beta"]
        if self.enabled is not None:
            out = np.where(self.enabled, out, x)
        return out

    def backward(self, dout):
        n = dout.shape[-2]
        gamma = self.params["gamma"]
        dbeta = dout.sum(axis=-2, keepdims=True)
        dgamma = (self.xn * dout).sum(axis=-2, keepdims=True)
        dxn = gamma * dout
        dxc = dxn / self.std
        dstd = -((dxn * self.xc) / (self.std * self.std)).sum(axis=-2, keepdims=True)
        dvar = 0.5 * dstd / self.std
        dxc = dxc + (2.0 / n) * self.xc * dvar
        dmu = dxc.sum(axis=-2, keepdims=True)
        dx = dxc - dmu / n
        if self.enabled is not None:
            dx = np.where(self.enabled, dx, dout)
            dgamma = np.where(self.enabled, dgamma, 0)
            dbeta = np.where(self.enabled, dbeta, 0)
        self.grads["gamma"], self.grads["beta"] = dgamma, dbeta
        return dx


class Dropout:
    """Dropout (Srivastava et al. 2014; Hinton et al. 2012, arXiv 1207.0580; book 6.4.3).

    Training deletes each unit with probability ``dropout_ratio``, with a fresh mask from each
    member's own generator on every forward pass. Evaluation keeps every unit. The book scales
    outputs by the kept fraction at test time; ``inverted=True`` instead divides by it during
    training (what most frameworks do), so evaluation is the identity. Both have the same
    expected activation.
    """

    def __init__(self, dropout_ratio, rngs, inverted=False):
        self.ratio = np.asarray(dropout_ratio, dtype=np.float64)  # (T,)
        self.rngs = list(rngs)
        self.inverted = inverted
        self.params, self.grads = {}, {}
        self.hold_mask = False  # reuse the last mask: lets a gradient check see a fixed network
        self.mask = None

    def _scale(self, x):
        return member_column(1.0 - self.ratio, x.ndim).astype(x.dtype)

    def forward(self, x, train=False):
        if not train:
            return x if self.inverted else x * self._scale(x)
        if not (self.hold_mask and self.mask is not None):
            shape = x.shape[-2:]
            draws = np.stack([g.random(shape) for g in self.rngs])  # (T, N, D)
            keep = draws >= member_column(self.ratio, 3)
            self.mask = keep / self._scale(x) if self.inverted else keep.astype(x.dtype)
        return x * self.mask

    def backward(self, dout):
        return dout * self.mask


class SoftmaxWithLoss:
    """Softmax and cross-entropy, fused: stable for any logits, one loss per member.

    Labels are integers (N,) or (T, N), or one-hot (N, C) or (T, N, C); integer arrays shaped
    like (T, N) are read as labels even when T = N = C.
    """

    def __init__(self):
        self.params, self.grads = {}, {}
        self.y = self.labels = None

    @staticmethod
    def _labels(t, x):
        t = np.asarray(t)
        per_member_labels = t.shape == x.shape[:-1] and t.dtype.kind in "iu"
        if t.ndim >= 2 and t.shape == x.shape[-t.ndim :] and not per_member_labels:  # one-hot
            t = t.argmax(axis=-1)
        return np.broadcast_to(t, x.shape[:-1])  # (T, N)

    def forward(self, x, t):
        shifted = x - x.max(axis=-1, keepdims=True)
        log_sum = np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        log_y = shifted - log_sum
        self.y = np.exp(log_y)
        self.labels = self._labels(t, x)
        picked = np.take_along_axis(log_y, self.labels[..., None], axis=-1)[..., 0]  # (T, N)
        return -picked.mean(axis=-1)  # (T,)

    def backward(self, dout=1.0):
        n = self.y.shape[-2]
        index = self.labels[..., None]
        dx = self.y.copy()
        np.put_along_axis(dx, index, np.take_along_axis(dx, index, axis=-1) - 1.0, axis=-1)
        return dx * (member_column(dout, dx.ndim) / n).astype(dx.dtype)
