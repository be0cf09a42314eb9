#!/usr/bin/env python3
"""Reference vectors for the agreement figures of `annotator-agreement` (crates/agreement/).

How to run, from the repository root:

    python3 -m venv .venv
    .venv/bin/pip install krippendorff==0.9.0 statsmodels==0.15.0 scikit-learn==1.9.1 numpy
    .venv/bin/python scripts/agreement_vectors.py

It rewrites every file in crates/agreement/tests/fixtures/agreement/ (one JSON file per case), which
crates/agreement/tests/agreement_vectors.rs checks to within 1e-9 (and the report tests of
crates/formats/tests/ again, through the files the app writes). Commit the files; the Rust tests do
not need Python.

One case, communique_three_coders, takes its text from
crates/agreement/tests/fixtures/texts/communique_three_coders.txt: the opening of the communiqué as
the app's document model makes its plain text, which crates/formats/tests/agreement_fixtures.rs
writes and checks (its header gives the commands, in order, to renew that text, this case and the
browser test's project files made from it).

What each file holds:
- inputs: the text, the coders, the themes, and per theme per coder the spans as [start, end)
  offsets in code points (Python `str` indices), as the Rust side takes them; a case may add
  `coder_names` and `theme_names` (key to the name shown), which the Rust tests give the coders
  and themes of the projects they make of it;
- expected: per theme and overall, every coding figure over all characters and over the
  non-whitespace ones (Python `str.isspace`), computed per unit (a 0/1 row per coder over every
  code point) with the reference libraries:
    alpha_nominal     krippendorff.alpha(rows, level_of_measurement="nominal")   krippendorff 0.9.0
    fleiss_kappa      statsmodels fleiss_kappa(aggregate_raters(rows.T)[0])      statsmodels 0.15.0
    cohen_kappa       sklearn.metrics.cohen_kappa_score(row_i, row_j) per pair   scikit-learn 1.9.1
    cohen_kappa_mean  the mean over pairs where Cohen's kappa is defined
    percent_agreement the mean over units of the share of coder pairs that agree (by its definition;
                      no library computes exactly this)
  `macro_mean` is the mean over active themes (used by some coder) of the defined values; `pooled`
  is the figure of the active themes' rows concatenated (units stacked).

Undefined figures are null. The libraries signal them differently: krippendorff raises ValueError
("There has to be more than one value in the domain"), statsmodels returns nan (0 / 0, with a
RuntimeWarning), scikit-learn returns nan (with an UndefinedMetricWarning). Each of these happens
exactly when the expected disagreement is zero, that is when only one value occurs in the data the
figure looks at (for Cohen's kappa, in the two coders' rows). The script maps them to null only after
checking that this is the case, and fails otherwise, so null means "expected disagreement zero"
throughout, as the Rust side defines it. With no units at all (an empty text, or no
non-whitespace character) every figure, percent agreement included, is null without calling the
libraries, which would refuse or fail on empty data.

Krippendorff's unitizing alpha (alpha_U) has no Python reference library: the Rust side follows DKPro
Agreement (Java) and is checked against DKPro's published worked examples (Krippendorff 1995 and
2004) in crates/agreement/src/unitizing.rs. The files still carry `u_alpha_dkpro_port`: the
figures of `dkpro_unitizing_alpha` below, a line-by-line port of DKPro's
KrippendorffAlphaUnitizingAgreement (its position walk, its early stop, exact fractions for its
BigDecimal). It is a second implementation of the same reading of DKPro, not an independent
reference: it catches slips in the Rust rewrite (which walks the pieces differently), not a
misreading of DKPro.
"""

import json
import random
import sys
import warnings
from fractions import Fraction
from importlib.metadata import version
from pathlib import Path

import krippendorff
import numpy as np
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

PINNED = {"krippendorff": "0.9.0", "statsmodels": "0.15.0", "scikit-learn": "1.9.1"}
ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "crates" / "agreement" / "tests" / "fixtures" / "agreement"
# The plain text of the communiqué's opening as the app's document model makes it, written (and
# checked) by crates/formats/tests/agreement_fixtures.rs, so that this case cannot drift from it.
EXCERPT_TEXT = ROOT / "crates" / "agreement" / "tests" / "fixtures" / "texts" / "communique_three_coders.txt"


