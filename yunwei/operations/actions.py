"""Every rule of the operations domain, one `do_*` action each, in one transaction.

Views, the API and the demo only translate input and call these; a refusal raises
yunwei.core.errors.Refused (shown by the UI, answered 400 by the API)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from yunwei.core.errors import Refused
from yunwei.core.roles import Role
from yunwei.core.scoping import can_on_contract, roles_on

from . import rules
from .choices import (
    EVIDENCE_ZH,
    PARTY_ZH,
    ChangeState,
    EvidenceKind,
    Party,
    Stage,
    StepKind,
)
from .models import (
    Accident,
    AccidentEvidence,
    AccidentItem,
    AccidentLevel,
    AccidentStep,
    Change,
    OperationsPolicy,
    Vulnerability,
    VulnerabilityDeadline,
)

#: The parties each role speaks for. Experts are read-only: the agency records their opinion.
PARTY_OF_ROLE = {
    Role.AGENCY_ADMIN: {Party.AGENCY, Party.EXPERT},
    Role.AGENCY_LIAISON: {Party.AGENCY, Party.EXPERT},
    Role.VENDOR_PM: {Party.VENDOR},
    Role.VENDOR_ENGINEER: {Party.VENDOR},
    Role.SUPERVISOR: {Party.SUPERVISOR},
}
#: The parties whose agreeing positions the final grading needs.
JOINT = (Party.AGENCY, Party.VENDOR, Party.SUPERVISOR)
REQUIRED_EVIDENCE = tuple(EvidenceKind.values)


def parties_of(user: Any, contract_id: int) -> set[str]:
    """The parties `user` may speak for on this contract."""
    out: set[str] = set()
    for role in roles_on(user, contract_id):
        out |= PARTY_OF_ROLE.get(role, set())
    return out


def _must_speak_for(user: Any, accident: Accident, party: str) -> None:
    if party not in parties_of(user, accident.contract_id):
        raise Refused(f"只有{PARTY_ZH.get(party, party)}可以进行这一步",
                      f"only the {party} side may take this step")


def _check_change(user: Any, accident: Accident) -> None:
    if not can_on_contract(user, Accident, "change", accident.contract_id):
        raise Refused("您不能处理该合同的事故", "you may not act on this contract's accidents")


def _step(accident: Accident, kind: str, actor: Any, at: dt.datetime | None = None,
          **fields: Any) -> AccidentStep:
    return AccidentStep.objects.create(accident=accident, kind=kind,
                                       actor=actor if getattr(actor, "pk", None) else None,
                                       at=at or timezone.now(), **fields)


def _level(accident: Accident, level: Any) -> AccidentLevel:
    if not isinstance(level, AccidentLevel):
        level = AccidentLevel.objects.filter(contract_id=accident.contract_id, pk=level).first()
    if level is None or level.contract_id != accident.contract_id:
        raise Refused("请选择本合同的事故等级", "choose an accident level of this contract",
                      "level")
    return level


def _not_graded(accident: Accident) -> None:
    if accident.stage == Stage.GRADED:
        raise Refused("事故已定级；变更等级须说明理由", "the accident is graded; a level "
                      "change needs a reason", "level")


def _reschedule_report(accident: Accident) -> None:
    """The report deadline follows the level that counts; lateness follows the deadline."""
    level = accident.level
    accident.report_deadline = level.report_deadline(accident.occurred_at) if level else None
    accident.report_late_seconds = rules.late_by(accident.report_deadline,
                                                 accident.report_submitted_at)


# -- opening -----------------------------------------------------------------------------------
def _items_by_accident(ids: list[int]) -> dict[int, set[int]]:
    """What each accident touched: its ledger lines, its work orders' and its configuration
    items (three queries, however many accidents)."""
    out: dict[int, set[Any]] = {pk: set() for pk in ids}
    for acc_id, eq_id in Accident.equipment.through.objects.filter(
            accident_id__in=ids).values_list("accident_id", "equipment_id"):
        out[acc_id].add(("eq", eq_id))
    for acc_id, eq_id in Accident.work_orders.through.objects.filter(
            accident_id__in=ids).exclude(workorder__equipment=None).values_list(
            "accident_id", "workorder__equipment_id"):
        out[acc_id].add(("eq", eq_id))
    for acc_id, item_id in AccidentItem.objects.filter(accident_id__in=ids).values_list(
            "accident_id", "item_id"):
        out[acc_id].add(("item", item_id))
    return out


def detect_repeat(accident: Accident) -> Accident | None:
    """Flag the accident as a repeat of an earlier one (same item or cause in the window)."""
    policy = OperationsPolicy.objects.filter(contract_id=accident.contract_id).first()
    window = policy.repeat_window_days if policy else 0
    found = None
    if window:
        rows = list(Accident.objects.filter(
            contract_id=accident.contract_id, occurred_at__lte=accident.occurred_at,
            occurred_at__gte=accident.occurred_at - dt.timedelta(days=window))
            .exclude(pk=accident.pk).values_list("pk", "occurred_at", "cause"))
        items = _items_by_accident([accident.pk, *(r[0] for r in rows)])
        earlier = [rules.PastAccident(pk, at, frozenset(items[pk]), cause)
                   for pk, at, cause in rows]
        found = rules.repeat_of(accident.occurred_at, items[accident.pk], accident.cause,
                                earlier, window)
    accident.is_repeat = found is not None
    accident.repeat_of_id = found.ref if found else None
    return accident.repeat_of


def _link_work_order_evidence(accident: Accident, work_orders: Iterable[Any]) -> None:
    from yunwei.workorders.models import Evaluation, MailMessage

    for wo in work_orders:
        ref = f"workorders.workorder:{wo.pk}"
        url = wo.get_absolute_url()
        AccidentEvidence.objects.create(accident=accident, kind=EvidenceKind.USER_FEEDBACK,
                                        ref=ref, url=url, label=f"{wo.number} {wo.title}")
        mail = MailMessage.objects.filter(work_order=wo).order_by("internaldate", "id").first()
        if mail is not None:
            AccidentEvidence.objects.create(
                accident=accident, kind=EvidenceKind.MAIL, ref=f"workorders.mailmessage:{mail.pk}",
                url=url, label=mail.subject or wo.number, received_at=mail.internaldate)
        if wo.attachments.exists():
            AccidentEvidence.objects.create(
                accident=accident, kind=EvidenceKind.HANDLING_LOG, ref=ref, url=url,
                label=f"{wo.number}（{wo.attachments.count()}）")
        evaluation = Evaluation.objects.filter(work_order=wo).exclude(signed_by=None).first()
        if evaluation is not None:
            AccidentEvidence.objects.create(
                accident=accident, kind=EvidenceKind.SIGNED_ORDER,
                ref=f"workorders.evaluation:{evaluation.pk}", url=url,
                label=f"{wo.number} {timezone.localtime(evaluation.confirmed_at):%Y-%m-%d %H:%M}")


#: Who may say that an operations accident stands for an accident the agency entered by hand
#: in the assessment (that entry then no longer counts): the agency, who entered it.
TAKE_OVER_ROLES = frozenset({Role.AGENCY_ADMIN, Role.AGENCY_LIAISON})


def hand_entered_model() -> Any:
    """The assessment's hand-entered accident, looked up by name (no import of that app)."""
    from django.apps import apps

    return apps.get_model("assessment", "Accident")


