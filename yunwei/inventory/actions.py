"""Every rule of the inventory app, one `do_*` action each, under transaction.atomic.

Views, the API, the job system and the demo only translate input and call these.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from yunwei.core.errors import Refused
from yunwei.core.roles import Role
from yunwei.core.scoping import can_on_contract, roles_on

from . import schedule
from .choices import LIFECYCLE_NEXT, ItemStatus, Lifecycle, Outcome, RoundState
from .fields import FieldError, check_schema, clean_attrs
from .models import (
    ConfigItem,
    InspectionPlan,
    InspectionRound,
    ItemType,
    Outage,
    RoundResult,
    TemplateCheck,
    WorkOrderItem,
)

#: The standard types every contract starts with (the agency may add its own, or edit these).
STANDARD_TYPES: list[dict[str, Any]] = [
    {"code": "device", "name": "设备", "key_field": "serial", "fields": [
        {"code": "category", "label": "类别", "kind": "text"},
        {"code": "brand", "label": "品牌", "kind": "text"},
        {"code": "model", "label": "型号", "kind": "text", "required": True},
        {"code": "serial", "label": "序列号", "kind": "text"},
        {"code": "location", "label": "位置", "kind": "text", "required": True}]},
    {"code": "host", "name": "主机", "key_field": "ip", "fields": [
        {"code": "os", "label": "操作系统", "kind": "text", "required": True},
        {"code": "ip", "label": "IP地址", "kind": "ip", "required": True},
        {"code": "cpu", "label": "CPU核数", "kind": "int"},
        {"code": "memory_gb", "label": "内存(GB)", "kind": "int"},
        {"code": "disk_gb", "label": "磁盘(GB)", "kind": "int"},
        {"code": "environment", "label": "环境", "kind": "choice",
         "choices": ["生产", "测试", "开发"]}]},
    {"code": "database", "name": "数据库", "key_field": "name", "fields": [
        {"code": "engine", "label": "数据库类型", "kind": "text", "required": True},
        {"code": "version", "label": "版本", "kind": "text"},
        {"code": "host", "label": "所在主机", "kind": "text"},
        {"code": "size_gb", "label": "容量(GB)", "kind": "decimal"}]},
    {"code": "system", "name": "业务系统", "key_field": "name", "fields": [
        {"code": "department", "label": "使用部门", "kind": "text"},
        {"code": "url", "label": "访问地址", "kind": "text"}]},
    {"code": "site", "name": "站点/学校", "key_field": "name", "fields": [
        {"code": "address", "label": "地址", "kind": "text"},
        {"code": "district", "label": "区县", "kind": "text"},
        {"code": "contact", "label": "联系人", "kind": "text"}]},
    {"code": "cloud", "name": "云资源", "key_field": "code", "has_lifecycle": True, "fields": [
        {"code": "spec", "label": "规格", "kind": "text"},
        {"code": "requester", "label": "申请单位", "kind": "text"},
        {"code": "expires", "label": "到期日", "kind": "date"}]},
]

#: Photos a check accepts (served back inline with these types), and their largest size.
PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
               ".webp": "image/webp", ".heic": "image/heic"}
MAX_PHOTO = 15 * 1024 * 1024

#: Work orders are opened by the system for abnormal checks (actor None is allowed).
INSPECTION_REQUESTER = "巡检"


def _require(actor: Any, model: type, action: str, contract_id: int) -> None:
    if actor is not None and not can_on_contract(actor, model, action, contract_id):
        raise Refused("您的角色不能执行此操作", "your role may not do this", None)


# -- types and items ------------------------------------------------------------------------
def do_ensure_standard_types(contract: Any) -> dict[str, ItemType]:
    """Create the standard types a contract lacks; returns the contract's types by code."""
    with transaction.atomic():
        have = {t.code: t for t in ItemType.objects.filter(contract=contract)}
        for spec in STANDARD_TYPES:
            if spec["code"] not in have:
                have[spec["code"]] = ItemType.objects.create(
                    contract=contract, code=spec["code"], name=spec["name"],
                    fields=check_schema(spec["fields"]), key_field=spec["key_field"],
                    has_lifecycle=spec.get("has_lifecycle", False))
    return have


