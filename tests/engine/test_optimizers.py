import numpy as np
import pytest

from generator.engine import OPTIMIZERS, make_optimizer
from generator.errors import UserError

GRADIENTS = (0.5, 0.25)  # the gradient at the first and at the second step; p starts at 1.0

# (name, hyperparameters, p after step 1, p after step 2), worked out by hand from each update
# rule; the 1e-7 in AdaGrad/RMSprop/Adam's denominators moves these by < 1e-6.
CASES = [
    ("SGD", {"lr": 0.1}, 0.95, 0.925),  # p -= lr g
    ("Momentum", {"lr": 0.1, "momentum": 0.9}, 0.95, 0.88),  # v = -0.05, then 0.9 v - 0.025 = -0.07
    # v as Momentum; p += mu² v - (1 + mu) lr g: -0.0405 - 0.095, then -0.0567 - 0.0475
    ("Nesterov", {"lr": 0.1, "momentum": 0.9}, 0.8645, 0.7603),
    # h = 0.25: step 0.05 / 0.5; h = 0.3125: step 0.025 / sqrt(0.3125) = 0.0447213595
    ("AdaGrad", {"lr": 0.1}, 0.9, 0.8552786405),
    # h = 0.025: step 0.05 / 0.1581138830 = 0.3162277660; h = 0.02875: 0.025 / 0.1695582496 = 0.1474419561
    ("RMSprop", {"lr": 0.1, "decay_rate": 0.9}, 0.6837722340, 0.5363302779),
    # t=1: lr_t = 0.1 sqrt(0.001) / 0.1, m = 0.05, v = 0.00025: step = lr exactly.
    # t=2: lr_t = 0.1 sqrt(0.001999) / 0.19 = 0.0235316725, m = 0.07, v = 0.00031225: step 0.0932181
    ("Adam", {"lr": 0.1, "beta1": 0.9, "beta2": 0.999}, 0.9, 0.8067819),
]


@pytest.mark.parametrize("name, hyper, after_one, after_two", CASES)
def test_optimizer_two_steps_match_hand_computation(name, hyper, after_one, after_two):
    opt = make_optimizer(name, **hyper)
    params = {"W": np.ones((1, 1, 1))}
    seen = []
    for g in GRADIENTS:
        opt.update(params, {"W": np.full((1, 1, 1), g)})
        seen.append(params["W"].item())
    assert seen == pytest.approx([after_one, after_two], abs=2e-6)


def test_optimizer_registry_covers_every_class_with_book_defaults():
    defaults = {cls.name: cls.defaults for cls in OPTIMIZERS}
    assert defaults == {
        "SGD": {"lr": 0.01},
        "Momentum": {"lr": 0.01, "momentum": 0.9},
        "Nesterov": {"lr": 0.01, "momentum": 0.9},
        "AdaGrad": {"lr": 0.01},
        "RMSprop": {"lr": 0.01, "decay_rate": 0.99},
        "Adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999},
    }
    for cls in OPTIMIZERS:
        assert type(make_optimizer(cls.name.upper())) is cls


def test_optimizer_per_member_learning_rates_and_frozen_members():
    opt = make_optimizer("SGD", lr=np.array([0.1, 0.2, 0.3]))
    params = {"W": np.ones((3, 2, 2))}
    opt.update(params, {"W": np.ones((3, 2, 2))}, active=np.array([True, False, True]))
    assert params["W"][:, 0, 0].tolist() == pytest.approx([0.9, 1.0, 0.7])


def test_optimizer_keeps_float32_parameters_float32():
    for cls in OPTIMIZERS:
        params = {"W": np.ones((2, 3, 3), dtype=np.float32)}
        cls(lr=np.array([0.1, 0.2])).update(params, {"W": np.ones((2, 3, 3), dtype=np.float32)})
        assert params["W"].dtype == np.float32


@pytest.mark.parametrize("lr", [0, -0.1, float("nan")])
def test_optimizer_rejects_non_positive_learning_rate(lr):
    with pytest.raises(UserError, match="lr"):
        make_optimizer("sgd", lr=lr)


def test_optimizer_unknown_name_lists_the_valid_ones():
    with pytest.raises(UserError, match="Adam"):
        make_optimizer("adamw")
