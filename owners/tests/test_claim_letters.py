"""Claim letters: unguessable, single-use, expiring codes; the PDF; the claim still goes to the editors."""

import datetime as dt
import io
import re

import pytest

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from directory.factories import BusinessPageFactory, CategoryFactory, DirectoryIndexPageFactory, DistrictFactory
from directory.models import BusinessOwner
from fundraising.outreach.tests.test_posters import pdf_text
from owners import claim_letters
from owners.claim_letter_pdf import build_pdf
from owners.decisions import decide_claim
from owners.models import Claim, ClaimLetter
from owners.testing import make_editor, make_verified_user


@pytest.fixture
def imported(db):
    DirectoryIndexPageFactory()
    district = DistrictFactory(slug="nord", name="Nord")
    return BusinessPageFactory(
        title="Bäckerei Łukasz & Söhne",
        live=False,
        district=district,
        categories=[CategoryFactory()],
        street="Münsterstraße 40",
        postcode="44145",
    )


def letter_code(business):
    ((_business, code, letter),) = claim_letters.create_letters([business])
    return code, letter


def test_codes_are_random_and_only_hashes_are_stored(imported):
    code, letter = letter_code(imported)
    assert len(code) == 12 and set(code) <= set(claim_letters.ALPHABET)
    assert code not in letter.code_hash and len(letter.code_hash) == 64
    codes = {claim_letters.new_code() for _ in range(2000)}
    assert len(codes) == 2000


def test_typed_codes_are_normalised(imported):
    code, letter = letter_code(imported)
    typed = claim_letters.display(code).lower().replace("0", "o").replace("1", "l")
    assert claim_letters.letter_for_code(typed) == letter
    assert claim_letters.letter_for_code("") is None
    assert claim_letters.letter_for_code("X" * 500) is None


def test_full_claim_with_letter(client, imported, django_capture_on_commit_callbacks):
    code, letter = letter_code(imported)
    url = reverse("owners:claim_letter", args=[code])
    anonymous = client.get(url)
    assert anonymous.status_code == 200 and reverse("account_signup") in anonymous.content.decode()
    assert anonymous["Referrer-Policy"] == "same-origin"
    user = make_verified_user("inhaber@example.org")
    make_editor()
    client.force_login(user)
    form = client.get(url)
    assert "Code Ihres Briefes ist gültig" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"role": "Inhaber", "message": "", "phone": ""})
    assert response.status_code == 200
    claim = Claim.objects.get()
    assert claim.letter == letter and claim.business_id == imported.pk and claim.status == "pending"
    letter.refresh_from_db()
    assert letter.used_at is not None and letter.used_by == user
    assert not BusinessOwner.objects.filter(business=imported).exists()  # the editors decide, as before
    editor_mail = [m for m in mail.outbox if "redaktion@example.org" in m.to]
    assert editor_mail and "Anspruchsbriefes" in editor_mail[0].body
    decide_claim(claim, True, make_verified_user("chef@example.org"))
    assert BusinessOwner.objects.filter(business=imported, user=user).exists()


def test_letter_is_single_use(client, imported):
    code, _letter = letter_code(imported)
    url = reverse("owners:claim_letter", args=[code])
    first = make_verified_user("a@example.org")
    client.force_login(first)
    client.post(url, {"role": "Inhaber"})
    second = make_verified_user("b@example.org")
    client.force_login(second)
    response = client.post(url, {"role": "Inhaber"})
    assert response.status_code == 410 and "bereits verwendet" in response.content.decode()
    assert Claim.objects.count() == 1


def test_consume_is_atomic(imported):
    _code, letter = letter_code(imported)
    user = make_verified_user("a@example.org")
    assert claim_letters.consume(letter, user) is True
    assert claim_letters.consume(letter, user) is False


def test_expired_and_replaced_letters(client, imported):
    code, letter = letter_code(imported)
    ClaimLetter.objects.filter(pk=letter.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert client.get(reverse("owners:claim_letter", args=[code])).status_code == 410
    old_code, _old = letter_code(imported)
    new_code, _new = letter_code(imported)
    assert client.get(reverse("owners:claim_letter", args=[old_code])).status_code == 410
    assert client.get(reverse("owners:claim_letter", args=[new_code])).status_code == 200


def test_guessing_is_rate_limited(client, imported, settings):
    import owners.public_views as views

    code, _letter = letter_code(imported)
    limit = 30  # views.CLAIM_LETTER_LOOKUPS: 30/h
    assert views.CLAIM_LETTER_LOOKUPS.rate == "30/h"
    for n in range(limit):
        assert client.get(reverse("owners:claim_letter", args=[f"AAAAAAAAAA{n:02d}"])).status_code in (404, 200)
    assert client.get(reverse("owners:claim_letter", args=[code])).status_code == 429


def test_business_with_owner_cannot_be_claimed_with_a_letter(client, imported):
    code, _letter = letter_code(imported)
    BusinessOwner.objects.create(business=imported, user=make_verified_user("x@example.org"))
    client.force_login(make_verified_user("y@example.org"))
    assert client.get(reverse("owners:claim_letter", args=[code])).status_code == 409


def test_code_entry_form(client, imported):
    code, _letter = letter_code(imported)
    response = client.post(reverse("owners:claim_letter_entry"), {"code": claim_letters.display(code).lower()})
    assert response.status_code == 302 and response["Location"].endswith(f"/brief/{code}/")
    bad = client.post(reverse("owners:claim_letter_entry"), {"code": "<script>"})
    assert bad.status_code == 400 and "<script>" not in bad.content.decode()


def test_pdf_one_page_per_business_with_code_and_link(imported, settings):
    settings.OUTREACH_POSTER_FONTS = {}  # core fonts: the text can be read back
    other = BusinessPageFactory(title="Zweiter Laden", live=False, district=imported.district)
    entries = claim_letters.create_letters([imported, other])
    data = build_pdf(entries)
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type /Page\b", data)) == 2
    text = pdf_text(data)
    assert claim_letters.display(entries[0][1]) in text and claim_letters.display(entries[1][1]) in text
    assert "/brief/" in text and "Münsterstraße 40" in text and "Bäckerei Lukasz & Söhne" in text


def test_pdf_with_unicode_font(imported):
    entries = claim_letters.create_letters([imported])
    assert build_pdf(entries).startswith(b"%PDF")


def test_owned_businesses_get_no_letter(imported):
    BusinessOwner.objects.create(business=imported, user=make_verified_user("x@example.org"))
    assert claim_letters.create_letters([imported]) == []


def test_editor_prints_letters_for_a_district(client, imported):
    client.force_login(make_editor())
    url = reverse("owners_claim_letters")
    count = client.get(url, {"districts": [imported.district_id], "only_new": "on"})
    assert "1 Unternehmen ausgewählt" in count.content.decode()
    response = client.post(url, {"districts": [imported.district_id], "only_new": "on"})
    assert response["Content-Type"] == "application/pdf"
    assert ClaimLetter.objects.filter(business=imported).count() == 1
    again = client.get(url, {"districts": [imported.district_id], "only_new": "on"})
    assert "0 Unternehmen ausgewählt" in again.content.decode()


def test_non_editors_cannot_print(client, imported):
    client.force_login(make_verified_user("z@example.org", is_staff=True))
    assert client.post(reverse("owners_claim_letters"), {"only_new": "on"}).status_code in (302, 403)
    assert not ClaimLetter.objects.exists()


def test_command(imported, tmp_path):
    out = tmp_path / "letters.pdf"
    call_command("claim_letters", "-o", str(out), "--district", "nord", stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF") and ClaimLetter.objects.count() == 1
