"""The book-style reference library for ``make bench``: layers, network, optimizers and training loop written the way the book writes code.

float64, one network at a time, layers in an OrderedDict, parameters and gradients in dicts
updated key by key, and the loops of the chapter-6 scripts (book: common/layers.py,
common/multi_layer_net_extend.py, common/optimizer.py, common/gradient.py, ch06/*.py). It is a
baseline to time the engine against and never feeds a result. Every workload takes its sizes,
variants, iterations, batch sizes and evaluation sets from the experiment's config, so both sides
do the same work. Deviations from the book, each for a fair comparison or for determinism:

- every random draw comes from the ``np.random.Generator`` passed in, never ``np.random`` globals;
- ``gradient`` keeps the loss of its own forward pass in ``last_loss``: the book's scripts call
  ``loss`` again after each update, an extra forward pass the experiments do not make;
- epochs are whole numbers of ``N // batch_size`` iterations, with an evaluation before training
  and after every epoch, as the experiments count them;
- what the experiments add to the book (Nesterov, RMSprop, a second search round, final test
  accuracies, the activations' statistics) is done here too.

Kept as the book has it: mini-batches drawn with replacement, the first layer's input gradient
computed, the weight-decay term added even when λ = 0, and Relu writing into ``dout``.
"""

from collections import OrderedDict

import numpy as np


EPS = 1e-7


# Layers (book 5.5-5.6, 6.3, 6.4): 2-D activations (N, D), no member axis.


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


class Tanh:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out**2)


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = self.dW = self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + EPS)) / batch_size


class SoftmaxWithLoss:
    def __init__(self):
        self.y = self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        return cross_entropy_error(self.y, t)

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(batch_size), self.t] -= 1
        return dx * dout / batch_size


class BatchNormalization:
    def __init__(self, gamma, beta, momentum=0.9):
        self.gamma, self.beta = gamma, beta
        self.momentum = momentum
        self.running_mean = self.running_var = None
        self.batch_size = self.xc = self.xn = self.std = None
        self.dgamma = self.dbeta = None

    def forward(self, x, train=False):
        if self.running_mean is None:
            self.running_mean = np.zeros(x.shape[1])
            self.running_var = np.zeros(x.shape[1])
        if train:
            mu = x.mean(axis=0)
            xc = x - mu
            var = np.mean(xc**2, axis=0)
            std = np.sqrt(var + 10e-7)
            xn = xc / std
            self.batch_size, self.xc, self.xn, self.std = x.shape[0], xc, xn, std
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        else:
            xn = (x - self.running_mean) / np.sqrt(self.running_var + 10e-7)
        return self.gamma * xn + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(self.xn * dout, axis=0)
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)
        dvar = 0.5 * dstd / self.std
        dxc += (2.0 / self.batch_size) * self.xc * dvar
        dmu = np.sum(dxc, axis=0)
        return dxc - dmu / self.batch_size


