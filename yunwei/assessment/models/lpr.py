"""The one-year loan prime rate (贷款市场报价利率) as published, maintained by the system
administrator; late-payment clauses following the LPR read it."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES
from yunwei.core.scoping import Scope


def _national(contract_ids: object) -> models.Q:
    """National data: visible to anyone who holds a role on some contract."""
    from django.db.models import Exists

    from yunwei.contracts.models import Contract

    return models.Q(Exists(Contract.objects.filter(pk__in=contract_ids)))


class LoanPrimeRate(AuditedModel):
    """One published one-year LPR, in force from its day until the next one."""

    effective = models.DateField(_("in force from"), unique=True)
    percent = models.DecimalField(
        _("one-year LPR (percent a year)"), max_digits=6, decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))])
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope = Scope(contract_field=None, contract_q=_national, roles={"view": ALL_ROLES})

    class Meta:
        verbose_name = _("loan prime rate")
        verbose_name_plural = _("loan prime rates")
        ordering = ("-effective",)

    def __str__(self) -> str:
        return f"{self.effective:%Y-%m-%d} {self.percent}%"

    @property
    def local_note(self) -> str:
        """The note in the reader's language: the published-change notes migration 0010 wrote
        ("下调 10 个基点", "维持不变") read in English too; a note typed by hand as written."""
        import re

        from django.utils.translation import get_language

        if (get_language() or "zh").startswith("zh"):
            return self.note
        cut = re.fullmatch(r"下调 (\d+) 个基点", self.note)
        if cut:
            return f"cut by {cut.group(1)} basis points"
        return "unchanged" if self.note == "维持不变" else self.note


def lpr_table() -> object:
    """The engine's LPR table from the rates entered (one query)."""
    from yunwei.scoring.engine.lpr import LprTable

    return LprTable.of(LoanPrimeRate.objects.values_list("effective", "percent"))
