from django.utils.translation import gettext_lazy as _

# The module, not the class (see asylon.core.registry.DomainAppConfig).
from asylon.core import registry


class GrantsConfig(registry.DomainAppConfig):
    name = "asylon.grants"
    label = "grants"
    verbose_name = _("Grants")