def clean_item_attrs(item_type: ItemType, raw: dict[str, Any]) -> dict[str, Any]:
    """An item's fields checked against its type's schema, or Refused naming every fault."""
    values, errors = clean_attrs(item_type.fields, raw)
    if errors:
        raise Refused("；".join(e.zh for e in errors), "; ".join(e.en for e in errors), "attrs")
    return values


def do_lifecycle_step(item: ConfigItem, actor: Any, step: str) -> ConfigItem:
    """Move a cloud resource along request -> approve -> provision -> change -> release.
    Approving and releasing are the agency's; the vendor requests, provisions and changes."""
    _require(actor, ConfigItem, "change", item.contract_id)
    with transaction.atomic():
        item = ConfigItem.objects.select_for_update(of=("self",)).select_related("item_type").get(
            pk=item.pk)
        if not item.item_type.has_lifecycle:
            raise Refused("该类型没有生命周期", "this type has no lifecycle", "lifecycle")
        if step not in LIFECYCLE_NEXT.get(item.lifecycle, set()):
            raise Refused(f"不能从“{Lifecycle(item.lifecycle).label}”转到该步骤",
                          f"step {step!r} is not allowed from {item.lifecycle or 'start'}",
                          "lifecycle")
        if actor is not None and not actor.is_superuser and step in ("approved", "released") \
                and not roles_on(actor, item.contract_id) & {Role.AGENCY_ADMIN}:
            raise Refused("审批与释放须由甲方管理员执行",
                              "approval and release are the agency administrator's", "lifecycle")
        item.lifecycle = step
        if step == "released":
            item.status = ItemStatus.RETIRED
        item.save()
    return item


def do_sync_equipment(contract: Any) -> int:
    """Give every equipment ledger line of a contract its device item (the ledger and
    WorkOrder.equipment stay); returns how many items were created."""
    from yunwei.assets.models import Equipment

    types = do_ensure_standard_types(contract)
    device = types["device"]
    created = 0
    with transaction.atomic():
        lines = Equipment.objects.filter(contract=contract, config_item__isnull=True)
        taken = set(ConfigItem.objects.filter(contract=contract).values_list("code", flat=True))
        for eq in lines:
            code = f"EQ-{eq.pk:05d}"
            if code in taken:
                continue
            ConfigItem.objects.create(
                contract=contract, item_type=device, code=code, name=eq.name, equipment=eq,
                quantity=eq.quantity, status=eq.status, notes=eq.notes,
                attrs={"category": eq.category, "brand": eq.brand, "model": eq.model_number,
                       "serial": eq.serial_number, "location": eq.location})
            created += 1
    return created


def do_link_work_order(item: ConfigItem, work_order: Any, actor: Any) -> WorkOrderItem:
    """Record that a work order is about an item (once)."""
    _require(actor, WorkOrderItem, "add", item.contract_id)
    if work_order.contract_id != item.contract_id:
        raise Refused("工单不属于该合同", "the work order belongs to another contract",
                      "work_order")
    with transaction.atomic():
        link, _ = WorkOrderItem.objects.get_or_create(
            work_order=work_order, item=item, defaults={"contract_id": item.contract_id})
    return link


def find_item(contract_id: int, text: str) -> ConfigItem:
    """The contract's item named by its code or, failing that, its exact name; Refused
    (field `item`) when there is none or the name is not unique."""
    text = (text or "").strip()
    if not text:
        raise Refused("请填写配置项编号或名称", "enter the item's code or name", "item")
    items = ConfigItem.objects.filter(contract_id=contract_id)
    found = items.filter(code=text).first()
    if found is not None:
        return found
    named = list(items.filter(name=text)[:2])
    if len(named) == 1:
        return named[0]
    if named:
        raise Refused(f"有多个名为“{text}”的配置项，请填写编号",
                      f"several items are named {text!r}: enter the code", "item")
    raise Refused(f"本合同没有编号或名称为“{text}”的配置项",
                  f"no item of this contract has the code or name {text!r}", "item")


def do_unlink_work_order(item: ConfigItem, work_order: Any, actor: Any) -> None:
    """The work order is not about the item after all."""
    _require(actor, WorkOrderItem, "delete", item.contract_id)
    with transaction.atomic():
        for link in WorkOrderItem.objects.filter(work_order=work_order, item=item):
            link.delete()


