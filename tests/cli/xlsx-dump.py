#!/usr/bin/python3
"""xlsx-dump.py - read a workbook back with openpyxl and print what the tests check, as JSON.

Usage: /usr/bin/python3 xlsx-dump.py FILE.xlsx

{"sheets": [...], "formulas": N, "xml_formulas": N,
 "sheet": {NAME: {"freeze": "A2", "filter": "A1:N40", "max_row": R, "max_col": C,
                  "rows": [[value, ...], ...], "types": ["snnd-", ...],
                  "formats": [[number_format, ...], ...],
                  "bold": [bool per header cell],
                  "widths": {"A": 12.0, ...},
                  "charts": [{"kind": "bar"|"col", "grouping": ..., "series": N}],
                  "color_scales": [{"range": "B2:F6", "cfvo": ["min", "percentile", "max"],
                                    "colors": [...]}]}}}
Types: n number, s string, d date-time, b boolean, f formula, e error, - empty.
Date-times are printed as ISO 8601 strings.
"""
import datetime
import json
import re
import sys
import zipfile

import openpyxl

path = sys.argv[1]
wb = openpyxl.load_workbook(path)
out = {"sheets": wb.sheetnames, "formulas": 0, "sheet": {}}

for ws in wb.worksheets:
    s = {"freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "max_row": ws.max_row,
         "max_col": ws.max_column, "rows": [], "types": [], "formats": [], "bold": [],
         "widths": {k: v.width for k, v in ws.column_dimensions.items()},
         "charts": [], "color_scales": []}
    for row in ws.iter_rows():
        vals, types, fmts = [], [], []
        for c in row:
            v = c.value
            if v is None:
                t = "-"
            elif c.data_type == "f":
                t = "f"
                out["formulas"] += 1
            elif isinstance(v, datetime.datetime):
                t = "d"
                v = v.isoformat()
            elif isinstance(v, bool):
                t = "b"
            elif isinstance(v, (int, float)):
                t = "n"
            elif c.data_type == "e":
                t = "e"
            else:
                t = "s"
            vals.append(v)
            types.append(t)
            fmts.append(c.number_format)
        s["rows"].append(vals)
        s["types"].append("".join(types))
        s["formats"].append(fmts)
    if ws.max_row >= 1:
        s["bold"] = [bool(c.font and c.font.b) for c in ws[1]]
    for ch in ws._charts:
        s["charts"].append({"kind": getattr(ch, "barDir", ch.tagname), "grouping": getattr(ch, "grouping", None),
                            "series": len(ch.series)})
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            if rule.type == "colorScale":
                s["color_scales"].append({"range": str(cf.sqref),
                                          "cfvo": [v.type for v in rule.colorScale.cfvo],
                                          "colors": [c.rgb for c in rule.colorScale.color]})
    out["sheet"][ws.title] = s

# Formulas, independently of openpyxl: any <f> element in any sheet's XML.
with zipfile.ZipFile(path) as z:
    out["xml_formulas"] = sum(len(re.findall(rb"<f[ >]", z.read(n)))
                              for n in z.namelist() if n.startswith("xl/worksheets/"))

json.dump(out, sys.stdout, indent=None, default=str)
print()
