"""Figures of the hyperparameter search (article section 4; book 6.5).

The top trials of round 1 as the book's Figure 6-24 (first seed, then every seed), every trial of
both rounds in (lr, weight decay) with the narrowed range of round 2, and the two rounds'
validation accuracies next to the test accuracy of the setting they chose.

Trials are ranked as the search ranked them (``top_trials``, ``round2_top_trials``, ``ranking``):
by final validation accuracy, diverged trials never ranked. A diverged trial's accuracies are NaN
from the epoch it diverged; it is drawn as a marker of its own and counted, never averaged in.
Round and hyperparameter names come from the result's axes.

The drawing is in ``figures_trials`` (the trials and rounds) and ``figures_budget`` (early
rankings, grid against random, log against linear sampling); what both share in ``figures_parts``.
"""

from generator.experiments.hyperparameter_search.figures_budget import (
    data_early,
    data_grid,
    data_scale,
    draw_early,
    draw_grid,
    draw_scale,
)
from generator.experiments.hyperparameter_search.figures_parts import sci
from generator.experiments.hyperparameter_search.figures_trials import (
    data_rounds,
    data_scatter,
    data_top,
    data_top_seeds,
    draw_rounds,
    draw_scatter,
    draw_top,
    draw_top_seeds,
)
from generator.plot import FigureSpec

__all__ = ["FIGURES", "sci", "draw_top", "data_top", "draw_top_seeds", "data_top_seeds", "draw_scatter", "data_scatter",
           "draw_rounds", "data_rounds", "draw_early", "data_early", "draw_grid", "data_grid", "draw_scale", "data_scale"]


FIGURES = (
    FigureSpec(
        id="fig-hyperparameter-search-top",
        book="6-24",
        caption={
            "ko": "1차 무작위 탐색에서 검증 정확도가 가장 높았던 시도들입니다(첫 번째 시드). 실선은 검증 정확도, "
                  "점선은 훈련 정확도이고, 오른쪽 아래 숫자는 마지막 에폭의 검증 정확도입니다.",
            "en": "The best trials of the first random-search round by validation accuracy (first seed only). "
                  "Solid: validation accuracy; dashed: training accuracy; the number is the final validation accuracy.",
        },
        draw=draw_top,
        data=data_top,
    ),
    FigureSpec(
        id="fig-hyperparameter-search-top-seeds",
        caption={
            "ko": "시드마다 1차 탐색에서 모든 시도의 검증 정확도 곡선을 학습률에 따라 색칠했습니다. 굵은 선이 상위 "
                  "시도, 가는 선이 나머지입니다.",
            "en": "Validation accuracy of every round-1 trial, one panel per seed, colored by learning rate; "
                  "thick lines are the top trials, thin lines the rest.",
        },
        draw=draw_top_seeds,
        data=data_top_seeds,
    ),
    FigureSpec(
        id="fig-hyperparameter-search-early",
        caption={
            "ko": "왼쪽은 k에폭 뒤의 검증 정확도 순위가 마지막 에폭의 순위와 얼마나 같은지(1차 시도 전체의 스피어만 순위 상관)를 "
                  "에폭마다 그린 것입니다. 오른쪽은 기록된 곡선 위에서 연속 반감(매번 3분의 1만 남김)을 흉내 낸 것으로, 점선의 에폭마다 "
                  "시도의 위쪽 3분의 1만 계속 학습합니다.",
            "en": "Left: how closely the ranking by validation accuracy after k epochs matches the final one (Spearman rank "
                  "correlation over every round-1 trial). Right: successive halving (keeping a third each time) replayed on the recorded curves; "
                  "at each dotted epoch only the best third of the trials goes on.",
        },
        draw=draw_early,
        data=data_early,
    ),
    FigureSpec(
        id="fig-hyperparameter-search-scatter",
        caption={
            "ko": "모든 시도를 학습률과 가중치 감소 계수의 로그 평면에 찍고 마지막 에폭의 검증 정확도로 색칠했습니다. "
                  "점선 사각형은 1차 상위 시도로 좁힌 2차 탐색 범위, 삼각형은 2차 시도, ×는 발산한 시도입니다.",
            "en": "Every trial in (learning rate, weight decay) on log axes, colored by final validation accuracy. "
                  "Dashed box: the round-2 range narrowed to the round-1 top trials; triangles: round-2 trials; "
                  "×: diverged.",
        },
        draw=draw_scatter,
        data=data_scatter,
    ),
    FigureSpec(
        id="fig-hyperparameter-search-grid",
        caption={
            "ko": "같은 시도 횟수의 격자 탐색과 무작위 탐색입니다. 왼쪽은 첫 번째 시드의 격자(사각형)와 1차 탐색의 처음 "
                  "시도들(원)을 마지막 에폭의 검증 정확도로 색칠한 것이고, 오른쪽은 시드마다 1차 시도에서 그만큼을 무작위로 "
                  "골랐을 때의 최고 검증 정확도(모든 조합에 대한 기댓값과 5–95% 범위)와 격자의 최고입니다.",
            "en": "Grid search and random search with the same number of trials. Left: the first seed's grid (squares) and "
                  "the first round-1 trials (circles), colored by final validation accuracy. Right: per seed, the best "
                  "validation accuracy of that many trials drawn at random from round 1 (mean and 5–95% range over every "
                  "such subset) against the grid's best.",
        },
        draw=draw_grid,
        data=data_grid,
    ),
    FigureSpec(
        id="fig-hyperparameter-search-scale",
        caption={
            "ko": "왼쪽은 1차 시도의 마지막 검증 정확도를 학습률에 따라 찍고, 시드마다 좋은 영역(상위 시도의 학습률 범위)과 "
                  "그것을 한 자릿수 아래로 옮긴 영역을 칠한 것입니다. 오른쪽은 같은 범위에서 학습률을 로그 척도와 선형 척도로 "
                  "뽑을 때 각 영역에 떨어지는 시도의 몫입니다.",
            "en": "Left: final validation accuracy of the round-1 trials against the learning rate, with each seed's good "
                  "region (the learning rates of its top trials) and that region moved one decade lower. Right: the share "
                  "of trials landing in each region when the learning rate is drawn on a log and on a linear scale over "
                  "the same range.",
        },
        draw=draw_scale,
        data=data_scale,
    ),
    FigureSpec(
        id="fig-hyperparameter-search-rounds",
        caption={
            "ko": "왼쪽은 1차와 2차 탐색의 모든 시도를 검증 정확도 순으로 늘어놓은 것입니다. 오른쪽은 시드마다 각 "
                  "회차의 최고 검증 정확도와, 고른 설정을 500장 전부로 다시 학습해 한 번만 잰 시험 정확도입니다.",
            "en": "Left: every trial of rounds 1 and 2 sorted by validation accuracy. Right: per seed, each round's "
                  "best validation accuracy and the test accuracy of the chosen setting, retrained on all 500 "
                  "images and measured once.",
        },
        draw=draw_rounds,
        data=data_rounds,
    ),
)