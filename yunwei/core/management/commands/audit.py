"""`yunwei audit verify|checkpoint`: walk the audit chain; sign its end for safe keeping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yunwei.core.audit import (
    CheckpointError,
    keep_checkpoint,
    parse_checkpoint,
    verify_chain,
    verify_checkpoint,
)


class Command(BaseCommand):
    """Audit trail tools."""

    help = (
        "Audit trail tools. `verify` walks the hash chain (with --checkpoint FILE, also proves "
        "that nothing up to each checkpoint in FILE was removed or changed); `checkpoint` signs "
        "the end of the chain: keep the line it prints (--out FILE appends it to a file, --log "
        "writes it to the log, --mail sends it to ADMINS) outside the database and its server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint"])
        parser.add_argument("--checkpoint", metavar="FILE",
                            help="verify: the checkpoint lines to check the chain against")
        parser.add_argument("--out", metavar="FILE",
                            help="checkpoint: append the signed line to FILE")
        parser.add_argument("--log", action="store_true",
                            help="checkpoint: also write the line to the log (yunwei.audit)")
        parser.add_argument("--mail", action="store_true",
                            help="checkpoint: also mail the line to the ADMINS")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            self.checkpoint(options)
        else:
            self.verify(options)

    def verify(self, options: dict[str, Any]) -> None:
        checkpoints = self.read_checkpoints(options["checkpoint"]) if options["checkpoint"] \
            else []
        result = verify_chain()
        if not result.ok:
            raise CommandError(f"audit chain BROKEN: {result.problem}")
        for number, checkpoint in checkpoints:
            against = verify_checkpoint(checkpoint)
            if not against.ok:
                raise CommandError(f"audit chain BROKEN: {options['checkpoint']} line {number}: "
                                   f"{against.problem}")
        message = f"audit chain OK: {result.rows} rows verified"
        if checkpoints:
            latest = max((c for _, c in checkpoints), key=lambda c: c["last_id"])
            message += (f"; {len(checkpoints)} checkpoint(s) match (the latest ends at "
                        f"#{latest['last_id']}, {latest['at']})")
        self.stdout.write(self.style.SUCCESS(message))

    def read_checkpoints(self, name: str) -> list[tuple[int, dict[str, Any]]]:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot read the checkpoint file {name}: {exc}") from exc
        checkpoints = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                checkpoints.append((number, parse_checkpoint(line)))
            except CheckpointError as exc:
                raise CommandError(f"{name} line {number} is not an audit checkpoint: {exc}") \
                    from exc
        if not checkpoints:
            raise CommandError(f"{name} holds no audit checkpoint")
        return checkpoints

    def checkpoint(self, options: dict[str, Any]) -> None:
        try:
            line, missed = keep_checkpoint(out=options["out"] or "", log=options["log"],
                                           mail=options["mail"])
        except ValueError as exc:
            raise CommandError(f"{exc}: no checkpoint written") from exc
        for problem in missed:
            if problem.startswith("cannot write"):
                raise CommandError(problem)
            self.stderr.write(problem)
        self.stdout.write(line)
