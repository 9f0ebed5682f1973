"""User management: add, remove, list, change passphrase, rotate the data key.

Key slots live in keyslots.json and users in the encrypted database; each operation writes
the slot and the row (and its audit record) so that a failure leaves neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from sirat.errors import Conflict, NotFound, PermissionDenied, ValidationError
from sirat.models.core import ROLES, User
from sirat.services import audit
from sirat.vault import Vault
from sirat.vault.core import name_key, utcnow
from sirat.vault.crypto import DEFAULT_KDF, KdfParams


@dataclass(frozen=True)
class UserView:
    id: int
    name: str
    display_name: str
    role: str
    active: bool
    created_at: str


def _view(u: User) -> UserView:
    return UserView(u.id, u.name, u.display_name, u.role, u.active, u.created_at)


def require_role(vault: Vault, *roles: str) -> None:
    if vault.info.role not in roles:
        wanted = " or ".join(roles)
        raise PermissionDenied(
            f"Only an {wanted} can do this; you are signed in as {vault.info.role}.",
            "Ask a colleague with that role.",
        )


def list_users(vault: Vault, *, include_removed: bool = False) -> list[UserView]:
    with vault.session() as s:
        q = select(User).order_by(User.id)
        if not include_removed:
            q = q.where(User.active.is_(True))
        return [_view(u) for u in s.scalars(q)]


def add_user(
    vault: Vault,
    name: str,
    passphrase: str,
    role: str = "analyst",
    display_name: str | None = None,
    kdf: KdfParams = DEFAULT_KDF,
) -> UserView:
    require_role(vault, "administrator")
    if role not in ROLES:
        raise ValidationError.single(
            "role", f"Unknown role {role!r}.", f"Choose one of: {', '.join(ROLES)}."
        )
    with vault.session(write=True) as s:
        exists = s.execute(
            select(User.id).where(User.name_key == name_key(name), User.active.is_(True))
        ).first()
        if exists or vault.has_slot(name):
            raise Conflict("A user with this name already exists.", "Choose another name.")
        public = vault.add_slot(name, passphrase, kdf)
        try:
            user = User(
                name=name.strip(),
                name_key=name_key(name),
                display_name=(display_name or name).strip(),
                role=role,
                public_key=public,
                active=True,
                created_at=utcnow(),
            )
            s.add(user)
            s.flush()
            audit.record(
                s, actor_id=vault.info.user_id, action="user.add", object_type="user",
                object_id=user.id, details={"role": role},
            )
        except BaseException:
            vault.remove_slot(name)
            raise
        return _view(user)


def remove_user(vault: Vault, name: str) -> UserView:
    require_role(vault, "administrator")
    with vault.session(write=True) as s:
        user = s.execute(
            select(User).where(User.name_key == name_key(name), User.active.is_(True))
        ).scalar_one_or_none()
        if user is None:
            raise NotFound("There is no active user with this name.", "See `sirat user list`.")
        if user.id == vault.info.user_id:
            raise PermissionDenied(
                "You cannot remove yourself.", "Ask another administrator to do it."
            )
        admins = s.scalars(
            select(User).where(User.role == "administrator", User.active.is_(True))
        ).all()
        if user.role == "administrator" and len(admins) <= 1:
            raise PermissionDenied("The last administrator cannot be removed.")
        user.active = False
        user.removed_at = utcnow()
        audit.record(
            s, actor_id=vault.info.user_id, action="user.remove", object_type="user",
            object_id=user.id,
        )
        s.flush()
        vault.remove_slot(name)
        return _view(user)


def change_passphrase(vault: Vault, old: str, new: str, kdf: KdfParams = DEFAULT_KDF) -> None:
    with vault.session(write=True) as s:
        vault.change_passphrase(old, new, kdf)
        audit.record(
            s, actor_id=vault.info.user_id, action="user.passwd", object_type="user",
            object_id=vault.info.user_id,
        )


def rotate_key(vault: Vault) -> int:
    """Re-encrypt the vault under a new data key (after removing a user, say)."""
    require_role(vault, "administrator")
    with vault.session() as s:
        keys = {u.name: u.public_key for u in s.scalars(select(User).where(User.active.is_(True)))}
    generation = vault.rotate_key(keys)
    with vault.session(write=True) as s:
        audit.record(
            s, actor_id=vault.info.user_id, action="vault.rotate_key", object_type="vault",
            object_id=vault.info.vault_id, details={"generation": generation},
        )
    return generation
