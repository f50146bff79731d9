from django.utils.translation import gettext_lazy as _

from asylon.core import registry


class EngagementConfig(registry.DomainAppConfig):
    name = "asylon.engagement"
    label = "engagement"
    verbose_name = _("Engagement")
