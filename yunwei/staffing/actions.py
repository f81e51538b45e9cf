"""Every staffing rule as a do_* action under transaction.atomic; views, API and CLI only
translate input and call these. A refusal raises yunwei.core.errors.Refused."""

from __future__ import annotations

import calendar as pycal
import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import CharField, F, Min
from django.db.models.functions import Cast
from django.utils import timezone

from yunwei.core import audit
from yunwei.core.errors import NotPermitted, Refused
from yunwei.core.roles import Role
from yunwei.core.scoping import roles_on
from yunwei.worktime import TZ

from . import importing, rules
from .choices import (
    AttendanceKind,
    EntryStatus,
    LeaveEvidence,
    LeaveKind,
    RequestStatus,
    RosterChangeKind,
    RosterStatus,
    SwapStatus,
)
from .models import (
    AttendanceRecord,
    ImportBatch,
    LeaveRequest,
    LeaveRule,
    Person,
    Post,
    Punch,
    Qualification,
    ReplacementRequest,
    RosterChange,
    RosterMonth,
    RosterShift,
    ShiftPattern,
    SpecialPeriod,
    StaffingTerms,
    SwapRequest,
)


def _require(actor: Any, contract_id: int, roles: set[str], zh: str, en: str) -> None:
    """Refuse unless the actor holds one of `roles` on the contract (None: the system)."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if not roles_on(actor, contract_id) & roles:
        raise Refused(zh, en)


def terms_for(contract_id: int) -> StaffingTerms:
    """The contract's staffing terms (the defaults, unsaved, when none were entered)."""
    terms = StaffingTerms.objects.filter(contract_id=contract_id).first()
    return terms or StaffingTerms(contract_id=contract_id)


# -- people ---------------------------------------------------------------------------------------
def may_edit_people(actor: Any, contract_id: int) -> bool:
    """Whether the actor may change the contract's people at all: the vendor PM (the agency
    changes a person only through the entry check)."""
    return actor is None or getattr(actor, "is_superuser", False) \
        or Role.VENDOR_PM in roles_on(actor, contract_id)


def qualification_check(person: Person, posts: list[Post] | None = None,
                        on: dt.date | None = None) -> tuple[list[Any], list[tuple[Any, dt.date]]]:
    """(missing, expiring) qualifications of a person for `posts` (default: their own) on day
    `on` (today): missing counts an expired certificate or too few years of experience;
    expiring is met only by certificates that end before the contract's service period does."""
    if posts is None:
        posts = list(person.posts.all())
    on = on or timezone.localdate()
    required = list({r: None for post in posts for r in post.requirements()})
    held = [rules.Held(q.name, q.years, q.valid_until) for q in person.qualifications.all()]
    return rules.qualification_gaps(required, held, on, person.contract.service_end)


def _labels(reqs: list[rules.Requirement]) -> tuple[str, str]:
    return ("、".join(rules.requirement_label(r) for r in reqs),
            ", ".join(rules.requirement_label(r, "en") for r in reqs))


@transaction.atomic
def do_check_entry(person: Person, *, actor: Any, approve: bool, note: str = "") -> Person:
    """The agency's entry check (入场核验): approve or refuse a pending person. Approval is
    refused while the person lacks a qualification their posts require (years of experience
    and certificates valid today, as the contract asks); a certificate that expires before the
    contract ends is flagged in the entry note (kept in the audit)."""
    _require(actor, person.contract_id, {Role.AGENCY_ADMIN},
             "只有甲方管理员可以进行入场核验", "only the agency administrator checks entries")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.entry_status != EntryStatus.PENDING:
        raise Refused("该人员的入场核验已有结论", "this entry check has been decided")
    if approve:
        missing, expiring = qualification_check(person)
        if missing:
            zh, en = _labels(missing)
            raise Refused(f"{person.name} 缺少岗位要求的资质：{zh}",
                          f"{person.name} lacks required qualifications: {en}", "approve")
        if expiring:
            flag = "；".join(f"{rules.requirement_label(r)} {d:%Y-%m-%d} 到期"
                            for r, d in expiring)
            note = (f"合同期内到期：{flag}\n{note}").strip()
    person.entry_status = EntryStatus.APPROVED if approve else EntryStatus.REFUSED
    person.entry_decided_at = timezone.now()
    person.entry_decided_by = actor
    if note:
        person.entry_note = (person.entry_note + "\n" + note).strip()
    person.save()
    return person


