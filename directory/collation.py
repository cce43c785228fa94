"""German alphabetical order on SQLite and PostgreSQL ("Bäckerei" before "Buchhandlung", DIN 5007-1: ä as a).

Businesses carry their order in a stored column, ``BusinessPage.sort_key`` (``german_key(title)``, kept on every
save, filled by migration 0010, indexed): lists sort by ``(sort_key, title, pk)`` compared code point by code point,
which SQLite's BINARY and PostgreSQL's "C" collation do natively — no per-comparison Python call, and the same order
on both databases (before, SQLite called the Python collation below once per comparison of the whole city's titles).

`german()` stays for other text columns: PostgreSQL has ICU collations built in ("de-x-icu"); SQLite gets a collation
of the same name registered on every new connection (`register_sqlite_collation`, connected in DirectoryConfig.ready).
Other databases sort as they do.
"""

import unicodedata
from functools import lru_cache

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "de-x-icu"
# The column's length (a key can be longer than its title: "ß" becomes "ss"); longer keys are cut, the title then
# decides between keys that agree up to there.
SORT_KEY_LENGTH = 255


# SQLite calls the collation for every comparison of a sort: ~47,000 for 5,000 titles, i.e. the key of each title
# ~19 times. Bounded: one entry per distinct title.
@lru_cache(maxsize=25_000)
def german_key(value):
    """Case- and accent-insensitive sort key: "Äpfel" sorts as "apfel", "Straße" as "strasse"."""
    decomposed = unicodedata.normalize("NFKD", (value or "").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def sort_key(title):
    """The value of ``BusinessPage.sort_key`` for a title."""
    return german_key(title)[:SORT_KEY_LENGTH]


def _compare(left, right):
    a, b = (german_key(left), left), (german_key(right), right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs):
    """`connection_created` receiver: teach every SQLite connection the German order."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def german(field):
    """An order_by() expression sorting `field` in German alphabetical order where the database can."""
    if connection.vendor in ("sqlite", "postgresql"):
        return Collate(F(field), COLLATION)
    return F(field)


def _by_code_point(field):
    # SQLite compares text with BINARY (UTF-8 bytes: code point order) unless told otherwise; PostgreSQL's default
    # collation is the database's locale, so name "C" (byte order), which the PostgreSQL index of 0010 also uses.
    if connection.vendor == "postgresql":
        return Collate(F(field), "C")
    return F(field)


def german_title_order():
    """order_by() terms for businesses in German alphabetical order by title, from the stored sort key: the same order
    as ``sorted(key=lambda b: (german_key(b.title), b.title, b.pk))``."""
    return [_by_code_point("sort_key"), _by_code_point("title"), F("pk")]
