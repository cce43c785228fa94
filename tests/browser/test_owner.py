"""The business owner's journeys: sign up → verify by the emailed link → register a business → an editor approves
it in the Wagtail admin → the owner changes today's hours → starts a campaign; and redeeming a voucher on a phone."""

import re
import uuid
from urllib.parse import urlsplit

import pytest

from .conftest import PASSWORD, assert_no_axe_violations, login, screenshot

pytestmark = pytest.mark.browser

OWNER_PASSWORD = "Ein-gutes-Passwort-2026"  # noqa: S105


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_owner_signs_up_registers_gets_approved_updates_hours_and_starts_campaign(make_page, live_site, browser):
    page, watcher = make_page("phone")  # owners use their phones
    watcher.expected_statuses.add(400)  # forms with errors answer 400
    watcher.expected_console.append(r"status of 400")
    email = f"neu-{uuid.uuid4().hex[:8]}@example.org"
    title = f"Kiosk Test {uuid.uuid4().hex[:4]}"

    # Sign up.
    page.goto("/konto/signup/")
    page.fill("#id_email", email)
    page.fill("#id_password1", OWNER_PASSWORD)
    page.fill("#id_password2", OWNER_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "verification-sent", "phone")
    assert_no_axe_violations(page, "verification sent")

    # The registration form needs a verified address first.
    page.goto("/mein-unternehmen/registrieren/")
    assert "registrieren" not in page.url or page.locator("form #id_title").count() == 0

    # Verify with the link from the email.
    link = live_site.wait_for_mail(email, r"http://127\.0\.0\.1:\d+/konto/confirm-email/[^\s/]+/")
    page.goto(_path(link))
    assert_no_axe_violations(page, "confirm email")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mein-unternehmen/"))
    screenshot(page, "owner-dashboard-empty", "phone")
    assert_no_axe_violations(page, "owner dashboard (empty)")

    # Register a business: first with errors (announced and linked), then complete.
    page.goto("/mein-unternehmen/registrieren/")
    screenshot(page, "register", "phone")
    assert_no_axe_violations(page, "registration form")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    announced = page.locator("main [role=alert], main [role=status], main [aria-live]")
    assert announced.count() >= 1 and announced.first.inner_text().strip(), "the error is in a live region"
    title_field = page.locator("#id_title")
    assert title_field.get_attribute("aria-invalid") == "true"
    assert "id_title_error" in (title_field.get_attribute("aria-describedby") or "")
    screenshot(page, "register-errors", "phone")
    assert_no_axe_violations(page, "registration form with errors")

    page.fill("#id_title", title)
    page.locator("label[for=id_categories_0]").click()
    page.fill("#id_short_description", "Zeitungen, Kaffee und <script>alert(1)</script>.")
    page.fill("#id_description", "Seit 1982 am Markt.")
    page.select_option("#id_district", index=1)
    page.fill("#id_street", "Marktstraße 3")
    page.fill("#id_postcode", "44137")
    page.fill("#id_city", "Dortmund")
    page.locator("#id_address_visibility_0").check()
    page.fill("#id_lat", "51.5140")
    page.fill("#id_lng", "7.4650")
    page.locator("#id_offers_pickup").check()
    page.fill("#id_regular-0-opens", "08:00")
    page.fill("#id_regular-0-closes", "18:00")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    errors = page.locator(".field--invalid").all_inner_texts()
    assert not errors, f"registration refused: {errors}"
    assert title in page.locator("main").inner_text()
    screenshot(page, "owner-dashboard", "phone")
    assert_no_axe_violations(page, "owner dashboard")
    page.goto("/mein-unternehmen/")
    business_link = page.locator("main h2 a", has_text=title).first
    business_path = business_link.get_attribute("href")
    business_pk = int(re.search(r"/mein-unternehmen/(\d+)/", business_path).group(1))
    mail_count_before = len(live_site.mails())

    # An editor approves it in the Wagtail admin (logged in through allauth, on a desktop).
    editor_context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_site.url)
    try:
        third_party = []

        def offline(route):
            if route.request.url.startswith(live_site.url):
                return route.continue_()
            third_party.append(route.request.url)
            return route.abort()

        editor_context.route("**/*", offline)
        editor = editor_context.new_page()
        editor_errors = []
        editor.on("pageerror", lambda error: editor_errors.append(str(error)))
        login(editor, live_site.data["accounts"]["editor"], PASSWORD)
        editor.goto("/admin/")
        row = editor.locator("tr", has_text=title)
        row.wait_for()
        approve = row.get_by_role("button", name=re.compile(r"^(Freigeben|Approve)$"))
        if not approve.is_visible():
            row.locator("[data-w-dropdown-target=toggle], .w-dropdown__toggle").first.click()
        approve.click()
        editor.wait_for_load_state("networkidle")
        assert not editor_errors, editor_errors
        assert not third_party, f"the Wagtail admin made third-party requests: {third_party}"
    finally:
        editor_context.close()

    # The owner is told, and the business is live.
    deadline_mails = live_site.wait_for_mail(email, re.escape(title))
    assert deadline_mails
    assert len(live_site.mails()) > mail_count_before
    page.goto(business_path)
    public_link = page.locator("main a[href^='/unternehmen/']").first
    public_path = public_link.get_attribute("href")
    response = page.goto(public_path)
    assert response.status == 200
    assert title in page.locator("h1").inner_text()
    assert "<script>" not in page.locator("main").inner_html().split("</h1>", 1)[1]

    # Today's hours: different hours today, from the phone.
    page.goto(business_path)
    screenshot(page, "owner-business", "phone")
    assert_no_axe_violations(page, "owner business screen with the quick update")
    quick = page.locator("main form", has=page.locator("#id_today_opens"))
    quick.locator("#id_today_opens").fill("10:00")
    quick.locator("#id_today_closes").fill("14:00")
    quick.locator("button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".field--invalid").count() == 0
    page.goto(public_path)
    assert re.search(r"10[:.]00", page.locator("main").inner_text())
    assert re.search(r"14[:.]00", page.locator("main").inner_text())

    # Start a campaign.
    page.goto(f"/mein-unternehmen/{business_pk}/aktion/neu/")
    screenshot(page, "campaign-start", "phone")
    assert_no_axe_violations(page, "campaign start form")
    page.fill("#id_title", f"Wir stehen hinter {title}")
    page.fill("#id_story", "Wir brauchen eure Hilfe für die Miete.")
    page.fill("#id_goal_euros", "2500")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    assert f"Wir stehen hinter {title}" in page.locator("main").inner_text()
    screenshot(page, "owner-campaign", "phone")
    assert_no_axe_violations(page, "owner campaign")


@pytest.mark.parametrize("viewport", ["phone"])
def test_owner_redeems_voucher_by_typing_its_code(make_page, live_site, viewport):
    voucher = live_site.data.get("voucher")
    assert voucher, "the demo data has no redeemable voucher of a business with an owner"
    page, watcher = make_page(viewport)
    watcher.expected_statuses.add(400)
    watcher.expected_console.append(r"status of 400")
    login(page, live_site.data["accounts"]["voucher_owner"], PASSWORD)
    page.goto(f"/mein-unternehmen/{voucher['business_pk']}/gutscheine/einloesen/")
    screenshot(page, "redeem", viewport)
    assert_no_axe_violations(page, "redeem screen")

    code_field = page.locator("main input[name=code]")
    code_field.fill(voucher["code"].lower().replace("-", " "))  # typed sloppily, as people do
    code_field.press("Enter")
    page.wait_for_load_state("networkidle")
    text = page.locator("main").inner_text()
    assert voucher["code"] in text or voucher["code"].replace("-", "") in text.replace("-", "")
    screenshot(page, "redeem-found", viewport)
    assert_no_axe_violations(page, "redeem: voucher found")

    redeem_form = page.locator("main form", has=page.locator("input[name=amount]"))
    redeem_form.locator("input[name=amount]").fill("5")
    redeem_form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    done = page.locator("main").inner_text()
    assert re.search(r"5,00\s?€|5 €", done), done[:500]
    screenshot(page, "redeem-done", viewport)
    assert_no_axe_violations(page, "redeem: done")

    # A made-up code is refused with a message linked to the field.
    page.goto(f"/mein-unternehmen/{voucher['business_pk']}/gutscheine/einloesen/")
    page.locator("main input[name=code]").fill("<script>alert(1)</script>")
    page.locator("main input[name=code]").press("Enter")
    page.wait_for_load_state("networkidle")
    field = page.locator("main input[name=code]")
    assert field.get_attribute("aria-invalid") == "true"
    assert page.get_by_role("alert").inner_text().strip()
    assert "redeem-error" in field.get_attribute("aria-describedby")
    assert page.locator("main script").count() == 0
    assert_no_axe_violations(page, "redeem: unknown code")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_dashboard_navigation_fits_the_screen_and_marks_the_current_page(make_page, live_site, viewport):
    """The dashboard's navigation never scrolls sideways (on a phone: two columns of large links), the current
    screen is marked with aria-current — also for links other apps add (payouts) — and it works with the keyboard."""
    pk = live_site.data.get("owner_business_pk")
    assert pk, "the demo data has no business with an owner"
    page, _watcher = make_page(viewport)
    login(page, live_site.data["accounts"]["owner"], PASSWORD)
    nav = page.get_by_role("navigation", name="Mein Unternehmen")
    for path, current in (
        ("/mein-unternehmen/", "Meine Unternehmen"),
        ("/mein-unternehmen/registrieren/", "Unternehmen eintragen"),
        (f"/mein-unternehmen/{pk}/auszahlungen/", "Auszahlungen"),
    ):
        page.goto(path)
        if viewport == "phone":  # folded so the screen starts with the content; one tap opens it
            fold = page.locator("details[data-owners-nav]")
            assert not fold.evaluate("d => d.open")
            page.locator(".owners-nav__toggle").click()
        links = nav.get_by_role("link")
        assert links.count() >= 5
        marked = nav.locator("a[aria-current=page]")
        assert marked.count() == 1, f"{path}: one current link"
        assert marked.inner_text().startswith(current), f"{path}: {marked.inner_text()!r}"
        # No sideways scrolling: the list does not overflow, and every link lies inside the window.
        # (one list per business section when the owner has several businesses)
        lists_fit = "uls => uls.every(ul => ul.scrollWidth <= ul.clientWidth + 1)"
        assert nav.locator("ul").evaluate_all(lists_fit), f"{path}: a list scrolls"
        width = page.viewport_size["width"]
        for index in range(links.count()):
            box = links.nth(index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{path}: link {index} sticks out: {box}"
            if viewport == "phone":
                assert box["height"] >= 44, f"{path}: link {index} is too small to tap: {box}"

    # Keyboard: Tab reaches the links in order, with a visible focus ring; Enter follows the focused link.
    page.goto("/mein-unternehmen/")
    if viewport == "phone":
        toggle = page.locator(".owners-nav__toggle")
        for _ in range(40):
            page.keyboard.press("Tab")
            if toggle.evaluate("s => s === document.activeElement"):
                break
        page.keyboard.press("Enter")
    first = nav.get_by_role("link").first
    for _ in range(40):
        page.keyboard.press("Tab")
        if first.evaluate("a => a === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the dashboard navigation")
    page.keyboard.press("Tab")
    second = nav.get_by_role("link").nth(1)
    assert second.evaluate("a => a === document.activeElement")
    assert second.evaluate("a => getComputedStyle(a).outlineStyle") != "none"
    screenshot(page, "owner-nav-focus", viewport)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/mein-unternehmen/registrieren/")
    assert_no_axe_violations(page, "registration form (navigation)")