def _check_take_over(contract: Any, actor: Any, ref: str,
                     accident: Accident | None = None) -> str:
    """The reference of the hand-entered accident an operations accident takes over
    ("assessment.accident:<id>"), checked: the agency's decision, an entry of this contract,
    not already taken over by another accident."""
    ref = (ref or "").strip()
    if not ref:
        return ""
    if not (getattr(actor, "is_superuser", False) or roles_on(actor, contract.pk)
            & TAKE_OVER_ROLES):
        raise Refused("只有甲方可以指定该事故取代手工登记的考核事故",
                      "only the agency may say which hand-entered accident this one replaces",
                      "replaces_entry")
    label, _sep, pk = ref.partition(":")
    model = hand_entered_model()
    if label != model._meta.label_lower or not pk.isdigit() or not model.objects.filter(
            pk=int(pk), contract_id=contract.pk).exists():
        raise Refused("该合同下没有这条手工登记的考核事故",
                      "no such hand-entered accident on this contract", "replaces_entry")
    taken = Accident.objects.filter(replaces_entry=ref)
    if accident is not None and accident.pk:
        taken = taken.exclude(pk=accident.pk)
    other = taken.first()
    if other is not None:
        raise Refused(f"这条手工登记的事故已由事故“{other.title}”取代",
                      f"that hand-entered accident is already replaced by “{other.title}”",
                      "replaces_entry")
    return ref