@transaction.atomic
def do_add_qualification(person: Person, *, actor: Any, name: str, years: int | None = None,
                         valid_until: dt.date | None = None, evidence: Any = None,
                         ) -> Qualification:
    """The vendor PM records a qualification of a person (degree, certificate with its expiry,
    years of experience) with its evidence file."""
    _require(actor, person.contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以登记资质", "only the vendor PM records qualifications")
    if not (name or "").strip():
        raise Refused("请填写资质名称", "enter the qualification's name", "name")
    if years is not None and (years < 0 or years > 60):
        raise Refused("工作年限须在 0 到 60 年之间", "years of experience must be 0 to 60",
                      "years")
    q = Qualification(contract_id=person.contract_id, person=person, name=name.strip(),
                      years=years, valid_until=valid_until)
    if evidence is not None:
        q.evidence = evidence
    q.save()
    return q


#: What the vendor PM enters of a person (do_add_person, do_edit_person).
PERSON_FIELDS = ("name", "posts", "user", "employee_no", "id_number", "phone", "entry_note",
                 "active")
_ID_NUMBER = re.compile(r"\d{17}[\dX]|\d{15}")  # 居民身份证: 18 (or the old 15) characters
_PHONE = re.compile(r"\+?[\d][\d\- ]{4,19}")


def _check_person(person: Person, posts: list[Post] | None) -> None:
    """Refuse a person's values that break a rule (each naming its field); trims them."""
    person.name = (person.name or "").strip()
    person.employee_no = (person.employee_no or "").strip()
    person.id_number = (person.id_number or "").strip().upper()
    person.phone = (person.phone or "").strip()
    if not person.name or len(person.name) > 50:
        raise Refused("请填写姓名（最多 50 个字）", "enter the name (at most 50 characters)",
                      "name")
    others = Person.objects.filter(contract_id=person.contract_id).exclude(pk=person.pk)
    if others.filter(name=person.name).exists():
        raise Refused(f"本合同已有名为“{person.name}”的人员",
                      f"this contract already has a person named {person.name}", "name")
    if len(person.employee_no) > 64:
        raise Refused("考勤号最多 64 个字符", "the clock-in ID has at most 64 characters",
                      "employee_no")
    if person.employee_no and others.filter(employee_no=person.employee_no).exists():
        raise Refused(f"考勤号 {person.employee_no} 已属于本合同的另一名人员",
                      f"the clock-in ID {person.employee_no} belongs to another person of "
                      "this contract", "employee_no")
    if person.id_number and not _ID_NUMBER.fullmatch(person.id_number):
        raise Refused("身份证号应为 18 位（最后一位可为 X）",
                      "the ID number has 18 characters (the last may be X)", "id_number")
    if person.phone and not _PHONE.fullmatch(person.phone):
        raise Refused("电话号码只能包含数字、空格、短横线和开头的 +",
                      "a phone number has digits, spaces, dashes and a leading + only", "phone")
    if person.user_id is not None:
        if not roles_on(person.user, person.contract_id):
            raise Refused("关联的用户账号不是本合同的成员",
                          "the user account is not a member of this contract", "user")
        if others.filter(user_id=person.user_id).exists():
            raise Refused("该用户账号已关联本合同的另一名人员",
                          "this user account belongs to another person of this contract",
                          "user")
    for post in posts or []:
        if post.contract_id != person.contract_id:
            raise Refused(f"岗位“{post.name}”不属于本合同",
                          f"the post {post.name} is not of this contract", "posts")


def _audit_posts(person: Person, before: list[int], after: list[int]) -> None:
    """Posts are a many-to-many relation, which the model's audit does not see: one row."""
    if sorted(before) != sorted(after):
        audit.record("update", person, {"posts": sorted(before)}, {"posts": sorted(after)})


@transaction.atomic
def do_add_person(contract_id: int, *, actor: Any, name: str, posts: Any = (),
                  user: Any = None, employee_no: str = "", id_number: str = "",
                  phone: str = "", entry_note: str = "") -> Person:
    """The vendor PM adds a person to the contract's team, awaiting the agency's entry check
    (their posts' qualifications are checked then, not now)."""
    _require(actor, contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以添加人员", "only the vendor PM adds staff")
    posts = list(posts)
    person = Person(contract_id=contract_id, name=name, user=user, employee_no=employee_no,
                    id_number=id_number, phone=phone, entry_note=(entry_note or "").strip())
    _check_person(person, posts)
    person.save()
    if posts:
        person.posts.set(posts)
        _audit_posts(person, [], [p.pk for p in posts])
    return person


@transaction.atomic
def do_edit_person(person: Person, *, actor: Any, now: dt.datetime | None = None,
                   **changes: Any) -> Person:
    """The vendor PM changes a person (any of PERSON_FIELDS): the entry documents only while
    the check is pending; a post added to an approved person needs its qualifications; a
    person leaves the contract (`active` False) only with no shift from now on."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"not a person's field: {sorted(unknown)}")
    if not may_edit_people(actor, person.contract_id):
        raise NotPermitted("只有乙方项目经理可以修改人员信息", "only the vendor PM edits staff")
    person = Person.objects.select_for_update().get(pk=person.pk)
    before_posts = list(person.posts.values_list("pk", flat=True))
    posts = list(changes.pop("posts")) if "posts" in changes else None
    note = (changes.get("entry_note") or "").strip() if "entry_note" in changes else None
    if note is not None and note != person.entry_note.strip() \
            and person.entry_status != EntryStatus.PENDING:
        raise Refused("入场核验已有结论，不能再修改核验材料说明",
                      "the entry check has been decided: its documents note is kept as it is",
                      "entry_note")
    if note is not None:
        changes["entry_note"] = note
    for field, value in changes.items():
        setattr(person, field, value)
    _check_person(person, posts)
    if posts is not None and person.entry_status == EntryStatus.APPROVED:
        added = [p for p in posts if p.pk not in before_posts]
        missing = _missing_qualifications(person, added) if added else []
        if missing:
            zh, en = _labels(missing)
            raise Refused(f"{person.name} 缺少新岗位要求的资质：{zh}",
                          f"{person.name} lacks qualifications the new post requires: {en}",
                          "posts")
    if "active" in changes and not person.active:
        ahead = RosterShift.objects.filter(person=person, ends__gt=now or timezone.now())
        first = ahead.order_by("starts").values_list("day", flat=True).first()
        if first is not None:
            raise Refused(f"{person.name} 在 {first:%Y-%m-%d} 起还有 {ahead.count()} 个班次，"
                          "请先调整排班再让其离开本合同",
                          f"{person.name} still has {ahead.count()} shifts from "
                          f"{first:%Y-%m-%d}: change the roster before they leave", "active")
    person.save()
    if posts is not None:
        person.posts.set(posts)
        _audit_posts(person, before_posts, [p.pk for p in posts])
    return person


@transaction.atomic
def do_remove_person(person: Person, *, actor: Any) -> None:
    """The vendor PM deletes a person entered by mistake: only while nothing refers to them
    (punches, attendance, shifts, leave, replacements); otherwise they leave the contract."""
    _require(actor, person.contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以删除人员", "only the vendor PM deletes staff")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if (Punch.objects.filter(person=person).exists()
            or AttendanceRecord.objects.filter(person=person).exists()
            or RosterShift.objects.filter(person=person).exists()
            or LeaveRequest.objects.filter(person=person).exists()
            or ReplacementRequest.objects.filter(leaving=person).exists()
            or ReplacementRequest.objects.filter(joining=person).exists()):
        raise Refused(f"{person.name} 已有打卡、考勤、排班或申请记录，不能删除；"
                      "请改为“不在本合同”",
                      f"{person.name} has punches, attendance, shifts or requests: untick "
                      "\"on the contract\" instead of deleting", "active")
    person.delete()


def _missing_qualifications(person: Person, posts: list[Post]) -> list[rules.Requirement]:
    return qualification_check(person, posts)[0]


def _leave_days(starts: dt.datetime, ends: dt.datetime) -> set[dt.date]:
    """The local calendar days a leave touches (an end at midnight does not touch the next)."""
    first = timezone.localtime(starts, TZ).date()
    last = timezone.localtime(ends - dt.timedelta(microseconds=1), TZ).date()
    return set(_days(first, last))


#: Attendance kinds that mean the shift was worked (and so may earn time off in lieu).
WORKED = (AttendanceKind.PRESENT, AttendanceKind.LATE, AttendanceKind.EARLY)


@dataclass(frozen=True)
class InLieu:
    """A person's time off in lieu (调休), in half days: earned by shifts worked on days off
    of their post's calendar, used by 调休 requests not refused."""

    earned: int
    used: int

    @property
    def left(self) -> int:
        """Half days still to take."""
        return max(0, self.earned - self.used)

    def days(self) -> dict[str, str]:
        """Earned, used and left as days for people ("1.5")."""
        return {"earned": rules.days_text(self.earned), "used": rules.days_text(self.used),
                "left": rules.days_text(self.left)}


def in_lieu_balance(person: Person, *, exclude: int | None = None) -> InLieu:
    """The person's time off in lieu: half days earned by attended shifts (present, late or
    left early, from the attendance records) on days that are not working days of the
    post's calendar (weekends, holidays; a 调休 make-up workday is a working day), less the
    half days of their 调休 requests not refused (`exclude`: a request not to count). Two
    queries (three when the holiday data is re-read)."""
    from yunwei.calendars.provider import engine_for

    worked = []
    for starts, ends, kind, hours in AttendanceRecord.objects.filter(
            person=person, kind__in=WORKED, shift__isnull=False).values_list(
                "shift__starts", "shift__ends", "shift__pattern__post__calendar__kind",
                "shift__pattern__post__calendar__hours").distinct():
        engine = engine_for(kind, hours) if kind else engine_for("office", "09:00-17:30")
        worked.append((starts, ends, engine.is_workday))
    used = LeaveRequest.objects.filter(person=person, kind=LeaveKind.COMPENSATORY).exclude(
        status=RequestStatus.REFUSED)
    if exclude is not None:
        used = used.exclude(pk=exclude)
    return InLieu(rules.lieu_earned(worked, TZ),
                  sum(rules.leave_half_days(s, e, TZ) for s, e in used.values_list(
                      "starts", "ends")))


def _check_in_lieu(person: Person, starts: dt.datetime, ends: dt.datetime,
                   exclude: int | None = None) -> None:
    """Refuse a 调休 longer than what the person earned and has not used yet."""
    asked = rules.leave_half_days(starts, ends, TZ)
    balance = in_lieu_balance(person, exclude=exclude)
    if asked > balance.left:
        d = balance.days()
        a = rules.days_text(asked)
        raise Refused(
            f"调休余额不足：加班（休息日、节假日值班）共 {d['earned']} 天，已用 {d['used']} 天，"
            f"本次申请 {a} 天",
            f"not enough time off in lieu (days): earned {d['earned']} (shifts worked on days "
            f"off), used {d['used']}, asked {a}", "kind")


#: Days after a leave ends within which its evidence may be uploaded, unless the rule says.
EVIDENCE_DAYS = 7
#: Largest evidence file accepted (a scan or photo of a certificate).
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def evidence_rule(kind: str, rule: LeaveRule | None) -> tuple[bool, int]:
    """(evidence required, days after the leave ends to upload it) for a kind of leave under
    the contract's rule for it: sick leave needs it unless the rule says otherwise."""
    setting = rule.evidence if rule is not None else LeaveEvidence.DEFAULT
    required = setting == LeaveEvidence.REQUIRED or (
        setting == LeaveEvidence.DEFAULT and kind == LeaveKind.SICK)
    days = EVIDENCE_DAYS if rule is None or rule.evidence_days is None else rule.evidence_days
    return required, days


def _check_evidence_file(evidence: Any) -> None:
    if not getattr(evidence, "size", 0):
        raise Refused("证明材料文件为空", "the evidence file is empty", "evidence")
    if evidence.size > EVIDENCE_MAX_BYTES:
        raise Refused("证明材料文件不能超过 10 MB", "the evidence file must be at most 10 MB",
                      "evidence")


def _may_ask_for(actor: Any, person: Person) -> None:
    if actor is not None and not getattr(actor, "is_superuser", False):
        own = person.user_id is not None and person.user_id == actor.pk
        if not own and Role.VENDOR_PM not in roles_on(actor, person.contract_id):
            raise Refused("只能为本人请假（项目经理可为团队成员请假）",
                          "you may ask leave only for yourself (the PM for the team)")


@transaction.atomic
def do_request_leave(person: Person, *, actor: Any, starts: dt.datetime, ends: dt.datetime,
                     reason: str, emergency: bool = False, kind: str = LeaveKind.PERSONAL,
                     evidence: Any = None, now: dt.datetime | None = None) -> LeaveRequest:
    """Ask for leave of a kind: N hours ahead, or within N hours after in an emergency, by the
    contract's rule for that kind (LeaveRule) or else by the staffing terms; a rule's days a
    year count every calendar day of the kind's requests not refused in that year; a 调休
    at most the days worked off not yet taken (in_lieu_balance). Kinds needing evidence (sick
    leave, or as the rule says) take it now or later (do_add_leave_evidence)."""
    _may_ask_for(actor, person)
    if kind not in LeaveKind.values:
        raise Refused("请选择请假类型", "choose a kind of leave", "kind")
    if ends <= starts:
        raise Refused("结束时间须晚于开始时间", "the end must be after the start", "ends")
    if not reason.strip():
        raise Refused("请填写请假事由", "a reason is required", "reason")
    now = now or timezone.now()
    terms = terms_for(person.contract_id)
    rule = LeaveRule.objects.filter(contract_id=person.contract_id, kind=kind).first()
    notice = terms.leave_notice_hours if rule is None or rule.notice_hours is None \
        else rule.notice_hours
    window = terms.emergency_leave_hours if rule is None or rule.emergency_hours is None \
        else rule.emergency_hours
    in_time = rules.leave_in_time(now, starts, notice, emergency, window)
    if kind == LeaveKind.COMPENSATORY:
        # one request at a time per person, so two cannot spend the same days
        Person.objects.select_for_update().filter(pk=person.pk).first()
        _check_in_lieu(person, starts, ends)
    if not in_time:
        if emergency:
            raise Refused(f"紧急请假须在开始后 {window} 小时内补报",
                          f"emergency leave must be reported within {window} h after it "
                          "starts", "starts")
        raise Refused(f"请假须提前 {notice} 小时提出（紧急情况请勾选“紧急”）",
                      f"leave must be asked {notice} h ahead (tick emergency otherwise)",
                      "starts")
    if rule is not None and rule.days_per_year is not None:
        asked = _leave_days(starts, ends)
        for year in sorted({d.year for d in asked}):
            taken: set[dt.date] = set()
            for s, e in LeaveRequest.objects.filter(
                    person=person, kind=kind, starts__lt=dt.datetime(year + 1, 1, 1, tzinfo=TZ),
                    ends__gt=dt.datetime(year, 1, 1, tzinfo=TZ)).exclude(
                        status=RequestStatus.REFUSED).values_list("starts", "ends"):
                taken |= {d for d in _leave_days(s, e) if d.year == year}
            total = len(taken | {d for d in asked if d.year == year})
            if total > rule.days_per_year:
                label, zh = _kind_label(kind, "en"), _kind_label(kind, "zh-hans")
                raise Refused(
                    f"{year} 年{zh}最多 {rule.days_per_year} 天，本次请假后将达 {total} 天",
                    f"{label}: at most {rule.days_per_year} days in {year}, "
                    f"this request would make {total}", "ends")
    required, _days = evidence_rule(kind, rule)
    leave = LeaveRequest(
        contract_id=person.contract_id, person=person, kind=kind, starts=starts, ends=ends,
        reason=reason, emergency=emergency, asked_at=now, in_time=in_time,
        evidence_required=required)
    if evidence is not None:
        _check_evidence_file(evidence)
        leave.evidence, leave.evidence_added_at = evidence, now
    leave.save()
    from . import notify

    # the agency administrators decide it: tell them (in the app or by mail, on commit)
    notify.notify(notify.users_with_roles(person.contract_id, {Role.AGENCY_ADMIN}),
                  "staffing.leave_asked", _leave_params(leave), key=f"leave:{leave.pk}:asked",
                  url=leave.get_absolute_url(), contract_id=person.contract_id)
    return leave


def _leave_params(leave: LeaveRequest) -> dict[str, Any]:
    return {"person": leave.person.name, "starts": leave.starts, "ends": leave.ends}


@transaction.atomic
def do_add_leave_evidence(leave: LeaveRequest, *, actor: Any, evidence: Any,
                          now: dt.datetime | None = None) -> LeaveRequest:
    """Upload (or replace) a pending leave's evidence (a medical certificate): the person or
    the vendor PM, no later than the rule's days (7) after the leave ends."""
    _may_ask_for(actor, leave.person)
    leave = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
    if leave.status != RequestStatus.PENDING:
        raise Refused("该请假已审批，不能再补交证明材料",
                      "this request has been decided: evidence can no longer be added",
                      "evidence")
    now = now or timezone.now()
    rule = LeaveRule.objects.filter(contract_id=leave.contract_id, kind=leave.kind).first()
    days = evidence_rule(leave.kind, rule)[1]
    if now > leave.ends + dt.timedelta(days=days):
        raise Refused(f"证明材料须在请假结束后 {days} 天内补交",
                      f"evidence must be added within {days} days after the leave ends",
                      "evidence")
    _check_evidence_file(evidence)
    leave.evidence, leave.evidence_added_at = evidence, now
    leave.save()
    return leave


def _kind_label(kind: str, lang: str) -> str:
    from django.utils import translation

    with translation.override(lang):
        return str(LeaveKind(kind).label)


@transaction.atomic
def do_decide_leave(leave: LeaveRequest, *, actor: Any, approve: bool) -> LeaveRequest:
    """The agency's responsible person approves or refuses a pending leave request."""
    _require(actor, leave.contract_id, {Role.AGENCY_ADMIN},
             "只有甲方管理员可以审批请假", "only the agency administrator decides leave")
    leave = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
    if leave.status != RequestStatus.PENDING:
        raise Refused("该请假已审批", "this request has been decided")
    if approve and leave.evidence_required and not leave.evidence:
        raise Refused("该请假须先上传证明材料（如病历、诊断证明），才能批准",
                      "this leave needs its evidence (e.g. a medical certificate) before it "
                      "can be approved", "approve")
    if approve and leave.kind == LeaveKind.COMPENSATORY:
        # never beyond the balance: days earned may have changed (a corrected record)
        Person.objects.select_for_update().filter(pk=leave.person_id).first()
        _check_in_lieu(leave.person, leave.starts, leave.ends, exclude=leave.pk)
    leave.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    leave.decided_by, leave.decided_at = actor, timezone.now()
    leave.save()
    from . import notify

    # the vendor PM (who arranges cover) and the person, if they have an account, are told
    users = notify.users_with_roles(leave.contract_id, {Role.VENDOR_PM})
    if leave.person.user_id:
        users.append(leave.person.user)
    notify.notify(users, "staffing.leave_approved" if approve else "staffing.leave_refused",
                  _leave_params(leave), key=f"leave:{leave.pk}:decided",
                  url=leave.get_absolute_url(), contract_id=leave.contract_id)
    return leave


@transaction.atomic
def do_request_replacement(leaving: Person, joining: Person, *, actor: Any,
                           effective_on: dt.date, emergency: bool = False, reason: str = "",
                           now: dt.datetime | None = None) -> ReplacementRequest:
    """The vendor replaces a person: the new one must hold the posts' qualifications; notice
    shorter than the terms' days is recorded as a violation (an emergency needs a reason)."""
    _require(actor, leaving.contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以申请更换人员", "only the vendor PM replaces staff")
    if joining.contract_id != leaving.contract_id or joining.pk == leaving.pk:
        raise Refused("接替人员须是本合同的另一名人员", "the new person must be another member "
                      "of this contract's team", "joining")
    posts = list(leaving.posts.all())
    missing = _missing_qualifications(joining, posts)
    if missing:
        zh, en = _labels(missing)
        raise Refused("接替人员缺少岗位要求的资质：" + zh,
                      "the new person lacks required qualifications: " + en, "joining")
    if emergency and not reason.strip():
        raise Refused("紧急更换须写明书面理由", "an emergency replacement needs a written reason",
                      "reason")
    now = now or timezone.now()
    terms = terms_for(leaving.contract_id)
    with_notice = rules.notice_ok(timezone.localtime(now, TZ).date(), effective_on,
                                  terms.replacement_notice_days)
    if emergency:
        start = dt.datetime.combine(effective_on, dt.time(0), tzinfo=TZ)
        with_notice = start - now <= dt.timedelta(hours=terms.emergency_replacement_hours) \
            or with_notice
    request = ReplacementRequest.objects.create(
        contract_id=leaving.contract_id, leaving=leaving, joining=joining, notified_at=now,
        effective_on=effective_on, emergency=emergency, reason=reason, with_notice=with_notice)
    joining.posts.add(*posts)
    return request


# -- rosters --------------------------------------------------------------------------------------
def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, pycal.monthrange(year, month)[1])


def _days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def required_headcount(contract_id: int, first: dt.date, last: dt.date,
                       ) -> dict[tuple[dt.date, int, int], int]:
    """(day, post id, pattern id) -> people required, on the posts' calendars, with the
    special periods' extra people (a constant number of queries)."""
    patterns = list(ShiftPattern.objects.filter(contract_id=contract_id)
                    .select_related("post__calendar"))
    specials = list(SpecialPeriod.objects.filter(contract_id=contract_id, first_day__lte=last,
                                                 last_day__gte=first))
    engines: dict[Any, Any] = {}
    default = None
    required: dict[tuple[dt.date, int, int], int] = {}
    for pattern in patterns:
        cal = pattern.post.calendar
        if cal is None:
            if default is None:
                from yunwei.calendars.provider import engine_for

                default = engine_for("office", "09:00-17:30")
            engine = default
        else:
            engine = engines.get(cal.pk) or engines.setdefault(cal.pk, cal.engine())
        extras = [s for s in specials if s.pattern_id == pattern.pk]
        for day in _days(first, last):
            applies = rules.shift_applies(pattern.days, day, engine.is_workday(day))
            n = pattern.headcount if applies else 0
            for s in extras:
                if s.first_day <= day <= s.last_day and (applies or s.every_day):
                    n += s.extra_headcount
            if n:
                required[(day, pattern.post_id, pattern.pk)] = n
    return required


def _bounds(pattern: ShiftPattern, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return rules.shift_bounds(day, pattern.start, pattern.end, TZ)


def _check_shift(person: Person, pattern: ShiftPattern, day: dt.date,
                 exclude: int | None = None) -> tuple[dt.datetime, dt.datetime]:
    if person.contract_id != pattern.contract_id:
        raise Refused("人员与班次不属于同一合同", "person and shift are of different contracts")
    if not person.active:
        raise Refused(f"{person.name} 已不在本合同", f"{person.name} has left the contract")
    if not person.posts.filter(pk=pattern.post_id).exists():
        raise Refused(f"{person.name} 不在岗位“{pattern.post.name}”上",
                      f"{person.name} does not hold the post {pattern.post.name}", "person")
    starts, ends = _bounds(pattern, day)
    clash = RosterShift.objects.filter(person=person, starts__lt=ends, ends__gt=starts)
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise Refused(f"{person.name} 在该时段已有班次", f"{person.name} already has a shift then",
                      "person")
    return starts, ends


@transaction.atomic
def do_add_shift(person: Person, pattern: ShiftPattern, day: dt.date, *,
                 actor: Any) -> RosterShift:
    """The vendor PM puts a person on a shift (the person must hold the post, and not be on
    another shift at the same time)."""
    _require(actor, pattern.contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以排班", "only the vendor PM edits the roster")
    starts, ends = _check_shift(person, pattern, day)
    published = _published(pattern.contract_id, day)
    shift = RosterShift.objects.create(contract_id=pattern.contract_id, person=person,
                                       pattern=pattern, day=day, starts=starts, ends=ends,
                                       published=published is not None)
    _record_change(published, shift, RosterChangeKind.ADDED, actor)
    return shift


@transaction.atomic
def do_remove_shift(shift: RosterShift, *, actor: Any) -> None:
    """The vendor PM takes a shift off the roster."""
    _require(actor, shift.contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以排班", "only the vendor PM edits the roster")
    _record_change(_published(shift.contract_id, shift.day), shift, RosterChangeKind.REMOVED,
                   actor)
    shift.delete()


@transaction.atomic
def do_swap_shifts(a: RosterShift, b: RosterShift, *, actor: Any) -> None:
    """Two people exchange shifts (approved by the vendor PM): each must hold the other's post."""
    _require(actor, a.contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以批准换班", "only the vendor PM approves swaps")
    locked = RosterShift.objects.select_for_update(of=("self",)).select_related(
        "pattern__post", "person")
    a, b = locked.get(pk=a.pk), locked.get(pk=b.pk)  # the caller's objects stay untouched
    _exchange(a, b, actor)


def _exchange(a: RosterShift, b: RosterShift, actor: Any, note: str = "") -> None:
    """Give each of two locked shifts the other's person (each must hold the other's post and
    be free then, ignoring the two shifts), recording the change on published months."""
    if a.contract_id != b.contract_id or a.person_id == b.person_id:
        raise Refused("只能在本合同的两人之间换班", "a swap is between two people of one contract")
    if a.pattern_id == b.pattern_id and a.day == b.day:
        raise Refused("同一班次无需换班", "both are on the same shift")
    before = a.person
    a.person, b.person = b.person, a.person
    for shift in (a, b):  # each must fit its new shift, ignoring the two being swapped
        _fits(shift.person, shift, exclude=[a.pk, b.pk])
    a.save(update_fields=["person"])
    b.save(update_fields=["person"])
    _record_change(_published(a.contract_id, a.day), a, RosterChangeKind.SWAPPED, actor,
                   person=before.name, other=f"{b.person.name} {b.day:%m-%d} "
                   f"{_label(b)}", note=note)
    if _month_start(b.day) != _month_start(a.day):
        _record_change(_published(b.contract_id, b.day), b, RosterChangeKind.SWAPPED, actor,
                       person=a.person.name, other=f"{before.name} {a.day:%m-%d} {_label(a)}",
                       note=note)


def _fits(person: Person, shift: RosterShift, exclude: list[int]) -> None:
    """Refuse unless `person` holds the shift's post, is on the contract and free then."""
    if not person.active:
        raise Refused(f"{person.name} 已不在本合同", f"{person.name} has left the contract")
    if not person.posts.filter(pk=shift.pattern.post_id).exists():
        raise Refused(f"{person.name} 不在岗位“{shift.pattern.post.name}”上",
                      f"{person.name} does not hold the post {shift.pattern.post.name}",
                      "colleague")
    if RosterShift.objects.filter(person=person, starts__lt=shift.ends, ends__gt=shift.starts) \
            .exclude(pk__in=exclude).exists():
        raise Refused(f"{person.name} 在该时段已有班次", f"{person.name} already has a shift then",
                      "colleague")


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _label(shift: RosterShift) -> str:
    return f"{shift.pattern.post.name} {shift.pattern.name}"


def _published(contract_id: int, day: dt.date) -> RosterMonth | None:
    """The month's roster of `day` if it has been published."""
    return RosterMonth.objects.filter(contract_id=contract_id, month=_month_start(day),
                                      status=RosterStatus.PUBLISHED).first()


def _record_change(roster: RosterMonth | None, shift: RosterShift, kind: str, actor: Any,
                   person: str = "", other: str = "", note: str = "") -> None:
    """Record who changed what on a published month (nothing on a draft)."""
    if roster is None:
        return
    RosterChange.objects.create(
        contract_id=shift.contract_id, roster=roster, day=shift.day, kind=kind,
        shift=_label(shift)[:200], person=(person or shift.person.name)[:50], other=other[:200],
        by=actor if getattr(actor, "pk", None) else None, at=timezone.now(), note=note[:300])


@transaction.atomic
def do_generate_roster(contract_id: int, year: int, month: int, *, actor: Any) -> int:
    """Fill a month's roster up to the required headcount from the people on each post (entry
    approved), in turn, keeping what is already rostered. Returns the shifts added."""
    _require(actor, contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以排班", "only the vendor PM edits the roster")
    first, last = _month(year, month)
    published = _published(contract_id, first)
    required = required_headcount(contract_id, first, last)
    patterns = {p.pk: p for p in ShiftPattern.objects.filter(contract_id=contract_id)
                .select_related("post")}
    people_by_post: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(contract_id=contract_id, active=True,
                                        entry_status=EntryStatus.APPROVED).prefetch_related(
                                            "posts").order_by("name"):
        for post in person.posts.all():
            people_by_post[post.pk].append(person)
    taken: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    have: Counter = Counter()
    margin = dt.timedelta(days=1)
    for s in RosterShift.objects.filter(contract_id=contract_id, day__gte=first - margin,
                                        day__lte=last):
        taken[s.person_id].append((s.starts, s.ends))
        have[(s.day, s.pattern_id)] += 1
    turn: Counter = Counter()
    added = []
    for (day, post_id, pattern_id), need in sorted(required.items(), key=lambda kv: (
            kv[0][0], patterns[kv[0][2]].start, kv[0][2])):
        pattern = patterns[pattern_id]
        starts, ends = _bounds(pattern, day)
        people = people_by_post.get(post_id, [])
        missing = need - have[(day, pattern_id)]
        tried = 0
        while missing > 0 and tried < len(people):
            person = people[turn[pattern_id] % len(people)]
            turn[pattern_id] += 1
            tried += 1
            if any(s < ends and starts < e for s, e in taken[person.pk]):
                continue
            taken[person.pk].append((starts, ends))
            added.append(RosterShift(contract_id=contract_id, person=person, pattern=pattern,
                                     day=day, starts=starts, ends=ends,
                                     published=published is not None))
            missing -= 1
    if added:
        from yunwei.core.bulk import insert_audited

        insert_audited(added)
        if published is not None:
            now = timezone.now()
            by = actor if getattr(actor, "pk", None) else None
            RosterChange.objects.bulk_create([RosterChange(
                contract_id=contract_id, roster=published, day=s.day,
                kind=RosterChangeKind.ADDED, shift=_label(s)[:200], person=s.person.name[:50],
                by=by, at=now) for s in added])
    return len(added)


def coverage(contract_id: int, first: dt.date, last: dt.date) -> list[rules.CoverageRow]:
    """Required vs rostered vs attended per post per shift per day (constant query count)."""
    required = required_headcount(contract_id, first, last)
    rostered: Counter = Counter()
    for day, post_id, pattern_id in _raw(RosterShift.objects.filter(
            contract_id=contract_id, day__gte=first, day__lte=last).values_list(
                _text("day"), "pattern__post_id", "pattern_id").order_by()):
        rostered[(_py_day(day), post_id, pattern_id)] += 1
    attended: Counter = Counter()
    present = (AttendanceKind.PRESENT, AttendanceKind.LATE, AttendanceKind.EARLY)
    for _shift, day, post_id, pattern_id in _raw(AttendanceRecord.objects.filter(
            contract_id=contract_id, day__gte=first, day__lte=last, kind__in=present,
            shift__isnull=False).values_list("shift_id", _text("day"),
                                             "shift__pattern__post_id",
                                             "shift__pattern_id").order_by().distinct()):
        attended[(_py_day(day), post_id, pattern_id)] += 1  # late and early on one shift count once
    return rules.coverage(required, rostered, attended)


# -- publishing -----------------------------------------------------------------------------------
@transaction.atomic
def do_publish_roster(contract_id: int, year: int, month: int, *, actor: Any) -> RosterMonth:
    """The vendor PM publishes a month's roster to the agency (draft -> published, audited);
    from then on every change to the month is recorded (RosterChange) and shown to the
    agency. The shortfall at publishing is kept and the agency is told (on commit)."""
    _require(actor, contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以发布排班", "only the vendor PM publishes the roster")
    try:
        first, last = _month(year, month)
    except (ValueError, pycal.IllegalMonthError) as exc:
        raise Refused("月份无效", "not a valid month", "month") from exc
    roster, _created = RosterMonth.objects.select_for_update().get_or_create(
        contract_id=contract_id, month=first)
    if roster.status == RosterStatus.PUBLISHED:
        raise Refused(f"{first:%Y-%m} 的排班已发布", f"the roster of {first:%Y-%m} is already "
                      "published", "month")
    shifts = RosterShift.objects.filter(contract_id=contract_id, day__gte=first, day__lte=last)
    if not shifts.exists():
        raise Refused(f"{first:%Y-%m} 尚无排班，无法发布",
                      f"the roster of {first:%Y-%m} is empty: nothing to publish", "month")
    roster.status = RosterStatus.PUBLISHED
    roster.published_at = timezone.now()
    roster.published_by = actor if getattr(actor, "pk", None) else None
    roster.shortfall_at_publish = sum(r.shortfall for r in coverage(contract_id, first, last))
    roster.save()
    shifts.update(published=True)
    from . import notify

    short = roster.shortfall_at_publish
    notify.notify(notify.users_with_roles(contract_id, {Role.AGENCY_ADMIN, Role.AGENCY_LIAISON}),
                  "staffing.roster_published_short" if short else "staffing.roster_published",
                  {"month": f"{first:%Y-%m}", "short": short},
                  key=f"roster:{roster.pk}:published:{roster.published_at.isoformat()}",
                  url=roster.get_absolute_url(), contract_id=contract_id)
    return roster


@transaction.atomic
def do_unpublish_roster(contract_id: int, year: int, month: int, *, actor: Any, reason: str,
                        now: dt.datetime | None = None) -> RosterMonth:
    """The vendor PM withdraws a published month back to draft, with a written reason, before
    the month begins (a running month stays published: change its shifts, every change is
    recorded). Audited; the agency's administrators and liaisons are told on commit and see
    only the required headcount until it is published again."""
    _require(actor, contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以撤回排班", "only the vendor PM withdraws the roster")
    try:
        first, last = _month(year, month)
    except (ValueError, pycal.IllegalMonthError) as exc:
        raise Refused("月份无效", "not a valid month", "month") from exc
    if not (reason or "").strip():
        raise Refused("请写明撤回理由", "a reason for withdrawing is required", "reason")
    roster = RosterMonth.objects.select_for_update().filter(
        contract_id=contract_id, month=first).first()
    if roster is None or roster.status != RosterStatus.PUBLISHED:
        raise Refused(f"{first:%Y-%m} 的排班尚未发布", f"the roster of {first:%Y-%m} is not "
                      "published", "month")
    now = now or timezone.now()
    if timezone.localtime(now, TZ).date() >= first:
        raise Refused(f"{first:%Y-%m} 已开始，已发布的排班不能撤回（请直接调整班次，调整会被记录）",
                      f"{first:%Y-%m} has begun: its published roster cannot be withdrawn "
                      "(change the shifts instead; every change is recorded)", "month")
    roster.status = RosterStatus.DRAFT
    roster.unpublished_at = now
    roster.unpublished_by = actor if getattr(actor, "pk", None) else None
    roster.unpublish_reason = reason.strip()
    roster.save()
    RosterShift.objects.filter(contract_id=contract_id, day__gte=first, day__lte=last).update(
        published=False)
    from . import notify

    notify.notify(notify.users_with_roles(contract_id, {Role.AGENCY_ADMIN, Role.AGENCY_LIAISON}),
                  "staffing.roster_withdrawn",
                  {"month": f"{first:%Y-%m}", "reason": roster.unpublish_reason},
                  key=f"roster:{roster.pk}:withdrawn:{now.isoformat()}",
                  url=roster.get_absolute_url(), contract_id=contract_id)
    return roster


def roster_state(contract_id: int, first: dt.date) -> RosterMonth | None:
    """The month's roster record (None while nothing was ever published)."""
    return RosterMonth.objects.filter(contract_id=contract_id, month=_month_start(first)).first()


# -- swaps asked by engineers ---------------------------------------------------------------------
def _own(actor: Any, person: Person) -> bool:
    return actor is None or getattr(actor, "is_superuser", False) or (
        person.user_id is not None and person.user_id == actor.pk)


def _swap_users(swap: SwapRequest) -> list[Any]:
    return [p.user for p in (swap.requester, swap.colleague) if p.user_id]


def _swap_text(swap: SwapRequest) -> str:
    """The swap in words of no language (names, days and shifts; ⇄ an exchange, → a shift
    given), for the notices' texts."""
    s = swap.shift
    mine = f"{swap.requester.name} {s.day:%Y-%m-%d} {_label(s)}"
    if swap.colleague_shift_id:
        o = swap.colleague_shift
        return f"{mine} ⇄ {swap.colleague.name} {o.day:%Y-%m-%d} {_label(o)}"
    return f"{mine} → {swap.colleague.name}"


def _tell_swap(swap: SwapRequest, users: list[Any], code: str, **params: Any) -> None:
    from . import notify

    notify.notify(users, code, {"swap": _swap_text(swap), **params},
                  key=f"swap:{swap.pk}:{code}", url=swap.get_absolute_url(),
                  contract_id=swap.contract_id)


@transaction.atomic
def do_request_swap(shift: RosterShift, colleague: Person, *, actor: Any, reason: str,
                    colleague_shift: RosterShift | None = None,
                    now: dt.datetime | None = None) -> SwapRequest:
    """An engineer asks to swap one of their future shifts with a colleague's (or to give it
    to the colleague). Nothing changes on the roster until the swap is approved."""
    shift = RosterShift.objects.select_related("person", "pattern__post").get(pk=shift.pk)
    if not _own(actor, shift.person):
        raise Refused("只能为本人的班次申请换班", "you may ask to swap only your own shifts",
                      "shift")
    if not reason.strip():
        raise Refused("请填写换班事由", "a reason is required", "reason")
    now = now or timezone.now()
    if shift.starts <= now:
        raise Refused("只能调换尚未开始的班次", "only a shift not yet started can be swapped",
                      "shift")
    if colleague.contract_id != shift.contract_id or colleague.pk == shift.person_id:
        raise Refused("请选择本合同的另一名同事", "choose another member of this contract's team",
                      "colleague")
    if colleague.entry_status != EntryStatus.APPROVED:
        raise Refused(f"{colleague.name} 尚未通过入场核验",
                      f"{colleague.name} has not passed the entry check", "colleague")
    exclude = [shift.pk]
    if colleague_shift is not None:
        colleague_shift = RosterShift.objects.select_related("person", "pattern__post").get(
            pk=colleague_shift.pk)
        if colleague_shift.person_id != colleague.pk:
            raise Refused("所选班次不是该同事的", "that shift is not the colleague's",
                          "colleague_shift")
        if colleague_shift.starts <= now:
            raise Refused("只能调换尚未开始的班次", "only a shift not yet started can be swapped",
                          "colleague_shift")
        exclude.append(colleague_shift.pk)
        _fits(shift.person, colleague_shift, exclude)
    _fits(colleague, shift, exclude)
    if SwapRequest.objects.filter(shift=shift, status__in=[
            SwapStatus.AWAITING_COLLEAGUE, SwapStatus.AWAITING_APPROVAL]).exists():
        raise Refused("该班次已有待处理的换班申请", "this shift already has an open swap request",
                      "shift")
    swap = SwapRequest.objects.create(
        contract_id=shift.contract_id, shift=shift, requester=shift.person, colleague=colleague,
        colleague_shift=colleague_shift, reason=reason.strip(), asked_at=now)
    _tell_swap(swap, [colleague.user], "staffing.swap_asked")
    return swap


def _lock_swap(swap: SwapRequest) -> SwapRequest:
    return SwapRequest.objects.select_for_update(of=("self",)).select_related(
        "requester__user", "colleague__user", "shift__pattern__post",
        "colleague_shift__pattern__post").get(pk=swap.pk)


@transaction.atomic
def do_answer_swap(swap: SwapRequest, *, actor: Any, agree: bool,
                   now: dt.datetime | None = None) -> SwapRequest:
    """The colleague agrees (the request goes to the approver) or declines."""
    swap = _lock_swap(swap)
    if not _own(actor, swap.colleague):
        raise Refused("只有被邀请的同事可以答复", "only the colleague asked may answer")
    if swap.status != SwapStatus.AWAITING_COLLEAGUE:
        raise Refused("该换班申请已不等待同事答复", "this request no longer awaits the colleague")
    swap.answered_at = now or timezone.now()
    swap.status = SwapStatus.AWAITING_APPROVAL if agree else SwapStatus.DECLINED
    swap.save()
    from . import notify

    if agree:
        approver = terms_for(swap.contract_id).swap_approver
        _tell_swap(swap, notify.users_with_roles(swap.contract_id, {approver}),
                   "staffing.swap_to_approve")
    else:
        _tell_swap(swap, [swap.requester.user], "staffing.swap_declined")
    return swap


@transaction.atomic
def do_decide_swap(swap: SwapRequest, *, actor: Any, approve: bool, note: str = "",
                   now: dt.datetime | None = None) -> SwapRequest:
    """The approver named by the contract's terms (the vendor PM, or the agency administrator)
    approves or refuses an agreed swap. On approval the roster changes: both people must
    still fit (post held, free then); a published month records the change; coverage of the
    days is re-checked. Everyone concerned is told once the change is committed."""
    swap = _lock_swap(swap)
    approver = terms_for(swap.contract_id).swap_approver
    if approver == Role.AGENCY_ADMIN:
        _require(actor, swap.contract_id, {Role.AGENCY_ADMIN},
                 "按合同约定，换班由甲方管理员审批", "by the contract, the agency administrator "
                 "approves swaps")
    else:
        _require(actor, swap.contract_id, {Role.VENDOR_PM},
                 "按合同约定，换班由乙方项目经理审批",
                 "by the contract, the vendor PM approves swaps")
    if swap.status != SwapStatus.AWAITING_APPROVAL:
        raise Refused("该换班申请不在待审批状态", "this request is not awaiting approval")
    swap.decided_by = actor if getattr(actor, "pk", None) else None
    swap.decided_at = now or timezone.now()
    swap.note = note.strip()
    users = _swap_users(swap)
    if approve:
        shift = RosterShift.objects.select_for_update(of=("self",)).select_related(
            "pattern__post", "person").get(pk=swap.shift_id)
        if shift.person_id != swap.requester_id:
            raise Refused("排班已变动，该班次已不属于申请人", "the roster has changed: the shift "
                          "is no longer the requester's")
        if shift.starts <= swap.decided_at:
            raise Refused("班次已开始，无法换班", "the shift has started: too late to swap")
        ref = f"#{swap.pk}"
        if swap.colleague_shift_id:
            other = RosterShift.objects.select_for_update(of=("self",)).select_related(
                "pattern__post", "person").get(pk=swap.colleague_shift_id)
            if other.person_id != swap.colleague_id:
                raise Refused("排班已变动，所换班次已不属于该同事", "the roster has changed: the "
                              "other shift is no longer the colleague's")
            _exchange(shift, other, actor, note=ref)
            days = [shift.day, other.day]
        else:
            before = shift.person
            _fits(swap.colleague, shift, [shift.pk])
            shift.person = swap.colleague
            shift.save(update_fields=["person"])
            _record_change(_published(shift.contract_id, shift.day), shift,
                           RosterChangeKind.HANDED_OVER, actor, person=before.name,
                           other=swap.colleague.name, note=ref)
            days = [shift.day]
        short = sum(r.shortfall for d in sorted(set(days))
                    for r in coverage(swap.contract_id, d, d))
        swap.shortfall_after = short
        swap.status = SwapStatus.APPROVED
        if any(_published(swap.contract_id, d) for d in days):
            users += notify_users_agency(swap.contract_id)
        users += _pm_users(swap.contract_id)
        code = "staffing.swap_approved_short" if short else "staffing.swap_approved"
    else:
        swap.status = SwapStatus.REFUSED
        code, short = "staffing.swap_refused", 0
    swap.save()
    _tell_swap(swap, users, code, short=short, note=swap.note)
    return swap


def notify_users_agency(contract_id: int) -> list[Any]:
    """The agency's administrators and liaisons of the contract."""
    from . import notify

    return notify.users_with_roles(contract_id, {Role.AGENCY_ADMIN, Role.AGENCY_LIAISON})


def _pm_users(contract_id: int) -> list[Any]:
    from . import notify

    return notify.users_with_roles(contract_id, {Role.VENDOR_PM})


@transaction.atomic
def do_withdraw_swap(swap: SwapRequest, *, actor: Any) -> SwapRequest:
    """The requester withdraws an open swap request."""
    swap = _lock_swap(swap)
    if not _own(actor, swap.requester):
        raise Refused("只有申请人可以撤回", "only the requester may withdraw")
    if not swap.open:
        raise Refused("该换班申请已结束", "this request is closed")
    swap.status = SwapStatus.WITHDRAWN
    swap.save()
    return swap


# -- the personal calendar feed -------------------------------------------------------------------
def _feed_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_issue_feed(person: Person, *, actor: Any) -> str:
    """Issue (or regenerate) the person's calendar feed token: the person themselves only.
    Returns the token, shown once; only its SHA-256 is stored, so the old URL stops working."""
    import secrets

    if person.user_id is None or person.user_id != getattr(actor, "pk", None):
        raise Refused("只有本人可以生成自己的日历订阅地址",
                      "only the person may issue their own calendar feed")
    token = secrets.token_urlsafe(32)
    person = Person.objects.select_for_update().get(pk=person.pk)
    person.feed_token_hash = _feed_hash(token)
    person.feed_issued_at = timezone.now()
    person.save(update_fields=["feed_token_hash", "feed_issued_at"])
    return token


@transaction.atomic
def do_revoke_feed(person: Person, *, actor: Any) -> Person:
    """Revoke the person's calendar feed (the person, or the contract's vendor PM)."""
    if not _own(actor, person):
        _require(actor, person.contract_id, {Role.VENDOR_PM},
                 "只有本人或项目经理可以停用日历订阅", "only the person or the vendor PM may "
                 "revoke the calendar feed")
    person = Person.objects.select_for_update().get(pk=person.pk)
    person.feed_token_hash = ""
    person.feed_issued_at = None
    person.save(update_fields=["feed_token_hash", "feed_issued_at"])
    return person


def person_for_feed(token: str) -> Person | None:
    """The person a feed token belongs to (active, token not revoked), else None."""
    if not token or len(token) > 100:
        return None
    return Person.objects.filter(feed_token_hash=_feed_hash(token), active=True).exclude(
        feed_token_hash="").first()


# -- attendance -----------------------------------------------------------------------------------
def preview_import(contract_id: int, data: bytes, file_name: str,
                   mapping: Mapping[str, str] | None = None) -> importing.Parsed:
    """Read a file and check every row against the contract without writing anything."""
    parsed = importing.parse(data, file_name, mapping)
    _resolve(contract_id, parsed)
    return parsed


def _resolve(contract_id: int, parsed: importing.Parsed) -> list[tuple[int, dt.datetime, int]]:
    """(person id, naive local time, row) per punch; unknown people and dates outside the contract
    are added to parsed.errors."""
    from yunwei.contracts.models import Contract

    contract = Contract.objects.only("service_start", "service_end").get(pk=contract_id)
    by_name: dict[str, int] = {}
    by_no: dict[str, int] = {}
    for pk, name, no in Person.objects.filter(contract_id=contract_id).values_list(
            "pk", "name", "employee_no"):
        by_name[name.strip()] = pk
        if no:
            by_no[no.strip()] = pk
    out = []
    bad_rows = {e.row for e in parsed.errors}
    for p in parsed.punches:
        if p.row in bad_rows:
            continue
        pk = by_no.get(p.employee_no) if p.employee_no else None
        pk = pk or by_name.get(p.name)
        if pk is None:
            parsed.errors.append(importing.ImportError_(
                p.row, f"“{p.name or p.employee_no}”不是本合同的人员",
                f"{p.name or p.employee_no!r} is not on this contract's team"))
            bad_rows.add(p.row)
            continue
        if not contract.service_start <= p.time.date() <= contract.service_end:
            parsed.errors.append(importing.ImportError_(
                p.row, f"日期 {p.time.date()} 不在合同服务期内",
                f"date {p.time.date()} is outside the contract's service period"))
            bad_rows.add(p.row)
            continue
        out.append((pk, p.time, p.row))
    parsed.errors.sort(key=lambda e: e.row)
    return out


@transaction.atomic
def do_import_attendance(contract_id: int, data: bytes, file_name: str, *, actor: Any,
                         mapping: Mapping[str, str] | None = None) -> ImportBatch:
    """Import a clock-in export: every row valid or nothing is written (the first bad row is
    named); a punch already there (same person and time) is skipped, so re-importing the
    same file changes nothing. The batch is audited once with the file's checksum."""
    _require(actor, contract_id, {Role.AGENCY_ADMIN, Role.VENDOR_PM},
             "只有甲方管理员或乙方项目经理可以导入考勤",
             "only the agency admin or vendor PM imports")
    try:
        parsed = importing.parse(data, file_name, mapping)
    except importing.ImportError_ as exc:
        raise Refused(exc.zh, exc.en, "file") from exc
    resolved = _resolve(contract_id, parsed)
    if parsed.errors:
        e = parsed.errors[0]
        more = len(parsed.errors) - 1
        raise Refused(f"第 {e.row} 行：{e.zh}" + (f"（另有 {more} 行有误）" if more else "")
                      + "；未导入任何数据",
                      f"row {e.row}: {e.en}" + (f" ({more} more bad rows)" if more else "")
                      + "; nothing was imported", "file")
    seen: set[tuple[int, dt.datetime]] = set()
    unique = []
    for pk, moment, row in resolved:
        if (pk, moment) not in seen:
            seen.add((pk, moment))
            unique.append((pk, moment, row))
    batch = ImportBatch.objects.create(
        contract_id=contract_id, file_name=file_name[:200],
        sha256=hashlib.sha256(data).hexdigest(), format=parsed.format, rows=parsed.rows,
        imported_by=actor if getattr(actor, "pk", None) else None)
    batch.added = _insert_punches(contract_id, batch.pk, unique)
    batch.save(update_fields=["added"])
    return batch


def _insert_punches(contract_id: int, batch_id: int,
                    punches: list[tuple[int, dt.datetime, int]]) -> int:
    """Insert new punches in one statement per call, skipping those already there."""
    if not punches:
        return 0
    table = connection.ops.quote_name(Punch._meta.db_table)
    before = Punch.objects.filter(contract_id=contract_id).count()
    offsets: dict[dt.date, dt.timedelta] = {}
    params = []
    sqlite = connection.vendor == "sqlite"
    for pk, local, row in punches:
        if sqlite:  # naive UTC text, as Django stores it
            day = local.date()
            offset = offsets.get(day)
            if offset is None:
                offset = offsets[day] = local.replace(tzinfo=TZ).utcoffset() or dt.timedelta()
            value: Any = str(local - offset)
        else:
            value = local.replace(tzinfo=TZ)
        params.append((contract_id, pk, value, batch_id, row))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (contract_id, person_id, time, batch_id, row) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (person_id, time) DO NOTHING", params)
    return Punch.objects.filter(contract_id=contract_id).count() - before


@transaction.atomic
def do_derive_attendance(contract_id: int, first: dt.date, last: dt.date, *,
                         actor: Any = None) -> int:
    """Derive the attendance records of [first, last] from the roster, punches, leave and the
    replacement and entry-check terms, replacing earlier derived records (hand corrections of a
    shift or day are kept and win). A constant number of queries, whatever the rows."""
    _require(actor, contract_id, {Role.AGENCY_ADMIN, Role.VENDOR_PM},
             "只有甲方管理员或乙方项目经理可以生成考勤",
             "only the agency admin or vendor PM derives")
    # days worked off the roster up to N days back make an absence time off in lieu (调休)
    lookback = terms_for(contract_id).compensatory_window_days
    early = first - dt.timedelta(days=lookback + 1)
    start = dt.datetime.combine(early, dt.time(0), tzinfo=TZ) - rules.WINDOW
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=TZ) + \
        dt.timedelta(days=1) + rules.WINDOW
    roster = RosterShift.objects.filter(contract_id=contract_id, day__gte=early, day__lte=last)
    shifts = [(pk, person_id, _py_day(day), _py_time(s), _py_time(e))
              for pk, person_id, day, s, e in _raw(roster.values_list(
                  "pk", "person_id", _text("day"), _text("starts"), _text("ends")).order_by())]
    punches: dict[int, list[tuple[dt.datetime, object]]] = defaultdict(list)
    for pk, person_id, moment in _raw(Punch.objects.filter(
            contract_id=contract_id, time__gte=start, time__lt=end).order_by(
                "person_id", "time").values_list("pk", "person_id", _text("time"))):
        punches[person_id].append((_py_time(moment), pk))
    leaves: dict[int, list[rules.Leave]] = defaultdict(list)
    for person_id, s, e, status, in_time in LeaveRequest.objects.filter(
            contract_id=contract_id, starts__lt=end, ends__gt=start).exclude(
                status=RequestStatus.REFUSED).values_list(
                    "person_id", "starts", "ends", "status", "in_time"):
        leaves[person_id].append(rules.Leave(_py_time(s), _py_time(e),
                                             status == RequestStatus.APPROVED, in_time))
    kept = AttendanceRecord.objects.filter(contract_id=contract_id, day__gte=first,
                                           day__lte=last, derived=False)
    hand_shifts = set(kept.exclude(shift=None).values_list("shift_id", flat=True))
    # a hand record of a day wins for the day; a corrected violation (entry check,
    # replacement: no shift) only replaces that violation
    hand_days: set[tuple[int, dt.date]] = set()
    hand_violations: set[tuple[int, dt.date, str]] = set()
    for person_id, day, was in kept.filter(shift=None).values_list(
            "person_id", "day", "derived_kind"):
        if was in (AttendanceKind.UNCHECKED_ENTRY, AttendanceKind.REPLACED_WITHOUT_NOTICE):
            hand_violations.add((person_id, day, was))
        else:
            hand_days.add((person_id, day))
    slots = [rules.Slot(pk, person_id, s, e) for pk, person_id, day, s, e in shifts
             if day >= first and pk not in hand_shifts and (person_id, day) not in hand_days]
    sqlite = connection.vendor == "sqlite"
    days = {pk: day.isoformat() if sqlite else day for pk, _p, day, _s, _e in shifts}
    outcomes = _in_lieu(contract_id, first, early, lookback, shifts,
                        rules.derive(slots, punches, leaves), punches)
    records = [
        (contract_id, slot.person, days[slot.key], slot.key, outcome.kind, outcome.minutes,
         ",".join(str(e) for e in outcome.evidence)[:500], True, outcome.note)
        for slot, outcome in outcomes]
    records += [(r.contract_id, r.person_id, r.day.isoformat() if sqlite else r.day,
                 r.shift_id, r.kind, r.minutes, r.evidence, True, r.note)
                for r in _violations(contract_id, first, last, hand_days, hand_violations)]
    AttendanceRecord.objects.filter(contract_id=contract_id, day__gte=first, day__lte=last,
                                    derived=True)._raw_delete(connection.alias)
    _insert_records(records)
    from yunwei.contracts.models import Contract

    audit.record("update", Contract.objects.get(pk=contract_id), None, {
        "staffing_attendance_derived": {
            "first": str(first), "last": str(last), "records": len(records),
            "kept_corrections": len(hand_shifts) + len(hand_days) + len(hand_violations)}})
    return len(records)


def _in_lieu(contract_id: int, first: dt.date, early: dt.date, lookback: int,
             shifts: list[tuple[Any, ...]], outcomes: list[tuple[rules.Slot, rules.Outcome]],
             punches: Mapping[int, list[tuple[dt.datetime, object]]],
             ) -> list[tuple[rules.Slot, rules.Outcome]]:
    """Turn an absence (no punch, no leave asked) into unreported time off in lieu (调休) when
    the person worked a day off the roster in the `lookback` days before it that no earlier
    absence took; the punches of that day are its evidence. One query, whatever the rows."""
    absent = defaultdict(list)
    day_of = {pk: day for pk, _p, day, _s, _e in shifts}
    for slot, outcome in outcomes:
        if outcome.kind == rules.ABSENT and not outcome.evidence:
            absent[slot.person].append((slot.key, day_of[slot.key]))
    if not absent:
        return outcomes
    used: set[object] = set()
    for (evidence,) in AttendanceRecord.objects.filter(
            contract_id=contract_id, kind=AttendanceKind.COMPENSATORY_UNREPORTED,
            day__gte=early, day__lt=first).values_list("evidence"):
        used.update(int(x) for x in evidence.split(",") if x.isdigit())
    windows = defaultdict(list)
    for _pk, person_id, _day, s, e in shifts:
        windows[person_id].append((s, e))
    paired: dict[object, tuple[dt.date, tuple[object, ...]]] = {}
    for person_id, missed in absent.items():
        worked = rules.off_roster_days(punches.get(person_id, []), windows[person_id], TZ)
        paired.update(rules.pair_in_lieu(missed, worked, lookback, used))
    return [(slot, rules.Outcome(rules.COMPENSATORY_UNREPORTED, evidence=paired[slot.key][1])
             if slot.key in paired else outcome) for slot, outcome in outcomes]


_RECORD_COLUMNS = ("contract_id", "person_id", "day", "shift_id", "kind", "minutes", "evidence",
                   "derived", "note")


def _insert_records(records: list[tuple[Any, ...]]) -> None:
    """Insert derived records (rows in _RECORD_COLUMNS order) with one executemany: a query
    count independent of the rows."""
    if not records:
        return
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(AttendanceRecord._meta.db_table)} "  # noqa: S608 - model table
           f"({', '.join(quote(c) for c in _RECORD_COLUMNS)}) "
           f"VALUES ({', '.join(['%s'] * len(_RECORD_COLUMNS))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, records)


def _raw(qs: Any) -> list[tuple[Any, ...]]:
    """The rows of a values_list queryset as the driver returns them (no per-value converters:
    datetimes are parsed by _py_time, ~4x faster on SQLite for a year of punches)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _text(field: str) -> Any:
    """A column read as the stored text on SQLite (no per-value converter), as is elsewhere."""
    if connection.vendor == "sqlite":
        return Cast(field, output_field=CharField())
    return F(field)


def _py_time(value: Any) -> dt.datetime:
    """A naive UTC datetime from a driver value (SQLite: UTC text; PostgreSQL: aware): the
    derivation compares naive UTC times throughout."""
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    if value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _py_day(value: Any) -> dt.date:
    """A date from a driver value (SQLite text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _violations(contract_id: int, first: dt.date, last: dt.date,
                hand_days: set[tuple[int, dt.date]],
                corrected: set[tuple[int, dt.date, str]] = frozenset(),  # type: ignore[assignment]
                ) -> list[AttendanceRecord]:
    """Worked before the entry check (the first punch before approval, once per person) and
    replacements without due notice (on the day they took effect)."""
    out = []
    decided = dict(Person.objects.filter(contract_id=contract_id).values_list(
        "pk", "entry_decided_at").filter(entry_status=EntryStatus.APPROVED))
    for pk, first_time in Punch.objects.filter(contract_id=contract_id).values(
            "person_id").annotate(first=Min("time")).values_list("person_id", "first"):
        approved_at = decided.get(pk)
        if approved_at is not None and first_time >= approved_at:
            continue
        local = timezone.localtime(first_time, TZ)
        day = local.date()
        if first <= day <= last and (pk, day) not in hand_days \
                and (pk, day, AttendanceKind.UNCHECKED_ENTRY) not in corrected:
            out.append(AttendanceRecord(contract_id=contract_id, person_id=pk, day=day,
                                        kind=AttendanceKind.UNCHECKED_ENTRY,
                                        evidence=f"{local:%Y-%m-%d %H:%M}"))
    for r in ReplacementRequest.objects.filter(contract_id=contract_id, with_notice=False,
                                               effective_on__gte=first, effective_on__lte=last):
        if (r.leaving_id, r.effective_on) in hand_days or (
                r.leaving_id, r.effective_on, AttendanceKind.REPLACED_WITHOUT_NOTICE) in corrected:
            continue
        out.append(AttendanceRecord(contract_id=contract_id, person_id=r.leaving_id,
                                    day=r.effective_on,
                                    kind=AttendanceKind.REPLACED_WITHOUT_NOTICE,
                                    evidence=f"staffing.replacementrequest:{r.pk}"))
    return out


# -- hand corrections of attendance --------------------------------------------------------------
_TIMED = (AttendanceKind.LATE, AttendanceKind.EARLY)


def _check_hand_values(kind: str, minutes: Any, reason: str) -> tuple[str, int, str]:
    """A hand-entered kind, minutes and reason, or a refusal naming the field."""
    if kind not in AttendanceKind.values:
        raise Refused("请选择考勤类型", "choose a kind of attendance", "kind")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 1440:
        raise Refused("分钟数须在 0 到 1440 之间", "the minutes must be 0 to 1440", "minutes")
    if kind in _TIMED and minutes == 0:
        raise Refused("迟到或早退须填写分钟数", "late or early needs its minutes", "minutes")
    if kind not in _TIMED and minutes:
        raise Refused("只有迟到或早退记录分钟数", "only late or early has minutes", "minutes")
    reason = (reason or "").strip()
    if not reason:
        raise Refused("请填写更正理由", "give the reason for the correction", "reason")
    return kind, minutes, reason


@transaction.atomic
def do_correct_attendance(record: AttendanceRecord, *, actor: Any, kind: str, minutes: int,
                          reason: str, seen: int | None = None) -> AttendanceRecord:
    """The agency administrator corrects a day's attendance record by hand, with a reason.
    The first correction of a derived record keeps the derived kind and minutes (and its
    punches stay its evidence); from then on the derivation keeps the correction. `seen` is
    the number of corrections the corrector saw: a correction made meanwhile by someone else
    refuses this one instead of silently replacing it."""
    _require(actor, record.contract_id, {Role.AGENCY_ADMIN},
             "只有甲方管理员可以更正考勤记录",
             "only the agency administrator corrects attendance records")
    kind, minutes, reason = _check_hand_values(kind, minutes, reason)
    record = AttendanceRecord.objects.select_for_update().get(pk=record.pk)
    if seen is not None and seen != record.corrections:
        raise Refused("该考勤记录已被他人更正，请刷新页面核对后再提交",
                      "someone corrected this record meanwhile: reload it and check", "seen")
    if (kind, minutes) == (record.kind, record.minutes):
        raise Refused("更正后的考勤与当前记录相同", "the correction changes nothing", "kind")
    if record.derived:
        record.derived_kind, record.derived_minutes = record.kind, record.minutes
        record.derived = False
    record.kind, record.minutes, record.correction_reason = kind, minutes, reason
    record.corrections += 1
    record.corrected_by = actor if getattr(actor, "pk", None) else None
    record.corrected_at = timezone.now()
    record.save()
    return record


@transaction.atomic
def do_enter_attendance(person: Person, *, actor: Any, day: dt.date, kind: str, minutes: int,
                        reason: str) -> AttendanceRecord:
    """The agency administrator enters a day's attendance by hand where nothing was derived
    (records typed from paper): the derivation keeps it for that person and day. A day that
    already has records is corrected instead (do_correct_attendance)."""
    _require(actor, person.contract_id, {Role.AGENCY_ADMIN},
             "只有甲方管理员可以录入考勤记录",
             "only the agency administrator enters attendance records")
    kind, minutes, reason = _check_hand_values(kind, minutes, reason)
    contract = person.contract
    if not contract.service_start <= day <= contract.service_end:
        raise Refused("日期不在合同服务期内", "the day is outside the contract's service period",
                      "day")
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one entry at a time
    if AttendanceRecord.objects.filter(person=person, day=day).exists():
        raise Refused(f"{person.name} 在 {day:%Y-%m-%d} 已有考勤记录，请更正该记录",
                      f"{person.name} has a record on {day:%Y-%m-%d}: correct that one",
                      "day")
    return AttendanceRecord.objects.create(
        contract_id=person.contract_id, person=person, day=day, kind=kind, minutes=minutes,
        derived=False, corrections=1, correction_reason=reason, corrected_at=timezone.now(),
        corrected_by=actor if getattr(actor, "pk", None) else None)


@transaction.atomic
def do_remove_attendance(record: AttendanceRecord, *, actor: Any) -> None:
    """The agency administrator withdraws a hand record (an entry, or a correction: the next
    derivation derives that shift or day again). A derived record is corrected, not deleted."""
    _require(actor, record.contract_id, {Role.AGENCY_ADMIN},
             "只有甲方管理员可以删除考勤记录",
             "only the agency administrator deletes attendance records")
    record = AttendanceRecord.objects.select_for_update().get(pk=record.pk)
    if record.derived:
        raise Refused("推算的考勤记录不能删除，请更正", "a derived record is corrected, not "
                      "deleted", "kind")
    record.delete()


def on_duty(contract_ids: list[int], at: dt.datetime) -> list[RosterShift]:
    """The shifts running at `at` on these contracts, with their people."""
    return list(RosterShift.objects.filter(contract_id__in=contract_ids, starts__lte=at,
                                           ends__gt=at).select_related(
                                               "person", "pattern__post", "contract")
                .order_by("pattern__post__name", "starts"))



def live_coverage(contract_id: int, at: dt.datetime) -> list[dict[str, Any]]:
    """Who is on duty at `at` on each post's running shift, against the contract's required
    headcount: one row per shift running now (a night shift begun yesterday included), its
    people (those on approved leave now marked and not counted), the gap, and whether the
    month's roster of the shift's day is published (a draft's gap is no promise). A constant
    number of queries."""
    today = timezone.localtime(at, TZ).date()
    yesterday = today - dt.timedelta(days=1)
    required = required_headcount(contract_id, yesterday, today)
    patterns = {p.pk: p for p in ShiftPattern.objects.filter(contract_id=contract_id)
                .select_related("post")}
    rows: dict[tuple[dt.date, int], dict[str, Any]] = {}
    for (day, _post, pattern_id), n in required.items():
        pattern = patterns[pattern_id]
        starts, ends = _bounds(pattern, day)
        if starts <= at < ends:
            rows[(day, pattern_id)] = {"pattern": pattern, "post": pattern.post, "day": day,
                                       "starts": starts, "ends": ends, "required": n,
                                       "shifts": []}
    shifts = on_duty([contract_id], at)
    away = set(LeaveRequest.objects.filter(
        contract_id=contract_id, status=RequestStatus.APPROVED, starts__lte=at, ends__gt=at,
        person_id__in=[s.person_id for s in shifts]).values_list("person_id", flat=True))
    for shift in shifts:
        row = rows.get((shift.day, shift.pattern_id))
        if row is None:  # rostered beyond what the contract requires now
            pattern = shift.pattern
            row = rows.setdefault((shift.day, shift.pattern_id), {
                "pattern": pattern, "post": pattern.post, "day": shift.day,
                "starts": shift.starts, "ends": shift.ends, "required": 0, "shifts": []})
        shift.on_leave = shift.person_id in away
        row["shifts"].append(shift)
    published = set(RosterMonth.objects.filter(
        contract_id=contract_id, status=RosterStatus.PUBLISHED,
        month__in={_month_start(yesterday), _month_start(today)}).values_list("month", flat=True))
    out = []
    for row in sorted(rows.values(), key=lambda r: (r["post"].name, r["starts"])):
        row["on_duty"] = sum(1 for s in row["shifts"] if not s.on_leave)
        row["gap"] = max(0, row["required"] - row["on_duty"])
        row["published"] = _month_start(row["day"]) in published
        out.append(row)
    return out