def work_order_items(work_order: Any) -> list[ConfigItem]:
    """The items a work order is about: those it names (WorkOrderItem) and the item of its
    equipment ledger line (one query)."""
    from django.db.models import Q

    cond = Q(work_order_links__work_order=work_order)
    if work_order.equipment_id:
        cond |= Q(equipment_id=work_order.equipment_id)
    return list(ConfigItem.objects.filter(cond, contract_id=work_order.contract_id)
                .select_related("item_type").distinct().order_by("code"))


# -- inspections ----------------------------------------------------------------------------
def plan_calendar(plan: InspectionPlan) -> tuple[Any, bool]:
    """The engine calendar of a plan and whether every day counts (a 7x24 calendar)."""
    from yunwei.calendars.models import WorkingCalendar
    from yunwei.calendars.provider import engine_for

    cal = plan.calendar or WorkingCalendar.objects.filter(contract_id=plan.contract_id).first()
    if cal is None:
        return engine_for("office", "09:00-17:30"), False
    return cal.engine(), cal.kind == "always"


def plan_items(plan: InspectionPlan) -> list[int]:
    """The ids of the items a plan covers (chosen ones, else every item of its type in
    service)."""
    chosen = list(plan.items.values_list("pk", flat=True))
    if chosen:
        return chosen
    return list(ConfigItem.objects.filter(
        contract_id=plan.contract_id, item_type_id=plan.template.item_type_id).exclude(
        status=ItemStatus.RETIRED).values_list("pk", flat=True))


def do_generate_rounds(today: dt.date | None = None, first: dt.date | None = None,
                       plan_id: int | None = None) -> int:
    """Create the rounds of active plans whose periods start from `first` (default: today)
    to `today`, on each plan's calendar; existing rounds are left alone. Returns how many
    were created. Run daily by the job system, and once when a plan is saved."""
    today = today or timezone.localdate()
    plans = InspectionPlan.objects.filter(active=True).select_related("template", "calendar")
    if plan_id is not None:
        plans = plans.filter(pk=plan_id)
    created = 0
    for plan in plans:
        start = max(first or today, plan.starts)
        if start > today:
            continue
        calendar, every_day = plan_calendar(plan)
        slots = schedule.slots(plan.frequency, start, today, calendar, plan.window_workdays,
                               every_day)
        if not slots:
            continue
        have = set(InspectionRound.objects.filter(
            plan=plan, period_start__in=[s.period_start for s in slots]).values_list(
            "period_start", flat=True))
        new = [s for s in slots if s.period_start not in have]
        if not new:
            continue
        n_items = len(plan_items(plan))
        with transaction.atomic():
            from yunwei.core import audit, bulk

            with audit.deferred():
                bulk.insert_audited([InspectionRound(
                    contract_id=plan.contract_id, plan=plan, period_start=s.period_start,
                    period_end=s.period_end, due=s.due, items_due=n_items) for s in new])
        created += len(new)
    return created


def do_record_result(rnd: InspectionRound, *, actor: Any, item: ConfigItem,
                     check: TemplateCheck, outcome: str, value: str = "", note: str = "",
                     photo: Any = None, at: dt.datetime | None = None,
                     client_key: str = "") -> RoundResult:
    """Record one check of one item (saved at once: a half-done round is kept). An abnormal
    check opens a work order about the item, once; a required photo must be there."""
    _require(actor, RoundResult, "add", rnd.contract_id)
    if outcome not in Outcome.values:
        raise Refused("请选择正常或异常", "choose normal or abnormal", "outcome")
    if rnd.state == RoundState.REVIEWED:
        raise Refused("该巡检已复核，不能再修改", "the round has been reviewed", None)
    if item.contract_id != rnd.contract_id or check.template_id != rnd.plan.template_id:
        raise Refused("巡检项不属于该巡检", "the item or check is not part of this round", None)
    if photo:
        import os

        if os.path.splitext(getattr(photo, "name", "") or "")[1].lower() not in PHOTO_TYPES:
            raise Refused("照片须为 JPG、PNG、WEBP 或 HEIC 图片",
                          "the photo must be a JPG, PNG, WEBP or HEIC image", "photo")
        if (getattr(photo, "size", 0) or 0) > MAX_PHOTO:
            raise Refused("照片不能超过 15 MB", "the photo is larger than 15 MB", "photo")
    at = at or timezone.now()
    with transaction.atomic():
        rnd = InspectionRound.objects.select_for_update(of=("self",)).select_related(
            "plan").get(pk=rnd.pk)
        result = RoundResult.objects.filter(round=rnd, item=item, point=check).first()
        if result is None:
            result = RoundResult(contract_id=rnd.contract_id, round=rnd, item=item, point=check)
        if check.photo_required and not photo and not result.photo:
            raise Refused("该项须拍照", "this check needs a photo", "photo")
        result.outcome, result.value, result.note = outcome, value[:100], note
        result.checked_at, result.checked_by = at, actor if getattr(actor, "pk", None) else None
        result.client_key = client_key
        if photo:
            result.photo = photo
        result.save()
        if outcome == Outcome.ABNORMAL and result.work_order_id is None:
            result.work_order = _open_work_order(rnd, item, check, result)
            result.save(update_fields=["work_order"])
        if rnd.state == RoundState.OPEN:
            rnd.state, rnd.started_at = RoundState.IN_PROGRESS, at
        checks = TemplateCheck.objects.filter(template_id=rnd.plan.template_id).count()
        done = RoundResult.objects.filter(round=rnd).count()
        if rnd.state == RoundState.IN_PROGRESS and done >= checks * rnd.items_due:
            rnd.state, rnd.completed_at = RoundState.DONE, at
        rnd.save()
    return result