@transaction.atomic
def do_take_over_entry(accident: Accident, *, actor: Any, ref: str) -> Accident:
    """Say that this accident stands for an accident entered by hand in the assessment (or,
    with an empty ref, no longer does): the entry then counts only here, never twice.
    Audited through the accident's update."""
    _check_change(actor, accident)
    if not ref and accident.replaces_entry and not (
            getattr(actor, "is_superuser", False)
            or roles_on(actor, accident.contract_id) & TAKE_OVER_ROLES):
        raise Refused("只有甲方可以指定该事故取代手工登记的考核事故",
                      "only the agency may say which hand-entered accident this one replaces",
                      "replaces_entry")
    accident.replaces_entry = _check_take_over(accident.contract, actor, ref, accident)
    accident.save(update_fields=["replaces_entry", "updated"])
    return accident


@transaction.atomic
def do_open_accident(contract: Any, *, actor: Any, title: str,
                     occurred_at: dt.datetime | None = None, work_orders: Iterable[Any] = (),
                     equipment: Iterable[Any] = (), cause: str = "",
                     description: str = "", replaces_entry: str = "",
                     items: Iterable[Any] = (), ended_at: dt.datetime | None = None,
                     ) -> Accident:
    """Open an accident from work orders (their evidence linked) or directly, naming the
    configuration items it affected (`items`: ids of core.lookups.CONFIG_ITEMS); it may take
    over an accident the agency entered by hand in the assessment (`replaces_entry`)."""
    if not can_on_contract(actor, Accident, "add", contract.pk):
        raise Refused("您不能在该合同下登记事故", "you may not open accidents on this contract")
    replaces_entry = _check_take_over(contract, actor, replaces_entry)
    work_orders = list(work_orders)
    equipment = list(equipment)
    if any(wo.contract_id != contract.pk for wo in work_orders):
        raise Refused("工单不属于该合同", "a work order belongs to another contract", "work_orders")
    if any(eq.contract_id != contract.pk for eq in equipment):
        raise Refused("设备不属于该合同", "an item belongs to another contract", "equipment")
    if not (title or "").strip():
        raise Refused("请填写事故标题", "the title is required", "title")
    if occurred_at is None:
        if not work_orders:
            raise Refused("请填写事故发生时间", "when did it occur?", "occurred_at")
        occurred_at = min(wo.reported_at for wo in work_orders)
    labels = _item_labels(contract.pk, items)
    _check_end(occurred_at, ended_at)
    accident = Accident.objects.create(contract=contract, title=title.strip(),
                                       occurred_at=occurred_at, ended_at=ended_at,
                                       cause=cause.strip(),
                                       description=description,
                                       replaces_entry=replaces_entry,
                                       opened_by=actor if getattr(actor, "pk", None) else None)
    accident.work_orders.set(work_orders)
    accident.equipment.set(equipment)
    _set_items(accident, labels)
    _step(accident, StepKind.OPENED, actor,
          note="、".join(wo.number for wo in work_orders))
    _link_work_order_evidence(accident, work_orders)
    if detect_repeat(accident):
        accident.save(update_fields=["is_repeat", "repeat_of", "updated"])
    announce(accident)
    return accident


