"""`flask account ...`: an administrator's levers on one account (docs/policies.md#sessions),
recorded in the admin audit like the same buttons of the administration area (the actor is
the command line: docs/architecture.md#admin-audit)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from vpub_onestop.domain.admin_audit import COMMAND_LINE

account_group = AppGroup("account", help="Tài khoản: đăng xuất mọi phiên, mở khóa đăng nhập.")


@account_group.command("sign-out-everywhere")
@click.argument("username")
def sign_out_everywhere(username: str) -> None:
    """End every session of USERNAME (lost device, departed officer)."""
    from vpub_onestop.services import admin_accounts

    user_id, version = _account(username)
    admin_accounts.sign_out_everywhere(COMMAND_LINE, user_id, version)
    click.echo(f"Đã kết thúc mọi phiên đăng nhập của {username}.")


@account_group.command("unlock")
@click.argument("username")
def unlock(username: str) -> None:
    """Lift the sign-in lock of USERNAME before it runs out."""
    from vpub_onestop.services import admin_accounts

    user_id, version = _account(username)
    admin_accounts.unlock(COMMAND_LINE, user_id, version)
    click.echo(f"Đã mở khóa đăng nhập cho {username}.")


def _account(username: str) -> tuple[int, int]:
    from vpub_onestop.queries.admin_accounts import account_by_username

    account = account_by_username(username)
    if account is None:
        raise click.ClickException(f"Không có tài khoản '{username}'.")
    return account.id, account.admin_version
