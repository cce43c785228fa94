"""Campaign pages named "spendenaktion" (the demo's slug, and owners' default before issue 18) become "aktion".

Support is not a donation: no URL says "Spende". The old URLs redirect permanently (fundraising.legacy_urls).
Updates the page's slug and url_path, its descendants' url_paths, and the slug stored in its revisions, so that
publishing a later revision does not bring the old slug back. A slug already taken under the same business gets
the next free "aktion-<n>".
"""

import re

from django.db import migrations

OLD = re.compile(r"^spendenaktion(-\d+)?$")


def _free_slug(Page, page, wanted):
    parent_path = page.path[:-4]  # treebeard's step length in Wagtail's page tree
    siblings = set(
        Page.objects.filter(path__startswith=parent_path, depth=page.depth)
        .exclude(pk=page.pk)
        .values_list("slug", flat=True)
    )
    slug, n = wanted, 2
    while slug in siblings:
        slug, n = f"aktion-{n}", n + 1
    return slug


def rename(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    CampaignPage = apps.get_model("fundraising", "CampaignPage")
    for campaign in CampaignPage.objects.filter(slug__startswith="spendenaktion"):
        match = OLD.match(campaign.slug)
        if not match:
            continue
        page = Page.objects.get(pk=campaign.pk)
        new_slug = _free_slug(Page, page, f"aktion{match.group(1) or ''}")
        old_url_path = page.url_path
        new_url_path = old_url_path[: -len(page.slug) - 1] + new_slug + "/"
        for descendant in Page.objects.filter(path__startswith=page.path, depth__gt=page.depth):
            descendant.url_path = new_url_path + descendant.url_path[len(old_url_path) :]
            descendant.save(update_fields=["url_path"])
        Page.objects.filter(pk=page.pk).update(slug=new_slug, url_path=new_url_path)
        for revision in Revision.objects.filter(object_id=str(page.pk), content_type_id=page.content_type_id):
            content = revision.content or {}
            if content.get("slug", "").startswith("spendenaktion"):
                content["slug"] = new_slug
                content["url_path"] = new_url_path
                revision.content = content
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("fundraising", "0016_editors_handle_closure_offers"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
