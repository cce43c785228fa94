"""An owner's edit keeps the formatting the editors gave the description, unless the owner changes that text."""

from django.urls import reverse

from owners.richtext import has_formatting, keep_or_replace, plain_to_richtext

from .conftest import profile_data

FORMATTED = '<p>Seit 1982 am <b>Markt</b>.</p><p>Jetzt auch mit <a href="https://example.org">Lieferung</a>.</p>'


def test_keep_or_replace():
    assert keep_or_replace(FORMATTED, "Seit 1982 am Markt.\n\nJetzt auch mit Lieferung.") == FORMATTED
    assert keep_or_replace(FORMATTED, "Seit 1982 am Markt.\r\n\r\nJetzt auch mit Lieferung.  ") == FORMATTED
    assert keep_or_replace(FORMATTED, "Neu: <b>fett</b>") == "<p>Neu: &lt;b&gt;fett&lt;/b&gt;</p>"
    assert keep_or_replace("", "") == "" and keep_or_replace(None, "Hallo") == plain_to_richtext("Hallo")
    assert has_formatting(FORMATTED) and not has_formatting("<p>a<br/>b</p>") and not has_formatting("")


def test_owner_edit_of_other_fields_keeps_the_editors_formatting(client, business_a, owner_a, district, category):
    business_a.description = FORMATTED
    business_a.save_revision().publish()
    client.force_login(owner_a)
    form = client.get(reverse("owners:edit", args=[business_a.pk]))
    assert "Formatierung" in form.text or "formatting" in form.text
    data = profile_data(district, category, title="Café Anna", short_description="Jetzt mit Terrasse.")
    assert client.post(reverse("owners:edit", args=[business_a.pk]), data).status_code == 302
    business_a.refresh_from_db()
    draft = business_a.get_latest_revision_as_object()
    assert draft.short_description == "Jetzt mit Terrasse." and str(draft.description) == FORMATTED
    # Changing the text itself makes it plain (escaped) text: the owner's markup never reaches the page.
    data["description"] = "Ganz neu <script>alert(1)</script>"
    assert client.post(reverse("owners:edit", args=[business_a.pk]), data).status_code == 302
    business_a.refresh_from_db()
    draft = business_a.get_latest_revision_as_object()
    assert str(draft.description) == "<p>Ganz neu &lt;script&gt;alert(1)&lt;/script&gt;</p>"
