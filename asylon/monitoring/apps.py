from django.utils.translation import gettext_lazy as _

from asylon.core import registry


class MonitoringConfig(registry.DomainAppConfig):
    name = "asylon.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