#: what became of an answer sent from a phone's queue
SAVED, UNCHANGED, SUPERSEDED = "saved", "unchanged", "superseded"


def do_intake_answer(rnd: InspectionRound, *, actor: Any, item: ConfigItem,
                     check: TemplateCheck, key: str, outcome: str, value: str = "",
                     note: str = "", photo: Any = None,
                     at: dt.datetime | None = None) -> tuple[RoundResult, str]:
    """One answer from a phone's offline queue, idempotent by the key the phone gave it:
    the same key again changes nothing (`unchanged`); an answer filled before the one
    already recorded (another phone's, sent later) is not applied (`superseded`); otherwise
    it is recorded like an answer given online (`saved`). A reviewed round refuses."""
    key = (key or "").strip()
    if not key or len(key) > 64:
        raise Refused("缺少答案编号，请刷新页面后重试", "the answer has no key: reload the page",
                      "key")
    now = timezone.now()
    if at is None or at > now + dt.timedelta(minutes=5):
        at = now  # the phone's clock is ahead: the server's time
    with transaction.atomic():
        locked = InspectionRound.objects.select_for_update().get(pk=rnd.pk)
        if locked.state == RoundState.REVIEWED:
            raise Refused("该巡检已复核，不能再修改", "the round has been reviewed", None)
        done = RoundResult.objects.filter(round=locked, item=item, point=check).first()
        if done is not None and done.client_key == key:
            return done, UNCHANGED
        if done is not None and done.checked_at > at:
            return done, SUPERSEDED
        result = do_record_result(locked, actor=actor, item=item, check=check,
                                  outcome=outcome, value=value, note=note, photo=photo, at=at,
                                  client_key=key)
    return result, SAVED


def _open_work_order(rnd: InspectionRound, item: ConfigItem, check: TemplateCheck,
                     result: RoundResult) -> Any:
    from yunwei.workorders.actions import do_create_workorder

    description = (f"巡检“{rnd.plan.name}”（{rnd.period_start:%Y-%m-%d}）发现异常：{check.text}。"
                   f"期望：{check.expected or '—'}；实测：{result.value or '—'}。{result.note}")
    wo = do_create_workorder(
        rnd.contract, actor=None, title=f"巡检异常：{item.name} · {check.text}"[:200],
        description=description, requester_name=INSPECTION_REQUESTER,
        location=str(item.attrs.get("location", ""))[:200], category="巡检",
        equipment=item.equipment, affected_equipment=str(item)[:200])
    WorkOrderItem.objects.create(contract_id=item.contract_id, work_order=wo, item=item)
    return wo