def check_versions():
    for package, wanted in PINNED.items():
        found = version(package)
        if found != wanted:
            sys.exit(f"{package} {found} is installed, but the vectors are defined by {package} {wanted}")


# --- The per-unit data -------------------------------------------------------------------------


def coverage_row(length, spans):
    """A coder's 0/1 row for one theme: 1 where some span covers the code point (cut to the text)."""
    row = np.zeros(length, dtype=np.int64)
    for start, end in spans:
        row[max(0, start) : min(length, end)] = 1
    return row


def one_value_only(rows):
    return len(np.unique(rows)) <= 1


# --- The figures, by the references ----------------------------------------------------------


def alpha_nominal(rows):
    if rows.shape[1] == 0:
        return None
    try:
        return float(krippendorff.alpha(reliability_data=rows, level_of_measurement="nominal"))
    except ValueError as error:
        assert one_value_only(rows), f"krippendorff refused data with two values: {error}"
        return None


def fleiss(rows):
    if rows.shape[1] == 0:
        return None
    table, _ = aggregate_raters(rows.T)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        kappa = float(fleiss_kappa(table))
    if np.isnan(kappa):
        assert one_value_only(rows), "fleiss_kappa gave nan on data with two values"
        return None
    return kappa


def cohen(first, second):
    if len(first) == 0:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        # Its confusion matrix warns when only one label occurs: the case handled just below.
        warnings.filterwarnings("ignore", message="A single label was found", category=UserWarning)
        kappa = float(cohen_kappa_score(first, second))
    if np.isnan(kappa):
        assert one_value_only(np.stack([first, second])), "cohen_kappa_score gave nan on two labels"
        return None
    return kappa


def percent_agreement(rows):
    coders, units = rows.shape
    if units == 0:
        return None
    pairs = [(i, j) for i in range(coders) for j in range(i + 1, coders)]
    agreeing = sum((rows[i] == rows[j]).astype(np.int64) for i, j in pairs)
    return float(np.mean(agreeing / len(pairs)))


def mean_of_defined(values):
    defined = [value for value in values if value is not None]
    return sum(defined) / len(defined) if defined else None


def figures(rows):
    """The four figures and the pairs' Cohen's kappa of a (coders, units) 0/1 matrix."""
    coders = rows.shape[0]
    pairs = [[i, j, cohen(rows[i], rows[j])] for i in range(coders) for j in range(i + 1, coders)]
    result = {
        "alpha_nominal": alpha_nominal(rows),
        "fleiss_kappa": fleiss(rows),
        "cohen_kappa_mean": mean_of_defined(pair[2] for pair in pairs),
        "percent_agreement": percent_agreement(rows),
    }
    return result, pairs


# --- DKPro's alpha_U, ported -----------------------------------------------------------------


def dkpro_units(spans, length):
    """A coder's units of one theme as the Rust side gives them to DKPro: cut to the text, empty ones
    dropped, those sharing a code point merged, touching ones kept apart."""
    kept = sorted((max(0, s), min(length, e)) for s, e in spans if min(length, e) > max(0, s))
    merged = []
    for start, end in kept:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end - start) for start, end in merged]


