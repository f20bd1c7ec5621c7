"""The enrichment stage: what each talk is about, from its notes and the editable data.

- lexicon.py: products.toml and themes.toml, validated; loaded once per distinct set of files
- vocab.py: the product categories (a StrEnum) and the reserved theme "Other"
- textprep.py: note texts prepared once (URLs blanked, lower-cased, tokens) and shared
- mentions.py: product mentions; candidates.py: names the lexicon does not know yet
- themes.py: themes per talk; keywords.py: TF-IDF terms per talk and related talks
- enricher.py: `Enricher`, which runs them per chunk of files and across the whole load

Nothing is imported here: the frames' schema imports vocab.py, and a warm load from
the cache must not pay for the rest.
"""
