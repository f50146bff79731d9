from django.db import migrations

from asylon.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0004_list_sort_indexes")]
    operations = [trigram_indexes(("person_search_name_trgm", "people_person", "search_name"),
                                  ("household_name_trgm", "people_household", "name"))]
