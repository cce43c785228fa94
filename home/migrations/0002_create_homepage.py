from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's default welcome page with our HomePage as the site root (as Wagtail's project template)."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(id=2, content_type__app_label="wagtailcore").delete()
    homepage_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    locale, _ = Locale.objects.get_or_create(language_code="de")
    if HomePage.objects.exists():
        return
    homepage = HomePage.objects.create(
        title="Startseite",
        draft_title="Startseite",
        slug="home",
        content_type=homepage_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=locale.id,
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": homepage, "site_name": ""}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