def do_complete_round(rnd: InspectionRound, actor: Any) -> InspectionRound:
    """Close a round by hand (items left unchecked count as not inspected)."""
    _require(actor, RoundResult, "add", rnd.contract_id)
    with transaction.atomic():
        rnd = InspectionRound.objects.select_for_update().get(pk=rnd.pk)
        if rnd.state not in (RoundState.OPEN, RoundState.IN_PROGRESS):
            raise Refused("该巡检已完成", "the round is already complete", None)
        if not rnd.results.exists():
            raise Refused("尚未记录任何巡检结果", "no result has been recorded", None)
        rnd.state, rnd.completed_at = RoundState.DONE, timezone.now()
        rnd.save()
    return rnd


REVIEWERS = frozenset({Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AGENCY_LIAISON})


def do_review_round(rnd: InspectionRound, actor: Any, note: str = "") -> InspectionRound:
    """The supervisor or the agency reviews a completed round."""
    if actor is None or (not actor.is_superuser
                         and not roles_on(actor, rnd.contract_id) & REVIEWERS):
        raise Refused("只有监理或甲方可以复核巡检", "only the supervisor or the agency reviews",
                      None)
    with transaction.atomic():
        rnd = InspectionRound.objects.select_for_update().get(pk=rnd.pk)
        if rnd.state != RoundState.DONE:
            raise Refused("只能复核已完成的巡检", "only a completed round can be reviewed", None)
        rnd.state, rnd.reviewed_by, rnd.reviewed_at = RoundState.REVIEWED, actor, timezone.now()
        rnd.review_note = note
        rnd.save()
    return rnd


# -- outages --------------------------------------------------------------------------------
def do_record_outage(item: ConfigItem, actor: Any, *, start: dt.datetime,
                     end: dt.datetime | None, cause: str, work_order: Any = None,
                     source: str = "entered") -> Outage:
    """Enter an outage of an item (end None: still down)."""
    _require(actor, Outage, "add", item.contract_id)
    if end is not None and end <= start:
        raise Refused("结束时间须晚于开始时间", "the end must be after the start", "end")
    if not cause.strip():
        raise Refused("请填写原因", "the cause is required", "cause")
    with transaction.atomic():
        return Outage.objects.create(contract_id=item.contract_id, item=item, start=start,
                                     end=end, cause=cause.strip()[:200], work_order=work_order,
                                     source=source)


def do_outage_from_work_order(item: ConfigItem, work_order: Any, actor: Any) -> Outage:
    """An outage from a work order about the item: from its report to its resolution."""
    if work_order.contract_id != item.contract_id:
        raise Refused("工单不属于该合同", "the work order belongs to another contract",
                      "work_order")
    existing = Outage.objects.filter(item=item, work_order=work_order).first()
    if existing is not None:
        return existing
    return do_record_outage(item, actor, start=work_order.reported_at,
                            end=work_order.resolved_at, cause=work_order.title,
                            work_order=work_order, source="work_order")


def clean_import_error(exc: FieldError) -> Refused:
    """A field error as a refusal."""
    return Refused(exc.zh, exc.en, "attrs")


# -- outages from incidents (core.events.incident_recorded) -----------------------------------
def incident_items(incident: Any) -> list[ConfigItem]:
    """The contract's items an incident touches: the items it names, those of the ledger lines
    it names, of its work orders' ledger lines, and the items its work orders name."""
    from django.db.models import Q

    from yunwei.workorders.models import WorkOrder

    orders = WorkOrder.objects.filter(contract_id=incident.contract_id,
                                      pk__in=incident.work_order_ids)
    equipment = {*incident.equipment_ids, *(
        orders.exclude(equipment=None).values_list("equipment_id", flat=True))}
    return list(ConfigItem.objects.filter(contract_id=incident.contract_id).filter(
        Q(equipment_id__in=equipment) | Q(work_order_links__work_order__in=orders)
        | Q(pk__in=getattr(incident, "item_ids", ()))).distinct().order_by("pk"))


def incident_end(incident: Any) -> dt.datetime | None:
    """When the incident was over: as announced, else when the last of its work orders was
    resolved (None while any is unresolved, or it has none)."""
    if incident.ended_at is not None or not incident.work_order_ids:
        return incident.ended_at
    from yunwei.workorders.models import WorkOrder

    resolved = list(WorkOrder.objects.filter(
        contract_id=incident.contract_id, pk__in=incident.work_order_ids).values_list(
        "resolved_at", flat=True))
    if not resolved or any(r is None for r in resolved):
        return None
    return max(resolved)


