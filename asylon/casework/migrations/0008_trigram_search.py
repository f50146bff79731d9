from django.db import migrations

from asylon.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("casework", "0007_list_sort_indexes")]
    operations = [trigram_indexes(("case_reference_trgm", "casework_case", "reference"))]
