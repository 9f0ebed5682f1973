"""The bottom layer: vocabularies, typed ids and the disclosure policy (no Qt, no database).

Everything else imports from here; nothing here imports another ``sirat`` package.
"""