def do_outages_from_incident(incident: Any) -> list[Outage]:
    """Create or link the outage of every item an incident (an accident) touches, so that
    availability counts the record with the evidence and nobody types the outage again.

    For each item, in this order: the outage already recorded from this incident is updated
    (start, end, cause follow a corrected accident); else an outage of the item from one of
    the incident's work orders, or one overlapping the incident, is **linked** (its own times,
    entered by a person, stay); else an outage is created from the incident's start to its
    end (open while unknown). Items the incident no longer names lose its outage (created
    from it) or its link (linked to it). Idempotent: announcing the same incident twice
    changes nothing the second time. Run by the system (no actor)."""
    if incident.started_at is None:
        raise Refused("事故须有发生时间", "the accident needs the time it occurred",
                      "occurred_at")
    end = incident_end(incident)
    if end is not None and end <= incident.started_at:
        end = None  # resolved before it occurred: a typing slip; leave the end to a person
    cause = (incident.cause or incident.label or "").strip()[:200] or incident.ref
    evidence = {"source_ref": incident.ref, "source_url": incident.url[:200],
                "source_label": incident.label[:200]}
    out: list[Outage] = []
    with transaction.atomic():
        items = incident_items(incident)
        ids = [i.pk for i in items]
        for gone in Outage.objects.filter(source_ref=incident.ref).exclude(item_id__in=ids):
            if gone.source == "accident":
                gone.delete()
            else:
                gone.source_ref = gone.source_url = gone.source_label = ""
                gone.save()
        for item in items:
            outage = Outage.objects.filter(item=item, source_ref=incident.ref).first()
            if outage is not None:
                if outage.source == "accident":
                    changes = {"start": incident.started_at, "cause": cause,
                               "end": end if end is not None else outage.end, **evidence}
                else:
                    changes = evidence
                if any(getattr(outage, k) != v for k, v in changes.items()):
                    for k, v in changes.items():
                        setattr(outage, k, v)
                    outage.save()
                out.append(outage)
                continue
            outage = _outage_to_link(item, incident, end)
            if outage is not None:
                for k, v in evidence.items():
                    setattr(outage, k, v)
                outage.save()
            else:
                outage = Outage.objects.create(
                    contract_id=item.contract_id, item=item, start=incident.started_at,
                    end=end, cause=cause, source="accident", **evidence)
            out.append(outage)
    return out


def _outage_to_link(item: ConfigItem, incident: Any, end: dt.datetime | None) -> Outage | None:
    """An outage of the item not yet tied to an incident: from one of the incident's work
    orders, else one overlapping the incident (the earliest)."""
    from django.db.models import Q

    free = Outage.objects.filter(item=item, source_ref="")
    if incident.work_order_ids:
        found = free.filter(work_order_id__in=incident.work_order_ids).order_by("start").first()
        if found is not None:
            return found
    overlapping = free.filter(Q(end__isnull=True) | Q(end__gt=incident.started_at))
    if end is not None:
        overlapping = overlapping.filter(start__lt=end)
    else:
        overlapping = overlapping.filter(start__lte=incident.started_at) | free.filter(
            start__gte=incident.started_at, start__lte=incident.started_at + dt.timedelta(
                hours=1))
    return overlapping.order_by("start").first()


def on_incident_recorded(sender: Any, incident: Any, **kwargs: Any) -> None:
    """Receiver of core.events.incident_recorded (connected in InventoryConfig.ready)."""
    do_outages_from_incident(incident)


# -- configuration items for other apps (core.lookups.CONFIG_ITEMS) --------------------------
def item_choices(user: Any, contract_id: int | None) -> list[tuple[int, str]]:
    """The items the user sees (on one contract, or on all theirs with the contract named)."""
    from yunwei.core.scoping import restrict

    rows = restrict(ConfigItem.objects.select_related("contract"), user, "view")
    if contract_id is not None:
        return [(i.pk, str(i)) for i in rows.filter(contract_id=contract_id).order_by("code")]
    return [(i.pk, f"{i.contract.number} · {i}") for i in rows.order_by("contract", "code")]


def item_labels(contract_id: int, ids: Any) -> dict[int, str]:
    """id -> name of the contract's items among `ids` (others are left out)."""
    return {i.pk: str(i) for i in ConfigItem.objects.filter(contract_id=contract_id,
                                                            pk__in=list(ids))}
