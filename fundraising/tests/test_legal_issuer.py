"""Who issues a voucher: the business (legal name, address, tax number/VAT id) or the operator; the platform as
intermediary; the merchant-of-record setting."""

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from fundraising.factories import PledgeFactory
from fundraising.issuer import issuer_lines, issuer_of
from fundraising.models import PledgeState
from fundraising.voucher_pdf import render_pdf
from fundraising.vouchers import issue_vouchers

from .pdf_reading import PdfReading

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def operator_settings(settings):
    settings.PLATFORM_OPERATOR_NAME = "Stadt Dortmund, Wirtschaftsförderung"
    settings.PLATFORM_OPERATOR_ADDRESS = "Töllnerstraße 9–11, 44135 Dortmund"


@pytest.fixture
def voucher(campaign, reward):
    business = campaign.get_parent().specific
    business.legal_name = "Café Anna Schmidt e.K."
    business.tax_number = "314/5802/1234"
    business.vat_id = "DE123456789"
    business.save()
    pledge = PledgeFactory(campaign=campaign, reward=reward, state=PledgeState.PAID, paid_at=timezone.now())
    return issue_vouchers(pledge)[0]


def test_business_is_the_issuer_and_the_platform_the_intermediary(voucher):
    lines = issuer_lines(voucher)
    assert "Café Anna Schmidt e.K." in lines[0] and "DE123456789" in lines[0] and "314/5802/1234" in lines[0]
    assert "Vermittler" in lines[1] and "Stadt Dortmund" in lines[1]


def test_platform_as_merchant_of_record_issues_it_itself(voucher, settings):
    settings.FUNDRAISING_MERCHANT_OF_RECORD = "platform"
    settings.PLATFORM_OPERATOR_NAME = "Stadt Musterstadt"
    assert issuer_of(voucher).name == "Stadt Musterstadt"
    assert len(issuer_lines(voucher)) == 1  # no intermediary line


def test_unknown_setting_falls_back_to_the_business(voucher, settings):
    settings.FUNDRAISING_MERCHANT_OF_RECORD = "nonsense"
    assert issuer_of(voucher).name == "Café Anna Schmidt e.K."


def test_voucher_page_and_pdf_name_the_issuer(client, voucher):
    html = client.get(f"/gutschein/{voucher.token}/").content.decode()
    assert "Ausgestellt von: Café Anna Schmidt e.K." in html
    assert "Stadt Dortmund" in html
    text = PdfReading(render_pdf(voucher)).text()  # the embedded font's glyphs, read back through its ToUnicode map
    assert "Ausgestellt von: Café Anna Schmidt e.K." in text and "DE123456789" in text and "314/5802/1234" in text
    assert "Vermittler" in text and "Stadt Dortmund, Wirtschaftsförderung" in text
    assert "Bedingungen: http" in text  # the terms page (its URL)


def test_business_without_legal_details_uses_its_title(campaign, reward):
    pledge = PledgeFactory(campaign=campaign, reward=reward, state=PledgeState.PAID, paid_at=timezone.now())
    voucher = issue_vouchers(pledge)[0]
    assert issuer_of(voucher).name == campaign.get_parent().title
    assert "Steuernummer" not in issuer_lines(voucher)[0]


def test_malformed_vat_id_is_refused(campaign):
    business = campaign.get_parent().specific
    business.vat_id = "=HYPERLINK(1)"
    with pytest.raises(ValidationError):
        business.full_clean()


def test_a_business_showing_only_its_district_keeps_its_street_private(voucher):
    business = voucher.business
    business.address_visibility = "district"
    business.save()
    voucher.refresh_from_db()
    line = issuer_lines(voucher)[0]
    assert business.street not in line and business.postcode not in line and business.city in line
