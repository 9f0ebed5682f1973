"""Search and entity resolution in the app: global search, duplicates, the merge dialog."""
