"""Plugin tests that need the host project (the demo city), each with the reason: the root conftest marks them
`host`, `.ci/run step_plugin_alone` leaves them out, the full suite runs them. Everything else in directory/ and
fundraising/ runs in the bare project of tests/plugin_alone.

Keys are pytest node ids (a whole file, a test, or one parametrised case); values say what of the host they need."""

ALLAUTH_VERIFIED = "unverified addresses: only the host (allauth + hook directory_owner_is_verified) tells them apart"
EDITOR_PAGE_PERMISSIONS = "the editors' page permissions and moderation workflow come from the host (owners 0002)"
DEMO_CITY = "builds the demo city (home's seed_demo)"
HOST_LANGUAGES = "the demo city's languages tr, uk, ar (the bare project has de and en)"

HOST_TESTS = {
    "directory/tests/test_business_page.py::test_page_gives_the_host_its_social_meta": (
        "canonical link and share tags come from the host's base.html (templates/includes/social_meta.html)"
    ),
    "fundraising/collective/tests/test_demo.py": DEMO_CITY,
    "fundraising/collective/tests/test_pledging.py::test_home_and_index_show_running_campaigns_with_progress": (
        "renders the host's HomePage"
    ),
    "fundraising/collective/tests/test_proposals.py::test_requires_login_verified_email_and_live_business": (
        ALLAUTH_VERIFIED
    ),
    "fundraising/collective/tests/test_start.py::test_editors_approval_publishes_and_ends_initiator_edits": (
        EDITOR_PAGE_PERMISSIONS
    ),
    "fundraising/collective/tests/test_start.py::test_happy_path_creates_a_moderated_draft": EDITOR_PAGE_PERMISSIONS,
    "fundraising/collective/tests/test_start.py::test_rejected_campaign_shows_the_comment_and_can_be_resubmitted": (
        EDITOR_PAGE_PERMISSIONS
    ),
    "fundraising/collective/tests/test_start.py::test_initiator_has_no_admin_access": (
        "the initiator's admin access as the host's groups set it (the bare project answers 200, not 403)"
    ),
    "fundraising/collective/tests/test_start.py::test_unverified_user_is_refused_with_a_message": ALLAUTH_VERIFIED,
    "fundraising/collective/tests/test_views.py::test_other_users_and_businesses_get_404": ALLAUTH_VERIFIED,
    "fundraising/tests/test_progress_urls.py::test_a_translated_tree_does_not_make_every_url_a_page_url_call": (
        "one page tree per language (WAGTAIL_I18N_ENABLED) with the host's URLs of untranslated pages (cms/serve.py)"
    ),
    "fundraising/outreach/tests/test_figures.py::test_home_page_shows_key_figures_and_campaigns": (
        "renders the host's HomePage"
    ),
    "fundraising/outreach/tests/test_figures.py::test_updates_and_featured_changes_invalidate_public_page_cache": (
        "the public-page cache is the host's (cms.caching)"
    ),
    "fundraising/outreach/tests/test_posters.py::test_anonymous_and_unverified_get_no_owner_poster": ALLAUTH_VERIFIED,
    "fundraising/outreach/tests/test_widget.py::test_widget_may_be_framed_but_campaign_page_may_not": (
        "the Content-Security-Policy header is the host's (django-csp settings in cms/settings)"
    ),
    "fundraising/payouts/tests/test_onboarding.py::test_unverified_owner_gets_404": ALLAUTH_VERIFIED,
    "fundraising/payouts/tests/test_owed_demo.py::test_owed_report_of_the_demo_city": DEMO_CITY,
    "fundraising/tests/test_language.py::test_old_campaign_urls_redirect_permanently"
    "[/ar/unternehmen/cafe/spendenaktion-/ar/unternehmen/cafe/aktion]": HOST_LANGUAGES,
    "fundraising/tests/test_language.py::test_voucher_pdf_renders_in_every_language[ar]": HOST_LANGUAGES,
    "directory/tests/test_business_page.py::test_german_business_text_in_the_arabic_interface_keeps_its_direction": (
        HOST_LANGUAGES
    ),
    "fundraising/tests/test_language.py::test_voucher_pdf_renders_in_every_language[tr]": HOST_LANGUAGES,
    "fundraising/tests/test_language.py::test_voucher_pdf_renders_in_every_language[uk]": HOST_LANGUAGES,
    "fundraising/tests/test_restore_drill.py": "the host's backup and restore commands (home)",
    "fundraising/tests/test_voucher_email_pdf.py::test_supporter_emails_link_to_my_data": (
        "the link to the host's privacy pages (privacy: /meine-daten/)"
    ),
}
