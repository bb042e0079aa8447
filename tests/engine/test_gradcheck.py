"""The vectorised central-difference gradient: the same numbers as the engine's entry-by-entry one."""

import numpy as np
import pytest

from generator.engine import MultiLayerNet, Relu, member_streams
from generator.engine.gradcheck import central_differences, numerical_gradient


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


def relu_signs(net, x):
    """Every ReLU input's sign (> 0) in train mode, one flat boolean array, by running the layers one by one."""
    signs, z = [], x[None]
    for layer in net.layers:
        if isinstance(layer, Relu):
            signs.append((z > 0).ravel())
        z = layer.forward(z, train=True)
    return np.concatenate(signs)


def crossings_one_by_one(net, x, h):
    """For each entry, whether any ReLU input has another sign at p + h than at p - h: two passes per entry."""
    found = {}
    for name, p in net.params.items():
        crossed = np.zeros(p.shape, dtype=bool)
        for index in np.ndindex(p.shape):
            original = p[index]
            p[index] = original + h
            plus = relu_signs(net, x)
            p[index] = original - h
            minus = relu_signs(net, x)
            p[index] = original
            crossed[index] = (plus != minus).any()
        found[name] = crossed
    return found


@pytest.mark.parametrize("batch_norm", [True, False], ids=["batchnorm", "plain"])
def test_gradcheck_kink_crossings_match_a_pass_per_entry(batch_norm):
    rng = np.random.default_rng(6)
    net = make_net(batch_norm=batch_norm)
    x, t = rng.standard_normal((6, 12)), rng.integers(0, 3, 6)
    h = 0.3  # a step large enough that many entries cross some kink, and many do not
    expected = crossings_one_by_one(net, x, h)
    found = central_differences(net, x, t, h).crosses_kink
    assert 10 < sum(int(e.sum()) for e in expected.values()) < sum(e.size for e in expected.values()) - 10
    for name in expected:
        assert np.array_equal(found[name], expected[name]), name


def test_gradcheck_kink_crossing_explains_a_large_error():
    rng = np.random.default_rng(7)
    net = make_net()
    off_kink(net, rng)
    x, t = rng.standard_normal((6, 12)), rng.integers(0, 3, 6)
    h = 1e-5
    y = net.layers[1].forward(net.layers[0].forward(x[None], train=True), train=True)  # first batch norm's output (1, N, D)
    net.params["beta1"][0, 0, 2] -= y[0, 0, 2] - h / 3  # one ReLU input now sits h/3 above its kink
    _, analytic = net.gradient(x, t)
    result = central_differences(net, x, t, h)
    assert result.crosses_kink["beta1"][0, 0, 2]
    assert not result.crosses_kink["beta1"][0, 0, [0, 1, 3, 4]].any()
    error = np.abs(result.gradient["beta1"] - analytic["beta1"])
    assert error[0, 0, 2] > 1e-3 * np.abs(analytic["beta1"]).max()
    assert error[0, 0, [0, 1, 3, 4]].max() < 1e-7
