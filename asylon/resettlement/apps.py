from django.utils.translation import gettext_lazy as _

from asylon.core import registry


class ResettlementConfig(registry.DomainAppConfig):
    name = "asylon.resettlement"
    label = "resettlement"
    verbose_name = _("Resettlement")
