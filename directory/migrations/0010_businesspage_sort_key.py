"""BusinessPage.sort_key: the German sort key of the title (directory.collation), filled for existing pages and
indexed. PostgreSQL orders by it under the "C" collation (directory.collation.german_title_order), which a model
index cannot say portably: that index is created here in SQL, on PostgreSQL only."""

import unicodedata

from django.db import migrations, models

PG_INDEX = "directory_business_sort_key_c"


def _key(title):
    # directory.collation.sort_key as of this migration (copied so later changes there do not change history).
    decomposed = unicodedata.normalize("NFKD", (title or "").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))[:255]


def fill(apps, schema_editor):
    BusinessPage = apps.get_model("directory", "BusinessPage")
    rows = [(_key(title), pk) for pk, title in BusinessPage.objects.values_list("pk", "title").iterator()]
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany("UPDATE directory_businesspage SET sort_key = %s WHERE page_ptr_id = %s", rows)


def create_pg_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'CREATE INDEX {PG_INDEX} ON directory_businesspage (sort_key COLLATE "C", page_ptr_id)')


def drop_pg_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0009_business_legal_details_and_closure"),
    ]

    operations = [
        migrations.AddField(
            model_name="businesspage",
            name="sort_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="businesspage",
            index=models.Index(fields=["sort_key"], name="directory_business_sort_key"),
        ),
        migrations.RunPython(create_pg_index, drop_pg_index),
    ]
