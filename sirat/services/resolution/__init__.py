"""Entity resolution: candidates for an entity, the suggestions offered while typing,
possible duplicates, merging two entities and undoing a merge."""