def announce(accident: Accident) -> None:
    """Tell the other apps (on commit) that an accident was recorded or corrected: the
    inventory makes or links the outages of the items it touches (core.events)."""
    from yunwei.core import events

    events.announce(events.incident_recorded, Accident, incident=events.Incident(
        contract_id=accident.contract_id, ref=f"operations.accident:{accident.pk}",
        url=accident.get_absolute_url(), label=str(accident), started_at=accident.occurred_at,
        ended_at=accident.ended_at, cause=accident.cause,
        equipment_ids=tuple(accident.equipment.values_list("pk", flat=True)),
        work_order_ids=tuple(accident.work_orders.values_list("pk", flat=True)),
        item_ids=tuple(accident.items.order_by("item_id").values_list("item_id", flat=True))))


def on_work_order_resolved(sender: Any, resolved: Any, **kwargs: Any) -> None:
    """Receiver of core.events.work_order_resolved: announce again the accidents opened from
    that work order, so that their outages end once the last of their orders is resolved."""
    for accident in Accident.objects.filter(contract_id=resolved.contract_id,
                                            work_orders=resolved.work_order_id):
        announce(accident)


# -- affected configuration items and corrections ---------------------------------------------
def _item_labels(contract_id: int, items: Iterable[Any]) -> dict[int, str]:
    """id -> name of the configuration items named (ids or objects with a pk), all of them
    items of the contract (refused otherwise, or when no app offers configuration items)."""
    from yunwei.core import lookups

    ids: list[int] = []
    for item in items or ():
        pk = getattr(item, "pk", item)
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            raise Refused("配置项编号无效", "not a configuration item id", "items") from None
    if not ids:
        return {}
    lookup = lookups.get(lookups.CONFIG_ITEMS)
    if lookup is None:
        raise Refused("未安装配置项台账，不能关联配置项",
                      "no configuration item ledger is installed", "items")
    labels = lookup.labels(contract_id, ids)
    if set(ids) - set(labels):
        raise Refused("配置项不属于该合同", "a configuration item belongs to another contract "
                      "or does not exist", "items")
    return {pk: labels[pk] for pk in ids}


def _set_items(accident: Accident, labels: dict[int, str]) -> bool:
    """Make the accident name exactly these items (each link audited); True when changed."""
    have = set(accident.items.values_list("item_id", flat=True))
    gone = have - set(labels)
    for link in accident.items.filter(item_id__in=gone):
        link.delete()
    for pk, label in labels.items():
        if pk not in have:
            AccidentItem.objects.create(accident=accident, item_id=pk, label=label[:300])
    return bool(gone) or bool(set(labels) - have)


def _check_end(occurred_at: dt.datetime | None, ended_at: dt.datetime | None) -> None:
    if ended_at is not None and occurred_at is not None and ended_at <= occurred_at:
        raise Refused("恢复时间须晚于发生时间", "the end must be after the time it occurred",
                      "ended_at")


#: What a correction may change before the final grading.
EDITABLE = ("title", "description", "cause", "ended_at")


@transaction.atomic
def do_update_accident(accident: Accident, *, actor: Any, fields: dict[str, Any] | None = None,
                       equipment: Iterable[Any] | None = None,
                       items: Iterable[Any] | None = None,
                       replaces_entry: str | None = None) -> Accident:
    """Correct an accident: its description (`fields`, of EDITABLE), its ledger lines and its
    configuration items (None: unchanged), and the hand-entered accident it replaces. Once
    graded only the last may change (a level change has its own step). The repeat check runs
    again and the other apps hear of it (its outages follow, idempotently)."""
    _check_change(actor, accident)
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    fields = dict(fields or {})
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise Refused("该字段不能修改", "this field cannot be changed", sorted(unknown)[0])
    if accident.stage == Stage.GRADED:
        changed = [k for k, v in fields.items() if getattr(accident, k) != v]
        if equipment is not None and {e.pk for e in equipment} != set(
                accident.equipment.values_list("pk", flat=True)):
            changed.append("equipment")
        if items is not None and {int(getattr(i, "pk", i)) for i in items} != set(
                accident.items.values_list("item_id", flat=True)):
            changed.append("items")
        if changed:
            raise Refused("事故已定级，描述、原因和受影响对象不能再修改；变更等级须说明理由",
                          "the accident is graded: its description, cause and items can no "
                          "longer be changed; a level change needs a reason", changed[0])
    else:
        if "title" in fields:
            fields["title"] = (fields["title"] or "").strip()
            if not fields["title"]:
                raise Refused("请填写事故标题", "the title is required", "title")
        for key in ("cause", "description"):
            if key in fields:
                fields[key] = (fields[key] or "").strip() if key == "cause" else (
                    fields[key] or "")
        _check_end(accident.occurred_at, fields.get("ended_at", accident.ended_at))
        equipment = None if equipment is None else list(equipment)
        if equipment is not None and any(
                e.contract_id != accident.contract_id for e in equipment):
            raise Refused("设备不属于该合同", "an item belongs to another contract", "equipment")
        labels = None if items is None else _item_labels(accident.contract_id, items)
        for key, value in fields.items():
            setattr(accident, key, value)
        if equipment is not None:
            accident.equipment.set(equipment)
        if labels is not None:
            _set_items(accident, labels)
        detect_repeat(accident)
        accident.save()
    if replaces_entry is not None and replaces_entry != accident.replaces_entry:
        accident = do_take_over_entry(accident, actor=actor, ref=replaces_entry)
    announce(accident)
    return accident


