"""Provenance: the derivation graph of a story (who copied, paraphrased or translated whom).

``derive_story`` is the stage: a story's analysed articles and verbatim passages in, a
``StoryGraph`` out (edges with kind, direction, evidence and confidence; the first carrier
of each shared passage; each outlet's role). The other modules are its parts: credits in a
text, publication times, evidence per pair, passage origins, outlet profiles.
"""

from storytrace.provenance.credits import Credit, credit_for, find_credits, outlet_key
from storytrace.provenance.graph import derive_story, direct_sources
from storytrace.provenance.outlets import outlet_name, outlet_names
from storytrace.provenance.timing import PublicationTime, publication_time

__all__ = [
    "Credit",
    "PublicationTime",
    "credit_for",
    "derive_story",
    "direct_sources",
    "find_credits",
    "outlet_key",
    "outlet_name",
    "outlet_names",
    "publication_time",
]
