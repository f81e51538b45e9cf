"""The old equipment ledger's pages, kept as redirects to the configuration items.

The ledger (`assets.Equipment`) became the device type (migration
`inventory/0002_equipment_to_items`, `actions.do_sync_equipment`); its list and its lines'
pages answer with a redirect to the items, so old links and bookmarks still land, and there is
one ledger to keep. The URL names stay `assets:equipment_list` / `assets:equipment_detail`
(`Equipment.get_absolute_url`, pages that link a work order's line)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from yunwei.assets.models import Equipment
from yunwei.core.scoping import get_scoped_object
from yunwei.core.views.generic import ScopedView

from .models import ConfigItem


class EquipmentListRedirectView(ScopedView):
    """The old ledger list: the configuration items, filtered by contract when one is given."""

    scope_model = Equipment

    def get(self, request: HttpRequest) -> HttpResponse:
        url = reverse("inventory:configitem_list")
        contract = request.GET.get("contract", "")
        if contract.isdigit():
            url += "?" + urlencode({"contract": contract})
        return HttpResponseRedirect(url)


class EquipmentDetailRedirectView(ScopedView):
    """One old ledger line: its device item (404 for a line the user may not see)."""

    scope_model = Equipment

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        line = get_scoped_object(Equipment.objects.all(), request.user, "view", pk=pk)
        item = ConfigItem.objects.filter(equipment_id=line.pk).values_list("pk", flat=True)
        if item:
            return HttpResponseRedirect(reverse("inventory:configitem_detail", args=[item[0]]))
        # not synced yet (a line added through the API since the last sync): find it by name
        return HttpResponseRedirect(reverse("inventory:configitem_list") + "?" + urlencode(
            {"contract": line.contract_id, "q": line.name}))
