import numpy as np
import pytest

from generator.experiments import optimizer_compare
from generator.plot.common import power_of_ten, smooth_curve, smoothed_losses, span_text
from tests.support import load, quick_results, with_metrics


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load(quick_results(tmp_path_factory, (optimizer_compare.EXPERIMENT,)), "optimizer-compare")


def test_smooth_curve_keeps_length_and_constants():
    assert np.allclose(smooth_curve(np.full(50, 3.0)), 3.0)
    assert smooth_curve(np.arange(2000.0)).shape == (2000,)
    x = np.arange(40.0)
    assert np.allclose(smooth_curve(x)[10:30], x[10:30])  # a symmetric window leaves a line alone


def test_smooth_curve_short_curve_gets_a_narrower_window():
    x = np.array([1.0, 5.0, 1.0, 5.0, 1.0])
    smooth = smooth_curve(x)
    assert smooth.shape == x.shape and smooth.max() < 5.0
    assert np.array_equal(smooth_curve(np.array([2.0, 4.0])), [2.0, 4.0])


def test_smoothed_losses_leave_diverged_seed_nan_from_divergence_on(result):
    loss = np.array(result.metrics.loss, dtype=np.float64)
    diverged_at = np.array(result.metrics.diverged_at)
    loss[1, 2, 7:] = np.nan
    diverged_at[1, 2] = 8
    smooth, diverged = smoothed_losses(with_metrics(result, loss=loss, diverged_at=diverged_at), 2)
    assert diverged.tolist() == [False, True]
    assert np.isfinite(smooth[1, :7]).all() and np.isnan(smooth[1, 7:]).all()
    assert np.isfinite(smooth[0]).all()


def test_power_of_ten_writes_the_exponent_in_superscript():
    assert power_of_ten(1e-6) == "10⁻⁶"
    assert power_of_ten(1e-8) == "10⁻⁸"
    assert power_of_ten(100.0) == "10²"


def test_span_text_gives_one_number_or_a_range():
    assert span_text(np.array([3, 3])) == "3"
    assert span_text(np.array([4, 2, 3])) == "2–4"
