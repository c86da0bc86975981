"""The export stage: the store's articles and incidents as the spec's JSON, a flat CSV or GeoJSON.

`build_export(store)` gives the spec document (`shared/spec/export-format.md`),
`validate_export(doc)` checks one against `export/schema.json`, and
`write_export(store, fmt, out)` writes `json`, `csv` or `geojson`; the same store always
gives byte-identical output.
"""

from strikewatch.export.build import build_export, export_model
from strikewatch.export.validate import ExportValidationError, load_schema, validate_export
from strikewatch.export.writers import CSV_COLUMNS, FORMATS, to_csv_rows, to_geojson, write_export

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "ExportValidationError",
    "build_export",
    "export_model",
    "load_schema",
    "to_csv_rows",
    "to_geojson",
    "validate_export",
    "write_export",
]
