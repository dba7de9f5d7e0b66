"""`flask account ...`: an administrator's levers on one account (docs/policies.md#sessions)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from vpub_onestop.domain.errors import NotFound

account_group = AppGroup("account", help="Tài khoản: đăng xuất mọi phiên, mở khóa đăng nhập.")


@account_group.command("sign-out-everywhere")
@click.argument("username")
def sign_out_everywhere(username: str) -> None:
    """End every session of USERNAME (lost device, departed officer)."""
    from vpub_onestop.services import accounts

    try:
        accounts.sign_out_everywhere(username)
    except NotFound as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Đã kết thúc mọi phiên đăng nhập của {username}.")


@account_group.command("unlock")
@click.argument("username")
def unlock(username: str) -> None:
    """Lift the sign-in lock of USERNAME before it runs out."""
    from vpub_onestop.services import accounts

    try:
        accounts.unlock(username)
    except NotFound as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Đã mở khóa đăng nhập cho {username}.")
