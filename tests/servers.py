"""Real mail servers on loopback for the tests: dovecot (IMAP) and aiosmtpd (SMTP)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


@dataclass
class Dovecot:
    """A dovecot IMAP server in a temporary folder, with one mailbox user."""

    port: int
    root: Path
    user: str = "ops@example.invalid"
    password: str = "imap-test-password"
    process: subprocess.Popen | None = field(default=None, repr=False)

    def append(self, raw: bytes, internaldate: float | None = None, folder: str = "INBOX") -> None:
        """Deliver a message as the server would, with the receipt time given."""
        import imaplib

        client = imaplib.IMAP4("127.0.0.1", self.port)
        try:
            client.login(self.user, self.password)
            when = imaplib.Time2Internaldate(internaldate or time.time())
            status, data = client.append(folder, None, when, raw)
            assert status == "OK", data
        finally:
            client.logout()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def start_dovecot() -> Dovecot:
    """Start dovecot on a free loopback port (needs Debian's dovecot-imapd)."""
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not os.path.exists(binary):
        raise FileNotFoundError("dovecot is not installed (scripts/install-test-deps.sh)")
    root = Path(tempfile.mkdtemp(prefix="yunwei-dovecot-"))
    root.chmod(0o755)
    port = free_port()
    server = Dovecot(port=port, root=root)
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir()
    os.chown(root / "mail", 65534, 65534)
    (root / "users").write_text(f"{server.user}:{{PLAIN}}{server.password}::::::\n")
    (root / "dovecot.conf").write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = yunwei-test-{port}
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%n
default_login_user = dovenull
default_internal_user = dovecot
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={root}/mail/%n
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
""")
    server.process = subprocess.Popen([binary, "-F", "-c", str(root / "dovecot.conf")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_port(port)
    except TimeoutError:
        log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
        server.stop()
        raise RuntimeError(f"dovecot did not start: {log[-2000:]}") from None
    return server


class SmtpCapture:
    """An aiosmtpd server on loopback that keeps every message it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[tuple[str, list[str], bytes]] = []
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                outer.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                                       envelope.original_content))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
