"""Importing businesses from a register (CSV), an OpenStreetMap extract (XML/PBF) or GeoJSON.

One module per format (`register_csv`, `osm`), `osm_hours` for OSM opening hours and `core` for what happens to the
records. `manage.py import_businesses FILE` and the editors' admin view (Directory → Import) both call `run()`.
"""

from django.utils.translation import gettext as _

from . import osm, register_csv
from .core import Importer, Options, Report, osm_keys
from .records import OSM, ImportFileError, Source

FORMATS = ("csv", "osm", "pbf", "geojson")


def guess_format(filename):
    name = str(filename).lower()
    if name.endswith((".osm.pbf", ".pbf")):
        return "pbf"
    if name.endswith((".osm", ".osm.xml", ".xml")):
        return "osm"
    if name.endswith((".geojson", ".json")):
        return "geojson"
    if name.endswith((".csv", ".txt", ".tsv")):
        return "csv"
    return None


def register_source(key="register", name="", licence="", attribution="", url=""):
    return Source(
        key=key or "register", name=name or key or _("register"), licence=licence, attribution=attribution, url=url
    )


def read(data, fmt, options, source=None):
    """(records, source, notes) for the bytes of a file. Raises ImportFileError for a file that cannot be read."""
    if fmt == "csv":
        records, ignored = register_csv.read(data)
        notes = [_("Columns ignored: %(names)s") % {"names": ", ".join(ignored)}] if ignored else []
        return records, source or register_source(), notes
    if fmt in ("osm", "pbf"):
        return osm.read_osm(data, fmt, osm_keys(options.category_map)), OSM, []
    if fmt == "geojson":
        records, is_osm = osm.read_geojson(data)
        return records, (OSM if is_osm else source or register_source()), []
    raise ImportFileError(_("Unknown format “%(format)s”.") % {"format": fmt})


def run(data, fmt, options, source=None):
    """Read and import; returns a Report (a file that cannot be read raises ImportFileError, nothing written)."""
    records, source, notes = read(data, fmt, options, source)
    report = Importer(source, options).run(records)
    report.notes[:0] = notes
    report.source = source
    return report


__all__ = ["FORMATS", "OSM", "ImportFileError", "Options", "Report", "Source", "guess_format", "read", "run"]
