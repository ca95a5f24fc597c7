#!/usr/bin/env python3
"""Independent E2SFCA score of one school of the demo, for CoverageTests' constant (run: python3 demo_coverage.py DB).

DB is a SQLite file the app made in Development (migrated, reference data and demo seeded), e.g.
  ConnectionStrings__Sqlite="Data Source=/tmp/demo.db" dotnet src/PartnerNetwork.Web/bin/Debug/net10.0/PartnerNetwork.Web.dll
(stop it once it listens). Written from the definition in the README ("Coverage"), not from the C# code:
suitable = active service of an active organisation, in person, with the need; its sites = its locations with a position;
haversine on the mean sphere (R = 6371.0088 km); bands d <= e1, e1 < d <= e2, e2 < d <= e3 of the *school's* CSS profile
(urban 1/2/3 km, rural 10/20/30 km); weights 1.00 / 0.68 / 0.22; supply = capacity maximum when > 0, else 1, split equally
over the service's sites; demand = every open school of the province with a position and enrolment > 0 (a school's own profile, when its CSS
set one for it, over its CSS's); R_j = S_j / sum_k P_k w_kj (0 without
demand); A_k = 1000 * sum_j R_j w_kj, shown with 3 decimals in the CSV.
"""
import sqlite3
import sys
from math import radians, sin, cos, asin, sqrt

R = 6371.0088
W = {1: 1.00, 2: 0.68, 3: 0.22}
EDGES = {"Urban": (1.0, 2.0, 3.0), "Rural": (10.0, 20.0, 30.0)}
NEED, CENTRE = "food-security", "762000"


def km(a, b):
    p1, p2 = radians(a[0]), radians(b[0])
    h = sin((p2 - p1) / 2) ** 2 + cos(p1) * cos(p2) * sin(radians(b[1] - a[1]) / 2) ** 2
    return 2 * R * asin(sqrt(h))


def band(d, edges):
    return 1 if d <= edges[0] else 2 if d <= edges[1] else 3 if d <= edges[2] else 0


db = sqlite3.connect(sys.argv[1])
schools = db.execute("""SELECT s.Code, s.Latitude, s.Longitude, s.Enrolment, COALESCE(s.ProfileOverride, c.Profile), c.Code
                        FROM Schools s JOIN ServiceCentres c ON c.Id = s.ServiceCentreId
                        WHERE s.Latitude IS NOT NULL AND s.Longitude IS NOT NULL AND s.ClosedOn IS NULL ORDER BY s.Code""").fetchall()
services = db.execute("""SELECT v.Id, v.CapacityMaximum FROM Services v
                         JOIN Organizations o ON o.Id = v.OrganizationId
                         JOIN ServiceCategories sc ON sc.ServiceId = v.Id JOIN NeedCategories n ON n.Id = sc.NeedCategoryId
                         WHERE v.Status = 'Active' AND o.IsActive AND NOT v.IsRemote AND n.Code = ?""", (NEED,)).fetchall()
sites = []  # (supply of the site, position)
for service_id, capacity in services:
    points = db.execute("""SELECT l.Latitude, l.Longitude FROM ServiceAtLocations a JOIN Locations l ON l.Id = a.LocationId
                           WHERE a.ServiceId = ? AND l.Latitude IS NOT NULL AND l.Longitude IS NOT NULL""", (service_id,)).fetchall()
    supply = capacity if capacity and capacity > 0 else 1
    sites += [(supply / len(points), p) for p in points]

demand = [0.0] * len(sites)
for _, lat, lon, pupils, profile, _ in schools:
    if pupils and pupils > 0:
        for j, (_, p) in enumerate(sites):
            b = band(km((lat, lon), p), EDGES[profile])
            if b:
                demand[j] += pupils * W[b]
ratio = [s / demand[j] if demand[j] > 0 else 0.0 for j, (s, _) in enumerate(sites)]

print(f"{len(schools)} schools, {len(services)} suitable services, {len(sites)} sites for {NEED}")
for code, lat, lon, pupils, profile, centre in schools:
    if centre != CENTRE:
        continue
    edges = EDGES[profile]
    score = 1000 * sum(ratio[j] * W[b] for j, (_, p) in enumerate(sites) if (b := band(km((lat, lon), p), edges)))
    print(f"{code}: enrolment {pupils}, e2sfca_per_1000 {score:.3f} ({score:.9f})")
