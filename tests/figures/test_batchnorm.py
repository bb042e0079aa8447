import numpy as np
import pytest

from generator.experiments import batchnorm_gradcheck, batchnorm_sweep
from generator.figures import batchnorm
from generator.results import load_results
from tests.figures.common import REPO, SEEDS, check_section_page, quick_results, render_pages, with_metrics

EXPERIMENTS = (batchnorm_sweep.EXPERIMENT, batchnorm_gradcheck.EXPERIMENT)


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    return quick_results(tmp_path_factory, EXPERIMENTS)


@pytest.fixture(scope="module")
def results(results_dir):
    return load_results(results_dir)


def with_plain_diverged(result, scale=0, seed=1, iteration=None):
    """The sweep result with one plain network diverged at ``iteration`` (default: in epoch 2)."""
    config = result.config
    per_epoch = config["n_train"] // config["batch_size"]
    iteration = per_epoch + 1 if iteration is None else iteration
    m = result.metrics
    acc = np.array(m.train_acc, dtype=np.float64)
    diverged_at = np.array(m.diverged_at)
    plain = batchnorm_sweep.VARIANTS.index("plain")
    epoch = -(-iteration // per_epoch)
    acc[seed, scale, plain, epoch:] = np.nan
    diverged_at[seed, scale, plain] = iteration
    test = np.array(m.test_acc, dtype=np.float64)
    test[seed, scale, plain] = np.nan
    return with_metrics(result, train_acc=acc, diverged_at=diverged_at, test_acc=test)


def test_orders_are_the_ones_templates_index_by():
    # templates/*/batch-norm.md.j2 index the variant axis with V and rebuild the parameter names
    assert batchnorm_sweep.VARIANTS == ("batch-norm", "plain")
    assert batchnorm_gradcheck.param_names(2) == (
        "W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3")
    for lang in ("ko", "en"):
        text = (REPO / "templates" / lang / "batch-norm.md.j2").read_text()
        assert '{% set V = {"batch-norm": 0, "plain": 1} %}' in text
        assert '["W%d" % i, "b%d" % i, "gamma%d" % i, "beta%d" % i]' in text
        assert '["W%d" % (layers + 1), "b%d" % (layers + 1)]' in text


def test_sweep_curves_has_a_panel_per_scale_titled_with_its_std(results):
    result = results["batchnorm-sweep"]
    fig = batchnorm.draw_sweep_curves(result, "en")
    titles = [ax.title.get_text() for ax in fig.axes if ax.get_visible()]
    assert titles == [f"W std = {s:.2g}" for s in result.metrics.scales[0]]


def test_sweep_curves_data_has_a_row_per_scale_variant_seed_and_epoch(results):
    result = results["batchnorm-sweep"]
    header, rows = batchnorm.data_sweep_curves(result)
    assert header == ["weight_std", "variant", "seed", "epoch", "train_acc", "diverged_at_epoch"]
    config = result.config
    assert len(rows) == config["n_scales"] * 2 * len(SEEDS) * (config["epochs"] + 1)
    assert rows[0][:4] == [1.0, "batch-norm", 0, 0]
    assert rows[0][4] == pytest.approx(result.metrics.train_acc[0, 0, 0, 0])


def test_diverged_epoch_counts_the_epoch_the_iteration_falls_in(results):
    result = results["batchnorm-sweep"]
    per_epoch = result.config["n_train"] // result.config["batch_size"]
    for iteration, epoch in ((1, 1), (per_epoch, 1), (per_epoch + 1, 2)):
        fake = with_plain_diverged(result, iteration=iteration)
        assert batchnorm.diverged_epoch(fake)[1, 0, 1] == epoch
        assert batchnorm.diverged_epoch(fake)[0, 0, 1] == 0


def test_sweep_curves_marks_divergence_and_never_draws_it_as_a_number(results):
    fake = with_plain_diverged(results["batchnorm-sweep"])
    fig = batchnorm.draw_sweep_curves(fake, "en")
    first = fig.axes[0]
    assert any("no BN: diverged at epoch 2" in t.get_text() and "1/2 seeds" in t.get_text() for t in first.texts)
    crosses = [line for line in first.lines if line.get_marker() == "x"]
    assert len(crosses) == 1 and crosses[0].get_xdata()[0] == 2
    dashed = next(line for line in first.lines if line.get_linestyle() == "--" and len(line.get_xdata()) > 2)
    y = np.asarray(dashed.get_ydata(), dtype=np.float64)
    assert np.isfinite(y[:2]).all() and np.isnan(y[2:]).all()  # the mean breaks where a seed diverged


def test_sweep_final_puts_diverged_networks_in_their_own_strip(results):
    fake = with_plain_diverged(results["batchnorm-sweep"])
    fig = batchnorm.draw_sweep_final(fake, "en")
    ax = fig.axes[0]
    crosses = [line for line in ax.lines if line.get_marker() == "x"]
    assert len(crosses) == 1 and crosses[0].get_ydata()[0] < 0
    assert any(t.get_text() == "1/2" for t in ax.texts)
    header, rows = batchnorm.data_sweep_final(fake)
    row = next(r for r in rows if r[1] == "plain" and r[2] == 1 and r[0] == 1.0)
    assert np.isnan(row[3]) and row[5] == 2


def test_gradcheck_data_marks_the_biases_before_batch_norm(results):
    result = results["batchnorm-gradcheck"]
    header, rows = batchnorm.data_gradcheck_errors(result)
    assert header[:4] == ["seed", "parameter", "entries", "zero_by_design"]
    names = batchnorm_gradcheck.param_names(len(result.config["hidden_sizes"]))
    assert len(rows) == len(SEEDS) * len(names)
    assert [r[1] for r in rows[: len(names)]] == list(names)
    assert {r[1] for r in rows if r[3]} == {"b1", "b2"}
    assert rows[0][4] == pytest.approx(result.metrics.max_rel_error[0, 0])


def test_gradcheck_nonzero_data_has_both_batch_sizes(results):
    result = results["batchnorm-gradcheck"]
    header, rows = batchnorm.data_gradcheck_nonzero(result)
    assert header == ["seed", "parameter", "entries", "zero_by_design", "batch_size", "nonzero_frac"]
    names = batchnorm_gradcheck.param_names(len(result.config["hidden_sizes"]))
    assert len(rows) == len(SEEDS) * 2 * len(names)
    assert {r[4] for r in rows} == {result.config["batch_size"], 1}
    single = [r for r in rows if r[4] == 1 and r[0] == 0]
    assert [r[5] for r in single] == list(result.metrics.nonzero_frac_batch1[0])


def test_page_renders_numbers_from_results_in_both_languages(results_dir, results, tmp_path):
    pages = render_pages(results_dir, tmp_path, ("batch-norm",), batchnorm.FIGURES)["batch-norm"]
    check_section_page(pages, "batch-norm", batchnorm.FIGURES)
    sweep = results["batchnorm-sweep"]
    config = sweep.config
    for page in pages.values():
        body = page.split("{ #claims-batch-norm }")[0]
        bn_best = np.nanmean(np.asarray(sweep.metrics.train_acc)[:, :, 0, -1], axis=0).max()
        assert f"{100 * bn_best:.1f}%" in body
        assert f"{config['n_train']}" in body and f"{config['n_scales']}" in body
        assert "$$" in body and r"\hat{x}_i" in body
