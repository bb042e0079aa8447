"""The vectorised central-difference gradient: the same numbers as the engine's entry-by-entry one."""

import numpy as np
import pytest

from generator.engine import MultiLayerNet, member_streams
from generator.engine.gradcheck import numerical_gradient


def make_net(**overrides):
    settings = {"activation": "relu", "batch_norm": True, **overrides}
    return MultiLayerNet(12, [5, 4], 3, streams=[member_streams(0)], **settings)


def off_kink(net, rng):
    """Biases and gammas moved off 0 and 1, so ReLU inputs sit away from the kink."""
    for name, p in net.params.items():
        if name[0] in "bg":
            p += rng.uniform(0.1, 0.3, p.shape)


@pytest.mark.parametrize(
    "overrides",
    [{}, {"activation": "sigmoid", "batch_norm": False, "weight_init": "xavier"}, {"activation": "tanh", "weight_init": 0.5}],
    ids=["relu-batchnorm", "sigmoid", "tanh-batchnorm"],
)
def test_gradcheck_matches_engine_numerical_gradient_entry_by_entry(overrides):
    rng = np.random.default_rng(3)
    net = make_net(**overrides)
    off_kink(net, rng)
    x, t = rng.standard_normal((6, 12)), rng.integers(0, 3, 6)
    x[:, 2] = 0  # an input blank in the whole batch, like MNIST's border pixels
    slow = net.numerical_gradient(x, t, h=1e-5)
    fast = numerical_gradient(net, x, t, h=1e-5)
    scale = max(np.abs(g).max() for g in slow.values())
    assert set(fast) == set(slow)
    for name in slow:
        assert fast[name].shape == slow[name].shape
        assert np.abs(fast[name] - slow[name]).max() < 1e-8 * scale, name


def test_gradcheck_leaves_batchnorm_running_statistics_alone():
    rng = np.random.default_rng(4)
    net = make_net()
    x, t = rng.standard_normal((6, 12)), rng.integers(0, 3, 6)
    norms = [layer for layer in net.layers if hasattr(layer, "running_mean")]
    before = [(n.running_mean.copy(), n.running_var.copy()) for n in norms]
    numerical_gradient(net, x, t)
    for norm, (mean, var) in zip(norms, before):
        assert np.array_equal(norm.running_mean, mean) and np.array_equal(norm.running_var, var)
        assert norm.update_running


@pytest.mark.parametrize("overrides", [{"weight_decay": 0.1}, {"dropout_ratio": 0.2}], ids=["weight-decay", "dropout"])
def test_gradcheck_unsupported_network_is_refused(overrides):
    rng = np.random.default_rng(5)
    with pytest.raises(ValueError):
        numerical_gradient(make_net(**overrides), rng.standard_normal((4, 12)), rng.integers(0, 3, 4))
