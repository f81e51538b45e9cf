"""E-mail in (real dovecot over IMAP) and out (real SMTP server on loopback)."""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import subprocess
import sys
import time
from email.header import Header
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest
from django.db import connection

from yunwei.core import context
from yunwei.workorders import actions
from yunwei.workorders.intake.mail import poll_mailbox, retry_message
from yunwei.workorders.models import Mailbox, MailMessage, WorkOrder

ROOT = Path(__file__).resolve().parents[3]
TZ = dt.timezone(dt.timedelta(hours=8))


def _mailbox(world, dovecot, folder: str) -> Mailbox:
    import imaplib

    client = imaplib.IMAP4("127.0.0.1", dovecot.port)
    client.login(dovecot.user, dovecot.password)
    client.create(folder)
    client.logout()
    return Mailbox.objects.create(contract=world.a.contract, name="运维邮箱", host="127.0.0.1",
                                  port=dovecot.port, use_ssl=False, username=dovecot.user,
                                  password=dovecot.password, folder=folder)


def _plain(subject: str, body: str, sender: str = "张三 <zhangsan@example.invalid>",
           msgid: str | None = None, date: str = "Mon, 01 Jan 2024 08:00:00 +0800",
           **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "ops@example.invalid"
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = msgid or email.utils.make_msgid(domain="example.invalid")
    for key, value in headers.items():
        msg[key.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


RECEIVED = time.mktime((2026, 11, 2, 9, 30, 0, 0, 0, -1))  # this machine's local time


@pytest.mark.django_db(transaction=True)
def test_mail_intake_end_to_end(dovecot):
    from yunwei.testing import make_world

    world = make_world()
    mailbox = _mailbox(world, dovecot, "case1")
    folder = "case1"
    first_id = "<first@example.invalid>"
    first = _plain("会议室投影仪无法开机", "3 楼会议室投影仪按电源没有反应。", msgid=first_id)
    dovecot.append(first, RECEIVED, folder)
    html = MIMEText("<p>视频会议终端<b>无图像</b></p><div>请尽快处理</div>", "html", "utf-8")
    html["From"] = "李四 <lisi@example.invalid>"
    html["Subject"] = Header("终端无图像", "utf-8")
    html["Message-ID"] = "<html@example.invalid>"
    dovecot.append(html.as_bytes(), RECEIVED + 60, folder)
    gbk = MIMEText("交换机端口灯不亮", "plain", "gbk")
    gbk["From"] = "王五 <wangwu@example.invalid>"
    gbk["Subject"] = Header("网络中断（GBK 编码）", "gbk")
    gbk["Message-ID"] = "<gbk@example.invalid>"
    dovecot.append(gbk.as_bytes(), RECEIVED + 120, folder)
    multi = MIMEMultipart()
    multi["From"] = "赵六 <zhaoliu@example.invalid>"
    multi["Subject"] = Header("附件：故障截图", "utf-8")
    multi["Message-ID"] = "<attach@example.invalid>"
    multi.attach(MIMEText("见附件", "plain", "utf-8"))
    from email.mime.application import MIMEApplication

    part = MIMEApplication(b"\x89PNG\r\n\x1a\nFAKEPNG", "png")
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "故障截图.png"))
    multi.attach(part)
    dovecot.append(multi.as_bytes(), RECEIVED + 180, folder)
    dovecot.append(_plain("Re: 会议室投影仪无法开机", "更换灯泡后正常了吗？",
                          msgid="<reply1@example.invalid>", In_Reply_To=first_id,
                          References=first_id), RECEIVED + 240, folder)
    dovecot.append(_plain("会议室投影仪无法开机", "重复投递", msgid=first_id), RECEIVED + 300,
                   folder)
    dovecot.append(b"this is not an e-mail at all\r\n\r\n\x00\x01", RECEIVED + 360, folder)

    result = poll_mailbox(mailbox.pk)
    assert result.error == "", result.error
    orders = {wo.title: wo for wo in WorkOrder.objects.filter(contract=world.a.contract,
                                                              channel="email")}
    assert set(orders) == {"会议室投影仪无法开机", "终端无图像", "网络中断（GBK 编码）",
                           "附件：故障截图"}
    first = orders["会议室投影仪无法开机"]
    # The issue time is the server's receipt time, not the sender's Date header (2024).
    assert first.reported_at == dt.datetime.fromtimestamp(RECEIVED, dt.UTC)
    assert first.requester_contact == "zhangsan@example.invalid"
    assert "视频会议终端" in orders["终端无图像"].description
    assert "<" not in orders["终端无图像"].description
    assert orders["网络中断（GBK 编码）"].description.startswith("交换机端口灯不亮")
    attachment = orders["附件：故障截图"].attachments.get()
    assert attachment.name == "故障截图.png" and attachment.source == "email"
    assert first.events.filter(kind="comment", note__contains="更换灯泡").exists()
    statuses = dict(MailMessage.objects.filter(mailbox=mailbox).values_list("message_id",
                                                                            "status"))
    assert statuses["<reply1@example.invalid>"] == "followup"
    quarantined = MailMessage.objects.get(mailbox=mailbox, status="quarantined")
    assert "发件人" in quarantined.reason
    assert result.duplicates == 1 and result.quarantined == 1

    # A second poll takes nothing again; a follow-up by number in the subject is recognised.
    assert poll_mailbox(mailbox.pk).taken == 0
    dovecot.append(_plain(f"回复：[{first.number}] 已修复", "谢谢", msgid="<n@example.invalid>"),
                   RECEIVED + 420, folder)
    assert poll_mailbox(mailbox.pk).taken == 1
    assert first.events.filter(kind="comment", note__contains="谢谢").exists()
    assert WorkOrder.objects.filter(contract=world.a.contract, channel="email").count() == 4

    # Retrying a quarantined message that is still unreadable keeps it, counted.
    assert retry_message(quarantined.pk) == "quarantined"
    again = MailMessage.objects.get(mailbox=mailbox, status="quarantined")
    assert again.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_worker_killed_in_the_middle_of_an_import(dovecot):
    """A real process dies inside the import transaction: nothing half-imported, and the
    message is imported exactly once by the next poll."""
    from yunwei.testing import make_world

    world = make_world()
    mailbox = _mailbox(world, dovecot, "crash")
    dovecot.append(_plain("服务器宕机", "核心交换机下的服务器全部失联", msgid="<crash@x.invalid>"),
                   RECEIVED, "crash")
    before = WorkOrder.objects.count()
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{settings_dict['NAME']}"
    else:
        url = (f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
               f"{settings_dict['PORT']}/{settings_dict['NAME']}")
    script = (
        "import os, django; django.setup();"
        "import yunwei.workorders.intake.mail as m;"
        "m._after_create = lambda: os._exit(9);"
        f"m.poll_mailbox({mailbox.pk})"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "yunwei.settings"}
    connection.close()
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=False,
                          capture_output=True, timeout=120)
    assert done.returncode == 9, done.stderr.decode()[-2000:]
    assert WorkOrder.objects.count() == before
    assert not MailMessage.objects.filter(mailbox=mailbox).exists()
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 0
    assert poll_mailbox(mailbox.pk).taken == 1
    assert poll_mailbox(mailbox.pk).taken == 0
    assert WorkOrder.objects.filter(title="服务器宕机").count() == 1


