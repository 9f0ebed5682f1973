"""User management: add, remove, list, change a role, change passphrase, rotate the data key.

Key slots live in keyslots.json and users in the encrypted database; each operation writes
the slot and the row (and its audit record) so that a failure leaves neither.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select

from sirat.clock import utcnow
from sirat.domain.vocab import ROLES, UserId
from sirat.errors import Conflict, NotFound, PermissionDenied, ValidationError
from sirat.models.core import User
from sirat.models.trust import ReportApproval
from sirat.services.audit import log as audit
from sirat.services.roles import require_role
from sirat.vault import Vault
from sirat.vault.core import name_key
from sirat.vault.crypto import DEFAULT_KDF, KdfParams

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UserView:
    id: UserId
    name: str
    display_name: str
    role: str
    active: bool
    created_at: str


def _view(u: User) -> UserView:
    return UserView(UserId(u.id), u.name, u.display_name, u.role, u.active, u.created_at)


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
    """Add a user: their key slot, then their row and its audit record, under the write lock.

    If anything fails (the commit included) the slot is taken out again. A slot left by a
    crash between the two steps belongs to no active user and is simply replaced.
    """
    require_role(vault, "administrator")
    if role not in ROLES:
        raise ValidationError.single(
            "role", f"Unknown role {role!r}.", f"Choose one of: {', '.join(ROLES)}."
        )
    slot_written = False
    try:
        with vault.session(write=True) as s:
            exists = s.execute(
                select(User.id).where(User.name_key == name_key(name), User.active.is_(True))
            ).first()
            if exists:
                raise Conflict("A user with this name already exists.", "Choose another name.")
            public = vault.add_slot(name, passphrase, kdf, replace_orphan=True)
            slot_written = True
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
            view = _view(user)
    except BaseException:
        if slot_written:
            try:
                with vault.session(write=True):
                    vault.remove_slot(name)
            except Exception:  # the original error matters more; check() reports orphans
                log.warning("could not take back the key slot of a user not added")
        raise
    return view


def remove_user(vault: Vault, name: str) -> UserView:
    """Deactivate a user, then drop their key slot (run rotate-key afterwards).

    The row is the authority: the slot goes only after the commit, so a failed commit
    cannot lock out a user who is still active. A crash in between leaves a slot of an
    inactive user, which cannot sign in and which `check()` reports.
    """
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
        view = _view(user)
    with vault.session(write=True):
        vault.remove_slot(name)
    return view


def change_role(vault: Vault, name: str, role: str) -> UserView:
    """Give an active user another role (administrators only), audited ``user.role``.

    It takes effect at the user's next sign-in. Refused: one's own role (no administrator
    demotes themself by accident), the last administrator's, and a supervisor's who has
    approved reports -- an approval verifies only while its approver is a supervisor
    (``approvals._approval_problem``), so changing that role would void them.
    """
    require_role(vault, "administrator")
    if role not in ROLES:
        raise ValidationError.single(
            "role", f"Unknown role {role!r}.", f"Choose one of: {', '.join(ROLES)}."
        )
    with vault.session(write=True) as s:
        user = s.execute(
            select(User).where(User.name_key == name_key(name), User.active.is_(True))
        ).scalar_one_or_none()
        if user is None:
            raise NotFound("There is no active user with this name.", "See `sirat user list`.")
        if user.id == vault.info.user_id:
            raise PermissionDenied("You cannot change your own role.",
                                   "Ask another administrator to do it.")
        if user.role == role:
            raise Conflict(f"This user is already {_article(role)}.", "Choose another role.")
        if user.role == "administrator":
            admins = s.scalar(select(func.count()).select_from(User).where(
                User.role == "administrator", User.active.is_(True)))
            if (admins or 0) <= 1:
                raise PermissionDenied("The last administrator cannot be given another role.",
                                       "Add another administrator first.")
        if user.role == "supervisor":
            approved = s.scalar(select(func.count()).select_from(ReportApproval).where(
                ReportApproval.approver_id == user.id))
            if approved:
                raise Conflict(
                    f"This supervisor has approved {approved} report(s); those approvals "
                    "stand only while their approver is a supervisor.",
                    "Keep the role, or remove this user and add the person again under "
                    "another name with the new role.")
        old, user.role = user.role, role
        audit.record(s, actor_id=vault.info.user_id, action="user.role", object_type="user",
                     object_id=user.id, details={"from": old, "to": role})
        s.flush()
        return _view(user)


def _article(role: str) -> str:
    return f"an {role}" if role[0] in "aeiou" else f"a {role}"


def change_passphrase(vault: Vault, old: str, new: str, kdf: KdfParams = DEFAULT_KDF) -> None:
    """Re-wrap the signed-in user's key under ``new``; the key file is written last, under
    the write lock, so a refusal (wrong old passphrase, vault in use) changes nothing."""
    with vault.session(write=True) as s:
        audit.record(
            s, actor_id=vault.info.user_id, action="user.passwd", object_type="user",
            object_id=vault.info.user_id,
        )
        s.flush()
        vault.change_passphrase(old, new, kdf)


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
