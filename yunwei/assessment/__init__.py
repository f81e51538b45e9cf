"""Assessment: a contract's scheme, its records, the score, fines and settlement from evidence."""
