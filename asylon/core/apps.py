from django.utils.translation import gettext_lazy as _

# The module, not the class: Django picks an app's config as the one AppConfig subclass
# its apps.py holds, and an imported DomainAppConfig would be a second one.
from asylon.core import registry


class CoreConfig(registry.DomainAppConfig):
    name = "asylon.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        super().ready()
        from asylon.core import validation
        validation.install()
