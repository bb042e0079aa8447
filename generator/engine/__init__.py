"""The NumPy engine: layers, initialisations, optimisers, a multilayer network and a training loop.

Every array carries a leading *member* axis T. T independent networks train in lockstep as one
computation, each with its own parameters, hyperparameters and random streams; one network is
simply T = 1. Shapes: activations (T, N, D), weights (T, D_in, D_out), biases and batch-norm
parameters (T, 1, D). This package imports NumPy and nothing else of the project but
``generator.errors``.
"""

from generator.engine.init import WeightInit, init_std, parse_init
from generator.engine.layers import (
    Affine,
    BatchNormalization,
    Dropout,
    Relu,
    Sigmoid,
    SoftmaxWithLoss,
    Tanh,
)
from generator.engine.network import MultiLayerNet
from generator.engine.optimizers import OPTIMIZERS, SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop, make_optimizer
from generator.engine.streams import MemberStreams, member_streams
from generator.engine.trainer import TrainResult, train

__all__ = [
    "Affine",
    "AdaGrad",
    "Adam",
    "BatchNormalization",
    "Dropout",
    "MemberStreams",
    "Momentum",
    "MultiLayerNet",
    "Nesterov",
    "OPTIMIZERS",
    "RMSprop",
    "Relu",
    "SGD",
    "Sigmoid",
    "SoftmaxWithLoss",
    "Tanh",
    "TrainResult",
    "WeightInit",
    "init_std",
    "make_optimizer",
    "member_streams",
    "parse_init",
    "train",
]
