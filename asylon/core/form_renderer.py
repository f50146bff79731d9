from django.forms.renderers import TemplatesSetting


class AsylonFormRenderer(TemplatesSetting):
    """Django's forms with Bootstrap markup, labelled fields and errors linked to inputs."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
