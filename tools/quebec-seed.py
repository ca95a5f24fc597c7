#!/usr/bin/env python3
"""Compacts the whole-province school data (../shared/seed-data/quebec/, see its SOURCE.md) into seed/quebec/.

Usage: python3 tools/quebec-seed.py [SOURCE_FOLDER]   (default ../shared/seed-data/quebec, from the repository root)

Writes, deterministically (the same input gives the same bytes):
  service_centres.csv   one row per CSS/CS: code, name, type, area in km² (from each territoire.geojson)
  territories.geojson   the 72 territories, simplified (Douglas-Peucker, 0.0002° ≈ 20 m) and rounded to 5 decimals:
                        the originals weigh 20 MB, too much to send to a coverage map or load at every first start
  schools.csv           one row per school building (the MEQ point), as in ecoles.geojson, flattened
  defavorisation_ecoles_primaires_2025-2026.csv   byte copy
  SOURCE.md             byte copy of the source's SOURCE.md
"""
import csv, json, os, shutil, sys

TOLERANCE = 0.0002
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, '..', 'shared', 'seed-data', 'quebec')
target = os.path.join(ROOT, 'seed', 'quebec')
os.makedirs(target, exist_ok=True)


def simplify(points):
    """Douglas-Peucker on one ring, iterative; keeps the first and last point."""
    if len(points) < 5:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length if length else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            if d > worst:
                worst, index = d, i
        if worst > TOLERANCE and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def ring(points):
    kept = [[round(x, 5), round(y, 5)] for x, y in simplify(points)]
    # A ring needs four positions (closed triangle); a sliver smaller than the tolerance disappears.
    return kept if len(kept) >= 4 else None


def polygon(rings):
    shell = ring(rings[0])
    if shell is None:
        return None
    return [shell] + [r for r in (ring(h) for h in rings[1:]) if r]


types = {}
with open(os.path.join(source, 'css_summary.csv'), encoding='utf-8') as f:
    for row in csv.DictReader(f):
        types[row['code']] = {'Francophone': 'French', 'Anglophone': 'English', 'Particulière': 'SpecialStatus'}[row['type']]

codes = sorted(os.listdir(os.path.join(source, 'css')))
features, centres, buildings = [], [], []
for code in codes:
    with open(os.path.join(source, 'css', code, 'territoire.geojson'), encoding='utf-8') as f:
        territory = json.load(f)['features'][0]
    props, geometry = territory['properties'], territory['geometry']
    if geometry['type'] == 'Polygon':
        shape = {'type': 'Polygon', 'coordinates': polygon(geometry['coordinates'])}
    else:
        parts = [p for p in (polygon(rings) for rings in geometry['coordinates']) if p]
        shape = {'type': 'MultiPolygon', 'coordinates': parts}
    features.append({'type': 'Feature', 'properties': {'code': code}, 'geometry': shape})
    centres.append([code, props['nom'], types[code], round(props['superficie'])])

    with open(os.path.join(source, 'css', code, 'ecoles.geojson'), encoding='utf-8') as f:
        for school in json.load(f)['features']:
            raw = school['properties']['originales']
            lon, lat = school['geometry']['coordinates']
            buildings.append([
                raw['CD_ORGNS'], raw['CD_IMM'], raw['CD_CS'], raw['NOM_OFFCL_ORGNS'], raw['NOM_IMM'] or '',
                (raw['ADRS_GEO_L1_GDUNO_ORGNS'] or '').strip(), raw['NOM_MUNCP_GDUNO_ORGNS'] or '', raw['CD_POSTL_GDUNO_ORGNS'] or '',
                (raw['ADRS_GEO_L1_GDUNO_IMM'] or '').strip(), raw['NOM_MUNCP_GDUNO_IMM'] or '', raw['CD_POSTL_GDUNO_IMM'] or '',
                repr(round(lat, 6)), repr(round(lon, 6)),
                raw['PRESC'], raw['PRIM'], raw['SEC'], raw['FORM_PRO'], raw['ADULTE']])


def write_csv(name, header, rows):
    with open(os.path.join(target, name), 'w', encoding='utf-8', newline='') as f:
        writer = csv.writer(f, lineterminator='\n')
        writer.writerow(header)
        writer.writerows(rows)


write_csv('service_centres.csv', ['code', 'name', 'type', 'area_km2'], centres)
write_csv('schools.csv', ['code', 'building', 'css', 'name', 'building_name', 'address', 'city', 'postal_code',
                          'building_address', 'building_city', 'building_postal_code', 'latitude', 'longitude',
                          'preschool', 'primary', 'secondary', 'vocational', 'adult'], buildings)
with open(os.path.join(target, 'territories.geojson'), 'w', encoding='utf-8') as f:
    json.dump({'type': 'FeatureCollection', 'features': features}, f, separators=(',', ':'))
    f.write('\n')
for name in ['defavorisation_ecoles_primaires_2025-2026.csv', 'SOURCE.md']:
    shutil.copyfile(os.path.join(source, name), os.path.join(target, name))
print(f'{len(centres)} CSS/CS, {len(buildings)} school buildings, '
      f'{sum(len(r) for f in features for p in ([f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"]) for r in p)} territory positions')
