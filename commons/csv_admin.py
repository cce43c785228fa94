"""Wagtail's spreadsheet export (every `list_export` of a viewset, Wagtail's own reports) through
`commons.csv_export`.

Wagtail writes CSV cells as they are, so text starting with ``=`` reaches the spreadsheet as a formula (its XLSX
export already turns such cells into text). Page titles in Wagtail's reports and names in our viewsets come from
owners and citizens, so `install()` (called once by `CommonsConfig.ready`) makes Wagtail's CSV export use the one
writer of this project: numbers as numbers, text guarded, the spreadsheet format of the editor's language. One
patch for the whole admin instead of a view class per viewset that a new viewset could forget.
"""

from django.http import StreamingHttpResponse

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from commons.csv_export import csv_lines, spreadsheet_format


def write_csv_response(self, queryset):
    """`SpreadsheetExportMixin.write_csv_response` through `csv_export`. Wagtail's field/value preprocessing still
    runs first (it turns model instances and lazy strings into text and leaves numbers and dates alone)."""
    fmt = spreadsheet_format()
    header = [self.get_heading(queryset, field) for field in self.list_export]
    rows = (
        [self.preprocess_field_value(field, value, self.FORMAT_CSV) for field, value in self.to_row_dict(item).items()]
        for item in queryset
    )
    response = StreamingHttpResponse(
        (line.encode() for line in csv_lines(header, rows, fmt)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def install():
    SpreadsheetExportMixin.write_csv_response = write_csv_response
