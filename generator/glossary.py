"""One Korean and one English term per concept, so every page names a thing the same way.

Templates call ``term("weight-decay")`` and get the word in the page's language. Korean terms
follow the Korean edition of the book (밑바닥부터 시작하는 딥러닝, chapter 6).
"""

TERMS: dict[str, dict[str, str]] = {
    "accuracy": {"ko": "정확도", "en": "accuracy"},
    "activation": {"ko": "활성화 값", "en": "activation"},
    "adagrad": {"ko": "AdaGrad", "en": "AdaGrad"},
    "adam": {"ko": "Adam", "en": "Adam"},
    "backpropagation": {"ko": "오차역전파법", "en": "backpropagation"},
    "bayesian-optimization": {"ko": "베이즈 최적화", "en": "Bayesian optimization"},
    "batch-norm": {"ko": "배치 정규화", "en": "batch normalization"},
    "batch-size": {"ko": "배치 크기", "en": "batch size"},
    "computational-graph": {"ko": "계산 그래프", "en": "computational graph"},
    "dropout": {"ko": "드롭아웃", "en": "dropout"},
    "dropout-ratio": {"ko": "드롭아웃 비율", "en": "dropout ratio"},
    "ensemble": {"ko": "앙상블 학습", "en": "ensemble learning"},
    "epoch": {"ko": "에폭", "en": "epoch"},
    "gradient": {"ko": "기울기", "en": "gradient"},
    "gradient-check": {"ko": "기울기 확인", "en": "gradient check"},
    "grid-search": {"ko": "그리드 서치", "en": "grid search"},
    "he-init": {"ko": "He 초깃값", "en": "He initialization"},
    "hidden-layer": {"ko": "은닉층", "en": "hidden layer"},
    "hyperparameter": {"ko": "하이퍼파라미터", "en": "hyperparameter"},
    "inverted-dropout": {"ko": "역 드롭아웃", "en": "inverted dropout"},
    "learning-rate": {"ko": "학습률", "en": "learning rate"},
    "limited-representation": {"ko": "표현력 제한", "en": "limited representational power"},
    "loss": {"ko": "손실", "en": "loss"},
    "mini-batch": {"ko": "미니배치", "en": "mini-batch"},
    "momentum": {"ko": "모멘텀", "en": "Momentum"},
    "nesterov": {"ko": "Nesterov", "en": "Nesterov"},
    "numerical-gradient": {"ko": "수치 미분", "en": "numerical differentiation"},
    "optimizer": {"ko": "최적화 기법", "en": "optimizer"},
    "overfitting": {"ko": "오버피팅", "en": "overfitting"},
    "random-search": {"ko": "무작위 탐색", "en": "random search"},
    "regularization": {"ko": "정규화(regularization)", "en": "regularization"},
    "rmsprop": {"ko": "RMSProp", "en": "RMSProp"},
    "seed": {"ko": "시드", "en": "seed"},
    "sgd": {"ko": "확률적 경사 하강법(SGD)", "en": "stochastic gradient descent (SGD)"},
    "test-data": {"ko": "시험 데이터", "en": "test data"},
    "training-data": {"ko": "훈련 데이터", "en": "training data"},
    "underfitting": {"ko": "언더피팅", "en": "underfitting"},
    "validation-data": {"ko": "검증 데이터", "en": "validation data"},
    "vanishing-gradient": {"ko": "기울기 소실", "en": "vanishing gradient"},
    "weight-decay": {"ko": "가중치 감소", "en": "weight decay"},
    "weight-init": {"ko": "가중치의 초깃값", "en": "weight initialization"},
    "xavier-init": {"ko": "Xavier 초깃값", "en": "Xavier initialization"},
}

LANGUAGES = ("ko", "en")


def term(concept: str, lang: str) -> str:
    """The glossary word for ``concept`` in ``lang``; an unknown concept is an error, not a blank."""
    try:
        entry = TERMS[concept]
    except KeyError:
        raise KeyError(f"glossary: no term {concept!r}; add it to generator/glossary.py") from None
    return entry[lang]
