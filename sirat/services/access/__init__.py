"""Opening a vault and who may: sign-in, vault creation, users and their roles, the
administrator's settings, backups (each with its audit record). The role check itself is
``sirat.services.roles``."""
