"""What every reader produces: one `Record` per business in the file, and the `Source` it comes from."""

from dataclasses import dataclass, field


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong format, broken encoding, no name column …): nothing is imported."""


@dataclass(frozen=True)
class Source:
    key: str  # stored with each listing; (key, source id) is what re-runs match on
    name: str
    licence: str = ""
    attribution: str = ""
    url: str = ""


OSM = Source(
    key="osm",
    name="OpenStreetMap",
    licence="ODbL-1.0",
    attribution="© OpenStreetMap contributors",
    url="https://www.openstreetmap.org/copyright",
)


@dataclass
class Record:
    line: str  # where it is in the file, for the report: "12" (CSV line), "node/123" (OSM), "feature 4"
    source_id: str = ""
    name: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    district: str = ""
    lat: float | None = None
    lng: float | None = None
    categories: list = field(default_factory=list)  # category names/slugs as written in a register
    tags: dict | None = None  # OSM tags: the category comes from the category map's OSM rules
    description: str = ""
    phone: str = ""
    website: str = ""
    email: str = ""
    opening_hours: str = ""
    problem: str = ""  # set by a reader when the row itself is malformed


def clean_text(value, limit):
    """One line of plain text: control characters removed, whitespace collapsed; None if longer than `limit`."""
    text = "".join(ch for ch in str(value or "") if ch.isprintable() or ch == " ")
    text = " ".join(text.split())
    return text if len(text) <= limit else None


def parse_coordinate(value):
    """A float from "51.5136" or the German "51,5136"; None for empty; ValueError for anything else."""
    text = str(value or "").strip()
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(text)
    return number
