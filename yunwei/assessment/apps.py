"""App configuration for assessment."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """Registers the assessment menu entry."""

    name = "yunwei.assessment"
    label = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from yunwei.core.navigation import MenuItem, register

        from . import history, measures, notify

        history.register()  # the scheme's definition read rule by rule in its history
        measures.register()  # accident, attendance, evaluation, praise (hand-entered)
        notify.register_messages()  # objections and pending decisions told (core.notices)

        register(MenuItem(_("Assessment"), "assessment:scheme_list", model="assessment.Scheme"))
        register(MenuItem(_("Loan prime rates"), "assessment:lpr", superuser_only=True))
