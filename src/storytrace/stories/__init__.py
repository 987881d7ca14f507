"""Stories: grouping articles that report one event, across outlets and languages.

The names below are imported on first use, not with the package: grouping needs faiss and
the features the encoders, and the commands that only read stored stories (``show``,
``quotes``, ``stories``) import submodules of this package without wanting either.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storytrace.stories.features import StoryFeatures, story_features
    from storytrace.stories.grouping import Assignment, StoryGrouper
    from storytrace.stories.similarity import DocumentFrequencies, story_similarity

# Each exported name and the submodule that defines it.
_HOMES = {
    "Assignment": "grouping",
    "DocumentFrequencies": "similarity",
    "StoryFeatures": "features",
    "StoryGrouper": "grouping",
    "story_features": "features",
    "story_similarity": "similarity",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)


__all__ = [
    "Assignment",
    "DocumentFrequencies",
    "StoryFeatures",
    "StoryGrouper",
    "story_features",
    "story_similarity",
]
