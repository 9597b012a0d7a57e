"""schema.org JSON-LD for a recommendation page: a MedicalGuidelineRecommendation in a data block.

The JSON goes inside <script type="application/ld+json">, where HTML escaping does not apply: any
`<`, `>` and `&` in the data are written as \\u003c, \\u003e and \\u0026 instead, so no text can
close the script element (`</script>`) or open a comment (`<!--`), and the JSON still parses the same.
"""

from __future__ import annotations

import json

from .. import urls
from ..conditions import conditions
from ..grades import QUALIFIED_NAMES, SCALES
from ..index import IndexedRecommendation
from ..model import Release

_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_json(data: object) -> str:
    """JSON text safe inside a <script> data block: one line, `<`, `>`, `&` as \\u escapes."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SAFE)


def recommendation_data(release: Release, indexed: IndexedRecommendation, site_url: str = "") -> dict:
    """The recommendation as schema.org data: its words, the grades printed for it as text, where it belongs."""
    # Pinned to the release: absolute with the site's public address, else from the host's root (`make site`).
    permalink = urls.pinned(site_url or "/", release.id, urls.recommendation(indexed.id))
    grades = [(scale, getattr(indexed, scale)) for scale in SCALES if getattr(indexed, scale)]
    data: dict = {
        "@context": "https://schema.org",
        "@type": "MedicalGuidelineRecommendation",
        "@id": permalink,
        "url": permalink,
        "identifier": indexed.id,
        "name": " › ".join((*indexed.context, indexed.text)),
        "description": indexed.text,
    }
    if indexed.loe:
        data["evidenceLevel"] = f"{QUALIFIED_NAMES['loe']} {indexed.loe}"
    strength = [f"{QUALIFIED_NAMES[scale]} {value}" for scale, value in grades if scale != "loe"]
    if strength:
        data["recommendationStrength"] = "; ".join(strength)
    data["additionalProperty"] = [
        {
            "@type": "PropertyValue",
            "propertyID": scale,
            "name": getattr(release.grading, scale).name,
            "value": value,
            "description": getattr(release.grading, scale).meaning(value),
        }
        for scale, value in grades
    ] + [  # footnotes and cautions printed beside it, word for word: they often restrict it
        {"@type": "PropertyValue", "propertyID": condition.kind, "name": condition.label, "value": condition.text}
        for condition in conditions(release, indexed)
    ]
    data["isPartOf"] = {
        "@type": "CreativeWork",
        "name": release.metadata.title,
        "alternateName": release.printed.guideline.text,
        "version": release.id,
        "url": urls.pinned(site_url or "/", release.id),
        "publisher": {"@type": "Organization", "name": release.metadata.publisher},
    }
    chapter = release.chapter_of(indexed.topic)  # the chapter it stands in, itself part of the release
    data["isPartOf"] = {
        "@type": "Chapter",
        "identifier": chapter.id,
        "name": chapter.label,
        **({"position": chapter.metadata.number} if chapter.metadata.number else {}),
        "url": urls.pinned(site_url or "/", release.id, urls.chapter(chapter.id)),
        "isPartOf": data["isPartOf"],
    }
    return data


def recommendation_script(release: Release, indexed: IndexedRecommendation, site_url: str = "") -> str:
    """The page's JSON-LD data block (an HTML block of its own in the Markdown)."""
    return f'<script type="application/ld+json">{script_json(recommendation_data(release, indexed, site_url))}</script>\n'
