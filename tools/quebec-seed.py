#!/usr/bin/env python3
"""Compacts the whole-province school data (../shared/seed-data/quebec/, see its SOURCE.md) into seed/quebec/.

Usage: python3 tools/quebec-seed.py [SOURCE_FOLDER]   (default ../shared/seed-data/quebec, from the repository root)

Writes, deterministically (the same input gives the same bytes):
  service_centres.csv   one row per CSS/CS: code, name, type, area in km² (from each territoire.geojson)
  territories.geojson   the 72 territories, simplified (Douglas-Peucker, 0.0002° ≈ 20 m) and rounded to 5 decimals:
                        the originals weigh 20 MB, too much to send to a coverage map or load at every first start.
                        Written valid, so the seeding reads them as they are: closed rings without repeated positions,
                        no ring crossing or touching itself or another (a ring whose simplification would is simplified
                        again with half the tolerance, down to the original), shells counter-clockwise and holes
                        clockwise (RFC 7946)
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


def simplify(points, tolerance=TOLERANCE):
    """Douglas-Peucker on one ring, iterative; keeps the first and last point."""
    if len(points) < 5 or tolerance <= 0:
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
        if worst > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def ring(points, tolerance):
    kept = []
    for x, y in simplify(points, tolerance):
        p = [round(x, 5), round(y, 5)]
        # Rounding can make neighbours one position; a repeated position is a zero-length edge.
        if not kept or p != kept[-1]:
            kept.append(p)
    if kept and kept[0] != kept[-1]:
        kept.append(kept[0])
    # A ring needs four positions (closed triangle) and an area; a sliver smaller than the tolerance disappears.
    return kept if len(kept) >= 4 and area(kept) != 0 else None


def area(r):
    """Twice the signed area (shoelace): positive when counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(r, r[1:]))


def orient(p, q, r):
    v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return (v > 0) - (v < 0)


def meet(a, b, c, d):
    """Whether two closed segments share any point."""
    def on(p, q, r):
        return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])
    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    return ((o1 != o2 and o3 != o4) or (o1 == 0 and on(a, b, c)) or (o2 == 0 and on(a, b, d))
            or (o3 == 0 and on(c, d, a)) or (o4 == 0 and on(c, d, b)))


def crossing(rings):
    """The indexes of the rings with an edge meeting another edge anywhere but at the vertex two neighbours share, or
    folding back on its neighbour (a spike): what makes a polygon invalid after simplifying or rounding."""
    edges = [(k, i, len(r) - 1, r[i], r[i + 1]) for k, r in enumerate(rings) for i in range(len(r) - 1)]
    if not edges:
        return set()
    cell = max(0.002, min(0.05, max(max(abs(p[0] - q[0]), abs(p[1] - q[1])) for _, _, _, p, q in edges)))
    grid = {}
    for e, (_, _, _, p, q) in enumerate(edges):
        for gx in range(int(min(p[0], q[0]) // cell), int(max(p[0], q[0]) // cell) + 1):
            for gy in range(int(min(p[1], q[1]) // cell), int(max(p[1], q[1]) // cell) + 1):
                grid.setdefault((gx, gy), []).append(e)
    bad, seen = set(), set()
    for bucket in grid.values():
        for x in range(len(bucket)):
            for y in range(x + 1, len(bucket)):
                if (bucket[x], bucket[y]) in seen:
                    continue
                seen.add((bucket[x], bucket[y]))
                (k1, i1, n, a, b), (k2, i2, _, c, d) = edges[bucket[x]], edges[bucket[y]]
                if k1 == k2 and (i2 - i1) % n in (1, n - 1):
                    first, second = (edges[bucket[x]], edges[bucket[y]]) if (i2 - i1) % n == 1 else (edges[bucket[y]], edges[bucket[x]])
                    p, m, q = first[3], first[4], second[4]
                    if orient(p, m, q) == 0 and (m[0] - p[0]) * (q[0] - m[0]) + (m[1] - p[1]) * (q[1] - m[1]) < 0:
                        bad.add(k1)
                elif meet(a, b, c, d):
                    bad.update((k1, k2))
    return bad


def inside(point, r):
    """Even-odd test of a point against a ring."""
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(r, r[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def shape(polygons):
    """Valid polygons from the original ones: each ring simplified, and simplified again with half the tolerance
    while it crosses itself or another ring, down to the original positions (rounded)."""
    tolerance = [[TOLERANCE] * len(p) for p in polygons]
    while True:
        built = [[ring(r, tolerance[i][j]) for j, r in enumerate(p)] for i, p in enumerate(polygons)]
        where = [(i, j) for i, p in enumerate(built) for j, r in enumerate(p) if r and (j == 0 or p[0])]
        bad = crossing([built[i][j] for i, j in where])
        if not bad:
            break
        for k in bad:
            i, j = where[k]
            if tolerance[i][j] == 0:
                sys.exit(f'a ring of polygon {i} crosses another even unsimplified')
            tolerance[i][j] = tolerance[i][j] / 2 if tolerance[i][j] > TOLERANCE / 64 else 0
    parts = []
    for p in built:
        if not p[0]:
            continue
        shell = p[0] if area(p[0]) > 0 else p[0][::-1]
        holes = [h if area(h) < 0 else h[::-1] for h in p[1:] if h]
        # Rings that do not cross are nested or apart: one position tells which.
        if any(not inside(h[0], shell) for h in holes):
            sys.exit('a hole outside its shell')
        parts.append([shell] + holes)
    if any(inside(a[0][0], b[0]) for a in parts for b in parts if a is not b):
        sys.exit('a polygon inside another')
    return parts


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
        geometry = {'type': 'Polygon', 'coordinates': shape([geometry['coordinates']])[0]}
    else:
        geometry = {'type': 'MultiPolygon', 'coordinates': shape(geometry['coordinates'])}
    features.append({'type': 'Feature', 'properties': {'code': code}, 'geometry': geometry})
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
