"""Persons and households: who the organisation works with.

Names stay in clear text (staff must find people by name); what would hurt most in a
leak (vulnerabilities, narrative, contact details) is encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from asylon.core.encryption import EncryptedJSONField, EncryptedTextField
from asylon.core.models import OrgOwned, organisation_key


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Vulnerability(models.TextChoices):
    MINOR = "minor", _("Minor")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minor")
    SINGLE_PARENT = "single_parent", _("Single parent")
    PREGNANCY = "pregnancy", _("Pregnancy")
    DISABILITY = "disability", _("Disability")
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness")
    TORTURE_SURVIVOR = "torture_survivor", _("Survivor of torture")
    GBV_SURVIVOR = "gbv_survivor", _("Survivor of gender-based violence")
    LGBTQI = "lgbtqi", _("LGBTQI+")


class Person(OrgOwned):
    # organisation, uuid (what URLs carry), created_at and updated_at come from OrgOwned.
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    given_name_latin = models.CharField(_("given name (Latin script)"), max_length=150,
                                        blank=True)
    family_name_latin = models.CharField(_("family name (Latin script)"), max_length=150,
                                         blank=True)
    aliases = models.CharField(_("other names"), max_length=500, blank=True,
                               help_text=_("Separate names with a comma."))
    # Lowercased Latin transliteration of every name, for duplicate search.
    search_name = models.CharField(max_length=800, blank=True, db_index=True, editable=False)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("month of birth"), null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(_("day of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = CountryField(_("nationality"), blank=True)
    stateless = models.BooleanField(_("stateless"), default=False)
    languages = models.CharField(_("languages"), max_length=200, blank=True,
                                 help_text=_("Languages the person speaks, separated by commas."))
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(_("interpreter language"), max_length=60, blank=True)
    phone = EncryptedTextField(_("phone"))
    email = EncryptedTextField(_("e-mail address"))
    address = EncryptedTextField(_("address"))
    vulnerabilities = EncryptedJSONField(_("vulnerabilities"))
    narrative = EncryptedTextField(_("narrative"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    anonymised_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="merged_from")

    class Meta:
        ordering = ["family_name_latin", "given_name_latin", "pk"]
        indexes = [models.Index(fields=["organisation", "family_name_latin", "given_name_latin"]),
                   models.Index(fields=["organisation", "birth_year"]),
                   # The person list's nationality filter: distinct values from the index.
                   models.Index(fields=["organisation", "nationality"],
                                condition=models.Q(anonymised_at=None, merged_into=None),
                                name="person_active_nationality"),
                   # The person list's default order (newest first) and its other sorts.
                   models.Index(fields=["organisation", "-created_at", "-id"],
                                condition=models.Q(anonymised_at=None, merged_into=None),
                                name="person_active_newest"),
                   models.Index(fields=["organisation", "given_name", "-id"],
                                condition=models.Q(anonymised_at=None, merged_into=None),
                                name="person_active_given_name")]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.anonymised_at:
            return str(_("Anonymised person"))
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    @property
    def latin_name(self) -> str:
        return " ".join(p for p in (self.given_name_latin, self.family_name_latin) if p)

    @property
    def latin_beside(self) -> str:
        """The Latin form to show beside a name written in another script (كريم منصور
        (Karim Mansour)); empty when the name is Latin already or there is none."""
        if self.anonymised_at or not self.latin_name:
            return ""
        return "" if self.latin_name.casefold() == self.display_name.casefold() else self.latin_name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def birth_date_display(self) -> str:
        if not self.birth_year:
            return ""
        if self.birth_month and self.birth_day:
            return f"{self.birth_year:04d}-{self.birth_month:02d}-{self.birth_day:02d}"
        if self.birth_month:
            return f"{self.birth_year:04d}-{self.birth_month:02d}"
        return f"{self.birth_year:04d}"


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    ASYLUM_CARD = "asylum_card", _("Asylum seeker's card")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    UNHCR = "unhcr", _("UNHCR registration")
    CASE_NUMBER = "case_number", _("Immigration case number")
    OTHER = "other", _("Other document")


class IdentityDocument(OrgOwned):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=64)
    # Upper-case, without spaces and dashes: "AB 12-34" and "ab1234" are one document.
    number_normalised = models.CharField(max_length=64, db_index=True, editable=False)
    issuing_country = CountryField(_("issuing country"), blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    updated_at = None

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["organisation", "kind", "number_normalised"],
            name="one_person_per_document_number")]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @staticmethod
    def normalise(number: str) -> str:
        return "".join(ch for ch in number.upper() if ch.isalnum())


class Household(OrgOwned):
    name = models.CharField(_("household name"), max_length=200,
                            help_text=_("Usually the family name, e.g. “Household Haddad”."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = None

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    OTHER = "other", _("Other")


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household_links")
    relationship = models.CharField(_("relationship"), max_length=32,
                                    choices=Relationship.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["household", "person"],
                                               name="person_once_per_household")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_relationship_display()}"


class PersonNameKey(OrgOwned):
    """One phonetic key of one name token, so fuzzy search starts from an index.

    "Mohammed", "Muhammad", "Mohamed" and "محمد" all give the key "mhmd" (see
    `asylon.people.search`); candidate retrieval is an indexed equality lookup on
    (organisation, key), and only the bounded candidate set is scored with rapidfuzz.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    # An index row, derived from its person: it goes with the organisation, has no public
    # identity and no history of its own.
    organisation = organisation_key(on_delete=models.CASCADE)
    key = models.CharField(max_length=40)
    uuid = None
    created_at = None
    updated_at = None

    class Meta:
        # Covering: candidate retrieval counts keys per person from the index alone.
        indexes = [models.Index(fields=["organisation", "key", "person"],
                                name="person_name_key_covering")]

    def __str__(self) -> str:
        return self.key


class DuplicateDismissal(OrgOwned):
    """A user said two similar records are different people; the pair is not flagged again."""

    # Goes with the organisation (and with either person); `dismissed_at` is its time.
    organisation = organisation_key(on_delete=models.CASCADE)
    uuid = None
    created_at = None
    updated_at = None
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    dismissed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "other"],
                                               name="one_dismissal_per_pair")]

    def __str__(self) -> str:
        return f"{self.person_id} ≠ {self.other_id}"


class ConsentOverride(OrgOwned):
    """Sharing without the subject's consent: allowed to few roles, always with a reason.

    Casework records its referral overrides here too, through
    `people.services.consent_override_record`.
    """

    # A log row that goes with its organisation and person; `recorded_at` is its time.
    organisation = organisation_key(on_delete=models.CASCADE)
    uuid = None
    created_at = None
    updated_at = None
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consent_overrides")
    purpose = models.CharField(_("purpose"), max_length=32)
    reason = EncryptedTextField(_("reason"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.purpose} override {self.recorded_at:%Y-%m-%d}"


class SubjectRequestKind(models.TextChoices):
    EXPORT = "export", _("Export of personal data")
    ERASURE = "erasure", _("Erasure")


class SubjectRequest(OrgOwned):
    """A data-subject request that was carried out: who asked for what, and why."""

    # A log row that goes with its organisation and person; `recorded_at` is its time.
    organisation = organisation_key(on_delete=models.CASCADE)
    uuid = None
    created_at = None
    updated_at = None
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="subject_requests")
    kind = models.CharField(_("kind"), max_length=16, choices=SubjectRequestKind.choices)
    reason = EncryptedTextField(_("reason"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.recorded_at:%Y-%m-%d}"
