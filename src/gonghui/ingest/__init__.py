"""Ingest union work reports and newspaper pages into draft records for an officer to
confirm (issue 8). Parsing lives in plain modules (split, repair, numbers, dates,
entities, kinds); :mod:`.pipeline` runs them; :mod:`.drafts` proposes records."""
