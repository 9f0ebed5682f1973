"""Entity forms, matching while typing, and the entity detail view."""
