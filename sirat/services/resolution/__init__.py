"""Entity resolution: candidates for an entity, possible duplicates, merging two entities and
undoing a merge."""
