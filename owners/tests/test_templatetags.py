import pytest

from django.template import Context, Template

from directory.factories import BusinessPageFactory

pytestmark = pytest.mark.django_db


def render(page):
    return Template("{% load owners_tags %}{% claim_link page %}|{% suggest_url %}").render(Context({"page": page}))


def test_claim_link_only_without_owners(business_a, directory, district, category):
    unowned = BusinessPageFactory(title="Ohne", slug="ohne", district=district, categories=[category])
    assert f"/unternehmen-beanspruchen/{unowned.pk}/" in render(unowned)
    assert "beanspruchen" not in render(business_a)
    assert render(unowned).endswith("|/lieblingsunternehmen-vorschlagen/")
