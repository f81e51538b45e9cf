"""App configuration for the inventory (scope, inspections, availability)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _panel(request, contract):
    from yunwei.core.scoping import can_on_contract

    from .models import ConfigItem, InspectionRound

    if not can_on_contract(request.user, ConfigItem, "view", contract.pk):
        return None
    rounds = InspectionRound.objects.filter(contract=contract).select_related("plan")[:10]
    types = ConfigItem.objects.filter(contract=contract).values_list(
        "item_type__name").order_by("item_type__name")
    from collections import Counter

    return {"contract": contract, "counts": sorted(Counter(t for (t,) in types).items()),
            "rounds": rounds}


def _work_order_panel(request, work_order):
    """The work order page's section: the configuration items it is about."""
    from yunwei.core.scoping import can_on_contract

    from .actions import work_order_items
    from .models import ConfigItem, Outage, WorkOrderItem

    user = request.user
    if not can_on_contract(user, ConfigItem, "view", work_order.contract_id):
        return None
    items = work_order_items(work_order)
    outages = {o.item_id: o for o in Outage.objects.filter(work_order=work_order)}
    named = set(WorkOrderItem.objects.filter(work_order=work_order).values_list(
        "item_id", flat=True))
    return {"work_order": work_order,
            "items": [(i, i.pk in named, outages.get(i.pk)) for i in items],
            "can_link": can_on_contract(user, WorkOrderItem, "add", work_order.contract_id),
            "can_unlink": can_on_contract(user, WorkOrderItem, "delete",
                                          work_order.contract_id),
            "can_outage": can_on_contract(user, Outage, "add", work_order.contract_id)}


def _accident_panel(request, accident):
    """The accident page's section: the outages recorded from the accident (by its ref)."""
    from yunwei.core.scoping import can_on_contract

    from .models import Outage

    if not can_on_contract(request.user, Outage, "view", accident.contract_id):
        return None
    ref = f"{accident._meta.label_lower}:{accident.pk}"
    return {"outages": Outage.objects.filter(contract_id=accident.contract_id, source_ref=ref)
            .select_related("item").order_by("start", "pk")}


def generate_today() -> int:
    """Periodic job: create today's rounds (and any missed since yesterday)."""
    import datetime as dt

    from django.utils import timezone

    from .actions import do_generate_rounds

    today = timezone.localdate()
    return do_generate_rounds(today, first=today - dt.timedelta(days=1))


def generate_for_plan(plan_id: int, first: str) -> int:
    """One-off job: a new plan's rounds from `first` (ISO date) to today."""
    import datetime as dt

    from .actions import do_generate_rounds

    return do_generate_rounds(first=dt.date.fromisoformat(first), plan_id=plan_id)


def sync_equipment() -> int:
    """Periodic job: give ledger lines added since (through the API or the admin) their device
    items, contract by contract; returns how many items were created."""
    from yunwei.assets.models import Equipment
    from yunwei.contracts.models import Contract

    from .actions import do_sync_equipment

    ids = Equipment.objects.filter(config_item__isnull=True).values("contract_id")
    return sum(do_sync_equipment(c) for c in Contract.objects.filter(pk__in=ids))


class InventoryConfig(AppConfig):
    """Registers the menu, the contract panel, the jobs, the measures and the demo data."""

    name = "yunwei.inventory"
    label = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        from yunwei import demo
        from yunwei.core import jobs
        from yunwei.core.navigation import MenuItem, register
        from yunwei.core.panels import ContractPanel
        from yunwei.core.panels import register as register_panel

        from . import measures
        from .demo import load_demo

        register(MenuItem(_("Configuration items"), "inventory:configitem_list",
                          model="inventory.ConfigItem"))
        register(MenuItem(_("Inspections"), "inventory:inspectionround_list",
                          model="inventory.InspectionRound"))
        register_panel(ContractPanel("inventory", "inventory/panel.html", _panel, order=40))
        from yunwei.core.panels import ObjectPanel, register_object_panel

        register_object_panel(ObjectPanel("inventory.work_order_items", "workorders.workorder",
                                          "inventory/workorder_panel.html", _work_order_panel,
                                          order=40))
        register_object_panel(ObjectPanel("inventory.accident_outages", "operations.accident",
                                          "inventory/accident_panel.html", _accident_panel,
                                          order=40))
        from yunwei.core import lookups

        from .actions import item_choices, item_labels

        lookups.register(lookups.Lookup(lookups.CONFIG_ITEMS, item_choices, item_labels))
        jobs.periodic("inventory.rounds", generate_today, every_seconds=3600)
        jobs.define("inventory.plan_rounds", generate_for_plan)
        jobs.periodic("inventory.equipment", sync_equipment, every_seconds=600)
        measures.register_all()
        from yunwei.core import events

        from .actions import on_incident_recorded

        events.incident_recorded.connect(on_incident_recorded, dispatch_uid="inventory.outages")
        demo.register("inventory", load_demo, order=40)
        from .report_section import register as register_report_section

        register_report_section()