def dkpro_unitizing_alpha(length, coder_count, units_by_theme):
    """KrippendorffAlphaUnitizingAgreement (dkpro-statistics 2.3.x), ported line by line.
    units_by_theme[theme][coder] = [(offset, length)]. Returns per theme (D_O, D_E) as Fractions, or
    None for an empty continuum."""
    begin, R = 0, coder_count
    L = length
    results = []
    for units_by_coder in units_by_theme:
        # DKPro keeps all units of a category in one TreeSet ordered by offset, length, rater.
        units = sorted(
            (offset, unit_length, rater) for rater, units in enumerate(units_by_coder) for offset, unit_length in units
        )

        def find_next(iterator, rater):
            for unit in iterator:
                if unit[2] == rater:
                    return unit
            return None

        if L == 0:
            results.append(None)
            continue
        observed = 0
        for r1 in range(R):
            for r2 in range(r1 + 1, R):
                units1, units2 = iter(units), iter(units)
                next1, next2 = find_next(units1, r1), find_next(units2, r2)
                offset1 = offset2 = begin
                length1 = length2 = 0
                category1 = category2 = None
                pos = begin
                while pos < begin + L and (next1 is not None or next2 is not None):
                    if pos == offset1 + length1:
                        if next1 is not None and pos == next1[0]:
                            length1, category1 = next1[1], "c"
                            next1 = find_next(units1, r1)
                        else:
                            length1 = (next1[0] if next1 is not None else begin + L) - pos
                            category1 = None
                        offset1 = pos
                    if pos == offset2 + length2:
                        if next2 is not None and pos == next2[0]:
                            length2, category2 = next2[1], "c"
                            next2 = find_next(units2, r2)
                        else:
                            length2 = (next2[0] if next2 is not None else begin + L) - pos
                            category2 = None
                        offset2 = pos
                    observed += measure_distance(offset1, length1, category1, offset2, length2, category2)
                    pos = min(offset1 + length1, offset2 + length2)
        observed = Fraction(2 * observed, R * (R - 1) * L * L)

        n_c = len(units)
        squared_lengths = sum(unit_length * (unit_length - 1) for _, unit_length, _ in units)
        gaps = []
        for r in range(R):
            iterator = iter(units)
            next_unit = find_next(iterator, r)
            offset, unit_length, pos = begin, 0, begin
            while pos < begin + L:
                if pos == offset + unit_length:
                    if next_unit is not None and pos == next_unit[0]:
                        unit_length = next_unit[1]
                        next_unit = find_next(iterator, r)
                    else:
                        unit_length = (next_unit[0] if next_unit is not None else begin + L) - pos
                        gaps.append(unit_length)
                    offset = pos
                pos = offset + unit_length
        gaps.sort(reverse=True)
        total = Fraction(0)
        for _, l1, _ in units:
            sum1 = Fraction((n_c - 1) * (2 * l1**3 - 3 * l1**2 + l1), 3)
            sum2 = 0
            for gap in gaps:
                if gap >= l1:
                    sum2 += gap - l1 + 1
                else:
                    break
            total += sum1 + sum2 * l1 * l1
        expected = total * Fraction(2, L) / (R * L * (R * L - 1) - squared_lengths)
        results.append((observed, expected))
    return results


def measure_distance(offset1, length1, category1, offset2, length2, category2):
    begin_diff = offset1 - offset2
    length_diff = length1 - length2
    if category1 is not None and category2 is not None and -length1 < begin_diff < length2:
        return begin_diff * begin_diff + (begin_diff + length_diff) * (begin_diff + length_diff)
    if category1 is not None and category2 is None and -length_diff >= begin_diff >= 0:
        return length1 * length1
    if category1 is None and category2 is not None and -length_diff <= begin_diff <= 0:
        return length2 * length2
    return 0


def u_alpha_figures(text, coders, themes, spans):
    length = len(text)
    units = [[dkpro_units(spans[theme][coder], length) for coder in coders] for theme in themes]
    disagreements = dkpro_unitizing_alpha(length, len(coders), units)
    per_theme = {}
    active = []
    for theme, theme_units, pair in zip(themes, units, disagreements):
        is_active = any(theme_units)
        alpha = None
        if pair is not None and pair[1] != 0:
            alpha = float(1 - pair[0] / pair[1])
        per_theme[theme] = alpha
        if is_active and pair is not None:
            active.append((pair, alpha))
    overall = None
    if active:
        observed = sum(pair[0] for pair, _ in active) / len(active)
        expected = sum(pair[1] for pair, _ in active) / len(active)
        if expected != 0:
            overall = float(1 - observed / expected)
    macro_mean = mean_of_defined(alpha for _, alpha in active)
    return per_theme, {"u_alpha": overall, "u_alpha_macro_mean": macro_mean}


# --- One case ------------------------------------------------------------------------------------