# -- the procedure ----------------------------------------------------------------------------
@transaction.atomic
def do_gather_information(accident: Accident, *, actor: Any, note: str) -> AccidentStep:
    """Record information gathered about the accident."""
    _check_change(actor, accident)
    _not_graded(accident)
    if not (note or "").strip():
        raise Refused("请填写收集到的信息", "describe the information gathered", "note")
    return _step(accident, StepKind.INFORMATION, actor, note=note.strip())


@transaction.atomic
def do_set_preliminary_level(accident: Accident, *, actor: Any, level: Any,
                             note: str = "") -> Accident:
    """The vendor's preliminary level; the report deadline runs from the accident's time."""
    _check_change(actor, accident)
    _must_speak_for(actor, accident, Party.VENDOR)
    _not_graded(accident)
    accident.preliminary_level = _level(accident, level)
    if accident.stage == Stage.GATHERING:
        accident.stage = Stage.PRELIMINARY
    _reschedule_report(accident)
    accident.save()
    _step(accident, StepKind.PRELIMINARY, actor, party=Party.VENDOR,
          level=accident.preliminary_level, note=note)
    return accident


@transaction.atomic
def do_submit_report(accident: Accident, *, actor: Any, file: File,
                     at: dt.datetime | None = None) -> Accident:
    """The vendor submits the 事故分析报告; a late one is recorded with how late."""
    _check_change(actor, accident)
    _must_speak_for(actor, accident, Party.VENDOR)
    _not_graded(accident)
    if accident.preliminary_level is None:
        raise Refused("请先初步定级", "set the preliminary level first", "level")
    if file is None:
        raise Refused("请上传事故分析报告", "upload the analysis report", "file")
    at = at or timezone.now()
    accident.report_file.save(getattr(file, "name", "report") or "report", file, save=False)
    accident.report_submitted_at = at
    _reschedule_report(accident)
    if accident.stage in (Stage.GATHERING, Stage.PRELIMINARY):
        accident.stage = Stage.ANALYSIS
    accident.save()
    _step(accident, StepKind.REPORT, actor, at=at, party=Party.VENDOR,
          late_seconds=accident.report_late_seconds)
    return accident


@transaction.atomic
def do_consider_special_cases(accident: Accident, *, actor: Any, human_error: bool,
                              mixed_fault: bool, is_repeat: bool | None = None,
                              note: str = "") -> Accident:
    """Record the special cases (human error, repeat, mixed fault) considered."""
    _check_change(actor, accident)
    _not_graded(accident)
    if accident.report_submitted_at is None:
        raise Refused("请先提交事故分析报告", "the analysis report comes first", "file")
    accident.human_error = bool(human_error)
    accident.mixed_fault = bool(mixed_fault)
    if is_repeat is not None:
        accident.is_repeat = bool(is_repeat)
    accident.stage = Stage.SPECIAL
    accident.save()
    flags = [label for flag, label in ((accident.human_error, "人为失误"),
                                       (accident.is_repeat, "重复事故"),
                                       (accident.mixed_fault, "混合故障")) if flag]
    _step(accident, StepKind.SPECIAL, actor, note="；".join([*flags, note.strip()]).strip("；"))
    return accident


