"""System checks of the platform's own configuration (`yunwei check --deploy`; `yunwei serve`
and `yunwei worker` run them before they start)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.management.base import BaseCommand

TAG = "yunwei"


@checks.register(TAG, deploy=True)
def audit_key_outside_data_dir(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    """The audit chain's key must not come from a file beside the database it protects."""
    if settings.AUDIT_CHAIN_KEY or not getattr(settings, "SECRET_KEY_FILE", ""):
        return []
    if settings.DEBUG or getattr(settings, "TESTING", False) \
            or os.environ.get("YUNWEI_DEMO") == "1":
        return []
    path = settings.SECRET_KEY_FILE
    return [checks.Error(
        "审计链密钥来自数据目录中自动生成的密钥文件（" + path + "），与数据库放在一起："
        "能复制数据目录的人就能重算审计链，伪造的记录也能通过校验。/ The audit chain key is "
        f"derived from the secret key generated in the data directory ({path}), beside the "
        "database: whoever can copy the data directory can re-compute the audit chain, and "
        "forged rows then verify.",
        hint="在环境中设置 SECRET_KEY 和 AUDIT_CHAIN_KEY（见 docs/deploy.md）；仅开发机可设 "
             "YUNWEI_DEBUG=1。/ Set SECRET_KEY and AUDIT_CHAIN_KEY in the environment "
             "(docs/deploy.md); only a development machine may set YUNWEI_DEBUG=1 instead.",
        id="yunwei.E001",
    )]


def refuse_unsafe_start(command: BaseCommand) -> None:
    """Run the platform's own checks before a server or the worker starts (SystemCheckError,
    which stops the command with the messages above, when one fails)."""
    command.check(tags=[TAG], include_deployment_checks=True)
