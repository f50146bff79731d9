from django.views.debug import SafeExceptionReporterFilter


class NoPersonalDataFilter(SafeExceptionReporterFilter):
    """Error reports (e-mails to ADMINS, debug pages) never carry what users typed.

    Django hides only parameters a view marks as sensitive; in Asylon almost every form
    holds personal data, so every submitted value is hidden and only the names remain.
    """

    def is_active(self, request):
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {key: self.cleansed_substitute for key in request.POST}