class Dropout:
    def __init__(self, dropout_ratio, rng):
        self.dropout_ratio = dropout_ratio
        self.rng = rng
        self.mask = None

    def forward(self, x, train=False):
        if train:
            self.mask = self.rng.random(x.shape) > self.dropout_ratio
            return x * self.mask
        return x * (1.0 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask


def numerical_gradient(f, x, h=1e-4):
    """Central differences of f with respect to every entry of ``x``, one entry at a time (book 4.4)."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    return grad


class MultiLayerNetExtend:
    """The book's fully connected network with weight decay, dropout and batch norm (common/multi_layer_net_extend.py)."""

    def __init__(
        self,
        input_size,
        hidden_size_list,
        output_size,
        rng,
        activation="relu",
        weight_init_std="relu",
        weight_decay_lambda=0,
        use_dropout=False,
        dropout_ratio=0.5,
        use_batchnorm=False,
    ):
        self.input_size = input_size
        self.output_size = output_size
        self.hidden_size_list = list(hidden_size_list)
        self.hidden_layer_num = len(self.hidden_size_list)
        self.use_dropout = use_dropout
        self.weight_decay_lambda = weight_decay_lambda
        self.use_batchnorm = use_batchnorm
        self.params = {}
        self.last_loss = None
        self.__init_weight(weight_init_std, rng)

        activation_layer = {"sigmoid": Sigmoid, "relu": Relu, "tanh": Tanh}
        self.layers = OrderedDict()
        for idx in range(1, self.hidden_layer_num + 1):
            self.layers[f"Affine{idx}"] = Affine(self.params[f"W{idx}"], self.params[f"b{idx}"])
            if self.use_batchnorm:
                self.params[f"gamma{idx}"] = np.ones(self.hidden_size_list[idx - 1])
                self.params[f"beta{idx}"] = np.zeros(self.hidden_size_list[idx - 1])
                self.layers[f"BatchNorm{idx}"] = BatchNormalization(self.params[f"gamma{idx}"], self.params[f"beta{idx}"])
            self.layers[f"Activation_function{idx}"] = activation_layer[activation]()
            if self.use_dropout:
                self.layers[f"Dropout{idx}"] = Dropout(dropout_ratio, rng)
        idx = self.hidden_layer_num + 1
        self.layers[f"Affine{idx}"] = Affine(self.params[f"W{idx}"], self.params[f"b{idx}"])
        self.last_layer = SoftmaxWithLoss()

    def __init_weight(self, weight_init_std, rng):
        all_size_list = [self.input_size] + self.hidden_size_list + [self.output_size]
        for idx in range(1, len(all_size_list)):
            scale = weight_init_std
            if str(weight_init_std).lower() in ("relu", "he"):
                scale = np.sqrt(2.0 / all_size_list[idx - 1])
            elif str(weight_init_std).lower() in ("sigmoid", "xavier"):
                scale = np.sqrt(1.0 / all_size_list[idx - 1])
            self.params[f"W{idx}"] = scale * rng.standard_normal((all_size_list[idx - 1], all_size_list[idx]))
            self.params[f"b{idx}"] = np.zeros(all_size_list[idx])

    def predict(self, x, train=False):
        for key, layer in self.layers.items():
            if "Dropout" in key or "BatchNorm" in key:
                x = layer.forward(x, train)
            else:
                x = layer.forward(x)
        return x

    def loss(self, x, t, train=False):
        y = self.predict(x, train)
        weight_decay = 0
        for idx in range(1, self.hidden_layer_num + 2):
            W = self.params[f"W{idx}"]
            weight_decay += 0.5 * self.weight_decay_lambda * np.sum(W**2)
        return self.last_layer.forward(y, t) + weight_decay

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x, train=False), axis=1)
        return np.sum(y == t) / float(x.shape[0])

    def numerical_gradient(self, x, t, h=1e-4):
        def loss_W(W):
            return self.loss(x, t, train=True)

        grads = {}
        for idx in range(1, self.hidden_layer_num + 2):
            grads[f"W{idx}"] = numerical_gradient(loss_W, self.params[f"W{idx}"], h)
            grads[f"b{idx}"] = numerical_gradient(loss_W, self.params[f"b{idx}"], h)
            if self.use_batchnorm and idx != self.hidden_layer_num + 1:
                grads[f"gamma{idx}"] = numerical_gradient(loss_W, self.params[f"gamma{idx}"], h)
                grads[f"beta{idx}"] = numerical_gradient(loss_W, self.params[f"beta{idx}"], h)
        return grads

    def gradient(self, x, t):
        self.last_loss = self.loss(x, t, train=True)
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers.values()):
            dout = layer.backward(dout)
        grads = {}
        for idx in range(1, self.hidden_layer_num + 2):
            affine = self.layers[f"Affine{idx}"]
            grads[f"W{idx}"] = affine.dW + self.weight_decay_lambda * self.params[f"W{idx}"]
            grads[f"b{idx}"] = affine.db
            if self.use_batchnorm and idx != self.hidden_layer_num + 1:
                grads[f"gamma{idx}"] = self.layers[f"BatchNorm{idx}"].dgamma
                grads[f"beta{idx}"] = self.layers[f"BatchNorm{idx}"].dbeta
        return grads


# Optimizers (book 6.1, common/optimizer.py): state in dicts keyed like params.


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params.keys():
            params[key] -= self.lr * grads[key]


class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]


class Nesterov:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            self.v[key] *= self.momentum
            self.v[key] -= self.lr * grads[key]
            params[key] += self.momentum * self.momentum * self.v[key]
            params[key] -= (1 + self.momentum) * self.lr * grads[key]


class AdaGrad:
    def __init__(self, lr=0.01):
        self.lr = lr
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + EPS)


class RMSprop:
    def __init__(self, lr=0.01, decay_rate=0.99):
        self.lr, self.decay_rate = lr, decay_rate
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            self.h[key] *= self.decay_rate
            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + EPS)


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.iter = 0
        self.m = self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m = {key: np.zeros_like(val) for key, val in params.items()}
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)
        for key in params.keys():
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + EPS)


OPTIMIZERS = {cls.__name__: cls for cls in (SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam)}


def train_networks(networks, x_train, t_train, rng, *, batch_size, iterations=None, epochs=None, evaluate=()):
    """The chapter-6 scripts' loop: each network, with its own optimizer, steps on the same mini-batch.

    ``networks`` maps a name to (network, optimizer). With ``epochs``, every network's accuracy on
    each (x, t) of ``evaluate`` is measured before training and after each epoch.
    Returns (train_loss {name: [loss per iteration]}, accuracy {name: [[per set] per evaluation]}).
    """
    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size // batch_size, 1)
    max_iterations = iterations if epochs is None else epochs * iter_per_epoch
    train_loss = {key: [] for key in networks}
    accuracy = {key: [] for key in networks}

    def record():
        for key, (network, _) in networks.items():
            accuracy[key].append([network.accuracy(x, t) for x, t in evaluate])

    if epochs is not None:
        record()
    for i in range(max_iterations):
        batch_mask = rng.choice(train_size, batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        for key, (network, optimizer) in networks.items():
            grads = network.gradient(x_batch, t_batch)
            optimizer.update(network.params, grads)
            train_loss[key].append(network.last_loss)
        if epochs is not None and (i + 1) % iter_per_epoch == 0:
            record()
    return train_loss, accuracy


def float64_data(data, n_train=None):
    """(x_train, t_train, x_test, t_test), images in float64, the first ``n_train`` training images."""
    n = len(data.x_train) if n_train is None else n_train
    return data.x_train[:n].astype(np.float64), data.y_train[:n], data.x_test.astype(np.float64), data.y_test
