"""Infrastructure every layer uses: errors, atomic files, locks, logs, text helpers, the lexicon."""
