"""Khmer in Latin letters, for addresses people can read (`/km/communities/kromsrei/`).

A compact, table-based romanisation after the UNGEGN system (the one Cambodia's
geographical department uses for place names: Phnum Pénh, Kâmpŭchéa), simplified to
lowercase ASCII: â and ô become a and o, é and è become e, ŏ and ŭ become o and u. It is made
for addresses, not for teaching pronunciation: it must be readable, stable and never empty.

Why not Unidecode: its Khmer table maps each character on its own, so it writes no
inherent vowel and ignores the consonant series ("kmbujaa" for កម្ពុជា, "krumsrii" for
ក្រុមស្រី). Khmer needs a little syllable sense, which this module has:

- Each consonant belongs to one of two series, a (ក ខ ច …) or o (គ ឃ ជ …); a vowel sign
  sounds differently after each (ា: "a" after ក, "ea" after ជ). In a cluster the series is
  the base consonant's, unless the subscript is not a sonorant (ស្ព: o, like ព); the
  register marks ៉ and ៊ move a consonant to the a or the o series.
- The coeng ្ puts the next consonant below: ក្រ is "kr".
- A consonant with no vowel sign ("bare") is either a syllable of its own, with the
  inherent vowel ("a" or "o"), or the final consonant of the syllable before it. A run of
  bare consonants is read from its end, finals and inherent vowels taking turns: the last
  one is a final (សមាគម: sa-mea-kom; ជនជាតិ: chon-chea-te), except that two bare
  consonants between vowels close the syllable before and open the next (ការមនុស្ស:
  kar-mo-nuss), that a bare consonant before a nasal over a stop keeps its vowel, the
  nasal being its final (សន្តិភាព: san-te-pheap), and that nothing is a final with no
  syllable before it. A consonant with ់ (bantoc) is always a final. Without a dictionary
  this is a good guess, not always the spoken word (ភាសាជនជាតិ comes out "pheasach-no-
  cheate", not "pheasa-chon-cheate"); an address only has to be readable and stable.
- ំ (nikahit) and ះ (reahmuk) close the vowel with m and h; ់ (bantoc) only shortens it;
  ៈ (yuukaleapintu) is a short vowel with a k;
  ៍ (toandakhiat) silences its consonant; ៌ (robat) is an r.

Khmer writes no spaces between words, so a name becomes one word unless it has spaces or
zero-width spaces (U+200B), which become hyphens. Latin letters and digits are kept, Khmer
digits become 0-9, everything else separates words.
"""

import re
import unicodedata
from itertools import groupby

from django.utils.text import slugify

# Consonants: Latin letters and series ("a" or "o").
CONSONANTS = {
    "ក": ("k", "a"),
    "ខ": ("kh", "a"),
    "គ": ("k", "o"),
    "ឃ": ("kh", "o"),
    "ង": ("ng", "o"),
    "ច": ("ch", "a"),
    "ឆ": ("chh", "a"),
    "ជ": ("ch", "o"),
    "ឈ": ("chh", "o"),
    "ញ": ("nh", "o"),
    "ដ": ("d", "a"),
    "ឋ": ("th", "a"),
    "ឌ": ("d", "o"),
    "ឍ": ("th", "o"),
    "ណ": ("n", "a"),
    "ត": ("t", "a"),
    "ថ": ("th", "a"),
    "ទ": ("t", "o"),
    "ធ": ("th", "o"),
    "ន": ("n", "o"),
    "ប": ("b", "a"),
    "ផ": ("ph", "a"),
    "ព": ("p", "o"),
    "ភ": ("ph", "o"),
    "ម": ("m", "o"),
    "យ": ("y", "o"),
    "រ": ("r", "o"),
    "ល": ("l", "o"),
    "វ": ("v", "o"),
    "ឝ": ("s", "a"),
    "ឞ": ("s", "a"),
    "ស": ("s", "a"),
    "ហ": ("h", "a"),
    "ឡ": ("l", "a"),
    "អ": ("", "a"),  # the glottal stop: written ' in UNGEGN, nothing in an address
}
SONORANTS = set("ងញណនមយរលវ")
NASALS = set("ងញណនម")

# Independent vowels: syllables of their own.
INDEPENDENT_VOWELS = {
    "ឣ": "a",
    "ឤ": "a",
    "ឥ": "e",
    "ឦ": "ei",
    "ឧ": "o",
    "ឨ": "ok",
    "ឩ": "ou",
    "ឪ": "ov",
    "ឫ": "rue",
    "ឬ": "rue",
    "ឭ": "lue",
    "ឮ": "lue",
    "ឯ": "ae",
    "ឰ": "ai",
    "ឱ": "ao",
    "ឲ": "ao",
    "ឳ": "au",
}