def expected_figures(text, coders, themes, spans):
    length = len(text)
    keep = np.array([not character.isspace() for character in text], dtype=bool)
    matrices = {
        theme: np.stack([coverage_row(length, spans[theme][coder]) for coder in coders]).reshape(len(coders), length)
        for theme in themes
    }
    u_alpha_by_theme, u_alpha_overall = u_alpha_figures(text, coders, themes, spans)
    per_theme = {}
    active = []
    for theme in themes:
        rows = matrices[theme]
        coders_using = int(sum(rows[c].any() for c in range(len(coders))))
        if coders_using:
            active.append(theme)
        char_level, pairs = figures(rows)
        char_level_non_whitespace, pairs_non_whitespace = figures(rows[:, keep])
        per_theme[theme] = {
            "is_active": coders_using > 0,
            "coders_using": coders_using,
            "units": length,
            "units_non_whitespace": int(keep.sum()),
            "char_level": char_level,
            "char_level_non_whitespace": char_level_non_whitespace,
            "cohen_kappa_pairs": pairs,
            "cohen_kappa_pairs_non_whitespace": pairs_non_whitespace,
            "u_alpha_dkpro_port": u_alpha_by_theme[theme],
        }

    def overall(level, mask):
        macro_mean = {
            name: mean_of_defined(per_theme[theme][level][name] for theme in active)
            for name in ["alpha_nominal", "fleiss_kappa", "cohen_kappa_mean", "percent_agreement"]
        }
        stacked = np.concatenate([matrices[theme][:, mask] for theme in active], axis=1) if active else np.zeros(
            (len(coders), 0), dtype=np.int64
        )
        pooled, pooled_pairs = figures(stacked)
        return {"macro_mean": macro_mean, "pooled": pooled, "pooled_cohen_kappa_pairs": pooled_pairs}

    everything = np.ones(length, dtype=bool)
    return {
        "themes": per_theme,
        "overall": {
            "active_themes": active,
            "char_level": overall("char_level", everything),
            "char_level_non_whitespace": overall("char_level_non_whitespace", keep),
            "u_alpha_dkpro_port": u_alpha_overall["u_alpha"],
            "u_alpha_macro_mean_dkpro_port": u_alpha_overall["u_alpha_macro_mean"],
        },
    }


