"""Entities: create and update (identifier warnings acknowledged), show, checks, the entity
list, which relation types fit which kinds. A report's links and relations are
``reports/links.py``; the candidates offered while typing are ``resolution/suggestions.py``."""