@pytest.mark.django_db(transaction=True)
def test_unreachable_mailbox_reports_the_error():
    from yunwei.testing import make_world

    world = make_world()
    from tests.servers import free_port

    mailbox = Mailbox.objects.create(contract=world.a.contract, name="坏邮箱", host="127.0.0.1",
                                     port=free_port(), use_ssl=False, username="x",
                                     password="y")
    result = poll_mailbox(mailbox.pk)
    assert result.error
    mailbox.refresh_from_db()
    assert mailbox.last_error


@pytest.mark.django_db(transaction=True)
def test_notifications_are_mailed_through_smtp_after_commit(smtp):
    from yunwei.testing import make_world

    world = make_world()
    engineer = world.a.users["vendor_engineer"]
    engineer.email = "engineer@example.invalid"
    engineer.save()
    wo = world.a.work_order
    with context.acting(world.a.users["service_desk"]):
        actions.do_transition(wo.pk, "dispatch", actor=world.a.users["service_desk"],
                              version=wo.version, assignee=engineer.pk)
    deadline = time.monotonic() + 10
    while not smtp.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(smtp.messages) == 1
    _sender, rcpts, content = smtp.messages[0]
    assert rcpts == ["engineer@example.invalid"]
    parsed = email.message_from_bytes(content, policy=email.policy.default)
    assert wo.number in str(parsed["Subject"]) and "派给您" in parsed.get_content()


@pytest.mark.django_db(transaction=True)
def test_a_failed_transaction_sends_no_mail(smtp):
    from django.db import transaction

    from yunwei.testing import make_world

    world = make_world()
    engineer = world.a.users["vendor_engineer"]
    engineer.email = "engineer@example.invalid"
    engineer.save()
    wo = world.a.work_order
    with pytest.raises(RuntimeError), context.acting(None), transaction.atomic():
        actions.do_transition(wo.pk, "dispatch", actor=world.a.users["service_desk"],
                              version=wo.version, assignee=engineer.pk)
        raise RuntimeError("rolled back")
    time.sleep(0.3)
    assert smtp.messages == []
