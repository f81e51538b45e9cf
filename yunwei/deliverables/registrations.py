"""What this app registers with core: measures, payment conditions, report sections, panel,
demo data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from . import rules
from .choices import AcceptanceStatus, Status


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=rules.TZ)


def _in(day: dt.date | None, start: dt.datetime, end: dt.datetime) -> bool:
    return day is not None and start <= _day_start(day) < end


def collect_deliverables(contract: Any, start: dt.datetime, end: dt.datetime) -> Iterable[Any]:
    """Events: a document late (submitted after its due date, or still not submitted when
    due), missing, or returned — one event per document, dated by its due date."""
    from yunwei.scoring.engine.assess import Event

    from .models import Deliverable

    lo, hi = timezone.localdate(start), timezone.localdate(end)
    items = Deliverable.objects.filter(contract=contract, due_date__gte=lo, due_date__lt=hi) \
        .select_related("document_type")
    for item in items:
        ref = f"deliverables.deliverable:{item.pk}"
        label = str(item)
        attrs = {"document_type": item.document_type.name, "status": item.status}
        if item.status == Status.MISSING:
            yield Event("deliverable_missing", item.due_date, ref, label, attrs)
        elif item.status == Status.LATE or item.submitted_late:
            yield Event("deliverable_late", item.due_date, ref, label, attrs)
        if item.returns:
            yield Event("deliverable_returned", item.due_date, ref, label,
                        {**attrs, "returns": item.returns})


def _only(name: str) -> Any:
    """A collector of one measure's events (the registry calls each measure's collector)."""

    def collect(contract: Any, start: dt.datetime, end: dt.datetime) -> list[Any]:
        return [e for e in collect_deliverables(contract, start, end) if e.measure == name]

    return collect


def collect_findings(contract: Any, start: dt.datetime, end: dt.datetime) -> Iterable[Any]:
    """Events: acceptance findings not rectified by their deadline (dated by the deadline)."""
    from yunwei.scoring.engine.assess import Event

    from .models import Finding

    today = timezone.localdate()
    lo, hi = timezone.localdate(start), timezone.localdate(end)
    for f in Finding.objects.filter(contract=contract, deadline__gte=lo, deadline__lt=hi):
        late = (f.rectified_on and f.rectified_on > f.deadline) or (
            f.rectified_on is None and today > f.deadline)
        if late:
            yield Event("acceptance_finding_overdue", f.deadline,
                        f"deliverables.finding:{f.pk}", str(f),
                        {"rectified": f.rectified_on is not None})


def deliverable_approved(contract: Any, ref: str) -> dt.date | None:
    """Condition "deliverable_approved": ref is a document type's id (every instance up to
    now approved: the date the last one was) or "deliverable:<id>" for one instance."""
    from .models import Deliverable

    done = (Status.APPROVED, Status.DEEMED)
    if ref.startswith("deliverable:"):
        item = Deliverable.objects.filter(contract=contract, pk=_int(ref[12:])).first()
        return item.approved_on if item and item.status in done else None
    items = list(Deliverable.objects.filter(contract=contract, document_type_id=_int(ref))
                 .values_list("status", "approved_on"))
    if not items or any(s not in done for s, _ in items):
        return None
    return max(d for _, d in items if d)


def _split_refs(refs: list[str]) -> tuple[set[int], set[int]]:
    """(deliverable ids, document type ids) named by "deliverable:<id>" / "<type id>" refs."""
    items = {_int(r[12:]) for r in refs if r.startswith("deliverable:")}
    types = {_int(r) for r in refs if not r.startswith("deliverable:")}
    return items, types


def deliverables_approved(contract: Any, refs: list[str]) -> dict[str, dt.date | None]:
    """Condition "deliverable_approved" for many refs at once: one query whatever their
    number (the same answers as `deliverable_approved` one by one)."""
    from django.db.models import Q

    from .models import Deliverable

    done = (Status.APPROVED, Status.DEEMED)
    items, types = _split_refs(refs)
    rows = list(Deliverable.objects.filter(contract=contract).filter(
        Q(pk__in=items) | Q(document_type_id__in=types))
        .values_list("pk", "document_type_id", "status", "approved_on"))
    out: dict[str, dt.date | None] = {}
    for ref in refs:
        if ref.startswith("deliverable:"):
            pk = _int(ref[12:])
            out[ref] = next((d for i, _t, s, d in rows if i == pk and s in done), None)
            continue
        mine = [(s, d) for _i, t, s, d in rows if t == _int(ref)]
        out[ref] = None if not mine or any(s not in done for s, _ in mine) else \
            max(d for _, d in mine if d)
    return out


def acceptance_passed(contract: Any, ref: str) -> dt.date | None:
    """Condition "acceptance_passed": ref is the acceptance's id (passed or deemed passed)."""
    from .models import Acceptance

    acc = Acceptance.objects.filter(contract=contract, pk=_int(ref)).first()
    if acc and acc.status in (AcceptanceStatus.PASSED, AcceptanceStatus.DEEMED):
        return acc.passed_on
    return None


