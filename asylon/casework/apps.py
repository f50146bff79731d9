from django.utils.translation import gettext_lazy as _

# The module, not the class (see asylon.core.registry.DomainAppConfig).
from asylon.core import registry


class CaseworkConfig(registry.DomainAppConfig):
    name = "asylon.casework"
    label = "casework"
    verbose_name = _("Casework")
