"""Share links without third-party scripts: plain URLs that open each service's own share page."""

from urllib.parse import quote

from django.utils.translation import gettext as _

from fundraising.conf import conf


def share_links(request, campaign):
    url = campaign.short_url()
    text = campaign.share_text()
    q_url, q_text = quote(url, safe=""), quote(text, safe="")
    return {
        "url": url,
        "text": text,
        "title": f"{campaign.title} – {conf.PLATFORM_NAME}",
        "links": [
            ("WhatsApp", f"https://wa.me/?text={q_text}%20{q_url}"),
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={q_url}"),
            ("X", f"https://x.com/intent/post?text={q_text}&url={q_url}"),
            ("Telegram", f"https://t.me/share/url?url={q_url}&text={q_text}"),
            (_("Email"), f"mailto:?subject={q_text}&body={q_text}%0A{q_url}"),
        ],
    }
