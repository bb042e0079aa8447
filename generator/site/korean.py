"""Korean particles that agree with the word before them: 은/는, 이/가, 을/를, 과/와, (으)로, 이다/다.

A particle depends on how the word before it ends when read aloud: after a final consonant
(받침) 은, 이, 을, 과, 으로 and 이다; after a vowel 는, 가, 를, 와, 로 and 다; (으)로 also takes 로
after ㄹ. ``josa("드롭아웃", "을/를")`` is "드롭아웃을". Inserted words are often not Hangul, so
they are read first, as a Korean reader would: digits by their Sino-Korean names (2.6 ends in
육, so "[그림 2.6]은"), "%" as 퍼센트, Latin letters and names by their Korean reading (SGD 에스지디,
Adam 아담). Markdown and HTML around the word are skipped: a link's target, a closing tag,
closing brackets, emphasis and a trailing parenthesis ("정규화(regularization)" takes the
particle of 정규화). The model is es-hangul's ``josa``.
"""

import re

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
RIEUL = 8
"""Index of ㄹ among the final consonants."""

PAIRS = {
    "은/는": ("은", "는"),
    "이/가": ("이", "가"),
    "을/를": ("을", "를"),
    "과/와": ("과", "와"),
    "으로/로": ("으로", "로"),
    "이다/다": ("이다", "다"),
    "이라/라": ("이라", "라"),
    "이며/며": ("이며", "며"),
    "이고/고": ("이고", "고"),
    "이나/나": ("이나", "나"),
}

DIGITS = "영일이삼사오육칠팔구"
"""How each digit is read; a whole number ending in zeros is read by its last place instead."""
PLACES = {1: "십", 2: "백", 3: "천", 4: "만"}

LETTERS = {
    "a": "에이", "b": "비", "c": "씨", "d": "디", "e": "이", "f": "에프", "g": "지", "h": "에이치",
    "i": "아이", "j": "제이", "k": "케이", "l": "엘", "m": "엠", "n": "엔", "o": "오", "p": "피",
    "q": "큐", "r": "알", "s": "에스", "t": "티", "u": "유", "v": "브이", "w": "더블유", "x": "엑스",
    "y": "와이", "z": "지",
}
"""Letters spelled out, for acronyms (SGD, MNIST, CSV)."""

WORDS = {
    "adam": "아담", "adagrad": "아다그래드", "rmsprop": "알엠에스프롭", "momentum": "모멘텀",
    "nesterov": "네스테로프", "he": "히", "xavier": "사비에르", "glorot": "글로로", "relu": "렐루", "sigmoid": "시그모이드",
    "tanh": "탄에이치", "softmax": "소프트맥스", "affine": "아핀", "dropout": "드롭아웃",
    "batch": "배치", "norm": "놈", "python": "파이썬", "numpy": "넘파이", "pytorch": "파이토치",
    "json": "제이슨", "png": "피엔지", "svg": "에스브이지", "dask": "대스크", "epoch": "에폭",
    "lr": "엘알", "max": "맥스", "min": "민", "seed": "시드", "step": "스텝", "std": "에스티디",
}
"""Words read as words, not spelled: the names this site inserts into Korean sentences."""

SYMBOLS = {"%": "퍼센트", "%p": "퍼센트포인트", "λ": "람다", "×": "배", "σ": "시그마", "μ": "뮤", "γ": "감마", "β": "베타", "ε": "엡실론", "ρ": "로"}

_LINK_TARGET = re.compile(r"\]\([^()]*\)$")
_CLOSING_TAG = re.compile(r"</[A-Za-z][A-Za-z0-9]*>$")
"""An inline element closing after the word (``term`` gives ``<abbr title="...">드롭아웃</abbr>``)."""
_TRAILING_MARKUP = re.compile(r"[\s\]\)\}*_`'\"”’」』〉》]+$")
_PARENTHESIS = re.compile(r"(?<=\S)\s*\([^()]*\)$")


