"""Uploaded files encrypted at rest, for FileFields: `FileField(storage=encrypted_storage)`.

The bytes go through Fernet (the same keys as the encrypted fields, FIELD_ENCRYPTION_KEYS)
on their way to the default storage and back, so a copy of `var/media` or of the
backups holds no readable document. `FieldFile.open()` returns the clear content, so
views and services use the field as before.
"""

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible

from asylon.core.encryption import fernet


@deconstructible
class EncryptedStorage(Storage):
    """Delegates to the default storage; encrypts on save, decrypts on open."""

    @property
    def inner(self) -> Storage:
        return storages["default"]

    def _save(self, name, content):
        content.seek(0) if hasattr(content, "seek") else None
        return self.inner.save(name, ContentFile(fernet().encrypt(content.read())))

    def _open(self, name, mode="rb"):
        with self.inner.open(name, "rb") as handle:
            token = handle.read()
        return ContentFile(fernet().decrypt(token), name=name)

    def get_available_name(self, name, max_length=None):
        return self.inner.get_available_name(name, max_length=max_length)

    def delete(self, name):
        return self.inner.delete(name)

    def exists(self, name):
        return self.inner.exists(name)

    def size(self, name):
        return self.inner.size(name)

    def listdir(self, path):
        return self.inner.listdir(path)

    def path(self, name):
        return self.inner.path(name)

    def url(self, name):
        raise NotImplementedError("encrypted files are served by a permission-checked view")


def encrypted_storage() -> EncryptedStorage:
    return EncryptedStorage()


def encrypted_file_fields():
    """(model, field name) of every FileField stored through EncryptedStorage."""
    from django.db.models import FileField
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField) and isinstance(field.storage, EncryptedStorage):
                found.append((model, field.name))
    return found


def encrypt_existing(model, field_name: str) -> int:
    """Encrypt the files of `field_name` that are still in clear (a data migration step);
    files already encrypted are left alone. Returns how many were encrypted."""
    storage = storages["default"]
    done = 0
    for pk, name in model._base_manager.exclude(**{field_name: ""}).values_list(
            "pk", field_name):
        if not name or not storage.exists(name):
            continue
        with storage.open(name, "rb") as handle:
            raw = handle.read()
        try:
            fernet().decrypt(raw)
            continue
        except InvalidToken:
            pass
        _replace(storage, name, fernet().encrypt(raw), model, pk, field_name)
        done += 1
    return done


def rotate_files() -> dict[str, int]:
    """Re-encrypt every encrypted file with the newest key (manage.py rotate_keys)."""
    storage = storages["default"]
    counts = {}
    for model, field_name in encrypted_file_fields():
        done = 0
        for pk, name in model._base_manager.exclude(**{field_name: ""}).values_list(
                "pk", field_name):
            if not name or not storage.exists(name):
                continue
            with storage.open(name, "rb") as handle:
                token = handle.read()
            _replace(storage, name, fernet().rotate(token), model, pk, field_name)
            done += 1
        counts[f"{model._meta.label}.{field_name} (files)"] = done
    return counts


def _replace(storage, name, data: bytes, model, pk, field_name) -> None:
    storage.delete(name)
    stored = storage.save(name, ContentFile(data))
    if stored != name:
        model._base_manager.filter(pk=pk).update(**{field_name: stored})
