"""Form widgets shared by the apps.

`SearchableSelect` / `SearchableSelectMultiple`: a long list (250 countries) as a box one
types into (tom-select, served from node_modules like the other front-end libraries).
The page still holds an ordinary <select>: without JavaScript, or before it loads, the
form works as before, and what is posted is the same.
"""

from django import forms

_MEDIA = forms.Media(
    css={"all": ["vendor/tom-select/css/tom-select.bootstrap5.min.css",
                 "asylon/picker.css"]},
    js=["vendor/tom-select/js/tom-select.complete.min.js", "asylon/picker.js"])


class SearchableSelect(forms.Select):
    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-picker": "one", **(attrs or {})}, choices)

    @property
    def media(self):
        return _MEDIA


class SearchableSelectMultiple(forms.SelectMultiple):
    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-picker": "many", **(attrs or {})}, choices)

    @property
    def media(self):
        return _MEDIA
