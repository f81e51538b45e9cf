"""Qualifications with years of experience and expiry dates: the posts' requirements as
contract data (contract 000: 项目经理 5 years of system integration management, engineers 3
years of video-conference O&M), checked at the entry check and on replacement."""

import datetime as dt

import pytest

from yunwei.core.errors import Refused
from yunwei.staffing import actions
from yunwei.staffing.models import Person, Post, Qualification
from yunwei.staffing.rules import Held, Requirement, parse_requirements, qualification_gaps

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("本科", [Requirement("本科")]),
    ("本科，系统集成项目管理经验≥5年",
     [Requirement("本科"), Requirement("系统集成项目管理经验", 5)]),
    ("视频会议运维经验>=3、数据库认证",
     [Requirement("视频会议运维经验", 3), Requirement("数据库认证")]),
    ("经验:3年以上, ", [Requirement("经验", 3)]),
    ("", []),
])
def test_parse_requirements(text, expected):
    assert parse_requirements(text) == expected


ON, END = D(2026, 3, 1), D(2026, 12, 31)
CERT = Requirement("数据库认证")
EXP5 = Requirement("管理经验", 5)


@pytest.mark.parametrize("held, missing, expiring", [
    ([], [CERT, EXP5], []),
    ([Held("数据库认证"), Held("管理经验", 5)], [], []),  # no expiry, exactly 5 years
    ([Held("数据库认证"), Held("管理经验", 4)], [EXP5], []),  # 4 of 5 years
    ([Held("数据库认证"), Held("管理经验", None)], [EXP5], []),  # years not given
    ([Held("数据库认证", None, D(2026, 2, 28)), Held("管理经验", 6)], [CERT], []),  # expired
    ([Held("数据库认证", None, D(2026, 3, 1)), Held("管理经验", 6)], [],  # valid today only
     [(CERT, D(2026, 3, 1))]),
    ([Held("数据库认证", None, D(2026, 12, 30)), Held("管理经验", 6)], [],  # a day short
     [(CERT, D(2026, 12, 30))]),
    ([Held("数据库认证", None, D(2026, 12, 31)), Held("管理经验", 6)], [], []),  # lasts
    ([Held("数据库认证", None, D(2026, 6, 1)), Held("数据库认证", None, D(2027, 6, 1)),
      Held("管理经验", 6)], [], []),  # renewed: the later certificate covers the period
])
def test_qualification_gaps_table(held, missing, expiring):
    assert qualification_gaps([CERT, EXP5], held, ON, END) == (missing, expiring)


@pytest.fixture
def team(world):
    c = world.a.contract
    post = Post.objects.create(contract=c, name="项目经理",
                               qualifications="数据库认证, 系统集成项目管理经验≥5年")
    person = Person.objects.create(contract=c, name="赵强")
    person.posts.set([post])
    return {"c": c, "post": post, "person": person, "users": world.a.users,
            "end": c.service_end}


@pytest.mark.django_db
def test_entry_check_uses_the_posts_requirements(team):
    admin, pm, person = team["users"]["agency_admin"], team["users"]["vendor_pm"], team["person"]
    with pytest.raises(Refused) as exc:
        actions.do_check_entry(person, actor=admin, approve=True)
    assert exc.value.zh == "赵强 缺少岗位要求的资质：数据库认证、系统集成项目管理经验（≥5年）"
    assert exc.value.en == ("赵强 lacks required qualifications: 数据库认证, "
                            "系统集成项目管理经验 (≥ 5 years)")
    actions.do_add_qualification(person, actor=pm, name="系统集成项目管理经验", years=4)
    actions.do_add_qualification(person, actor=pm, name="数据库认证",
                                 valid_until=dt.date(2020, 1, 1))  # long expired
    with pytest.raises(Refused, match="数据库认证、系统集成项目管理经验"):
        actions.do_check_entry(person, actor=admin, approve=True)
    actions.do_add_qualification(person, actor=pm, name="系统集成项目管理经验", years=8)
    expiry = team["end"] - dt.timedelta(days=30)
    actions.do_add_qualification(person, actor=pm, name="数据库认证", valid_until=expiry)
    person = actions.do_check_entry(person, actor=admin, approve=True, note="面试通过")
    assert person.entry_status == "approved"
    assert person.entry_note == f"合同期内到期：数据库认证 {expiry:%Y-%m-%d} 到期\n面试通过"


@pytest.mark.django_db
def test_refusing_an_entry_needs_no_qualifications(team):
    person = actions.do_check_entry(team["person"], actor=team["users"]["agency_admin"],
                                    approve=False, note="面试未通过")
    assert person.entry_status == "refused"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agency_admin", "vendor_engineer", "service_desk", "expert"])
def test_only_the_vendor_pm_records_qualifications(team, role):
    with pytest.raises(Refused) as exc:
        actions.do_add_qualification(team["person"], actor=team["users"][role], name="本科")
    assert exc.value.en == "only the vendor PM records qualifications"
    assert not Qualification.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kwargs, field", [({"name": " "}, "name"),
                                           ({"name": "经验", "years": 61}, "years")])
def test_bad_qualification_input(team, kwargs, field):
    with pytest.raises(Refused) as exc:
        actions.do_add_qualification(team["person"], actor=team["users"]["vendor_pm"], **kwargs)
    assert exc.value.field == field


@pytest.mark.django_db
def test_replacement_checks_years_and_expiry(team):
    pm = team["users"]["vendor_pm"]
    joining = Person.objects.create(contract=team["c"], name="钱明")
    Qualification.objects.create(contract=team["c"], person=joining, name="数据库认证")
    Qualification.objects.create(contract=team["c"], person=joining, name="系统集成项目管理经验",
                                 years=3)
    with pytest.raises(Refused) as exc:
        actions.do_request_replacement(team["person"], joining, actor=pm,
                                       effective_on=dt.date(2026, 12, 1))
    assert exc.value.zh == "接替人员缺少岗位要求的资质：系统集成项目管理经验（≥5年）"


@pytest.mark.django_db
def test_person_page_flags_missing_and_expiring(team, client):
    from django.utils import timezone

    pm = team["users"]["vendor_pm"]
    actions.do_add_qualification(team["person"], actor=pm, name="数据库认证",
                                 valid_until=timezone.localdate() + dt.timedelta(days=1))
    client.force_login(pm)
    html = client.get(team["person"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content
    html = html.decode()
    assert 'id="qualification-missing"' in html and "系统集成项目管理经验" in html
    # added through the page: the action runs
    client.post(f"/staffing/people/{team['person'].pk}/qualifications/",
                {"name": "系统集成项目管理经验", "years": "6"})
    assert Qualification.objects.get(name="系统集成项目管理经验").years == 6
