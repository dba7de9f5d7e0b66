"""`flask api-token ...`: system clients' bearer tokens, made and revoked by an
administrator (docs/api.md#authentication). The secret is printed once."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from vpub_onestop.domain.api_access import OPERATIONS
from vpub_onestop.domain.errors import DomainError, ValidationError

api_token_group = AppGroup("api-token", help="Mã truy cập API của hệ thống khác.")


def _ids(admin: str, agency_key: str | None = None) -> tuple[int, int | None]:
    from vpub_onestop.extensions import db
    from vpub_onestop.models import Agency, User

    admin_id = db.session.scalar(select(User.id).where(User.username == admin))
    if admin_id is None:
        raise click.ClickException(f"Không có tài khoản {admin!r}.")
    agency_id = None
    if agency_key is not None:
        agency_id = db.session.scalar(select(Agency.id).where(Agency.key == agency_key))
        if agency_id is None:
            raise click.ClickException(f"Không có cơ quan {agency_key!r}.")
    db.session.rollback()  # end the read: the service opens its own transaction
    return admin_id, agency_id


def _fail(error: DomainError) -> click.ClickException:
    fields = error.field_errors if isinstance(error, ValidationError) else {}
    extra = "".join(f"\n  {name}: {message}" for name, message in fields.items())
    return click.ClickException(f"{error.message}{extra}")


@api_token_group.command("create")
@click.option("--admin", required=True, help="Tên đăng nhập của quản trị hệ thống.")
@click.option("--agency", "agency_key", required=True, help="Mã cơ quan (key) của hệ thống.")
@click.option(
    "--operation",
    "operations",
    multiple=True,
    required=True,
    type=click.Choice(sorted(OPERATIONS)),
    help="Thao tác được cấp (lặp lại cho nhiều thao tác).",
)
@click.option("--name", default=None, help="Tên gợi nhớ của hệ thống.")
@click.option("--days", type=int, default=None, help="Số ngày hiệu lực (mặc định 180).")
def create(
    admin: str, agency_key: str, operations: tuple[str, ...], name: str | None, days: int | None
) -> None:
    """Make a system client's token, bound to one agency and the given operations."""
    from vpub_onestop.services.api_tokens import issue_system_token

    admin_id, agency_id = _ids(admin, agency_key)
    assert agency_id is not None
    try:
        issued = issue_system_token(admin_id, agency_id, operations, name, days)
    except DomainError as error:
        raise _fail(error) from None
    click.echo(f"Mã truy cập #{issued.id} ({issued.name}), hết hạn {issued.expires_at:%d/%m/%Y}:")
    click.echo(issued.secret)
    click.echo("Mã chỉ hiện một lần: hãy chuyển ngay cho hệ thống được cấp.")


@api_token_group.command("revoke")
@click.option("--admin", required=True, help="Tên đăng nhập của quản trị hệ thống.")
@click.argument("token_id", type=int)
def revoke(admin: str, token_id: int) -> None:
    """Revoke a system client's token by its number."""
    from vpub_onestop.services.api_tokens import revoke_system_token

    admin_id, _ = _ids(admin)
    try:
        revoke_system_token(admin_id, token_id)
    except DomainError as error:
        raise _fail(error) from None
    click.echo(f"Đã thu hồi mã truy cập #{token_id}.")