def _final(syllable: str) -> int | None:
    """Index of the final consonant of a Hangul syllable (0 for none), or None if not Hangul."""
    code = ord(syllable)
    if HANGUL_FIRST <= code <= HANGUL_LAST:
        return (code - HANGUL_FIRST) % 28
    return None


def _read_number(text: str) -> str:
    """The last syllable of a number as read aloud: '2.6' -> '육', '100' -> '백', '10⁻³' -> '곱'."""
    if any(c in "⁰¹²³⁴⁵⁶⁷⁸⁹" for c in text):
        return "곱"  # 10⁻³ is read "10의 마이너스 3제곱"
    whole, _, decimals = text.partition(".")
    if decimals:
        return DIGITS[int(decimals[-1])]
    digits = whole.lstrip("-+").replace(",", "")
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped)
    if not stripped:
        return DIGITS[0]
    if zeros == 0:
        return DIGITS[int(stripped[-1])]
    return PLACES.get(zeros % 4 if zeros % 4 else 4, "만")


def spoken_end(word: str) -> str:
    """The last syllable of ``word`` as a Korean reader says it, markup and parentheses skipped."""
    text = str(word)
    while True:
        before = text
        text = _LINK_TARGET.sub("", text)
        text = _CLOSING_TAG.sub("", text)
        text = _PARENTHESIS.sub("", text)
        text = _TRAILING_MARKUP.sub("", text)
        if text == before:
            break
    if not text:
        raise ValueError(f"josa: nothing to read in {word!r}")
    for symbol in sorted(SYMBOLS, key=len, reverse=True):
        if text.endswith(symbol):
            return SYMBOLS[symbol][-1]
    last = text[-1]
    if _final(last) is not None:
        return last
    number = re.search(r"[-+]?[\d,]*\.?[\d⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+$", text)
    if number and any(c.isdigit() or c in "⁰¹²³⁴⁵⁶⁷⁸⁹" for c in number.group()):
        return _read_number(number.group())  # a power, x² or 10⁻³, is read ...제곱
    latin = re.search(r"[A-Za-z]+$", text)
    if latin:
        token = latin.group()
        if token.lower() in WORDS:
            return WORDS[token.lower()][-1]
        if token.isupper() or len(token) == 1:
            return LETTERS[token[-1].lower()][-1]
        return _latin_word_end(token.lower())
    raise ValueError(f"josa: cannot tell how {word!r} ends when read aloud")


def _latin_word_end(token: str) -> str:
    """A rough reading of an English word's last sound: a consonant sound gives a final consonant."""
    if token.endswith(("l", "le")):
        return "을"  # ㄹ, as in 모델
    if token.endswith(("m", "n", "ng", "k", "ck", "p", "b", "t", "d", "g")):
        return "은"  # some final consonant other than ㄹ
    return "아"  # a vowel sound (or a silent r/s/e): no final consonant


def has_final(word: str) -> bool:
    return _final(spoken_end(word)) != 0


def josa(word, pair: str) -> str:
    """``word`` with the form of ``pair`` ("은/는", "이/가", "을/를", "과/와", "으로/로", "이다/다" ...)
    that agrees with how it ends."""
    try:
        after_consonant, after_vowel = PAIRS[pair]
    except KeyError:
        raise KeyError(f"josa: unknown particle pair {pair!r}; known: {', '.join(PAIRS)}") from None
    return f"{word}{particle(word, pair)}"


def particle(word, pair: str) -> str:
    """Only the particle of ``josa(word, pair)``."""
    after_consonant, after_vowel = PAIRS[pair]
    final = _final(spoken_end(word))
    if pair == "으로/로":
        return after_vowel if final in (0, RIEUL) else after_consonant
    return after_consonant if final else after_vowel


ALL_PARTICLES = tuple(sorted({form for forms in PAIRS.values() for form in forms}, key=len, reverse=True))


