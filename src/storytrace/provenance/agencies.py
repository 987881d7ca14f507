"""Names of news agencies and of outlets that are credited under several spellings.

One entry per organisation: its display name, then every spelling a credit may use. The
spellings are compared after ``outlet_key`` folding (case, accents, a leading "the",
punctuation and a trailing "news agency" do not matter), so list each spelling once.
The list is short on purpose: the agencies whose copy other outlets carry most, and the
ones the project's corpora credit ("RIA Novosti", "TASS", "Anadolu").
"""

from __future__ import annotations

AGENCIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("AFP", ("afp", "agence france-presse", "agence france presse", "france-presse")),
    ("Reuters", ("reuters", "thomson reuters")),
    ("AP", ("ap", "associated press")),
    ("TASS", ("tass", "itar-tass", "тасс", "итар-тасс")),
    ("RIA Novosti", ("ria novosti", "ria", "ria-novosti", "риа новости")),
    ("Xinhua", ("xinhua", "xinhuanet", "新华社")),
    ("Anadolu", ("anadolu", "anadolu agency", "anadolu ajansi", "aa")),
    ("Interfax", ("interfax", "интерфакс")),
    ("dpa", ("dpa", "deutsche presse-agentur")),
    ("EFE", ("efe", "agencia efe")),
    ("ANSA", ("ansa",)),
    ("UPI", ("upi", "united press international")),
    ("Bloomberg", ("bloomberg",)),
    ("Sputnik", ("sputnik", "sputnik news", "sputniknews")),
    ("IRNA", ("irna", "islamic republic news agency")),
    ("SANA", ("sana", "syrian arab news agency")),
    ("Press TV", ("press tv", "presstv")),
)
