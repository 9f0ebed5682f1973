"""Opening a vault and who may: sign-in, vault creation, users and roles, the administrator's
settings."""
