"""App configuration for operations (accidents and operations records)."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def contract_panel(request: Any, contract: Any) -> dict[str, Any] | None:
    """The contract page's section: recent accidents and this year's counts per term."""
    from django.utils import timezone

    from yunwei.core.scoping import can_on_contract, restrict

    from .counting import count_terms
    from .models import Accident, OperationsTerm

    if not can_on_contract(request.user, Accident, "view", contract.pk):
        return None
    today = timezone.localdate()
    first = today.replace(month=1, day=1)
    counts = count_terms(contract, first, today) if can_on_contract(
        request.user, OperationsTerm, "view", contract.pk) else []
    accidents = restrict(Accident.objects.filter(contract=contract), request.user).select_related(
        "preliminary_level", "final_level")[:10]
    return {"contract": contract, "accidents": accidents, "counts": counts,
            "can_add": can_on_contract(request.user, Accident, "add", contract.pk)}


def work_order_panel(request: Any, work_order: Any) -> dict[str, Any] | None:
    """The work-order page's section: the accidents opened from it (the link back) and, for
    whom may open one on its contract (the rule the form, the action and the API apply), the
    button that opens one pre-filled from it."""
    from yunwei.core.scoping import can_on_contract, restrict

    from .models import Accident

    if not can_on_contract(request.user, Accident, "view", work_order.contract_id):
        return None
    accidents = restrict(work_order.accidents.all(), request.user).select_related(
        "preliminary_level", "final_level")
    return {"work_order": work_order, "accidents": accidents,
            "can_add": can_on_contract(request.user, Accident, "add", work_order.contract_id)}


class OperationsConfig(AppConfig):
    """Registers the menu entries, the contract panel, the measures and the demo loader."""

    name = "yunwei.operations"
    label = "operations"
    verbose_name = _("Accidents and operations")

    def ready(self) -> None:
        from yunwei import demo
        from yunwei.core import measures, panels
        from yunwei.core.navigation import MenuItem, register

        from .demo import load_demo
        from .measures import all_measures

        register(MenuItem(_("Accidents"), "operations:accident_list",
                          model="operations.Accident"))
        register(MenuItem(_("Operations records"), "operations:operationsrecord_list",
                          model="operations.OperationsRecord"))
        panels.register(panels.ContractPanel("operations", "operations/contract_panel.html",
                                             contract_panel, order=50))
        panels.register_object_panel(panels.ObjectPanel("operations", "workorders.workorder",
                                                  "operations/workorder_panel.html",
                                                  work_order_panel, order=50))
        for measure in all_measures():
            measures.register(measure)
        demo.register("operations", load_demo, order=60)
        from yunwei.core import events

        from .actions import on_work_order_resolved

        events.work_order_resolved.connect(on_work_order_resolved,
                                           dispatch_uid="operations.accident_outages")
        from yunwei.core import jobs

        from .reminders import register_messages, send_reminders

        register_messages()
        jobs.periodic("operations.reminders", send_reminders, every_seconds=300)
        from .report_section import register as register_report_section

        register_report_section()
