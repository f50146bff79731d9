from django.utils.translation import gettext_lazy as _

# The module, not the class (see asylon.core.registry.DomainAppConfig).
from asylon.core import registry


class PeopleConfig(registry.DomainAppConfig):
    name = "asylon.people"
    label = "people"
    verbose_name = _("People")
