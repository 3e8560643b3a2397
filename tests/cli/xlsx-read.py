#!/usr/bin/python3
"""xlsx-read.py - read a workbook back with openpyxl (Debian python3-openpyxl) for the tests.

  xlsx-read.py dump FILE.xlsx
      JSON: {"sheets": [...], "formulas": N, "xml_formulas": N,
             "sheet": {NAME: {"freeze", "filter", "max_row", "max_col", "rows", "types",
                              "formats", "bold", "widths", "charts", "color_scales"}}}
      types: one letter per cell: n number, s string, d date-time, b boolean,
      f formula, e error, - empty. Date-times are printed as ISO 8601.
  xlsx-read.py shape FILE.xlsx
      JSON {sheet: [rows, columns], ...} in the order of the sheets, read lazily.
  xlsx-read.py compare FILE.xlsx SHEET FILE.csv
      The sheet's table equals the CSV (capreport's own -f csv output):
      same header (less the unit the sheet adds), same rows, numbers as
      numbers, times as date-times within a millisecond; a "total" row
      under the table equals the CSV's column sums. Prints what it checked;
      exit 1 on the first difference.
  xlsx-read.py rows FILE.xlsx SHEET FILE.csv
      Every cell of the sheets SHEET, SHEET 2, ... (read lazily, one header
      row each, in order) equals the CSV's (capreport export): integers are
      numbers of the same value, epoch times date-times within a
      millisecond, the rest strings equal to the byte, empty cells empty;
      and the zip's every entry passes its CRC check. Exit 1 on the first
      difference.
  xlsx-read.py rows-csv THEIRS.csv FILE.csv
      The same check for a sheet another program saved as CSV (LibreOffice:
      numbers and strings as text, date-times as "YYYY-MM-DD HH:MM:SS.fff").
"""
import csv
import datetime
import json
import re
import sys
import zipfile

import openpyxl
import openpyxl.utils


def cell_type(c):
    v = c.value
    if v is None:
        return "-"
    if c.data_type == "f":
        return "f"
    if isinstance(v, datetime.datetime):
        return "d"
    if isinstance(v, bool):
        return "b"
    if isinstance(v, (int, float)):
        return "n"
    if c.data_type == "e":
        return "e"
    return "s"


def dump(path):
    wb = openpyxl.load_workbook(path)
    out = {"sheets": wb.sheetnames, "formulas": 0, "sheet": {}}
    for ws in wb.worksheets:
        s = {"freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "max_row": ws.max_row,
             "max_col": ws.max_column, "rows": [], "types": [], "formats": [], "bold": [],
             "widths": {k: v.width for k, v in ws.column_dimensions.items()},
             "charts": [], "color_scales": []}
        for row in ws.iter_rows():
            types = "".join(cell_type(c) for c in row)
            out["formulas"] += types.count("f")
            s["rows"].append([c.value.isoformat() if isinstance(c.value, datetime.datetime) else c.value
                              for c in row])
            s["types"].append(types)
            s["formats"].append([c.number_format for c in row])
        s["bold"] = [bool(c.font and c.font.b) for c in ws[1]]
        for ch in ws._charts:
            s["charts"].append({"kind": getattr(ch, "barDir", ch.tagname),
                                "grouping": getattr(ch, "grouping", None), "series": len(ch.series)})
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                if rule.type == "colorScale":
                    s["color_scales"].append({"range": str(cf.sqref),
                                              "cfvo": [v.type for v in rule.colorScale.cfvo],
                                              "colors": [c.rgb for c in rule.colorScale.color]})
        out["sheet"][ws.title] = s
    # Formulas, independently of openpyxl: any <f> element in a sheet's XML.
    with zipfile.ZipFile(path) as z:
        out["xml_formulas"] = sum(len(re.findall(rb"<f[ >]", z.read(n)))
                                  for n in z.namelist() if n.startswith("xl/worksheets/"))
    json.dump(out, sys.stdout, default=str)
    print()


def fail(msg):
    print("differs: " + msg)
    sys.exit(1)


