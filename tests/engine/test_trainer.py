import numpy as np
import pytest

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.errors import UserError


def blobs(n=120, d=8, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((classes, d)) * 2
    t = rng.integers(0, classes, n)
    return centres[t] + rng.standard_normal((n, d)), t


def run(keys, seed=0, optimizer="sgd", lr=0.1, epochs=3, **settings):
    """Train the members ``keys`` of ``seed`` in one stack; per-member settings are lists over keys."""
    x, t = blobs()
    streams = [member_streams(seed, k) for k in keys]
    net = MultiLayerNet(8, [16, 16], 3, streams=streams, **settings)
    opt = make_optimizer(optimizer, lr=lr)
    result = train(net, opt, x, t, streams=streams, batch_size=20, epochs=epochs, evaluate={"train": (x, t)})
    return net, result


def test_train_same_seed_is_bit_for_bit_and_other_seed_differs():
    _, a = run([0, 1], seed=3, dropout_ratio=0.2, batch_norm=True)
    _, b = run([0, 1], seed=3, dropout_ratio=0.2, batch_norm=True)
    _, c = run([0, 1], seed=4, dropout_ratio=0.2, batch_norm=True)
    assert np.array_equal(a.loss, b.loss) and np.array_equal(a.accuracy["train"], b.accuracy["train"])
    assert not np.array_equal(a.loss, c.loss)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adagrad", "adam"])
def test_train_stacked_equals_each_member_alone(optimizer):
    keys = [0, 1, 2]
    per_member = {
        "weight_init": ["he", 0.05, "xavier"],
        "batch_norm": [True, False, True],
        "dropout_ratio": [0.0, 0.3, 0.15],
        "weight_decay": [0.0, 0.01, 0.1],
    }
    lrs = np.array([0.05, 0.1, 0.02])
    stacked_net, stacked = run(keys, optimizer=optimizer, lr=lrs, **per_member)
    for i, key in enumerate(keys):
        alone_net, alone = run([key], optimizer=optimizer, lr=lrs[i], **{k: v[i] for k, v in per_member.items()})
        assert np.allclose(stacked.loss[i], alone.loss[0], rtol=1e-10, atol=1e-12)
        assert np.allclose(stacked.accuracy["train"][i], alone.accuracy["train"][0])
        for name, p in alone_net.params.items():
            if name in stacked_net.params:
                assert np.allclose(stacked_net.params[name][i], p[0], rtol=1e-9, atol=1e-12)


def test_train_counts_whole_epochs_and_evaluates_before_and_after_each():
    _, result = run([0], epochs=4)
    assert result.iterations_per_epoch == 6  # 120 samples, batches of 20
    assert result.loss.shape == (1, 24)
    assert result.eval_epochs.tolist() == [0, 1, 2, 3, 4]
    assert result.accuracy["train"][0, -1] > result.accuracy["train"][0, 0]


def test_train_diverged_member_is_recorded_and_frozen_while_others_learn():
    # a step of 1e10 on the decay term multiplies the weights by about -1e10 each iteration
    net, result = run([0, 1], lr=np.array([1e10, 0.1]), weight_decay=[1.0, 0.0], epochs=4)
    assert result.diverged.tolist() == [True, False]
    at = result.diverged_at[0]
    assert 1 <= at <= result.loss.shape[1]
    assert np.isnan(result.loss[0, at - 1 :]).all() and np.isfinite(result.loss[0, : at - 1]).all()
    assert np.isfinite(result.loss[1]).all() and result.accuracy["train"][1, -1] > 0.8


def test_train_rejects_bad_batch_size_and_missing_length():
    with pytest.raises(UserError, match="batch_size"):
        x, t = blobs()
        streams = [member_streams(0, 0)]
        net = MultiLayerNet(8, [4], 3, streams=streams)
        train(net, make_optimizer("sgd"), x, t, streams=streams, batch_size=0, epochs=1)
    with pytest.raises(UserError, match="epochs or iterations"):
        train(net, make_optimizer("sgd"), x, t, streams=streams, batch_size=10)


@pytest.mark.slow
def test_train_mnist_reaches_90_percent_held_out_in_three_epochs():
    from generator.data import load_dataset

    data = load_dataset("mnist-10k", dtype=np.float32)
    streams = [member_streams(0, 0)]
    net = MultiLayerNet(784, [100, 100], 10, streams=streams, dtype=np.float32)
    result = train(net, make_optimizer("sgd", lr=0.1), data.x_train, data.y_train, streams=streams,
                   batch_size=100, epochs=3, evaluate={"test": (data.x_test, data.y_test)})
    assert result.accuracy["test"][0, -1] >= 0.90
    assert result.accuracy["test"][0, 0] < 0.2  # it learned: an untrained network guesses
