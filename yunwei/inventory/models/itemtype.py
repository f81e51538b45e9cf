"""A configuration item type of a contract, with its own fields (a validated JSON schema)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..fields import FieldError, check_schema
from .scopes import PLANNING


class ItemType(AuditedModel):
    """A kind of item (device, host, database ...): its fields, import key and lifecycle."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="item_types",
                                 verbose_name=_("contract"))
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    fields = models.JSONField(_("fields"), default=list, blank=True,
                              help_text=_('A list of {"code", "label", "kind", "required", '
                                          '"choices"}; kinds: text, int, decimal, date, ip, '
                                          'choice.'))
    key_field = models.CharField(
        _("import key"), max_length=40, default="code",
        help_text=_("The column that identifies an item on import: code, name or a field code."))
    has_lifecycle = models.BooleanField(_("has a lifecycle"), default=False)

    scope = PLANNING

    class Meta:
        verbose_name = _("item type")
        verbose_name_plural = _("item types")
        ordering = ("contract", "name")
        constraints = [models.UniqueConstraint(fields=["contract", "code"],
                                               name="itemtype_unique_code")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inventory:itemtype_detail", args=[self.pk])

    def clean(self) -> None:
        try:
            self.fields = check_schema(self.fields)
        except FieldError as exc:
            raise ValidationError({"fields": f"{exc.zh} / {exc.en}"}) from exc
        codes = {"code", "name"} | {f["code"] for f in self.fields}
        if self.key_field not in codes:
            raise ValidationError({"key_field": _("The import key must be code, name or one "
                                                  "of the type's field codes.")})
