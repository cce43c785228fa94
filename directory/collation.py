"""German alphabetical order on SQLite and PostgreSQL ("Bäckerei" before "Buchhandlung", DIN 5007-1: ä as a).

PostgreSQL has ICU collations built in ("de-x-icu"); SQLite gets a collation of the same name registered on every new
connection (`register_sqlite_collation`, connected in DirectoryConfig.ready). Other databases sort as they do.
"""

import unicodedata
from functools import lru_cache

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "de-x-icu"


# SQLite calls the collation for every comparison of a sort: ~47,000 for the 5,000 titles of the GeoJSON, i.e. the key
# of each title ~19 times (without this cache 60 % of the GeoJSON build). Bounded: one entry per distinct title.
@lru_cache(maxsize=25_000)
def german_key(value):
    """Case- and accent-insensitive sort key: "Äpfel" sorts as "apfel", "Straße" as "strasse"."""
    decomposed = unicodedata.normalize("NFKD", (value or "").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


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
