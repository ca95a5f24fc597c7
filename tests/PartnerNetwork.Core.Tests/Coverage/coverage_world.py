#!/usr/bin/env python3
"""Independent computation of the small coverage world in CoverageWorldTests.cs (run: python3 coverage_world.py).

Written from the coverage definition (README "Coverage"), not from the C# code: haversine on the mean sphere
(R = 6371.0088 km); bands are rings d <= e1, e1 < d <= e2, e2 < d <= e3; weights 1.00 / 0.68 / 0.22 by the band of the
*school's* profile; supply = capacity when > 0, else 1, split equally over the service's sites; demand = schools with
enrolment > 0; R_j = S_j / sum_k P_k w_kj (0 without demand); A_k = sum_j R_j w_kj, x 1000; gap none / far / covered.
"""
from math import radians, sin, cos, asin, sqrt

R = 6371.0088
W = {1: 1.00, 2: 0.68, 3: 0.22}
URBAN, RURAL = (1.0, 2.0, 3.0), (10.0, 20.0, 30.0)

schools = {  # name: (lat, lon, enrolment or None, bands)
    "U1": (45.5000, -73.6000, 400, URBAN),
    "U2": (45.5100, -73.5900, 250, URBAN),
    "U3": (45.5300, -73.6200, None, URBAN),   # enrolment unknown: no demand, still scored
    "U4": (45.5600, -73.6600, 300, URBAN),    # nothing within 3 km: gap none
    "U5": (45.5180, -73.6420, 150, URBAN),    # nearest in band 3: gap far
    "R1": (48.4500, -68.5200, 120, RURAL),
    "R2": (48.5500, -68.3000, 80, RURAL),
}
services = {  # name: (capacity or None, [sites])
    "S1": (20, [(45.5050, -73.6050), (45.5250, -73.5700)]),  # two sites: falls in two bands for U1
    "S2": (None, [(45.5180, -73.6100)]),                     # no capacity declared: supply 1
    "S3": (0, [(48.4800, -68.4800)]),                        # capacity 0: supply 1
    "S4": (15, [(48.6500, -68.1000)]),
}


def km(a, b):
    p1, p2 = radians(a[0]), radians(b[0])
    dp, dl = p2 - p1, radians(b[1] - a[1])
    h = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * R * asin(sqrt(h))


def band(d, edges):
    return 1 if d <= edges[0] else 2 if d <= edges[1] else 3 if d <= edges[2] else 0


sites = [(s, cap if cap and cap > 0 else 1, len(pts), pt) for s, (cap, pts) in services.items() for pt in pts]
demand = [0.0] * len(sites)
for name, (lat, lon, pupils, edges) in schools.items():
    if not pupils:
        continue
    for j, (_, _, _, pt) in enumerate(sites):
        b = band(km((lat, lon), pt), edges)
        if b:
            demand[j] += pupils * W[b]
ratio = [(supply / n) / demand[j] if demand[j] > 0 else 0 for j, (_, supply, n, _) in enumerate(sites)]

for name, (lat, lon, pupils, edges) in schools.items():
    dists = [km((lat, lon), pt) for (_, _, _, pt) in sites]
    nearest = min(dists)
    counts = [len({sites[j][0] for j, d in enumerate(dists) if band(d, edges) == b}) for b in (1, 2, 3)]
    score = 1000 * sum(ratio[j] * W[band(d, edges)] for j, d in enumerate(dists) if band(d, edges))
    gap = "none" if nearest > edges[2] else "far" if nearest > edges[1] else "covered"
    print(f"{name}: nearest {nearest:.9f} km, bands {counts}, score {score:.9f}, gap {gap}")
    print("    distances:", ", ".join(f"{sites[j][0]}#{j} {d:.6f}" for j, d in enumerate(dists)))
print("site demand:", [round(d, 6) for d in demand])
