import pytest

from generator.site.korean import josa, particle_problems, written_particle_problems


@pytest.mark.parametrize(
    "word, pair, expected",
    [
        ("드롭아웃", "을/를", "드롭아웃을"),
        ("드롭아웃 비율", "은/는", "드롭아웃 비율은"),
        ("무작위 탐색", "은/는", "무작위 탐색은"),
        ("배치 정규화", "은/는", "배치 정규화는"),
        ("[그림 2.6](#fig-x)", "은/는", "[그림 2.6](#fig-x)은"),
        ("[그림 2.2](regularization.md#fig-x)", "이/가", "[그림 2.2](regularization.md#fig-x)가"),
        ("87.5%", "은/는", "87.5%는"),
        ("12.3%p", "이/가", "12.3%p가"),
        ("SGD", "은/는", "SGD는"),
        ("Adam", "과/와", "Adam과"),
        ("He 초깃값", "으로/로", "He 초깃값으로"),
        ("정규화(regularization)", "은/는", "정규화(regularization)는"),
        ("10⁻³", "으로/로", "10⁻³으로"),
        ("100", "이/가", "100이"),
        ("1", "으로/로", "1로"),
        ("3", "으로/로", "3으로"),
        ("학습률", "으로/로", "학습률로"),
        ("λ", "이/가", "λ가"),
        ("**0.5**", "이라/라", "**0.5**라"),
    ],
)
def test_josa_agrees_with_how_the_word_is_read(word, pair, expected):
    assert josa(word, pair) == expected


def test_josa_unknown_pair_is_an_error():
    with pytest.raises(KeyError, match="unknown particle pair"):
        josa("값", "의/에")


def test_particle_problems_find_particles_that_disagree_with_inserted_words():
    marked = "\x01[그림 2.6](#x)\x02는 그리고 \x01드롭아웃 비율\x02는 또 \x01SGD\x02은 끝 \x01Adam\x02은 \x01에폭\x02이 \x0110\x02개"
    problems = particle_problems(marked)
    assert len(problems) == 3
    assert all(word in " ".join(problems) for word in ("[그림 2.6](#x)", "드롭아웃 비율", "SGD"))


def test_particle_problems_ignore_syllables_that_start_a_word():
    assert particle_problems("\x01값\x02가중치 \x013\x02개 \x01x\x02로그") == []


@pytest.mark.parametrize(
    "word, pair, expected",
    [
        ('<abbr title="x">드롭아웃</abbr>', "을/를", '<abbr title="x">드롭아웃</abbr>을'),
        ('<abbr class="ch6-term" title="a">배치 정규화</abbr>', "은/는", '<abbr class="ch6-term" title="a">배치 정규화</abbr>는'),
        ('<abbr title="x">SGD</abbr>', "이/가", '<abbr title="x">SGD</abbr>가'),
    ],
)
def test_josa_reads_the_word_inside_a_tooltip(word, pair, expected):
    assert josa(word, pair) == expected


def test_particle_problems_read_through_a_tooltip():
    marked = '\x01<abbr title="뜻입니다.">드롭아웃</abbr>\x02를 \x01<abbr title="x">He 초깃값</abbr>\x02으로'
    problems = particle_problems(marked)
    assert len(problems) == 1 and "드롭아웃" in problems[0]


@pytest.mark.parametrize(("text", "wrong"), [
    ("연속 반감(η = 3)를 흉내 냅니다", "를"),  # the parenthesis is skipped: 반감 takes 을
    ("SGD을 씁니다", "을"),
    ("0.01으로 시작합니다", "으로"),
    ("Σ‖W‖²를 더합니다", "를"),  # read ...제곱
])
def test_written_particles_after_names_numbers_and_parentheses_must_agree(text, wrong):
    problems = written_particle_problems(text)
    assert len(problems) == 1 and repr(wrong) in problems[0]


@pytest.mark.parametrize("text", ["연속 반감(η = 3)을 흉내 냅니다", "SGD는 느립니다", "0.01로 시작합니다", "Adam이 빠릅니다",
                                  "신경망이 배웁니다", "10⁻⁶보다 작습니다"])
def test_written_particles_that_agree_pass(text):
    assert written_particle_problems(text) == []


def korean_strings():
    """Every Korean string a reader meets that no template inserts into: claim statements and
    reasons, figure captions, short titles and alt text, and the glossary's lines."""
    from generator import glossary
    from generator.experiments import EXPERIMENTS

    for e in EXPERIMENTS:
        for c in e.claims:
            yield f"{c.id} statement", c.statement_ko
            yield f"{c.id} reason", c.reason_ko
        for spec in e.figure_specs():
            for field in ("caption", "short_title", "alt"):
                value = getattr(spec, field) or {}
                if isinstance(value, dict) and value.get("ko"):
                    yield f"{spec.id} {field}", value["ko"]
    for concept, entry in glossary.ENTRIES.items():
        yield f"glossary {concept}", entry.about_ko


def test_every_written_korean_string_attaches_particles_that_agree():
    from generator import glossary
    from generator.site.korean import term_particle_problems

    terms = [entry.ko for entry in glossary.ENTRIES.values()]
    found = [f"{where}: {problem}" for where, text in korean_strings()
             for problem in (*written_particle_problems(text), *term_particle_problems(text, terms))]
    assert found == []


def test_a_glossary_term_takes_the_particle_of_its_last_syllable():
    from generator.site.korean import term_particle_problems

    assert term_particle_problems("격자 탐색와 무작위 탐색", ["격자 탐색"]) != []
    assert term_particle_problems("격자 탐색과 무작위 탐색, 드롭아웃을", ["격자 탐색", "드롭아웃"]) == []
