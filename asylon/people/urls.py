from django.urls import path

from asylon.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("register/", views.person_register, name="register"),
    path("register/check/", views.duplicate_check, name="duplicate_check"),
    path("households/", views.household_list, name="households"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<uuid:uuid>/", views.household_detail, name="household"),
    path("households/<uuid:uuid>/members/add/", views.household_add_member,
         name="household_add_member"),
    path("households/<uuid:uuid>/members/<uuid:person_uuid>/remove/",
         views.household_remove_member, name="household_remove_member"),
    path("<uuid:uuid>/", views.person_detail, name="detail"),
    path("<uuid:uuid>/edit/", views.person_edit, name="edit"),
    path("<uuid:uuid>/consent/", views.person_consent, name="consent"),
    path("<uuid:uuid>/documents/add/", views.document_add, name="document_add"),
    path("<uuid:uuid>/documents/<uuid:document_uuid>/remove/", views.document_remove,
         name="document_remove"),
    path("<uuid:uuid>/merge/", views.person_merge_choose, name="merge_choose"),
    path("<uuid:uuid>/merge/<uuid:other_uuid>/", views.person_merge, name="merge"),
    path("<uuid:uuid>/export/", views.person_export, name="export"),
    path("<uuid:uuid>/erase/", views.person_erase, name="erase"),
]