@transaction.atomic
def do_record_position(accident: Accident, *, actor: Any, party: str, level: Any,
                       opinion: str) -> AccidentStep:
    """One party's position on the level, with its reasons (experts' via the agency)."""
    _check_change(actor, accident)
    _not_graded(accident)
    if party not in Party.values:
        raise Refused("未知的参与方", "unknown party", "party")
    _must_speak_for(actor, accident, party)
    if accident.stage != Stage.SPECIAL:
        raise Refused("请先考虑特殊情形", "consider the special cases first", "party")
    if not (opinion or "").strip():
        raise Refused("请写明意见", "state the opinion", "opinion")
    return _step(accident, StepKind.POSITION, actor, party=party,
                 level=_level(accident, level), note=opinion.strip())


def positions(accident: Accident) -> dict[str, AccidentStep]:
    """Each party's latest position."""
    out: dict[str, AccidentStep] = {}
    for step in accident.steps.filter(kind=StepKind.POSITION).select_related("level"):
        out[step.party] = step
    return out


def missing_evidence(accident: Accident) -> list[str]:
    """The required evidence kinds not yet linked or uploaded."""
    have = set(accident.evidence.values_list("kind", flat=True))
    return [kind for kind in REQUIRED_EVIDENCE if kind not in have]


@transaction.atomic
def do_final_grading(accident: Accident, *, actor: Any, level: Any,
                     conclusion: str) -> Accident:
    """Set the final level jointly: the agency records it once the agency, the vendor and the
    supervisor agree and the evidence is complete, with a written conclusion."""
    _check_change(actor, accident)
    _must_speak_for(actor, accident, Party.AGENCY)
    _not_graded(accident)
    if accident.stage != Stage.SPECIAL:
        raise Refused("请先完成分析报告和特殊情形", "the report and the special cases come first",
                      "level")
    level = _level(accident, level)
    missing = missing_evidence(accident)
    if missing:
        names = "、".join(EVIDENCE_ZH[k] for k in missing)
        raise Refused(f"证据不全，不能最终定级：缺少 {names}",
                      f"evidence incomplete, cannot grade: missing {', '.join(missing)}")
    have = positions(accident)
    disagree = [p for p in JOINT if p not in have or have[p].level_id != level.pk]
    if disagree:
        names = "、".join(PARTY_ZH[p] for p in disagree)
        raise Refused(f"三方意见未一致于该等级：{names}",
                      f"the three parties do not agree on this level: {', '.join(disagree)}",
                      "level")
    if not (conclusion or "").strip():
        raise Refused("请填写书面结论", "the written conclusion is required", "conclusion")
    accident.final_level = level
    accident.conclusion = conclusion.strip()
    accident.graded_at = timezone.now()
    accident.stage = Stage.GRADED
    _reschedule_report(accident)
    accident.save()
    _step(accident, StepKind.FINAL, actor, party=Party.AGENCY, level=level,
          note=accident.conclusion)
    return accident


@transaction.atomic
def do_change_level(accident: Accident, *, actor: Any, level: Any, reason: str) -> Accident:
    """Change the level after the final grading: a reason is required; audited; the report
    deadline, and so the assessment, follow."""
    _check_change(actor, accident)
    _must_speak_for(actor, accident, Party.AGENCY)
    if accident.stage != Stage.GRADED:
        raise Refused("事故尚未最终定级", "the accident is not graded yet", "level")
    level = _level(accident, level)
    if not (reason or "").strip():
        raise Refused("变更等级须说明理由", "a level change needs a reason", "reason")
    if level.pk == accident.final_level_id:
        raise Refused("等级未改变", "the level is unchanged", "level")
    before = accident.final_level
    accident.final_level = level
    _reschedule_report(accident)
    accident.save()
    _step(accident, StepKind.LEVEL_CHANGED, actor, party=Party.AGENCY, level=level,
          note=f"{before} → {level}：{reason.strip()}")
    return accident


