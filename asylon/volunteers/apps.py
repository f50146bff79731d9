from django.utils.translation import gettext_lazy as _

from asylon.core import registry


class VolunteersConfig(registry.DomainAppConfig):
    name = "asylon.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers")
