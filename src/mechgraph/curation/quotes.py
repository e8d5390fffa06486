"""Checking that every quote is verbatim in the seed it cites.

Only typography is normalised (white space, curly quotes, dashes, non-breaking
spaces); words, numbers and punctuation must match the seed exactly.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from mechgraph.errors import CurationError, MechgraphError, Problem
from mechgraph.model import Knowledge

SEEDS_ENV = "MECHGRAPH_SEEDS"

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2032": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "\u2005": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u3001": ",",
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip()


def default_seeds_dir(graph_dir: Path) -> Path:
    """$MECHGRAPH_SEEDS, else the shared seeds folder beside the repository."""
    env = os.environ.get(SEEDS_ENV)
    if env:
        return Path(env)
    return graph_dir.resolve().parent.parent / "shared" / "seeds"


def load_seed_texts(knowledge: Knowledge, seeds_dir: Path) -> dict[str, str]:
    texts = {}
    missing = []
    for seed in knowledge.seeds.values():
        path = seeds_dir / seed.file
        if not path.exists():
            missing.append(seed.file)
            continue
        texts[seed.id] = normalise(path.read_text(encoding="utf-8"))
    if missing:
        raise MechgraphError(
            f"seed text(s) {', '.join(missing)} not found in {seeds_dir}: quotes cannot be "
            f"verified. Point --seeds (or ${SEEDS_ENV}) at the folder holding the seed reviews, "
            "or pass --no-verify-quotes to skip the check."
        )
    return texts


def verify_quotes(knowledge: Knowledge, texts: dict[str, str]) -> None:
    """Raise CurationError naming every quote not found verbatim, with the closest passage."""
    problems = []
    for st in knowledge.statements:
        for ev in st.evidence:
            if ev.quote is None:
                continue
            text = texts.get(ev.source)
            if text is None:
                continue
            quote = normalise(ev.quote)
            if quote in text:
                continue
            file, _, line = (ev.origin or "?:").rpartition(":")
            closest = closest_passage(quote, text)
            hint = f' The closest passage is: "{closest}"' if closest else ""
            problems.append(
                Problem(
                    file,
                    int(line) if line.isdigit() else None,
                    "quote",
                    f'not found verbatim in {ev.source}: "{ev.quote}".{hint}',
                )
            )
    if problems:
        raise CurationError(problems)


def closest_passage(quote: str, text: str) -> str:
    """The window of the seed most like the quote, for the error message."""
    words = text.split(" ")
    n = max(1, len(quote.split(" ")))
    best, best_score = "", 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for start in range(0, max(1, len(words) - n + 1)):
        window = " ".join(words[start : start + n])
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
            continue
        score = matcher.ratio()
        if score > best_score:
            best, best_score = window, score
    return best if best_score >= 0.5 else ""
