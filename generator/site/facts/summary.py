"""Facts of the summary page: the chapter's five points, each with what this build measured."""

from dataclasses import dataclass

import numpy as np

from generator.results import CheckedClaim
from generator.site.facts import SiteInputs, require



@dataclass(frozen=True)
class SummaryFacts:
    iterations: int
    """Updates of the MNIST optimizer comparison."""
    adam_loss_below_sgd: CheckedClaim
    adam_test: float
    sgd_test: float
    momentum_closer: CheckedClaim
    small_std: float
    small_barely_learns: CheckedClaim
    he_below_small: CheckedClaim
    he_final_loss: float
    """The He network's final loss: the small-std loss minus the claim's gap."""
    batchnorm_faster: CheckedClaim
    batchnorm_higher: CheckedClaim
    plain_fails: CheckedClaim
    n_train: int
    weight_decay: float
    dropout_ratio: float
    test_lags: CheckedClaim
    weight_decay_gap: CheckedClaim
    dropout_gap: CheckedClaim
    lr_band: CheckedClaim
    lr_band_factor: float
    """10 to the power of the band's width in decades: largest over smallest learning rate."""
    good_lr: CheckedClaim
    claims: int
    held: int


def facts(inputs: SiteInputs) -> SummaryFacts:
    claims = inputs.claims
    compare = require(inputs, "optimizer-compare")
    optimizers = compare.axes["optimizer"]
    final_test = np.nanmean(compare.metrics["test_acc"], axis=0)  # (optimizers,)
    small, he = claims["init-compare-small-barely-learns"], claims["init-compare-he-below-small"]
    overfitting = require(inputs, "overfitting").config
    band = claims["search-top-lr-narrow-band"]
    return SummaryFacts(
        iterations=compare.config["iterations"],
        adam_loss_below_sgd=claims["optimizer-compare-adam-below-sgd"],
        adam_test=float(final_test[optimizers.index("Adam")]),
        sgd_test=float(final_test[optimizers.index("SGD")]),
        momentum_closer=claims["optimizer-paths-momentum-closer"],
        small_std=require(inputs, "init-compare").config["small_std"],
        small_barely_learns=small,
        he_below_small=he,
        he_final_loss=small.value - he.value,
        batchnorm_faster=claims["batchnorm-learns-faster"],
        batchnorm_higher=claims["batchnorm-higher-final-accuracy"],
        plain_fails=claims["plain-fails-at-some-scales"],
        n_train=overfitting["n_train"],
        weight_decay=overfitting["weight_decay"],
        dropout_ratio=overfitting["dropout_ratio"],
        test_lags=claims["overfitting-test-lags"],
        weight_decay_gap=claims["weight-decay-shrinks-gap"],
        dropout_gap=claims["dropout-shrinks-gap"],
        lr_band=band,
        lr_band_factor=10**band.value,
        good_lr=claims["search-good-lr-above-0.001"],
        claims=len(claims),
        held=sum(c.holds for c in claims),
    )
