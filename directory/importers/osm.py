"""OpenStreetMap extracts: OSM XML (.osm) or PBF (.osm.pbf) through pyosmium (libosmium), and GeoJSON.

Nodes and ways with a `name` and a tag the category map knows become records; a way's location is the mean of its
nodes. Relations are left out (shops are nodes or building outlines). Addresses come from `addr:*`, contact data
from `phone`/`contact:phone`, `website`/`contact:website`, `email`/`contact:email`.

GeoJSON: a FeatureCollection of Points (or Polygons, using the outer ring's mean). Features whose properties are
OSM tags (an `@id`/`id` like "node/123", as exported by Overpass) are read like OSM; other properties are read with
the register's column names (directory.importers.register_csv).
"""

import json
import os
import re
import tempfile

from django.utils.translation import gettext as _

from . import register_csv
from .records import ImportFileError, Record

SUFFIXES = {"osm": ".osm", "pbf": ".osm.pbf"}
MAX_FEATURES = 50_000
_OSM_ID = re.compile(r"^(node|way|relation)/(\d{1,19})$")


def _first(tags, *keys):
    for key in keys:
        value = tags.get(key)
        if value:
            return value.strip()
    return ""


def record_from_tags(line, source_id, tags, lat, lng):
    street = " ".join(part for part in (_first(tags, "addr:street"), _first(tags, "addr:housenumber")) if part)
    return Record(
        line=line,
        source_id=source_id,
        name=_first(tags, "name"),
        street=street,
        postcode=_first(tags, "addr:postcode"),
        city=_first(tags, "addr:city"),
        lat=lat,
        lng=lng,
        tags=dict(tags),
        description=_first(tags, "description"),
        phone=_first(tags, "phone", "contact:phone"),
        website=_first(tags, "website", "contact:website", "url"),
        email=_first(tags, "email", "contact:email"),
        opening_hours=_first(tags, "opening_hours"),
    )


def read_osm(data, fmt, keys):
    """Records from OSM XML ("osm") or PBF ("pbf") bytes; `keys` are the tag keys worth reading (category map)."""
    handle, path = tempfile.mkstemp(suffix=SUFFIXES[fmt])  # libosmium picks the format from the file name
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        return _read_osm_file(path, keys)
    finally:
        os.unlink(path)


def _read_osm_file(path, keys):
    import osmium  # reason: libosmium adds ~9 MB to every worker at start-up; only an OSM import needs it

    records = []
    processor = osmium.FileProcessor(path, osmium.osm.NODE | osmium.osm.WAY).with_locations()
    if keys:
        processor = processor.with_filter(osmium.filter.KeyFilter(*sorted(keys)))
    try:
        for obj in processor:
            if len(records) >= MAX_FEATURES:
                raise ImportFileError(_("More than %(count)d objects: split the extract.") % {"count": MAX_FEATURES})
            tags = {tag.k: tag.v for tag in obj.tags}
            if obj.is_node():
                lat, lng = (obj.location.lat, obj.location.lon) if obj.location.valid() else (None, None)
                kind = "node"
            else:
                points = {(n.location.lat, n.location.lon) for n in obj.nodes if n.location.valid()}
                lat = sum(p[0] for p in points) / len(points) if points else None
                lng = sum(p[1] for p in points) / len(points) if points else None
                kind = "way"
            source_id = f"{kind}/{obj.id}"
            records.append(record_from_tags(source_id, source_id, tags, lat, lng))
    except (RuntimeError, ValueError) as error:  # libosmium: malformed XML/PBF, unknown format
        if isinstance(error, ImportFileError):
            raise
        raise ImportFileError(_("The OSM file cannot be read: %(error)s") % {"error": str(error)[:200]}) from None
    return records


def _centre(geometry):
    kind = (geometry or {}).get("type")
    coords = (geometry or {}).get("coordinates")
    if kind == "Point":
        points = [coords]
    elif kind == "Polygon":
        points = coords[0][:-1] if coords and len(coords[0]) > 1 else []
    elif kind == "MultiPolygon":
        points = coords[0][0][:-1] if coords and coords[0] and len(coords[0][0]) > 1 else []
    else:
        return None
    try:
        lngs = [float(p[0]) for p in points]
        lats = [float(p[1]) for p in points]
    except (TypeError, ValueError, IndexError):
        return None
    if not lats:
        return None
    return sum(lats) / len(lats), sum(lngs) / len(lngs)


def read_geojson(data):
    """(records, is_osm): records from a GeoJSON FeatureCollection; is_osm when the features are OSM objects."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ImportFileError(_("The file is not valid GeoJSON (JSON could not be read).")) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ImportFileError(_("The GeoJSON must be a FeatureCollection."))
    features = document.get("features")
    if not isinstance(features, list):
        raise ImportFileError(_("The GeoJSON has no list of features."))
    if len(features) > MAX_FEATURES:
        raise ImportFileError(_("More than %(count)d features: split the file.") % {"count": MAX_FEATURES})
    records, osm_features = [], 0
    for number, feature in enumerate(features, start=1):
        line = _("feature %(number)d") % {"number": number}
        if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
            records.append(Record(line=line, problem=_("not a GeoJSON feature")))
            continue
        properties = dict(feature.get("properties") or {})
        if isinstance(properties.get("tags"), dict):  # Overpass's "out geom" style
            properties = {**properties.pop("tags"), **properties}
        centre = _centre(feature.get("geometry"))
        osm_id = str(properties.get("@id") or feature.get("id") or properties.get("id") or "")
        properties = {str(k): "" if v is None else str(v) for k, v in properties.items()}
        if _OSM_ID.match(osm_id):
            osm_features += 1
            record = record_from_tags(osm_id, osm_id, properties, *(centre or (None, None)))
        else:
            header = list(properties)
            fields = [register_csv.field_for(name) for name in header]
            record = register_csv.record_from_row([properties[name] for name in header], fields, header, number)
            record.line = line
            if centre and record.lat is None:
                record.lat, record.lng = centre
        if centre is None and record.lat is None and not record.problem:
            record.problem = _("no usable geometry (Point or Polygon)")
        records.append(record)
    return records, bool(records) and osm_features == len(records)
