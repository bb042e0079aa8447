"""Random search for the learning rate and weight decay, narrowed once (article section 4; book 6.5).

500 training images are split, per seed, into 400 for training and 100 for validation. Round 1
samples 100 (learning rate, weight decay) pairs log-uniformly, lr = 10^U(-6, -2) and
λ = 10^U(-8, -4), trains each for 50 epochs and ranks them by final validation accuracy. Round 2
samples 100 more from the narrowed range: the smallest and largest log10 lr and log10 λ among the
round-1 top 20. The best pair of both rounds is then trained once more on all 500 images and its
test accuracy measured, once. A trial that diverges is recorded and ranks below every trial that
did not.

Three questions of article section 4 are answered from the same search, most of them without
training anything more. Random search against a grid: beside round 1, each seed trains a
grid_size x grid_size grid over the same range on the same split; any k of round 1's trials are a
random search of budget k, so the best of k random trials has an exact distribution over the
subsets of round 1, set against the grid's best. Abandoning settings early: every epoch of every
trial is recorded, so the ranking after a few epochs can be compared with the final one, and
successive halving replayed on the curves. The log scale: the good learning-rate region is
measured (the range of the round-1 top trials) and the share of trials a log and a linear scale
would put in it, and in the same region moved lower, computed from the two densities.

The statistics are what the claims, the figures and the page compute from the metrics; they are
pure NumPy so that none of those has to load the engine, and live in ``statistics`` (this file
declares; that one measures), re-exported here. ``ranking``, the order the search itself ranks
trials in, is defined with the config (it decides what round 2 samples, so it belongs in the
cache key) and read from here.
"""

from generator import glossary
from generator.experiments.base import Axis, Claim, Experiment
from generator.experiments.hyperparameter_search.config import PRESETS, Config, ranking, stages
from generator.experiments.hyperparameter_search.statistics import (
    EARLY_FRACTION,
    GOOD_LR,
    GOOD_WEIGHT_DECAY,
    HALVING_RATE,
    ROUNDS,
    average_ranks,
    best_of_random,
    early_epoch,
    early_rank_agreement,
    expected_random_best,
    final_val_acc,
    good_lr_region,
    grid_best,
    halving_epoch_share,
    halving_minus_best,
    halving_rungs,
    linear_minus_log_share,
    prefix,
    random_beats_grid_chance,
    random_best_quantile,
    random_minus_grid,
    rank_agreement,
    round2_best_gain,
    scale_shares,
    share_below,
    share_of_top_above,
    spearman,
    successive_halving,
    top_log10,
    top_lr_spread,
    weight_decay_excess_below,
    weight_decay_minus_lr_dependence,
)


def axes(config: Config) -> tuple[Axis, ...]:
    """The rounds (``best_round`` names one; round-2 metrics carry a prefix instead of an axis), and the
    two axes of ``round2_log10_range`` (S, hyperparameter, bound)."""
    return (
        Axis("round", ROUNDS, {"ko": ("1차", "2차"), "en": ("round 1", "round 2")}),
        Axis(
            "hyperparameter",
            ("lr", "weight_decay"),
            {lang: (glossary.term("learning-rate", lang), "가중치 감소 계수 λ" if lang == "ko" else "weight decay λ")
             for lang in glossary.LANGUAGES},
        ),
        Axis("bound", ("low", "high"), {"ko": ("하한", "상한"), "en": ("low", "high")}),
    )