def acceptances_passed(contract: Any, refs: list[str]) -> dict[str, dt.date | None]:
    """Condition "acceptance_passed" for many refs at once: one query."""
    from .models import Acceptance

    passed = dict(Acceptance.objects.filter(
        contract=contract, pk__in={_int(r) for r in refs},
        status__in=(AcceptanceStatus.PASSED, AcceptanceStatus.DEEMED))
        .values_list("pk", "passed_on"))
    return {ref: passed.get(_int(ref)) for ref in refs}


def invoice_received(contract: Any, ref: str) -> dt.date | None:
    """Condition "invoice_received": ref is the payment milestone's id; the date the
    assessment recorded the invoice (read only; the milestone model belongs to assessment)."""
    from django.apps import apps

    milestone = apps.get_model("assessment", "PaymentMilestone")
    row = milestone.objects.filter(contract=contract, pk=_int(ref)).values_list(
        "invoice_received_on", flat=True).first()
    return row


def invoices_received(contract: Any, refs: list[str]) -> dict[str, dt.date | None]:
    """Condition "invoice_received" for many refs (payment milestone ids): one query."""
    from django.apps import apps

    milestone = apps.get_model("assessment", "PaymentMilestone")
    found = dict(milestone.objects.filter(contract=contract, pk__in={_int(r) for r in refs})
                 .values_list("pk", "invoice_received_on"))
    return {ref: found.get(_int(ref)) for ref in refs}


def _workdays_between(cal: Any, after: dt.date, until: dt.date) -> int:
    """Working days d with after < d <= until (0 when until <= after)."""
    n, day = 0, after + dt.timedelta(days=1)
    while day <= until:
        n += cal.is_workday(day)
        day += dt.timedelta(days=1)
    return n


def review_delays(contract: Any, ref: str) -> list[Any]:
    """Condition "deliverable_approved": every version of the named document(s) the reviewer
    answered after the review window ended, left unanswered past it, or left to deemed
    approval — with its deadline, answer, working days late and the document as evidence.
    Three queries whatever the number of versions (calendars are cached)."""
    return reviews_delays(contract, [ref])[ref]


def reviews_delays(contract: Any, refs: list[str]) -> dict[str, list[Any]]:
    """`review_delays` for many refs at once: two queries whatever their number."""
    from django.db.models import Q

    from .models import Deliverable

    ids, types = _split_refs(refs)
    items = {d.pk: d for d in Deliverable.objects.filter(contract=contract).filter(
        Q(pk__in=ids) | Q(document_type_id__in=types)).select_related(
        "document_type__calendar")}
    delays = _review_delays(items) if items else {}
    out: dict[str, list[Any]] = {}
    for ref in refs:
        if ref.startswith("deliverable:"):
            out[ref] = list(delays.get(_int(ref[12:]), ()))
        else:
            out[ref] = [d for pk in sorted(items) if items[pk].document_type_id == _int(ref)
                        for d in delays.get(pk, ())]
    return out


def _review_delays(items: dict[int, Any]) -> dict[int, list[Any]]:
    """The late reviews of these deliverables (by id), in version order: one query."""
    from yunwei.core.conditions import Delay

    from .choices import Decision
    from .models import Submission

    today = timezone.localdate()
    out: dict[int, list[Any]] = {}
    for sub in Submission.objects.filter(deliverable_id__in=items).order_by(
            "deliverable_id", "version"):
        item = items[sub.deliverable_id]
        dtype = item.document_type
        cal = dtype.engine()
        deadline = rules.window_end(cal, timezone.localdate(sub.submitted_at, rules.TZ),
                                    dtype.review_workdays)
        deemed = sub.decision == Decision.DEEMED
        if deemed:
            answered = deadline + dt.timedelta(days=1)
        elif sub.reviewed_at is not None:
            answered = timezone.localdate(sub.reviewed_at, rules.TZ)
        else:
            answered = None
        late = _workdays_between(cal, deadline, answered or today)
        if not deemed and late == 0:
            continue
        label = f"{item} v{sub.version}"
        if deemed:
            zh = (f"甲方在 {dtype.review_workdays} 个工作日审核期内未答复，"
                  f"{answered:%Y-%m-%d} 视为通过")
            en = (f"the agency did not answer within its {dtype.review_workdays}-working-day "
                  f"review window: deemed approved on {answered:%Y-%m-%d}")
        elif answered is None:
            zh = f"甲方审核已超期 {late} 个工作日（截止 {deadline:%Y-%m-%d}），尚未答复"
            en = (f"the agency's review is {late} working days past its deadline "
                  f"({deadline:%Y-%m-%d}) and still unanswered")
        else:
            zh = (f"甲方审核超期 {late} 个工作日（截止 {deadline:%Y-%m-%d}，"
                  f"{answered:%Y-%m-%d} 答复）")
            en = (f"the agency answered {late} working days after its review deadline "
                  f"({deadline:%Y-%m-%d}, answered {answered:%Y-%m-%d})")
        out.setdefault(item.pk, []).append(Delay(
            label, zh, en, deadline, answered, late, deemed,
            f"deliverables.deliverable:{item.pk}", item.get_absolute_url()))
    return out


