"""Stories: grouping articles that report one event, across outlets and languages."""

from storytrace.stories.features import StoryFeatures, story_features
from storytrace.stories.grouping import Assignment, StoryGrouper
from storytrace.stories.similarity import DocumentFrequencies, story_similarity

__all__ = [
    "Assignment",
    "DocumentFrequencies",
    "StoryFeatures",
    "StoryGrouper",
    "story_features",
    "story_similarity",
]
