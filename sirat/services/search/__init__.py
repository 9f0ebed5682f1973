"""Full-text search over reports and entities in any script: the query language, the index kept
in step with writes, ranking and highlights."""
