from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template("{% load asylon %}{% for c in items %}{{ c }}{% if not forloop.last %}"
                    "{% list_separator %}{% endif %}{% endfor %}")


def test_items_are_separated_as_the_language_writes_a_list():
    for language, expected in (("en", "Greece, Serbia"), ("nl", "Greece, Serbia"),
                               ("ar", "Greece، Serbia")):
        with translation.override(language):
            assert TEMPLATE.render(Context({"items": ["Greece", "Serbia"]})) == expected
