"""Snippet admin search over every field its viewset names."""

from django.urls import reverse

from home.models import Person


def test_person_snippets_are_found_by_name_and_by_role(client, editor):
    commissioner = Person.objects.create(name="Anis Hidayah", role="Komisioner Pendidikan dan Penyuluhan")
    researcher = Person.objects.create(name="Budi Santoso", role="Peneliti")
    client.force_login(editor)

    for query, found in (("Penyuluhan", commissioner), ("Budi", researcher)):
        response = client.get(reverse("wagtailsnippets_home_person:list"), {"q": query})

        assert response.status_code == 200
        assert [person.pk for person in response.context["object_list"]] == [found.pk]
