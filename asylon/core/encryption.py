"""Field-level encryption at rest for the most sensitive fields.

Fernet (AES-128-CBC + HMAC) from the `cryptography` package does the cryptography; this
module only wires it into Django fields. Keys come from FIELD_ENCRYPTION_KEYS, newest
first, so a rotation adds a key in front, runs `manage.py rotate_keys`, then drops the
old key.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64 bytes); "
            "make one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'") from None


def fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "an encrypted value cannot be read with any key in FIELD_ENCRYPTION_KEYS") from None


class EncryptedTextField(models.TextField):
    """Text stored encrypted. It cannot be searched or sorted in SQL: by design."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (list or dict) stored encrypted, e.g. a set of vulnerabilities."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        import json
        text = super().from_db_value(value, expression, connection)
        return json.loads(text) if text else self.get_default()

    def to_python(self, value):
        import json
        if isinstance(value, str):
            return json.loads(value) if value else self.get_default()
        return value

    def get_prep_value(self, value):
        import json
        if value in (None, "", [], {}):
            return ""
        return encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    found = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields
                 if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def rotate_all() -> dict[str, int]:
    """Re-encrypt every encrypted value with the newest key; returns rows per model.

    Works on the raw column values, ciphertext to ciphertext, so clear text never
    passes through model instances or signals.
    """
    multi = fernet()
    counts = {}
    for model, names in encrypted_fields():
        done = 0
        with transaction.atomic():
            for pk, *values in _raw_rows(model, names):
                updates = {name: models.Value(multi.rotate(value.encode()).decode(),
                                              output_field=models.TextField())
                           for name, value in zip(names, values, strict=True) if value}
                if updates:
                    model._base_manager.filter(pk=pk).update(**updates)
                done += 1
        counts[model._meta.label] = done
    return counts


def _raw_rows(model, names):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(n).column) for n in names)
    pk = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {columns} FROM {quote(model._meta.db_table)} ORDER BY {pk}")
        return cursor.fetchall()
