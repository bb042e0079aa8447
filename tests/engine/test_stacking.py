import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.engine.stacking import in_stacks


def train_members(keys, progress=None):
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((40, 12)).astype(np.float32), rng.integers(0, 3, 40)
    streams = [member_streams(*key) for key in keys]
    net = MultiLayerNet(12, [8, 8], 3, streams=streams, dropout_ratio=0.2, weight_decay=[0.01 * k[1] for k in keys],
                        dtype=np.float32)
    result = train(net, make_optimizer("sgd", lr=[0.05 + 0.01 * k[1] for k in keys]), x, t, streams=streams,
                   batch_size=10, epochs=3, evaluate={"train": (x, t)}, on_epoch=progress)
    return {"loss": result.loss, "acc": result.accuracy["train"], "W1": net.params["W1"]}


def test_in_stacks_gives_every_member_the_same_bits_in_any_stack_size():
    keys = [(7, member) for member in range(5)]
    whole = train_members(keys)
    for size in (1, 2, 4):
        split = in_stacks(keys, train_members, size=size)
        for name in whole:
            assert np.array_equal(split[name], whole[name]), (size, name)


def test_in_stacks_reports_the_whole_run_once_complete():
    seen = []
    in_stacks([(0, m) for m in range(5)], train_members, lambda done, total: seen.append((done, total)), size=2)
    assert seen == sorted(seen) and seen[-1] == (3, 3)
    assert sum(done == total for done, total in seen) == 1
