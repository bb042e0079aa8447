import numpy as np
import pytest

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.errors import UserError
from tests.engine.gradcheck import relative_error

N_IN, N_OUT = 6, 4


def make_net(members=2, seed=0, **overrides):
    settings = {"hidden_sizes": [5, 5], "activation": "relu", "weight_init": "he", **overrides}
    streams = [member_streams(seed, k) for k in range(members)]
    return MultiLayerNet(N_IN, settings.pop("hidden_sizes"), N_OUT, streams=streams, **settings), streams


def batch(rng, n=6):
    return rng.standard_normal((n, N_IN)), rng.integers(0, N_OUT, n)


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"activation": "sigmoid", "weight_init": "xavier"},
        {"activation": "tanh", "weight_init": 0.5},
        {"batch_norm": True},
        {"batch_norm": [True, False]},
        {"dropout_ratio": [0.3, 0.5]},
        {"dropout_ratio": 0.2, "inverted_dropout": True, "batch_norm": True},
        {"weight_decay": [0.1, 0.01]},
    ],
    ids=["relu", "sigmoid", "tanh", "batchnorm", "batchnorm-per-member", "dropout", "inverted-dropout-bn", "weight-decay"],
)
def test_network_gradient_matches_numerical(overrides):
    rng = np.random.default_rng(7)
    net, _ = make_net(**overrides)
    for name, p in net.params.items():
        if name[0] in "bg":  # non-zero biases (and gammas != 1) keep ReLU inputs off the kink at 0
            p += rng.uniform(0.1, 0.3, p.shape)
    x, t = batch(rng)
    _, grads = net.gradient(x, t)  # draws the dropout masks the numerical pass then holds
    numerical = net.numerical_gradient(x, t, h=1e-5)
    assert set(grads) == set(numerical) == set(net.params)
    for name in net.params:
        if name[0] == "b" and f"gamma{name[1:]}" in net.params and overrides.get("batch_norm") is True:
            # batch norm subtracts the batch mean, so a bias just before it has no effect at all
            assert np.abs(grads[name]).max() < 1e-12 and np.abs(numerical[name]).max() < 1e-8
            continue
        error = relative_error(grads[name], numerical[name])
        assert error < 1e-6, f"{name}: relative error {error:.2e}"
        assert np.any(grads[name] != 0), f"{name}: gradient all zero"


def test_network_weight_decay_adds_exactly_half_lambda_norm_and_lambda_w():
    rng = np.random.default_rng(3)
    x, t = batch(rng)
    plain, _ = make_net()
    decayed, _ = make_net(weight_decay=[0.1, 0.3])
    loss_plain, grads_plain = plain.gradient(x, t)
    loss_decayed, grads_decayed = decayed.gradient(x, t)
    lam = np.array([0.1, 0.3])
    norms = sum((plain.params[f"W{i}"] ** 2).sum(axis=(1, 2)) for i in (1, 2, 3))
    assert np.allclose(loss_decayed - loss_plain, 0.5 * lam * norms, rtol=1e-12, atol=0)
    for name in plain.params:
        extra = lam[:, None, None] * plain.params[name] if name.startswith("W") else 0
        assert np.allclose(grads_decayed[name] - grads_plain[name], extra, rtol=1e-10, atol=1e-14)


def test_network_same_seed_same_weights_bit_for_bit_and_different_seed_differs():
    a, _ = make_net(seed=5)
    b, _ = make_net(seed=5)
    c, _ = make_net(seed=6)
    for name in a.params:
        assert np.array_equal(a.params[name], b.params[name])
    assert not np.array_equal(a.params["W1"], c.params["W1"])


def test_network_member_weights_do_not_depend_on_stack_neighbours():
    stacked, _ = make_net(members=3, weight_init=["he", 0.1, "xavier"])
    alone = MultiLayerNet(N_IN, [5, 5], N_OUT, streams=[member_streams(0, 1)], weight_init=0.1)
    assert np.array_equal(stacked.params["W2"][1], alone.params["W2"][0])


def test_network_zero_init_gives_zero_weights_and_equal_units():
    net, _ = make_net(weight_init="zero")
    assert not any(np.any(net.params[f"W{i}"]) for i in (1, 2, 3))
    net, _ = make_net(weight_init="constant:0.5")
    assert np.all(net.params["W1"] == 0.5)


@pytest.mark.parametrize(
    "field, overrides",
    [
        ("hidden_sizes", {"hidden_sizes": [5, 0]}),
        ("dropout_ratio", {"dropout_ratio": 1.0}),
        ("dropout_ratio", {"dropout_ratio": -0.1}),
        ("weight_decay", {"weight_decay": -1.0}),
        ("weight_init", {"weight_init": "glorot"}),
        ("weight_init", {"weight_init": -0.01}),
        ("activation", {"activation": "gelu"}),
        ("batch_norm", {"batch_norm": [True, False, True]}),
    ],
)
def test_network_rejects_impossible_settings_naming_the_field(field, overrides):
    with pytest.raises(UserError, match=field):
        make_net(**overrides)


def test_network_float32_stays_float32_through_training():
    rng = np.random.default_rng(0)
    net, streams = make_net(dtype=np.float32, batch_norm=True, dropout_ratio=0.1)
    x, t = batch(rng, 40)
    train(net, make_optimizer("adam"), x.astype(np.float32), t, streams=streams, batch_size=10, epochs=2)
    assert all(p.dtype == np.float32 for p in net.params.values())
    assert net.predict(x.astype(np.float32)).dtype == np.float32
