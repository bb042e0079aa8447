import pytest

from generator.glossary import LANGUAGES, TERMS, term

REQUIRED = {
    "weight-decay": ("가중치 감소", "weight decay"),
    "dropout": ("드롭아웃", "dropout"),
    "batch-norm": ("배치 정규화", "batch normalization"),
    "he-init": ("He 초깃값", "He initialization"),
    "xavier-init": ("Xavier 초깃값", "Xavier initialization"),
    "overfitting": ("오버피팅", "overfitting"),
    "vanishing-gradient": ("기울기 소실", "vanishing gradient"),
    "limited-representation": ("표현력 제한", "limited representational power"),
    "hyperparameter": ("하이퍼파라미터", "hyperparameter"),
    "validation-data": ("검증 데이터", "validation data"),
    "sgd": ("확률적 경사 하강법(SGD)", "stochastic gradient descent (SGD)"),
    "momentum": ("모멘텀", "Momentum"),
    "adagrad": ("AdaGrad", "AdaGrad"),
    "rmsprop": ("RMSProp", "RMSProp"),
    "adam": ("Adam", "Adam"),
    "activation": ("활성화 값", "activation"),
    "hidden-layer": ("은닉층", "hidden layer"),
    "mini-batch": ("미니배치", "mini-batch"),
    "epoch": ("에폭", "epoch"),
    "learning-rate": ("학습률", "learning rate"),
    "accuracy": ("정확도", "accuracy"),
    "loss": ("손실", "loss"),
    "seed": ("시드", "seed"),
}


@pytest.mark.parametrize("concept", sorted(REQUIRED))
def test_term_resolves_each_concept_in_both_languages(concept):
    ko, en = REQUIRED[concept]
    assert term(concept, "ko") == ko
    assert term(concept, "en") == en


def test_terms_have_every_language_and_one_word_per_concept():
    for concept, words in TERMS.items():
        assert set(words) == set(LANGUAGES), concept
    for lang in LANGUAGES:
        words = [w[lang] for w in TERMS.values()]
        assert len(words) == len(set(words)), lang


def test_term_unknown_concept_raises():
    with pytest.raises(KeyError, match="no term 'weight-decy'"):
        term("weight-decy", "ko")