# Dependent vowel signs (and their usual pairs): (after the a series, after the o series).
# "" is the inherent vowel.
VOWELS = {
    "": ("a", "o"),
    "ា": ("a", "ea"),
    "ិ": ("e", "i"),
    "ី": ("ei", "i"),
    "ឹ": ("oe", "oe"),
    "ឺ": ("oe", "oe"),
    "ុ": ("o", "u"),
    "ូ": ("o", "u"),
    "ួ": ("uo", "uo"),
    "ើ": ("aeu", "eu"),
    "ឿ": ("oea", "oea"),
    "ៀ": ("ie", "ie"),
    "េ": ("e", "e"),
    "ែ": ("ae", "ae"),
    "ៃ": ("ai", "ey"),
    "ោ": ("ao", "o"),
    "ៅ": ("au", "ou"),
    "ុំ": ("om", "um"),
    "ំ": ("am", "um"),
    "ាំ": ("am", "oam"),
    "ះ": ("ah", "eah"),
    "ាះ": ("ah", "eah"),
    "ុះ": ("oh", "uh"),
    "េះ": ("eh", "eh"),
    "ោះ": ("aoh", "uoh"),
    "ៈ": ("ak", "eak"),
    "័": ("a", "oa"),
}
NIKAHIT, REAHMUK, YUUKALEAPINTU = "ំ", "ះ", "ៈ"
DEPENDENT = set("ាិីឹឺុូួើឿៀេែៃោៅ័") | {NIKAHIT, REAHMUK, YUUKALEAPINTU}
COENG = "្"
MUUSIKATOAN, TRIISAP = "៉", "៊"  # to the a series, to the o series
TOANDAKHIAT = "៍"  # the consonant it sits on is silent
ROBAT = "៌"  # an r over the consonant
# Marks that change nothing in ASCII: bantoc, kakabat, ahsda, viriam, atthacan, ...
BANTOC = "់"  # shortens the vowel: its consonant is a final
KHMER_DIGITS = {chr(0x17E0 + n): str(n) for n in range(10)} | {
    chr(0x17F0 + n): str(n) for n in range(10)
}
WORD_BREAKS = re.compile(r"[\s\u200b]+")


class _Unit:
    """One written syllable piece: a consonant with its subscripts and signs, or an
    independent vowel."""

    def __init__(self, base):
        self.base = base
        self.subscripts = []
        self.vowel = ""
        self.series = None
        self.silent = False
        self.robat = False
        self.final = False
        self.bantoc = False

    @property
    def independent(self):
        return self.base in INDEPENDENT_VOWELS

    @property
    def bare(self):
        """A consonant written with no vowel sign: inherent vowel or a final."""
        return not self.independent and not self.vowel

    @property
    def closed(self):
        """A vowel closed by ំ or ះ (ថ្នាំ: thnam) takes no final after it."""
        return self.vowel.endswith((NIKAHIT, REAHMUK, YUUKALEAPINTU))

    def onset(self):
        if self.independent:
            return INDEPENDENT_VOWELS[self.base]
        return CONSONANTS[self.base][0] + "".join(CONSONANTS[c][0] for c in self.subscripts)

    def cluster_series(self):
        if self.series:
            return self.series
        series = CONSONANTS[self.base][1]
        for subscript in self.subscripts:
            if subscript not in SONORANTS:
                series = CONSONANTS[subscript][1]
        return series

    def nucleus(self):
        if self.independent:
            return ""
        vowel = VOWELS.get(self.vowel)
        a_series = self.cluster_series() == "a"
        if vowel is None:  # a rare sequence of signs: read them one by one
            return "".join(VOWELS.get(sign, ("", ""))[0 if a_series else 1] for sign in self.vowel)
        return vowel[0 if a_series else 1]


def _units(word: str) -> list:
    """Split a run of Khmer letters into units, in writing order."""
    units, coeng = [], False
    for char in word:
        if char == COENG:
            coeng = bool(units) and not units[-1].independent
        elif char in CONSONANTS and coeng:
            units[-1].subscripts.append(char)
            coeng = False
        elif char in CONSONANTS or char in INDEPENDENT_VOWELS:
            units.append(_Unit(char))
            coeng = False
        elif not units:
            continue  # a sign with nothing to sit on
        elif char in DEPENDENT:
            units[-1].vowel += char
        elif char == MUUSIKATOAN:
            units[-1].series = "a"
        elif char == TRIISAP:
            units[-1].series = "o"
        elif char == TOANDAKHIAT:
            units[-1].silent = True
        elif char == ROBAT:
            units[-1].robat = True
        elif char == BANTOC:
            units[-1].bantoc = True
    return [unit for unit in units if not unit.silent]