CLAIMS = (
    Claim(
        id="search-top-lr-narrow-band",
        statement_ko="무작위 탐색에서 성적이 좋은 시도들의 학습률은 좁은 범위에 모여 있습니다.",
        statement_en="The best trials of the random search share a narrow band of learning rates.",
        statistic=top_lr_spread,
        comparison="<",
        threshold=2.0,
        reason="'narrow band': the top 20's learning rates span less than 2 of the 4 sampled decades",
        reason_ko="“좁은 범위”: 상위 20개 시도의 학습률이 뽑은 범위 4자릿수 가운데 2자릿수보다 좁게 퍼져 있어야 합니다",
        source="book 6.5.3",
        figure="fig-hyperparameter-search-scatter",
        unit="decades",
    ),
    Claim(
        id="search-good-lr-above-0.001",
        statement_ko="좋은 학습률은 대략 0.001에서 0.01 사이입니다. 상위 시도의 대부분은 학습률이 0.001보다 큽니다.",
        statement_en="Good learning rates lie roughly between 0.001 and 0.01: most of the top trials use more than 0.001.",
        statistic=share_of_top_above,
        comparison=">",
        threshold=0.5,
        reason="'roughly 0.001-0.01': more than half of the top 20 above 0.001; 0.01 is the top of the sampled range",
        reason_ko="“대략 0.001에서 0.01”: 상위 20개 가운데 절반보다 많은 시도의 학습률이 0.001보다 커야 합니다. 0.01은 뽑은 범위의 위 끝입니다",
        source="book 6.5.3",
        figure="fig-hyperparameter-search-scatter",
        unit="%",
    ),
    Claim(
        id="search-good-weight-decay-below-1e-6",
        statement_ko="좋은 가중치 감소 계수는 대략 10⁻⁸에서 10⁻⁶ 사이입니다. 상위 시도는 λ가 10⁻⁶보다 작은 경우가 우연보다 많습니다.",
        statement_en="Good weight decays lie roughly between 10⁻⁸ and 10⁻⁶: the top trials use λ below 10⁻⁶ more often than chance.",
        statistic=weight_decay_excess_below,
        comparison=">",
        threshold=0.2,
        reason="a real band puts clearly more of the top 20 below 10⁻⁶ than the draws do: 20 points more, about "
        "two binomial standard deviations of one seed's top-20 share (√(0.25/20) ≈ 0.11)",
        reason_ko="좋은 범위가 정말 있다면 상위 20개 가운데 λ가 10⁻⁶보다 작은 시도의 비율이 뽑은 값 전체에서보다 뚜렷하게 높습니다. 20%p 더 높아야 하며, 이는 한 "
                  "시드에서 상위 20개의 비율이 갖는 이항 표준편차(√(0.25/20) ≈ 0.11)의 약 2배입니다",
        source="book 6.5.3",
        figure="fig-hyperparameter-search-scatter",
        unit="pp",
    ),
    Claim(
        id="search-weight-decay-matters-less",
        statement_ko="이 범위에서는 가중치 감소보다 학습률이 검증 정확도를 훨씬 크게 좌우합니다.",
        statement_en="In this range the learning rate decides validation accuracy far more than weight decay does.",
        statistic=weight_decay_minus_lr_dependence,
        comparison="<",
        threshold=0.0,
        reason="'parameters differ in importance': weaker rank correlation (Spearman |ρ|) with log λ than with log lr",
        reason_ko="“하이퍼파라미터마다 중요도가 다르다”: 검증 정확도와의 순위 상관(스피어만 |ρ|)이 log 학습률보다 log λ에서 약해야 합니다",
        source="site",
        figure="fig-hyperparameter-search-scatter",
    ),
    Claim(
        id="search-narrowing-keeps-best",
        statement_ko="범위를 좁혀 다시 탐색해도 좋은 영역을 잃지 않습니다. 2차 탐색의 최고 검증 정확도는 1차와 같은 수준입니다.",
        statement_en="Narrowing the range keeps the good region: the second round's best validation accuracy matches the first's.",
        statistic=round2_best_gain,
        comparison=">",
        threshold=-0.02,
        reason="'narrow and repeat': round 2's best within 2 points (two of 100 validation images) of round 1's, or better",
        reason_ko="“좁혀서 반복한다”: 2차 탐색의 최고가 1차의 최고보다 2%p(검증 이미지 100장 가운데 2장) 넘게 낮지 않아야 합니다",
        source="book 6.5.2",
        figure="fig-hyperparameter-search-rounds",
        unit="pp",
    ),
    Claim(
        id="search-random-beats-grid",
        statement_ko="같은 횟수라면 무작위 탐색이 격자 탐색보다 좋은 설정을 찾습니다. 1차 시도에서 격자와 같은 수만큼 "
                     "무작위로 골랐을 때의 최고 검증 정확도가 평균적으로 격자의 최고보다 높습니다.",
        statement_en="With the same number of trials, random search finds a better setting than a grid: the best of as many "
                     "random round-1 trials as the grid has is, on average, above the grid's best.",
        statistic=random_minus_grid,
        comparison=">",
        threshold=0.0,
        reason="'random beats grid': any advantage in expectation over every random subset of round 1 with the grid's "
               "budget; the grid is shifted at random per seed, so neither side gets a placement chosen for it",
        reason_ko="“무작위 탐색이 격자 탐색보다 낫다”: 1차 시도에서 격자와 같은 횟수로 고른 모든 무작위 부분집합에 걸친 "
                  "최고의 기댓값이 격자의 최고보다 조금이라도 높으면 성립으로 봅니다. 격자는 시드마다 무작위로 옮기므로 어느 쪽도 "
                  "자기에게 맞춰 고른 배치를 받지 않습니다",
        source="article §4",
        figure="fig-hyperparameter-search-grid",
        unit="pp",
    ),
    Claim(
        id="search-early-ranking-predicts-final",
        statement_ko="몇 에폭만 학습해도 설정의 순위를 매길 수 있습니다. 전체 에폭의 10분의 1만 학습했을 때의 검증 정확도 순위가 "
                     "마지막 순위와 거의 같습니다.",
        statement_en="A few epochs are enough to rank settings: the ranking by validation accuracy after a tenth of the "
                     "epochs closely matches the final one.",
        statistic=early_rank_agreement,
        comparison=">",
        threshold=0.8,
        reason="'a few epochs are enough to rank': Spearman ρ above 0.8 over all round-1 trials, the usual bound of a "
               "very strong rank agreement, after 5 of 50 epochs",
        reason_ko="“몇 에폭이면 순위를 매길 수 있다”: 50에폭 가운데 5에폭 뒤의 순위와 마지막 순위의 스피어만 ρ가 1차 시도 전체에서 0.8보다 커야 합니다. 0.8은 "
                  "흔히 매우 강한 순위 일치로 보는 경계입니다",
        source="article §4",
        figure="fig-hyperparameter-search-early",
    ),
    Claim(
        id="search-halving-keeps-best",
        statement_ko="가망 없는 설정을 일찍 버려도 좋은 설정을 놓치지 않습니다. 연속 반감(successive halving)으로 고른 "
                     "설정의 검증 정확도가 모든 시도를 끝까지 학습했을 때의 최고와 같은 수준입니다.",
        statement_en="Abandoning hopeless settings early loses nothing: the setting successive halving picks reaches the "
                     "same validation accuracy as the best of training every trial to the end.",
        statistic=halving_minus_best,
        comparison=">",
        threshold=-0.02,
        reason="'abandon hopeless values early': the pick within 2 points (two of 100 validation images) of the full "
               "round's best, the tolerance the narrowing claim uses",
        reason_ko="“가망 없는 값은 일찍 버린다”: 고른 설정이 모든 시도를 끝까지 학습했을 때의 최고에서 2%p(검증 이미지 100장 가운데 2장) 안에 있어야 합니다. "
                  "범위를 좁히는 주장과 같은 허용치입니다",
        source="article §4",
        figure="fig-hyperparameter-search-early",
        unit="pp",
    ),
    Claim(
        id="search-linear-scale-favors-top-decade",
        statement_ko="이 탐색에서는 학습률을 선형 척도로 뽑았다면 좋은 영역에 시도가 더 많이 떨어졌을 것입니다. 좋은 영역이 범위의 "
                     "맨 위쪽에 있기 때문입니다.",
        statement_en="In this search a linear scale would have put more trials in the good learning-rate region than the "
                     "log scale did, because that region lies at the top of the range.",
        statistic=linear_minus_log_share,
        comparison=">",
        threshold=0.0,
        reason="a linear scale puts 90% of its draws in the top decade of 10^-6 to 10^-2, so it gives more to any region "
               "there; whether the good region is there is what the search measures",
        reason_ko="선형 척도는 10^-6에서 10^-2까지의 범위에서 뽑은 값의 90%를 맨 위 자릿수에 두므로, 그 안의 어느 영역에든 더 많은 시도를 줍니다. 좋은 영역이 "
                  "거기에 있는지가 이 탐색이 재는 것입니다",
        source="site",
        figure="fig-hyperparameter-search-scale",
        unit="pp",
    ),
    Claim(
        id="search-log-scale-covers-lower-decade",
        statement_ko="로그 척도는 좋은 영역이 어느 자릿수에 있든 같은 몫의 시도를 줍니다. 좋은 영역이 한 자릿수 아래에 있었다면 "
                     "선형 척도는 로그 척도보다 적은 시도를 그곳에 주었을 것입니다.",
        statement_en="A log scale gives the good region the same share of trials whichever decade it lies in: had the "
                     "region lain one decade lower, a linear scale would have given it fewer trials than a log scale.",
        statistic=lambda m: linear_minus_log_share(m, -1.0),
        comparison="<",
        threshold=0.0,
        reason="'ranges on a log scale': fewer trials one decade lower, where the region could as well have been; for any "
               "region inside the range's top decade this follows from the two densities, so the search supplies only "
               "where the region lies",
        reason_ko="“범위는 로그 척도로 정한다”: 좋은 영역이 있을 수도 있었던 한 자릿수 아래에서는 선형 척도의 시도가 더 적어야 합니다. 범위의 맨 위 자릿수 안에 있는 "
                  "영역이라면 이는 두 밀도에서 바로 따라 나오므로, 탐색이 보태는 것은 영역이 어디에 있는지뿐입니다",
        source="article §4",
        figure="fig-hyperparameter-search-scale",
        unit="pp",
    ),
)


EXPERIMENT = Experiment.in_package(
    __name__,
    id="hyperparameter-search",
    page="hyperparameters",
    config=Config,
    presets=PRESETS,
    claims=CLAIMS,
    axes=axes,
    stages=stages,
    cost=113,
)
