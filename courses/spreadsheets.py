"""Reading the tables staff upload (CSV and XLSX) in bounded time and memory.

Both readers give (line number, cells) for each line. A CSV line the `csv` module cannot read (a
cell over its 131,072-character limit, a quotation mark never closed) is a `TableLineError` with
its number, so the import check can list it like any other bad line.

An XLSX file is a zip archive of XML: 0.5 MB can unpack to gigabytes, and openpyxl reads all of
the shared strings before the first row. So the archive's own table of contents is checked first
(entry count, unpacked sizes; `zipfile` never unpacks an entry beyond its declared size), then the
workbook is read in openpyxl's streaming read-only mode, within row and column limits.
"""

import csv
import io
import zipfile
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext_lazy as _

MAX_XLSX_ENTRIES = 100
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 64


class TableError(Exception):
    """The file as a whole cannot be read."""


class TableLineError(TableError):
    """One line cannot be read, and the lines after it cannot be trusted."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


def csv_rows(text):
    """(line number, cells) for every line of a CSV text; the delimiter is sniffed (, ; or tab)."""
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:
            raise TableLineError(
                len(rows) + 1,
                _(
                    "this line cannot be read: a cell is longer than %(limit)s characters "
                    "or a quotation mark is never closed"
                )
                % {"limit": f"{csv.field_size_limit():,}"},
            ) from error
        rows.append((len(rows) + 1, cells))


def _check_archive(data):
    unreadable = TableError(_("The file is not a readable Excel (.xlsx) workbook."))
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise unreadable from error
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_XLSX_ENTRIES or unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise TableError(
            _(
                "The workbook unpacks to more than %(size)s MB or %(count)s parts: save only the sheet "
                "to import, as a new workbook or as CSV."
            )
            % {"size": MAX_XLSX_UNPACKED_BYTES // (1024 * 1024), "count": MAX_XLSX_ENTRIES}
        )


def xlsx_rows(data, max_rows, cell_text):
    """(line number, cells as `cell_text` makes them) for the first `max_rows` lines of the first sheet."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_archive(data)
    unreadable = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ParseError)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except unreadable as error:
        raise TableError(_("The file is not a readable Excel (.xlsx) workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        # Explicit bounds: without them openpyxl pads every row to the width and height the sheet
        # claims, which can be 16,384 columns by a million rows.
        lines = sheet.iter_rows(min_row=1, max_row=max_rows, min_col=1, max_col=MAX_COLUMNS, values_only=True)
        return [(number, [cell_text(value) for value in values]) for number, values in enumerate(lines, start=1)]
    except (IndexError, *unreadable) as error:
        raise TableError(_("The file is not a readable Excel (.xlsx) workbook.")) from error
    finally:
        workbook.close()