def find(text, passage, occurrence=0):
    """The [start, end) code-point offsets of the n-th occurrence of `passage` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(passage, start + 1)
    return [start, start + len(passage)]


# --- The cases -----------------------------------------------------------------------------------


def handmade_cases():
    cases = []

    text = "Hope is a good thing, maybe the best of things.\n\nAnd no good thing ever dies."
    cases.append(
        {
            "name": "two_coders_overlap_nesting_touching",
            "description": "Two coders; overlapping and repeated spans of one coder count once; a span nested in "
            "another coder's; touching spans (which merge for coverage, stay two units for alpha_U); a "
            "theme one coder never used; a theme nobody used.",
            "text": text,
            "coders": ["amira", "ben"],
            "themes": ["hope", "goodness", "endurance", "unused"],
            "spans": {
                "hope": {
                    "amira": [find(text, "Hope is a good thing"), find(text, "a good thing, maybe"), find(text, "Hope")],
                    "ben": [find(text, "Hope is a good thing, maybe the best of things.")],
                },
                "goodness": {
                    "amira": [find(text, "good thing"), find(text, "good thing", 1)],
                    "ben": [find(text, "good"), find(text, " thing"), find(text, "good thing", 1)],
                },
                "endurance": {"amira": [find(text, "no good thing ever dies.")], "ben": []},
                "unused": {"amira": [], "ben": []},
            },
        }
    )

    text = "Café crème 🎉 naïve façade — 👩🏽‍💻 coded e\u0301galement, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 too."
    cases.append(
        {
            "name": "three_coders_emoji_and_accents",
            "description": "Three coders over text where code points, UTF-16 units and bytes all differ: emoji "
            "outside the BMP (one code point, two UTF-16 units), a ZWJ sequence, precomposed and "
            "combining accents, mathematical letters.",
            "text": text,
            "coders": ["amira", "ben", "chloe"],
            "themes": ["food", "celebration", "work"],
            "spans": {
                "food": {
                    "amira": [find(text, "Café crème")],
                    "ben": [find(text, "Café")],
                    "chloe": [find(text, "crème 🎉")],
                },
                "celebration": {
                    "amira": [find(text, "🎉")],
                    "ben": [find(text, "🎉 naïve")],
                    "chloe": [],
                },
                "work": {
                    "amira": [find(text, "👩🏽‍💻 coded"), find(text, "e\u0301galement")],
                    "ben": [find(text, "👩🏽‍💻")],
                    "chloe": [find(text, "coded e\u0301galement, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢")],
                },
            },
        }
    )

    text = "One\ttwo  three\n\nfour\u00a0five\u2028six\u3000seven\u001feight \u001c nine\r\nten"
    cases.append(
        {
            "name": "four_coders_whitespace",
            "description": "Four coders over text full of whitespace, including characters Python's isspace counts "
            "and Rust's is_whitespace does not (U+001C, U+001F), and a theme that covers only whitespace "
            "(defined over all characters, undefined without whitespace).",
            "text": text,
            "coders": ["amira", "ben", "chloe", "dara"],
            "themes": ["numbers", "gaps", "ending"],
            "spans": {
                "numbers": {
                    "amira": [find(text, "One\ttwo  three")],
                    "ben": [find(text, "two  three\n\nfour")],
                    "chloe": [find(text, "four\u00a0five\u2028six")],
                    "dara": [find(text, "One"), find(text, "three"), find(text, "six\u3000seven")],
                },
                "gaps": {
                    "amira": [find(text, "\n\n"), find(text, "\u001f")],
                    "ben": [find(text, "\n\n")],
                    "chloe": [find(text, " \u001c ")],
                    "dara": [],
                },
                "ending": {
                    "amira": [find(text, "nine\r\nten")],
                    "ben": [find(text, "nine")],
                    "chloe": [find(text, "ten")],
                    "dara": [find(text, "eight \u001c nine\r\nten")],
                },
            },
        }
    )

    text = "Everything everyone marked."
    whole = [0, len(text)]
    cases.append(
        {
            "name": "full_coverage",
            "description": "A theme everyone applied to the whole text (one value only: the coding figures are "
            "undefined, percent agreement 1, alpha_U 1), next to one that is partly shared.",
            "text": text,
            "coders": ["amira", "ben", "chloe"],
            "themes": ["all", "part"],
            "spans": {
                "all": {"amira": [whole], "ben": [[0, 10], [8, len(text)]], "chloe": [whole, whole]},
                "part": {"amira": [find(text, "everyone")], "ben": [find(text, "everyone marked")], "chloe": [whole]},
            },
        }
    )

    text = "A third coder made no annotation at all in this document."
    cases.append(
        {
            "name": "coder_without_annotations",
            "description": "Three coders, one of whom made no annotation: they count as 0 everywhere, and the pair "
            "of the two who did not use a theme has no Cohen's kappa (skipped in the mean).",
            "text": text,
            "coders": ["amira", "ben", "silent"],
            "themes": ["absence", "place"],
            "spans": {
                "absence": {"amira": [find(text, "no annotation at all")], "ben": [find(text, "no annotation")], "silent": []},
                "place": {"amira": [find(text, "this document")], "ben": [], "silent": []},
            },
        }
    )

    # The opening of the communiqué as the app reads it (its plain text written by the Rust test
    # crates/formats/tests/agreement_fixtures.rs, which also writes the browser test's project
    # files from this case): starter themes, three coders under their names.
    text = EXCERPT_TEXT.read_bytes().decode("utf-8")
    cases.append(
        {
            "name": "communique_three_coders",
            "description": "Three coders on the opening of the communiqué (eight blocks, joined by blank lines): "
            "overlaps between coders and within one coder's spans, spans nested in the same coder's other "
            "theme, touching spans, one passage with two themes, a span across a paragraph break, and a "
            "theme one coder never used. The browser test opens the coders' project files made from it.",
            "text": text,
            "coders": ["amira", "ben", "chloe"],
            "coder_names": {"amira": "Amira", "ben": "Ben", "chloe": "Chloé"},
            "themes": ["stabilization", "propaganda", "financing", "civilians"],
            "theme_names": {
                "stabilization": "Stabilization and recovery",
                "propaganda": "Counter-messaging and propaganda",
                "financing": "Financing",
                "civilians": "Civilians and international law",
            },
            "spans": {
                "stabilization": {
                    "amira": [
                        find(text, "significant stabilization support"),
                        find(text, "the 2021 Pledge Drive for Stabilization as an important means to help sustain "
                             "the recovery of areas liberated from Daesh/ISIS"),
                        find(text, "help sustain the recovery of areas liberated"),
                    ],
                    "ben": [
                        find(text, "allocating adequate resources to sustain Coalition and legitimate partner forces' "
                             "efforts against Daesh/ISIS, and significant stabilization support"),
                        find(text, "the 2021 Pledge Drive for Stabilization"),
                    ],
                    "chloe": [
                        find(text, "provide support to liberated areas to safeguard our collective security interests"),
                        find(text, "the 2021 Pledge Drive for Stabilization as an important means"),
                    ],
                },
                "propaganda": {
                    "amira": [find(text, "fighting against Daesh/ISIS' toxic propaganda and denying the group space "
                                         "to exploit social media online")],
                    "ben": [
                        find(text, "toxic propaganda"),
                        find(text, " and denying the group space to exploit social media online"),
                    ],
                    "chloe": [find(text, "fighting against Daesh/ISIS' toxic propaganda")],
                },
                "financing": {
                    "amira": [
                        find(text, "curbing its ability to raise revenue"),
                        find(text, "the 2021 Pledge Drive for Stabilization as an important means to help sustain "
                             "the recovery of areas liberated from Daesh/ISIS"),
                    ],
                    "ben": [
                        find(text, "curbing its ability to raise revenue, enhancing information sharing"),
                        find(text, "allocating adequate resources"),
                    ],
                    "chloe": [],
                },
                "civilians": {
                    "amira": [
                        find(text, "the protection of civilians as a priority"),
                        find(text, "international law, including international humanitarian law and international "
                             "human rights law"),
                    ],
                    "ben": [
                        find(text, "emphasized the protection of civilians as a priority and affirmed that "
                             "international law, including international humanitarian law and international human "
                             "rights law, as applicable,"),
                    ],
                    "chloe": [
                        find(text, "the protection of civilians"),
                        find(text, "international humanitarian law"),
                        find(text, "target security forces and civilians"),
                        find(text, "must be upheld under all circumstances.\n\nThe Ministers committed"),
                    ],
                },
            },
        }
    )

    cases.append(
        {
            "name": "empty_document",
            "description": "No text: no units, so every figure is undefined and no theme is active.",
            "text": "",
            "coders": ["amira", "ben"],
            "themes": ["anything"],
            "spans": {"anything": {"amira": [], "ben": [[0, 0]]}},
        }
    )

    text = "   \n\n\t  "
    cases.append(
        {
            "name": "only_whitespace",
            "description": "A text of whitespace only: figures over all characters exist, none without whitespace.",
            "text": text,
            "coders": ["amira", "ben"],
            "themes": ["blank"],
            "spans": {"blank": {"amira": [[0, 5]], "ben": [[3, 8]]}},
        }
    )
    return cases


WORDS = (
    "we the members of the coalition reaffirm our commitment to peace justice and dignity "
    "for all peoples café naïve résumé 🎉 🌍 👩🏽‍💻 e\u0301te\u0301 𝔘𝔫𝔦"
).split()


def random_case(seed, coder_count, theme_count, words, annotations_per_coder):
    generator = random.Random(seed)
    pieces = []
    for _ in range(words):
        pieces.append(generator.choice(WORDS))
        pieces.append(generator.choice([" ", " ", " ", "\n\n", ", ", "\t", ". "]))
    text = "".join(pieces)
    coders = [f"coder{number}" for number in range(coder_count)]
    themes = [f"theme{number}" for number in range(theme_count)]
    spans = {theme: {coder: [] for coder in coders} for theme in themes}
    for coder in coders:
        for _ in range(annotations_per_coder):
            start = generator.randrange(len(text))
            end = min(len(text), start + generator.choice([1, 2, 5, 12, 30, 80]))
            for theme in generator.sample(themes, generator.choice([1, 1, 2])):
                spans[theme][coder].append([start, end])
    # The last theme is left to one coder, so some pairs have no Cohen's kappa.
    for coder in coders[1:]:
        spans[themes[-1]][coder] = []
    return {
        "name": f"random_{seed}",
        "description": f"Random spans (seed {seed}): {coder_count} coders, {theme_count} themes, overlaps of all "
        "kinds; the last theme is used by the first coder only.",
        "text": text,
        "coders": coders,
        "themes": themes,
        "spans": spans,
    }


def main():
    check_versions()
    cases = handmade_cases() + [
        random_case(1, 2, 3, 60, 8),
        random_case(2, 3, 4, 120, 15),
        random_case(3, 5, 3, 200, 20),
        random_case(4, 10, 5, 1500, 100),
    ]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for old in OUTPUT.glob("*.json"):
        old.unlink()
    for case in cases:
        case["expected"] = expected_figures(case["text"], case["coders"], case["themes"], case["spans"])
        case["generated_by"] = {
            "script": "scripts/agreement_vectors.py",
            **{package: version(package) for package in [*PINNED, "numpy"]},
        }
        path = OUTPUT / f"{case['name']}.json"
        path.write_text(json.dumps(case, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
