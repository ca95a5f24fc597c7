#!/usr/bin/env python3
"""Adds or updates localised strings in both SharedResource resx files, kept sorted by key.

Usage: tools/resx.py < strings.tsv    (one "Key<TAB>français<TAB>English" per line)
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "src/PartnerNetwork.Web/Localization"
HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""


def load(path):
    if not path.exists():
        return {}
    return {d.get("name"): d.findtext("value") or "" for d in ET.parse(path).getroot().iter("data")}


def save(path, entries):
    def esc(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = "".join(f'  <data name="{esc(k)}" xml:space="preserve"><value>{esc(v)}</value></data>\n'
                   for k, v in sorted(entries.items()))
    path.write_text(HEADER + body + "</root>\n", encoding="utf-8")


def main():
    files = {lang: FOLDER / f"SharedResource.{lang}.resx" for lang in ("fr-CA", "en-CA")}
    tables = {lang: load(p) for lang, p in files.items()}
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        key, fr, en = line.split("\t")
        tables["fr-CA"][key], tables["en-CA"][key] = fr, en
    for lang, path in files.items():
        save(path, tables[lang])
    print(f"{len(tables['fr-CA'])} strings")


if __name__ == "__main__":
    main()
