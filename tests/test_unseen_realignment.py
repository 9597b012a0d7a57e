"""Simulated next-year sources written without seeing this code, checked against their neutral expectations.

The engineer 'unseen' wrote 22 sources (one focused change each) and what a correct realignment must
report (tests/fixtures/nextrelease/unseen/unseen-<case>.expected.yaml). test_nextrelease.py realigns each
and compares decisions and `diff --format json` with unseen-<case>.expected.json exactly; here those pinned
comparisons are held against the neutral expectations: every change named there and nothing else, no lost
grade, and the decisions the editor must take.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "nextrelease"

# case -> entries of the comparison as (id or words, change, (loe, gr, ago) now), and what the decisions must name.
# Where the neutral expectation allows more than one outcome, the comment says which one the code takes.
EXPECTED: dict[str, dict] = {
    "00a-identical": {"entries": set(), "decisions": []},
    "00b-version-line-only": {"entries": set(), "decisions": []},
    "01-split-line-two-schedules": {  # the id stays on the first line; the split is an open decision; the other
        # line is a new item that `replaces` the split id, so the comparison shows it against that line (reworded,
        # with any regrade) rather than as new with no past
        "entries": {
            ("bma-clodronate-iv", "reworded", ("1a", "A", "++")),
            ("clodronate-iv-1500-mg-q4w", "reworded", ("1a", "A", "++")),
        },
        "decisions": ["bma-clodronate-iv: source line 88: split:"],
    },
    "02-merge-two-lines": {  # the first id keeps the merged line, the other retires with it as successor
        "entries": {
            ("rert-single-dose-rt", "reworded", ("3b", "C", "++")),
            ("rert-fractionated-rt", "retired", (None, None, None)),
        },
        "successors": {"rert-fractionated-rt": "rert-single-dose-rt"},
        "decisions": [
            "cases/pain-recurrent-after-radiotherapy.yaml:11: rert-fractionated-rt",
            "flows/03-bone-pain-radiotherapy.yaml:48: rert-fractionated-rt",
            "release.yaml:12: rert-fractionated-rt: retired with a placeholder reason",
        ],
    },
    "03-new-slide-list-grade": {  # three bullets, one list grade: three graded recommendations
        "entries": {
            ("Interdisciplinary care with oral and maxillofacial surgery", "new", ("3b", "C", "+")),
            ("Antiseptic mouth rinse and antibiotic therapy in case of infection", "new", ("3b", "C", "+")),
            ("Continuation of bone-targeted therapy only after individual risk assessment", "new", ("3b", "C", "+")),
        },
        "blocks": ["topic 'management-of-established-osteonecrosis-of-the' (new)"],
        "decisions": [],
    },
    "04-reworded-group-heading": {  # the children, reworded in context
        "entries": {
            ("adj-aminobisphosphonate-postmenopausal", "reworded", ("1a", "A", "+")),
            ("adj-aminobisphosphonate-premenopausal", "reworded", ("1a", "B", "+/-")),
        },
        "decisions": [],
    },
    "05-moved-and-regraded": {
        "entries": {("ctibl-vitamin-k2", "regraded", ("2b", "B", "--"))},
        "moved": {"ctibl-vitamin-k2": ("bone-loss-drugs-and-assessment", "bone-loss-basic-measures")},
        "decisions": [],
    },
    "06-swap-two-lines": {"entries": set(), "decisions": []},
    "07-reworded-whole-in-place": {  # the preferred outcome: the id kept as a rewording
        "entries": {("bp-mbc-pain-control-alone", "reworded", ("5", "D", "-"))},
        "decisions": [],
    },
    "08-reworded-and-regraded-in-place": {
        "entries": {("rt-asymptomatic-isolated", "regraded and reworded", ("1b", "B", "+"))},
        "decisions": [],
    },
    "09-replaced-no-shared-words": {
        "entries": {
            ("rert-radiofrequency-ablation", "retired", (None, None, None)),
            ("Stereotactic body radiotherapy (SBRT)", "new", ("2b", "B", "+")),
        },
        "decisions": [
            "cases/pain-recurrent-after-radiotherapy.yaml:11: rert-radiofrequency-ablation",
            "flows/03-bone-pain-radiotherapy.yaml:53: rert-radiofrequency-ablation",
            "release.yaml:12: rert-radiofrequency-ablation: retired with a placeholder reason",
        ],
    },
    "10-grade-wrapped-onto-own-line": {"entries": set(), "decisions": []},
    "11-footnote-text-changed": {
        "entries": set(),
        "blocks": ["notes, lists, links or footnotes of topic 'bone-loss-basic-measures'"],
        "decisions": [],
    },
    "12-whole-slide-removed": {
        "entries": {
            (identifier, "retired", (None, None, None))
            for identifier in (
                "rert-single-dose-rt",
                "rert-fractionated-rt",
                "rert-radionuclides",
                "rert-mr-guided-focused-ultrasound",
                "rert-radiofrequency-ablation",
                "rert-cryoablation",
            )
        },
        "blocks": ["topic 'recurrent-bone-pain-after-rt' (removed)"],
        "decisions": ["flows/03-bone-pain-radiotherapy.yaml:48: rert-single-dose-rt"],
        "decision_count": 18,
    },
    "13-new-child-in-group": {
        "entries": {
            ("Premenopausal patients undergoing ovarian function suppression and AI therapy", "new", ("2b", "B", "+/-"))
        },
        "context": {"Premenopausal patients undergoing ovarian function suppression and AI therapy": "Denosumab (60 mg SC q6m)"},
        "decisions": [],
    },
    "14-slide-moved-to-other-position": {"entries": set(), "decisions": []},
    "15-ago-grade-dropped": {
        "entries": {("ctibl-repeat-dxa", "regraded", ("5", "D", None))},
        "decisions": ["release.yaml:12: ctibl-repeat-dxa: grades no longer printed (AGO) with a placeholder reason"],
    },
    "16-typographic-dash-grade": {  # the old grades kept until the line is corrected
        "entries": set(),
        "decisions": ["adj-denosumab-120-stage-2-3-postmenopausal: line 310 of unseen-16-typographic-dash-grade.txt prints "
                      "'§ Stage II and III postmenopausal patients 1b B –'"],
    },
    "17-table-cell-changed": {"entries": set(), "blocks": ["table 'side-effect-table'"], "decisions": []},
    "18-trial-slide-removed": {
        "entries": set(),
        "blocks": ["trial 'prophylactic-rt' (removed)", "topic 'prophylactic-rt-trial' (removed)"],
        "decisions": [],
    },
    "19-typo-fixed": {"entries": {("mscc-rt-regimen", "reworded", ("3b", "C", "++"))}, "decisions": []},
    "20-rewrapped-words-unchanged": {"entries": set(), "decisions": []},
}


def _pinned(case: str) -> dict:
    return json.loads((FIXTURES / f"unseen-{case}.expected.json").read_text(encoding="utf-8"))


def test_every_unseen_case_is_a_fixture_with_its_neutral_expectation():
    """All 22 sources are rebuilt by make_sources.py, pinned, and kept with the expectation they were written with."""
    cases = sorted(path.stem.removeprefix("unseen-") for path in FIXTURES.glob("unseen-*.txt"))
    assert cases == sorted(EXPECTED)
    assert all((FIXTURES / "unseen" / f"unseen-{case}.expected.yaml").is_file() for case in cases)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_the_pinned_comparison_meets_the_neutral_expectation(case):
    """Exactly the changes the neutral expectation names, with their grades; its decisions open; no others."""
    expected, pinned = EXPECTED[case], _pinned(case)
    diff = pinned["diff"]
    entries = {
        (entry["id"] if entry["change"] != "new" else entry["new_text"], entry["change"],
         tuple(grade["new"] for grade in entry["grades"]))
        for entry in diff["entries"]
    }
    assert entries == expected["entries"]
    for identifier, successor in expected.get("successors", {}).items():
        assert [s for i, _, s in diff["retired"] if i == identifier] == [successor]
    assert {m["id"]: (m["old_topic"], m["new_topic"]) for m in diff["moved"]} == expected.get("moved", {})
    for words, context in expected.get("context", {}).items():
        assert [e["context"] for e in diff["entries"] if e["new_text"] == words] == [context]
    assert diff["changed_blocks"] == expected.get("blocks", [])
    for named in expected["decisions"]:
        assert any(decision.startswith(named) or named in decision for decision in pinned["decisions"]), named
    count = expected.get("decision_count", len(expected["decisions"]))
    assert len(pinned["decisions"]) == count
