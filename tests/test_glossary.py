import re

import pytest

from generator.glossary import AVOID, ENTRIES, LANGUAGES, entry, term, word

TERMS = {concept: word(concept) for concept in ENTRIES}
from generator.pages import SLUGS
from tests.site.fixtures import quick_project, real_site  # noqa: F401

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


# ---- where each term is explained, and what it is -------------------------------------------------


def test_every_term_says_where_it_is_explained_and_what_it_is():
    for concept, e in ENTRIES.items():
        assert e.page in SLUGS, concept
        assert e.anchor, concept
        assert e.about_ko.endswith("니다."), (concept, e.about_ko)  # a sentence, in 합니다체
        assert e.about_en.endswith(".") and e.about_en[0].isupper(), (concept, e.about_en)


def test_avoided_words_belong_to_a_concept_and_differ_from_its_term():
    for concept, words in AVOID.items():
        assert concept in TERMS and set(words) == set(LANGUAGES), concept
        for lang in LANGUAGES:
            for word in words[lang]:
                assert word not in TERMS[concept][lang], (concept, word)


def test_entry_unknown_concept_raises():
    with pytest.raises(KeyError, match="no term 'dropuot'"):
        entry("dropuot")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_each_term_is_explained_under_a_heading_that_exists(real_site, prefix):
    missing = []
    for concept, e in ENTRIES.items():
        page = real_site / prefix / ("" if e.page == "index" else e.page) / "index.html"
        if f'id="{e.anchor}"' not in page.read_text(encoding="utf-8"):
            missing.append(f"{concept}: {prefix}{e.page}/#{e.anchor}")
    assert missing == []


@pytest.mark.parametrize(("lang", "prefix"), [("ko", ""), ("en", "en/")])
def test_glossary_page_lists_every_term_with_its_line_and_link(real_site, lang, prefix):
    html = (real_site / prefix / "glossary" / "index.html").read_text(encoding="utf-8")
    for concept, e in ENTRIES.items():
        assert f'id="term-{concept}"' in html, concept
        assert TERMS[concept][lang].replace("&", "&amp;") in html, concept
        target = "../" if e.page == "index" else f"../{e.page}/"
        assert f'href="{target}#{e.anchor}"' in html, concept


def test_first_use_of_a_term_on_a_page_carries_its_line_as_a_tooltip(quick_project):
    for lang, word in (("ko", "드롭아웃"), ("en", "dropout")):
        text = (quick_project / "site_src" / lang / "regularization.md").read_text(encoding="utf-8")
        tooltip = f'title="{ENTRIES["dropout"].about(lang)}" tabindex="0">{word}</abbr>'
        assert text.count(tooltip) == 1, lang
        assert text.count('class="ch6-term"') == len(set(re.findall(r'<abbr class="ch6-term" title="([^"]*)"', text)))


def test_glossary_page_facts_list_every_term_in_each_languages_order():
    from generator.site.facts.glossary import items

    ko, en = items("ko"), items("en")
    assert {i.concept for i in ko} == {i.concept for i in en} == set(TERMS)
    assert [i.term for i in ko] == sorted((i.term for i in ko), key=str.casefold)
    assert [i.term.casefold() for i in en] == sorted(i.term.casefold() for i in en)
    dropout = next(i for i in ko if i.concept == "dropout")
    assert (dropout.term, dropout.other, dropout.href) == ("드롭아웃", "dropout", "regularization.md#dropout")
    assert dropout.page_title == "바른 학습을 위해: 오버피팅, 가중치 감소, 드롭아웃"