@transaction.atomic
def do_add_evidence(accident: Accident, *, actor: Any, kind: str, file: File | None = None,
                    ref: str = "", url: str = "", label: str = "",
                    received_at: dt.datetime | None = None) -> AccidentEvidence:
    """Add an item of the checklist: an upload, or a link to the platform's record."""
    _check_change(actor, accident)
    _not_graded(accident)
    if kind not in EvidenceKind.values:
        raise Refused("未知的证据类别", "unknown evidence kind", "kind")
    if file is None and not ref:
        raise Refused("请上传文件或关联平台记录", "upload a file or link a record", "file")
    evidence = AccidentEvidence(accident=accident, kind=kind, ref=ref[:100], url=url[:300],
                                label=(label or getattr(file, "name", "") or "")[:300],
                                received_at=received_at,
                                added_by=actor if getattr(actor, "pk", None) else None)
    if file is not None:
        evidence.file.save(getattr(file, "name", "evidence") or "evidence", file, save=False)
    evidence.save()
    return evidence


# -- operations records ------------------------------------------------------------------------
@transaction.atomic
def do_schedule_vulnerability(vulnerability: Vulnerability) -> Vulnerability:
    """Set a vulnerability's deadline from the contract's term for its severity."""
    term = VulnerabilityDeadline.objects.filter(contract_id=vulnerability.contract_id,
                                                severity=vulnerability.severity).first()
    deadline = term.deadline(vulnerability.found_at) if term else None
    if deadline != vulnerability.deadline:
        vulnerability.deadline = deadline
        vulnerability.save(update_fields=["deadline"])
    if vulnerability.verified_at and not vulnerability.fixed_at:
        raise Refused("未修复的漏洞不能验证", "verify only a fixed vulnerability", "verified_at")
    return vulnerability


@transaction.atomic
def do_approve_change(change: Change, *, actor: Any, approve: bool = True) -> Change:
    """The agency approves (or rejects) a requested change (as it stands in the database)."""
    change = Change.objects.select_for_update().get(pk=change.pk)
    if not roles_on(actor, change.contract_id) & {Role.AGENCY_ADMIN, Role.AGENCY_LIAISON}:
        raise Refused("只有甲方可以审批变更", "only the agency approves changes")
    if change.state != ChangeState.REQUESTED:
        raise Refused("该变更不在待审批状态", "the change is not waiting for approval")
    if approve and (change.window_start is None or change.window_end is None):
        raise Refused("请先填写变更窗口", "set the change window first", "window_start")
    change.state = ChangeState.APPROVED if approve else ChangeState.REJECTED
    change.approved_by = actor
    change.approved_at = timezone.now() if approve else None
    change.save()
    return change


#: What the agency approved: fixed once it has decided.
CHANGE_LOCKED = ("contract", "title", "description", "risk", "rollback_plan", "requested_at",
                 "window_start", "window_end")


@transaction.atomic
def do_check_change(change: Change) -> Change:
    """Keep a change's state in step with the work recorded on it; what was approved (the
    window above all) cannot be changed afterwards."""
    if change.pk is not None and change.state != ChangeState.REQUESTED:
        saved = Change.objects.filter(pk=change.pk).values(
            *[f"{n}_id" if n == "contract" else n for n in CHANGE_LOCKED]).first() or {}
        for name in CHANGE_LOCKED:
            key = f"{name}_id" if name == "contract" else name
            if saved.get(key) != getattr(change, key):
                raise Refused("变更已审批，审批内容（含窗口）不能再修改",
                              "the change has been decided: what was approved (the window "
                              "too) cannot be changed", name)
    if change.window_start and change.window_end and change.window_end <= change.window_start:
        raise Refused("窗口结束须晚于开始", "the window must end after it starts", "window_end")
    state = change.state
    if change.rolled_back:
        state = ChangeState.ROLLED_BACK
    elif change.finished_at and change.state in (ChangeState.APPROVED, ChangeState.REQUESTED):
        state = ChangeState.DONE
    if state != change.state:
        change.state = state
        change.save(update_fields=["state"])
    return change