def shape(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    json.dump({ws.title: [ws.max_row, ws.max_column] for ws in wb.worksheets}, sys.stdout)
    print()


def letter(i):
    return openpyxl.utils.get_column_letter(i + 1)


def compare(path, sheet, csv_path):
    # Read-only: only this sheet is parsed, however big the others are.
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = [list(r) for r in ws.iter_rows()]
    with open(csv_path, newline="") as f:
        want = list(csv.reader(f))
    head = [re.sub(r" \((s|UTC|bit/s)\)$", "", c.value) for c in rows[0]]
    if head != want[0]:
        fail("header %r != %r" % (head, want[0]))
    body = []
    for r in rows[1:]:
        if all(c.value is None for c in r):
            break
        body.append(r)
    if len(body) != len(want) - 1:
        fail("%d rows, the CSV has %d" % (len(body), len(want) - 1))
    kinds = {}
    for i, (r, w) in enumerate(zip(body, want[1:]), start=2):
        r = r + [None] * (len(w) - len(r))
        for col, (c, v) in enumerate(zip(r, w)):
            t = cell_type(c) if c is not None else "-"
            value = c.value if c is not None else None
            kinds[t] = kinds.get(t, 0) + 1
            where = "%s%d (%s)" % (letter(col), i, head[col])
            if v == "":
                if t != "-":
                    fail("%s is %r, the CSV has nothing" % (where, value))
            elif re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z", v):
                if t != "d":
                    fail("%s should be a date-time, is %r" % (where, value))
                ref = datetime.datetime.fromisoformat(v[:26].rstrip("Z"))
                if abs((value - ref).total_seconds()) > 0.001:
                    fail("%s: %s, the CSV has %s" % (where, value, v))
            elif re.fullmatch(r"-?\d+(\.\d+)?", v):
                if t != "n":
                    fail("%s should be a number, is %r (%s)" % (where, value, t))
                # To the precision the CSV prints (rates are whole bit/s there).
                places = len(v.split(".")[1]) if "." in v else 0
                if abs(value - float(v)) > 0.5 * 10 ** -places + 1e-9 * abs(float(v)):
                    fail("%s: %r, the CSV has %s" % (where, value, v))
            elif t != "s" or value != v:
                fail("%s: %r (%s), the CSV has %r" % (where, value, t, v))
    totals = 0
    for r in rows[len(body) + 1:]:
        if not r or r[0].value != "total":
            continue
        for col, c in enumerate(r[1:], start=1):
            if c.value is None:
                continue
            s = sum(int(w[col]) for w in want[1:] if w[col] != "")
            if c.value != s:
                fail("total of %s is %r, the CSV's sum is %d" % (head[col], c.value, s))
            totals += 1
    print("equal: %d rows; cells %s; totals: %d columns" %
          (len(body), " ".join("%s=%d" % kv for kv in sorted(kinds.items())), totals))


def epoch(v):
    sec, _, frac = v.partition(".")
    return datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=int(sec),
                                                              microseconds=int((frac + "000000")[:6]))


def same_cell(where, got, want, is_time):
    if want == "":
        if got not in (None, ""):
            fail("%s is %r, the CSV has nothing" % (where, got))
    elif is_time:
        if isinstance(got, str):
            got = datetime.datetime.fromisoformat(got)
        if not isinstance(got, datetime.datetime) or abs((got - epoch(want)).total_seconds()) > 0.001:
            fail("%s is %r, the CSV has %s" % (where, got, want))
    elif re.fullmatch(r"-?\d{1,15}", want):
        if isinstance(got, str) and re.fullmatch(r"-?\d+", got):
            got = int(got)
        if isinstance(got, bool) or not isinstance(got, (int, float)) or got != int(want):
            fail("%s is %r, the CSV has the number %s" % (where, got, want))
    elif got != want:
        fail("%s is %r, the CSV has %r" % (where, got, want))


def same_rows(rows, header, csv_path):
    """rows: the data rows, values as read; header: the sheet's header cells."""
    with open(csv_path, newline="") as f:
        want = list(csv.reader(f))
    head = [re.sub(r" \((s|UTC|bit/s)\)$", "", h or "") for h in header]
    names = [re.sub(r"_epoch$", "", h) for h in want[0]]
    if head != names:
        fail("header %r != %r" % (head, want[0]))
    if len(rows) != len(want) - 1:
        fail("%d rows, the CSV has %d" % (len(rows), len(want) - 1))
    times = [h.endswith("_epoch") for h in want[0]]
    for i, (r, w) in enumerate(zip(rows, want[1:]), start=1):
        r = list(r) + [None] * (len(w) - len(r))
        if len(r) != len(w):
            fail("row %d has %d cells, the CSV %d" % (i, len(r), len(w)))
        for col, (g, v) in enumerate(zip(r, w)):
            same_cell("row %d %s" % (i, head[col]), g, v, times[col])
    return len(rows), len(want[0])


def rows(path, prefix, csv_path):
    wb = openpyxl.load_workbook(path, read_only=True)
    names = [n for n in wb.sheetnames if n == prefix or re.fullmatch(re.escape(prefix) + r" \d+", n)]
    body, header = [], None
    for n in names:
        it = wb[n].iter_rows(values_only=True)
        h = list(next(it))
        if header is None:
            header = h
        elif h != header:
            fail("sheet %s has the header %r" % (n, h))
        body.extend(it)
    nrows, ncols = same_rows(body, header, csv_path)
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad:
            fail("zip entry %s fails its CRC" % bad)
        entries = len(z.namelist())
    print("equal: %d rows of %d cells in %d sheets; zip: %d entries sound" % (nrows, ncols, len(names), entries))


def rows_csv(theirs, csv_path):
    with open(theirs, newline="") as f:
        got = list(csv.reader(f))
    nrows, ncols = same_rows(got[1:], got[0], csv_path)
    print("equal: %d rows of %d cells" % (nrows, ncols))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        dump(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "shape":
        shape(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 5 and sys.argv[1] == "rows":
        rows(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "rows-csv":
        rows_csv(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
