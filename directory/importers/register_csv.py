"""A business register (the city's, the chamber's) as CSV: German or English column names, `;` or `,`.

The column mapping is documented in directory/README.md ("Import"); the first row is the header, names are
compared without case, spaces, dashes, underscores and dots. Columns not listed are ignored (and named in the
report). UTF-8 (with or without BOM) is expected; Windows-1252 files (Excel's German default) are read too.
"""

import csv
import io
import re

from django.utils.translation import gettext as _

from .records import ImportFileError, Record, parse_coordinate

COLUMNS = {
    "source_id": ["id", "nr", "nummer", "registernummer", "betriebsnummer", "kennung", "sourceid", "externalid"],
    "name": ["name", "firma", "firmenname", "betrieb", "unternehmen", "business", "company", "businessname"],
    "street": ["strasse", "straße", "str", "street", "adresse", "anschrift", "address", "streetaddress"],
    "housenumber": ["hausnummer", "hnr", "nr.", "housenumber", "number"],
    "postcode": ["plz", "postleitzahl", "postcode", "zip", "zipcode", "postalcode"],
    "city": ["ort", "stadt", "city", "town"],
    "district": ["stadtbezirk", "bezirk", "stadtteil", "district"],
    "categories": ["branche", "kategorie", "kategorien", "category", "categories", "sector", "wirtschaftszweig"],
    "description": ["beschreibung", "kurzbeschreibung", "description", "shortdescription"],
    "lat": ["lat", "latitude", "breite", "breitengrad", "geobreite"],
    "lng": ["lon", "lng", "long", "longitude", "laenge", "länge", "laengengrad", "längengrad", "geolaenge"],
    "phone": ["telefon", "tel", "telefonnummer", "phone", "telephone"],
    "website": ["website", "webseite", "internet", "homepage", "url", "web"],
    "email": ["email", "mail", "emailadresse"],
    "opening_hours": ["oeffnungszeiten", "öffnungszeiten", "openinghours", "hours"],
}
MAX_ROWS = 50_000
_SPLIT_CATEGORIES = re.compile(r"[;,|/]")


def _norm(header):
    return re.sub(r"[\s\-_.]", "", str(header or "").strip().lower())


_LOOKUP = {_norm(alias): field for field, aliases in COLUMNS.items() for alias in aliases}


def field_for(header):
    """The record field a column header stands for, or None."""
    return _LOOKUP.get(_norm(header))


def _decode(data):
    if b"\x00" in data:
        raise ImportFileError(_("This is not a text file (it contains NUL bytes)."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text."))


def read(data):
    """Records from CSV bytes. Raises ImportFileError when the file cannot be read as a register at all."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    except csv.Error as error:
        raise ImportFileError(_("The header row cannot be read: %(error)s") % {"error": error}) from None
    fields = [field_for(name) for name in header]
    if "name" not in fields:
        raise ImportFileError(
            _("No column for the business name. Expected one of: %(names)s.") % {"names": ", ".join(COLUMNS["name"])}
        )
    if "street" not in fields:
        raise ImportFileError(
            _("No column for the street. Expected one of: %(names)s.") % {"names": ", ".join(COLUMNS["street"])}
        )
    ignored = [name for name, field in zip(header, fields, strict=True) if field is None and name.strip()]
    records = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportFileError(
                _("Line %(line)d cannot be read: %(error)s") % {"line": reader.line_num, "error": error}
            ) from None
        if not any(cell.strip() for cell in row):
            continue
        if len(records) >= MAX_ROWS:
            raise ImportFileError(_("More than %(count)d rows: split the file.") % {"count": MAX_ROWS})
        records.append(record_from_row(row, fields, header, reader.line_num))
    return records, ignored


def record_from_row(row, fields, header, line):
    record = Record(line=str(line))
    if len(row) != len(header):
        record.problem = _("%(found)d fields, but the header has %(expected)d (check the separator and quotes)") % {
            "found": len(row),
            "expected": len(header),
        }
        return record
    values = {}
    for field, cell in zip(fields, row, strict=True):
        if field and cell.strip() and field not in values:
            values[field] = cell.strip()
    record.source_id = values.get("source_id", "")
    record.name = values.get("name", "")
    street = values.get("street", "")
    if values.get("housenumber"):
        street = f"{street} {values['housenumber']}".strip()
    record.street = street
    record.postcode = values.get("postcode", "")
    record.city = values.get("city", "")
    record.district = values.get("district", "")
    record.categories = [part.strip() for part in _SPLIT_CATEGORIES.split(values.get("categories", "")) if part.strip()]
    record.description = values.get("description", "")
    record.phone = values.get("phone", "")
    record.website = values.get("website", "")
    record.email = values.get("email", "")
    record.opening_hours = values.get("opening_hours", "")
    try:
        record.lat = parse_coordinate(values.get("lat"))
        record.lng = parse_coordinate(values.get("lng"))
    except ValueError:
        record.problem = _("the coordinates are not numbers")
    if (record.lat is None) != (record.lng is None):
        record.problem = _("give both latitude and longitude, or neither")
    return record