def acceptance_delays(contract: Any, ref: str) -> list[Any]:
    """Condition "acceptance_passed": the agency organised (signed) the acceptance after its
    deadline to organise it, or not yet past it, or the acceptance passed by silence."""
    from .models import Acceptance

    acc = Acceptance.objects.filter(contract=contract, pk=_int(ref)).first()
    return _acceptance_delays(acc) if acc is not None else []


def acceptances_delays(contract: Any, refs: list[str]) -> dict[str, list[Any]]:
    """`acceptance_delays` for many refs at once: one query."""
    from .models import Acceptance

    found = {a.pk: a for a in Acceptance.objects.filter(contract=contract,
                                                         pk__in={_int(r) for r in refs})}
    return {ref: _acceptance_delays(found[_int(ref)]) if _int(ref) in found else []
            for ref in refs}


def _acceptance_delays(acc: Any) -> list[Any]:
    from yunwei.calendars.provider import national_calendar
    from yunwei.core.conditions import Delay

    cal = national_calendar()
    signed = (timezone.localdate(acc.agency_signed_at, rules.TZ) if acc.agency_signed_at
              else None)
    out = []
    if acc.organise_by is not None:
        answered = signed or (acc.passed_on if acc.status == AcceptanceStatus.DEEMED else None)
        late = _workdays_between(cal, acc.organise_by, answered or timezone.localdate())
        if late:
            zh = (f"甲方组织验收超期 {late} 个工作日（应于 {acc.organise_by:%Y-%m-%d} 前组织）"
                  + ("" if answered else "，尚未组织"))
            en = (f"the agency organised the acceptance {late} working days after its deadline "
                  f"({acc.organise_by:%Y-%m-%d})" + ("" if answered else ", not yet done"))
            out.append(Delay(str(acc), zh, en, acc.organise_by, answered, late, False,
                             f"deliverables.acceptance:{acc.pk}", acc.get_absolute_url()))
    if acc.status == AcceptanceStatus.DEEMED and acc.deemed_on and acc.passed_on:
        zh = (f"甲方在约定期限（{acc.deemed_on:%Y-%m-%d}）内未完成验收，"
              f"{acc.passed_on:%Y-%m-%d} 视为验收通过")
        en = (f"the agency did not complete the acceptance by {acc.deemed_on:%Y-%m-%d}: "
              f"deemed passed on {acc.passed_on:%Y-%m-%d}")
        out.append(Delay(str(acc), zh, en, acc.deemed_on, acc.passed_on, 0, True,
                         f"deliverables.acceptance:{acc.pk}", acc.get_absolute_url()))
    return out


def _int(text: str) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


def register_all() -> None:
    """Called from DeliverablesConfig.ready()."""
    from yunwei.core import conditions, measures, panels

    for name, zh, en in (("deliverable_late", "文档逾期提交", "deliverable late"),
                         ("deliverable_missing", "文档缺失", "deliverable missing"),
                         ("deliverable_returned", "文档被退回", "deliverable returned")):
        measures.register(measures.Measure(name, zh, en, "events",
                                           ("document_type", "status", "returns"),
                                           _only(name), app="deliverables"))
    measures.register(measures.Measure("acceptance_finding_overdue", "验收整改逾期",
                                       "acceptance finding open past its deadline", "events",
                                       ("rectified",), collect_findings, app="deliverables"))
    conditions.register(conditions.Condition(
        "deliverable_approved", "文档审核通过", "deliverable approved",
        "document type id, or deliverable:<id>", deliverable_approved, app="deliverables",
        delays=review_delays, met_many=deliverables_approved, delays_many=reviews_delays))
    conditions.register(conditions.Condition(
        "acceptance_passed", "验收通过", "acceptance passed", "acceptance id",
        acceptance_passed, app="deliverables", delays=acceptance_delays,
        met_many=acceptances_passed, delays_many=acceptances_delays))
    conditions.register(conditions.Condition(
        "invoice_received", "收到发票", "invoice received", "payment milestone id",
        invoice_received, app="deliverables", met_many=invoices_received))
    from .report import register_sections

    register_sections()
    from . import plan

    plan.register()
    panels.register(panels.ContractPanel("deliverables", "deliverables/panel.html",
                                         _panel_context, order=60))
    from yunwei import demo

    from .demo import load

    demo.register("deliverables", load, order=60)


def _panel_context(request: Any, contract: Any) -> dict[str, Any] | None:
    from yunwei.core.scoping import can_on_contract

    from .models import Deliverable

    if not can_on_contract(request.user, Deliverable, "view", contract.pk):
        return None
    items = list(Deliverable.objects.filter(contract=contract).select_related("document_type")
                 .exclude(status__in=[Status.APPROVED, Status.DEEMED]).order_by("due_date")[:10])
    return {"items": items, "contract": contract}
