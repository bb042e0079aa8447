import numpy as np
import pytest

from generator.engine import Affine, BatchNormalization, Dropout, Relu, Sigmoid, SoftmaxWithLoss, Tanh, member_streams
from tests.engine.gradcheck import check_layer, numeric, relative_error

T, N, D, H = 2, 5, 4, 3


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def make_layer(name, rng):
    if name == "affine":
        return Affine(rng.standard_normal((T, D, H)), rng.standard_normal((T, 1, H)))
    if name == "batchnorm":
        return BatchNormalization(rng.uniform(0.5, 1.5, (T, 1, D)), rng.standard_normal((T, 1, D)))
    if name == "dropout":
        layer = Dropout([0.3, 0.5], [member_streams(0, k).dropout for k in range(T)])
        layer.forward(np.ones((T, N, D)), train=True)
        layer.hold_mask = True
        return layer
    return {"relu": Relu, "sigmoid": Sigmoid, "tanh": Tanh}[name]()


@pytest.mark.parametrize("name", ["affine", "relu", "sigmoid", "tanh", "batchnorm", "dropout"])
def test_layer_gradients_match_central_differences(name, rng):
    layer = make_layer(name, rng)
    x = rng.standard_normal((T, N, D))
    if name == "relu":
        x += np.sign(x) * 0.1  # keep every input away from the kink at 0
    for key, error, analytic in check_layer(layer, x, rng):
        assert error < 1e-6, f"{name}.{key}: relative error {error:.2e}"
        assert np.count_nonzero(analytic) > analytic.size // 4, f"{name}.{key}: gradient mostly zero"


def test_softmax_with_loss_gradient_matches_central_differences(rng):
    layer = SoftmaxWithLoss()
    x = rng.standard_normal((T, N, 10))
    labels = rng.integers(0, 10, N)
    weights = rng.uniform(0.5, 2.0, T)  # a random upstream gradient, one per member's loss
    layer.forward(x, labels)
    dx = layer.backward(weights)
    num = numeric(lambda: float((layer.forward(x, labels) * weights).sum()), x)
    assert relative_error(dx, num) < 1e-6
    assert np.count_nonzero(dx) == dx.size


def test_softmax_with_loss_one_hot_and_integer_labels_agree(rng):
    x = rng.standard_normal((T, N, 10))
    labels = rng.integers(0, 10, N)
    one_hot = np.eye(10)[labels]
    assert np.array_equal(SoftmaxWithLoss().forward(x, labels), SoftmaxWithLoss().forward(x, one_hot))


def test_softmax_with_loss_large_logits_stay_finite():
    x = np.array([[[1000.0, -1000.0, 0.0]]])
    layer = SoftmaxWithLoss()
    assert np.isfinite(layer.forward(x, np.array([1]))).all()
    assert np.isfinite(layer.backward()).all()


def test_batchnorm_eval_uses_running_statistics(rng):
    layer = make_layer("batchnorm", rng)
    for _ in range(30):
        layer.forward(rng.normal(3.0, 2.0, (T, 50, D)), train=True)
    x = rng.normal(3.0, 2.0, (T, 7, D))
    expected = layer.params["gamma"] * (x - layer.running_mean) / np.sqrt(layer.running_var + layer.eps) + layer.params["beta"]
    assert np.allclose(layer.forward(x, train=False), expected)
    assert np.allclose(layer.running_mean, 3.0, atol=0.5)
    # evaluation is per sample: one sample alone gives the same output as inside a batch
    assert np.allclose(layer.forward(x[:, :1], train=False), expected[:, :1])


def test_batchnorm_disabled_member_passes_input_through(rng):
    layer = BatchNormalization(np.ones((T, 1, D)) * 2, np.ones((T, 1, D)), enabled=[True, False])
    x = rng.standard_normal((T, N, D))
    out = layer.forward(x, train=True)
    assert np.array_equal(out[1], x[1]) and not np.allclose(out[0], x[0])
    dout = rng.standard_normal(out.shape)
    dx = layer.backward(dout)
    assert np.array_equal(dx[1], dout[1]) and not np.any(layer.grads["gamma"][1])


@pytest.mark.parametrize("inverted", [False, True])
def test_dropout_eval_is_deterministic_and_matches_expected_scale(inverted, rng):
    layer = Dropout([0.2, 0.6], [member_streams(1, k).dropout for k in range(T)], inverted=inverted)
    x = rng.standard_normal((T, 200, 50))
    first, second = layer.forward(x, train=False), layer.forward(x, train=False)
    assert np.array_equal(first, second)
    kept_fraction = np.array([0.8, 0.4])[:, None, None]
    assert np.allclose(first, x if inverted else x * kept_fraction)
    # the training-time mean matches the evaluation output on average
    train_mean = np.mean([layer.forward(np.ones((T, 200, 50)), train=True).mean(axis=(1, 2)) for _ in range(20)], axis=0)
    eval_mean = layer.forward(np.ones((T, 200, 50)), train=False).mean(axis=(1, 2))
    assert np.allclose(train_mean, eval_mean, rtol=0.02)


def test_dropout_draws_a_fresh_mask_each_training_pass(rng):
    layer = make_layer("dropout", rng)
    layer.hold_mask = False
    x = np.ones((T, N, 40))
    assert not np.array_equal(layer.forward(x, train=True), layer.forward(x, train=True))


def test_softmax_with_loss_square_integer_labels_are_not_read_as_one_hot(rng):
    x = rng.standard_normal((3, 3, 3))  # T = N = C
    labels = rng.integers(0, 3, (3, 3))
    losses = SoftmaxWithLoss().forward(x, labels)
    for member in range(3):
        assert losses[member] == SoftmaxWithLoss().forward(x[member : member + 1], labels[member])[0]