def agrees(word: str, attached: str) -> bool | None:
    """Whether ``attached`` (a particle form such as "는") agrees with ``word``; None when
    ``attached`` is not a particle form that depends on the word."""
    for pair, forms in PAIRS.items():
        if attached in forms:
            return particle(word, pair) == attached
    return None


def particle_problems(marked: str, start: str = "\x01", end: str = "\x02") -> list[str]:
    """Particles that disagree with the inserted word before them, in text where every inserted
    value is wrapped in ``start`` ... ``end`` (``render_pages(..., mark_insertions=True)``).

    Only particles written right after an inserted value are checked: those the template's
    author attached by hand, or that ``josa`` chose, to a word the template did not know.
    """
    problems = []
    stack: list[int] = []
    plain = []  # the text as a reader sees it, built as we go
    i = 0
    while i < len(marked):
        char = marked[i]
        if char == start:
            stack.append(len(plain))
        elif char == end:
            begin = stack.pop()
            word = "".join(plain[begin:])
            rest = marked[i + 1 : i + 6].replace(start, "").replace(end, "")
            for form in ALL_PARTICLES:
                after = rest[len(form) : len(form) + 1]
                if rest.startswith(form) and not (after and _final(after) is not None):
                    if word.strip():
                        try:
                            ok = agrees(word, form)
                        except ValueError as error:
                            problems.append(f"{error}, before {form!r}")
                            break
                        if ok is False:
                            context = "".join(plain[max(0, begin - 20) :])
                            problems.append(f"…{context}{form}: {form!r} does not agree with {word!r}")
                    break
        else:
            plain.append(char)
        i += 1
    return problems


_ATTACHED = re.compile(r"(?<=[^\s가-힣])(" + "|".join(f for f in ALL_PARTICLES if f not in ("이다", "다")) + r")(?![가-힣])")


def _word_before(text: str, end: int) -> str:
    """The word a particle at ``end`` attaches to: a parenthesis right before it is skipped, as a
    reader skips it ("연속 반감(η = 3)을" takes the particle of 반감)."""
    i = end
    while i > 0 and text[i - 1] == ")":
        depth, i = 0, i - 1
        while i >= 0:
            depth += {")": 1, "(": -1}.get(text[i], 0)
            if depth == 0:
                break
            i -= 1
        if i <= 0:
            return ""
    start = i
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "“”\"'`「」(":
        start -= 1
    return text[start:i]


def written_particle_problems(text: str) -> list[str]:
    """Particles written by hand after a word that does not end in Hangul (a number, a Latin
    name, a symbol or a parenthesis) that disagree with how that word is read aloud: the check
    for claim statements, reasons, captions and alt text, which no template inserts into."""
    problems = []
    for match in _ATTACHED.finditer(text):
        word = _word_before(text, match.start())
        if not word.strip():
            continue
        try:
            ok = agrees(word, match.group(1))
        except ValueError:
            continue  # a symbol no reader voices: nothing to agree with
        if ok is False:
            problems.append(f"…{text[max(0, match.start() - 20):match.end()]}: {match.group(1)!r} does not agree with {word!r}")
    return problems


def term_particle_problems(text: str, words) -> list[str]:
    """Particles written right after one of ``words`` (the glossary's terms) that disagree with it:
    "격자 탐색와" where 탐색 ends in a consonant and takes 과."""
    problems = []
    # the case particles only: after a vowel the copula may keep its 이 (정확도이고 and 정확도고 are both Korean)
    forms = "|".join(sorted((f for pair in ("은/는", "이/가", "을/를", "과/와", "으로/로") for f in PAIRS[pair]), key=len, reverse=True))
    for word in sorted(set(words), key=len, reverse=True):
        for match in re.finditer(re.escape(word) + f"({forms})(?![가-힣])", text):
            if agrees(word, match.group(1)) is False:
                problems.append(f"…{match.group()}: {match.group(1)!r} does not agree with {word!r}")
    return problems