def _nasal_over_stop(unit) -> bool:
    return unit.base in NASALS and any(c not in SONORANTS for c in unit.subscripts)


def _mark_finals(units: list) -> None:
    """Decide, for each bare consonant, whether it is a final (see the module's notes)."""
    index = 0
    while index < len(units):
        if not units[index].bare:
            index += 1
            continue
        start = index
        while index < len(units) and units[index].bare:
            index += 1
            if units[index - 1].bantoc:
                break  # a bantoc closes the run: what follows starts afresh
        run = units[start:index]
        before = units[start - 1] if start else None
        # open: a vowel not yet closed by a bantoc final, a nikahit or a reahmuk
        open_before = before is not None and not before.bare and not before.closed
        vowel_after = index < len(units) and not units[index].bare
        # ន្តិ, ម្ពុ: a nasal over a stop closes the syllable before (san-te, kam-pu)
        split_after = vowel_after and _nasal_over_stop(units[index])
        if open_before and vowel_after and len(run) == 2:
            pattern = [True, False]
        else:
            last = 0 if split_after else 1
            pattern = [(len(run) - position) % 2 == last for position in range(len(run))]
        if pattern[0] and not open_before:
            pattern[0] = False  # nothing before it to close
        for unit, final in zip(run, pattern, strict=True):
            unit.final = final or unit.bantoc


def _khmer_word(word: str) -> str:
    """A run of Khmer letters in Latin letters."""
    units = _units(word)
    _mark_finals(units)
    out = []
    for index, unit in enumerate(units):
        if unit.final:
            letters = CONSONANTS[unit.base][0]
            after = units[index + 1] if index + 1 < len(units) else None
            for subscript in unit.subscripts:
                sound = CONSONANTS[subscript][0]
                # អង្គការ: the subscript ្គ and the next ក are one k (angkar, not angkkar)
                if not (after and after.onset().startswith(sound)):
                    letters += sound
            out.append(letters)
        else:
            out.append(unit.onset() + unit.nucleus())
        if unit.robat:
            out.append("r")
    return "".join(out)


def _is_khmer(char: str) -> bool:
    return "\u1780" <= char <= "\u17ff" or "\u19e0" <= char <= "\u19ff"


def romanise(text: str) -> str:
    """`text` in lowercase ASCII words joined by hyphens; "" when nothing is left
    (punctuation or emoji only). Latin text is slugified as Django does (accents dropped)."""
    words = []
    for chunk in WORD_BREAKS.split(unicodedata.normalize("NFC", text or "")):
        pieces = []
        # Khmer letters in runs, everything else (Khmer digits made 0-9) in runs between
        for khmer, chars in groupby(chunk, key=lambda c: _is_khmer(c) and c not in KHMER_DIGITS):
            run = "".join(KHMER_DIGITS.get(char, char) for char in chars)
            pieces.append(_khmer_word(run) if khmer else slugify(run))
        # anything that is not a letter or a digit separates words
        words.extend(re.split(r"[^a-z0-9_]+", "-".join(pieces)))
    return "-".join(word for word in words if word)


def slug_from_names(*names: str, max_length: int, fallback: str) -> str:
    """An address from the first name that has Latin letters or digits (an English name
    wins when given), else the first name romanised from Khmer; `fallback` when no name
    gives anything. At most `max_length` characters, cut between words where it can."""
    candidates = [name for name in names if name]
    latin = [name for name in candidates if re.search(r"[A-Za-z]", name)]
    for name in latin + candidates:
        slug = romanise(name)
        if slug:
            break
    else:
        slug = fallback
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug.strip("-") or fallback


def unique_slug(model, *names: str, fallback: str) -> str:
    """An address for a new row of `model` (its `slug` field) from `names`, as
    slug_from_names makes it; numbered (-2, -3) only when it is already taken. Existing
    rows keep theirs: a link that worked goes on working."""
    length = model._meta.get_field("slug").max_length
    base = slug_from_names(*names, max_length=length - 8, fallback=fallback)
    slug, number = base, 1
    while model._default_manager.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
