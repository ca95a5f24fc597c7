using NetTopologySuite.Geometries;
using PartnerNetwork.Core.Geo;

namespace PartnerNetwork.Core.Coverage;

/// <summary>How a CSS's distances are read: towns on foot or by bus, or the countryside by car.</summary>
public enum CoverageProfile
{
    Urban,
    Rural,
}

/// <summary>The three distance bands of a profile, in km; edges are inclusive: d ≤ e1, e1 &lt; d ≤ e2, e2 &lt; d ≤ e3.</summary>
public readonly record struct DistanceBands(double Band1Km, double Band2Km, double Band3Km)
{
    public static readonly DistanceBands UrbanDefault = new(1, 2, 3);
    public static readonly DistanceBands RuralDefault = new(10, 20, 30);

    /// <summary>The E2SFCA distance-decay weights of bands 1, 2 and 3 (Luo &amp; Qi 2009).</summary>
    public static readonly double[] Weights = [1.00, 0.68, 0.22];

    /// <summary>1, 2 or 3; 0 beyond band 3.</summary>
    public int BandOf(double km) => km <= Band1Km ? 1 : km <= Band2Km ? 2 : km <= Band3Km ? 3 : 0;

    public double WeightOf(double km) => BandOf(km) is var band and > 0 ? Weights[band - 1] : 0;

    public bool IsValid => Band1Km > 0 && Band1Km < Band2Km && Band2Km < Band3Km && Band3Km <= MaxKm;

    /// <summary>No band reaches further: beyond this nobody calls a service "nearby".</summary>
    public const double MaxKm = 100;
}

public enum GapLevel
{
    /// <summary>No suitable in-person site within band 3.</summary>
    None,
    /// <summary>The nearest suitable in-person site is in band 3.</summary>
    Far,
    Covered,
}

/// <summary>A school as the analysis sees it: where it is, how many pupils (the demand), and its CSS's bands.</summary>
public sealed record CoverageSchool(Guid Id, double Latitude, double Longitude, int? Enrolment, DistanceBands Bands);

/// <summary>A suitable service (one need, the chosen filters): its sites, its capacity, or its area when remote.</summary>
public sealed record CoverageService(Guid Id, IReadOnlyList<(double Latitude, double Longitude)> Sites, int? CapacityMaximum, bool IsRemote, Geometry? Area)
{
    /// <summary>A service's supply: its declared maximum capacity when above zero, else one service.</summary>
    public double Supply => CapacityMaximum is > 0 ? CapacityMaximum.Value : 1;
}

/// <summary>One school's coverage for one need.</summary>
public sealed record CoverageResult(Guid SchoolId, double? NearestKm, int Band1, int Band2, int Band3, double ScorePer1000, GapLevel Gap, int Remote);

/// <summary>
/// Coverage of schools by suitable services for one need, computed in process:
/// <list type="bullet">
/// <item><b>nearest</b>: geodesic km to the nearest site of an in-person service (null when there is none at all);</item>
/// <item><b>counts</b>: per band, the number of distinct services with at least one site whose distance falls in that band
/// (a service with sites in two bands counts in both);</item>
/// <item><b>E2SFCA</b> (Luo &amp; Qi 2009): each site j of an in-person service carries S_j = the service's supply split
/// equally over its sites; every school k with enrolment &gt; 0 is demand P_k; w_kj = 1.00, 0.68, 0.22 by the band of the
/// school's CSS profile the distance falls in, 0 beyond. R_j = S_j / Σ_k P_k·w_kj (0 when no demand reaches the site);
/// A_k = Σ_j R_j·w_kj, reported × 1000 (services per 1,000 pupils);</item>
/// <item><b>gap</b>: none (no site within band 3), far (nearest in band 3), covered;</item>
/// <item><b>remote</b>: phone/online services whose area covers the school (no area: all of Quebec), counted apart —
/// they never change the gap.</item>
/// </list>
/// Demand comes from every school given, whatever its CSS: catchments cross borders.
/// </summary>
public static class CoverageAnalysis
{
    /// <summary>Grid cells for the site and school lookups, in degrees: about 5.5 km north–south, 4 km east–west in Montréal.</summary>
    const double CellDegrees = 0.05;

    /// <summary>
    /// Coverage of <paramref name="schools"/> (or only of those <paramref name="target"/> accepts: one CSS's page need not
    /// compute the province; the figures are the same, since demand still comes from every school within reach).
    /// </summary>
    public static IReadOnlyList<CoverageResult> Analyse(IReadOnlyList<CoverageSchool> schools, IEnumerable<CoverageService> services,
        Func<CoverageSchool, bool>? target = null)
    {
        var (inPerson, remote) = (new List<CoverageService>(), new List<CoverageService>());
        foreach (var service in services) (service.IsRemote ? remote : inPerson).Add(service);
        var sites = new Sites(inPerson);

        var targets = target is null ? schools.ToList() : schools.Where(target).ToList();
        // Step 1 needs every school whose band 3 reaches a site a target reaches: all of them within twice the widest band 3.
        var pool = target is null ? targets : Around(schools, targets);
        // Each school's sites within its band 3, with their band: found once, read by both steps. Chunks of schools are
        // collected in parallel (read-only work on the site grid), then laid end to end.
        var chunks = Math.Clamp(pool.Count / 64, 1, Environment.ProcessorCount * 4);
        var parts = new (List<int> Pairs, int[] Ends)[chunks];
        var nearestSite = new int[pool.Count];
        Parallel.For(0, chunks, c =>
        {
            var (from, to) = (pool.Count * c / chunks, pool.Count * (c + 1) / chunks);
            var (found, ends) = (new List<int>(), new int[to - from]);
            for (var k = from; k < to; k++)
            {
                nearestSite[k] = sites.Collect(pool[k], found);
                ends[k - from] = found.Count;
            }
            parts[c] = (found, ends);
        });
        var start = new int[pool.Count + 1];
        var pairs = new int[parts.Sum(p => p.Pairs.Count)];
        var offset = 0;
        for (var c = 0; c < chunks; c++)
        {
            var first = pool.Count * c / chunks;
            for (var i = 0; i < parts[c].Ends.Length; i++) start[first + i + 1] = offset + parts[c].Ends[i];
            parts[c].Pairs.CopyTo(pairs, offset);
            offset += parts[c].Pairs.Count;
        }

        var demand = new double[sites.Count];
        for (var k = 0; k < pool.Count; k++)
        {
            if (pool[k].Enrolment is not { } pupils || pupils <= 0) continue;
            for (var p = start[k]; p < start[k + 1]; p++) demand[pairs[p] >> 2] += pupils * DistanceBands.Weights[(pairs[p] & 3) - 1];
        }
        var ratio = new double[sites.Count];
        for (var j = 0; j < sites.Count; j++) ratio[j] = demand[j] > 0 ? sites.Supply[j] / demand[j] : 0;

        // Remote options first, one school after the other: a prepared area builds its index on first use.
        var remoteAreas = RemoteAreas(remote);
        var remoteCounts = targets.Select(school =>
        {
            var point = Geometries.Point(school.Latitude, school.Longitude);
            return remoteAreas.Sum(a => a.Area is null || a.Area.Covers(point) ? a.Services : 0);
        }).ToArray();

        // Step 2, counts and gaps, chunks of targets in parallel (each target's figures are its own).
        var poolIndex = target is null ? null : pool.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var results = new CoverageResult[targets.Count];
        var targetChunks = Math.Clamp(targets.Count / 64, 1, Environment.ProcessorCount * 4);
        Parallel.For(0, targetChunks, c =>
        {
            // A service is counted once per band per school: stamps instead of a set per school.
            int[][] stamps = [new int[sites.ServiceCount], new int[sites.ServiceCount], new int[sites.ServiceCount]];
            for (var t = targets.Count * c / targetChunks; t < targets.Count * (c + 1) / targetChunks; t++)
            {
                var school = targets[t];
                var k = poolIndex?[school.Id] ?? t;
                var stamp = t + 1;
                double score = 0;
                int band1 = 0, band2 = 0, band3 = 0;
                for (var p = start[k]; p < start[k + 1]; p++)
                {
                    var (j, band) = (pairs[p] >> 2, pairs[p] & 3);
                    score += ratio[j] * DistanceBands.Weights[band - 1];
                    var service = sites.Service[j];
                    if (stamps[band - 1][service] == stamp) continue;
                    stamps[band - 1][service] = stamp;
                    if (band == 1) band1++;
                    else if (band == 2) band2++;
                    else band3++;
                }
                var inReach = start[k + 1] > start[k];
                var nearestInReach = inReach ? sites.DistanceKm(school, nearestSite[k]) : 0;
                var nearest = inReach ? nearestInReach : sites.Nearest(school.Latitude, school.Longitude);
                var gap = !inReach ? GapLevel.None : school.Bands.BandOf(nearestInReach) == 3 ? GapLevel.Far : GapLevel.Covered;
                results[t] = new CoverageResult(school.Id, nearest, band1, band2, band3, score * 1000, gap, remoteCounts[t]);
            }
        });
        return results;
    }

    /// <summary>The schools within twice the widest band 3 of the targets' bounding box.</summary>
    static List<CoverageSchool> Around(IReadOnlyList<CoverageSchool> schools, List<CoverageSchool> targets)
    {
        if (targets.Count == 0) return [];
        var widest = schools.Max(s => s.Bands.Band3Km);
        var south = Geodesy.BoxAround(targets.Min(t => t.Latitude), targets.Min(t => t.Longitude), 2 * widest);
        var north = Geodesy.BoxAround(targets.Max(t => t.Latitude), targets.Max(t => t.Longitude), 2 * widest);
        return schools.Where(s => s.Latitude >= south.MinLatitude && s.Latitude <= north.MaxLatitude
                                  && s.Longitude >= Math.Min(south.MinLongitude, north.MinLongitude) && s.Longitude <= Math.Max(south.MaxLongitude, north.MaxLongitude)).ToList();
    }

    /// <summary>Remote services grouped by area (most share one, e.g. all of Quebec), each area prepared once for point tests.</summary>
    static List<(NetTopologySuite.Geometries.Prepared.IPreparedGeometry? Area, int Services)> RemoteAreas(List<CoverageService> remote) =>
        remote.GroupBy(r => r.Area?.AsText() ?? "")
            .Select(g => (g.First().Area is { } area ? NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(area) : null, g.Count()))
            .ToList();

    /// <summary>
    /// The sites of in-person services in flat arrays with a lat/lon grid. Candidates are pruned by chord length on the
    /// unit sphere (no trigonometry); those within reach get their exact geodesic distance, as everywhere else.
    /// </summary>
    sealed class Sites
    {
        // Per site j, services in the order given and each service's sites in its order.
        readonly double[] lat, lon;
        public int[] Service { get; }
        public double[] Supply { get; }
        public int Count => lat.Length;
        public int ServiceCount { get; }

        // The sites laid out cell by cell (within a cell in the order of j: it decides between sites at the same distance),
        // with their unit vectors alongside, so a cell's candidates are read in one sweep.
        readonly Dictionary<long, (int Start, int End)> cells = [];
        readonly int[] cellSite;
        readonly double[] x, y, z;

        // Sites per block of 8 × 8 cells, summed from the south-west block: whether a strip of cells may hold a site is four
        // reads, so the nearest-site search crosses empty country (most of the north) without looking up its cells.
        const int BlockShift = 3;
        readonly int blockSouth, blockWest, blockRows, blockColumns;
        readonly int[] blockSums = [];

        public Sites(List<CoverageService> inPerson)
        {
            var count = inPerson.Sum(s => s.Sites.Count);
            (lat, lon, Service, Supply) = (new double[count], new double[count], new int[count], new double[count]);
            var j = 0;
            foreach (var s in inPerson)
            {
                if (s.Sites.Count == 0) continue;
                var share = s.Supply / s.Sites.Count;
                foreach (var (siteLat, siteLon) in s.Sites)
                {
                    (lat[j], lon[j], Service[j], Supply[j]) = (siteLat, siteLon, ServiceCount, share);
                    j++;
                }
                ServiceCount++;
            }

            var lists = new Dictionary<long, List<int>>();
            for (j = 0; j < count; j++)
            {
                var key = Key(Cell(lat[j]), Cell(lon[j]));
                if (!lists.TryGetValue(key, out var list)) lists[key] = list = [];
                list.Add(j);
            }
            (cellSite, x, y, z) = (new int[count], new double[count], new double[count], new double[count]);
            var p = 0;
            foreach (var (key, list) in lists)
            {
                cells[key] = (p, p + list.Count);
                foreach (var site in list)
                {
                    cellSite[p] = site;
                    (x[p], y[p], z[p]) = Unit(lat[site], lon[site]);
                    p++;
                }
            }
            if (count == 0) return;

            int south = int.MaxValue, north = int.MinValue, west = int.MaxValue, east = int.MinValue;
            for (j = 0; j < count; j++)
            {
                var (a, o) = (Cell(lat[j]) >> BlockShift, Cell(lon[j]) >> BlockShift);
                (south, north, west, east) = (Math.Min(south, a), Math.Max(north, a), Math.Min(west, o), Math.Max(east, o));
            }
            (blockSouth, blockWest, blockRows, blockColumns) = (south, west, north - south + 1, east - west + 1);
            var width = blockColumns + 1;
            blockSums = new int[(blockRows + 1) * width];
            for (j = 0; j < count; j++)
                blockSums[((Cell(lat[j]) >> BlockShift) - south + 1) * width + (Cell(lon[j]) >> BlockShift) - west + 1]++;
            for (var a = 1; a <= blockRows; a++)
                for (var o = 1; o <= blockColumns; o++)
                    blockSums[a * width + o] += blockSums[(a - 1) * width + o] + blockSums[a * width + o - 1] - blockSums[(a - 1) * width + o - 1];
        }

        /// <summary>False when no site lies in the cells from south to north, west to east (inclusive); true when one may.</summary>
        bool MayHoldSites(int south, int north, int west, int east)
        {
            var (a1, a2) = (Math.Max(south >> BlockShift, blockSouth) - blockSouth, Math.Min(north >> BlockShift, blockSouth + blockRows - 1) - blockSouth);
            var (o1, o2) = (Math.Max(west >> BlockShift, blockWest) - blockWest, Math.Min(east >> BlockShift, blockWest + blockColumns - 1) - blockWest);
            if (a1 > a2 || o1 > o2) return false;
            var width = blockColumns + 1;
            return blockSums[(a2 + 1) * width + o2 + 1] - blockSums[a1 * width + o2 + 1] - blockSums[(a2 + 1) * width + o1] + blockSums[a1 * width + o1] > 0;
        }

        /// <summary>
        /// Appends each site j within the school's band 3 with its band, as j &lt;&lt; 2 | band (one append, one int per pair);
        /// returns the nearest of them (-1 when none). Bands are
        /// decided on squared chords against the band edges' chords (no trigonometry per pair); within a hair of an edge the
        /// exact geodesic distance decides, so the result is the haversine definition's.
        /// </summary>
        public int Collect(CoverageSchool school, List<int> pairsOut)
        {
            var bands = school.Bands;
            var box = Geodesy.BoxAround(school.Latitude, school.Longitude, bands.Band3Km);
            var (sx, sy, sz) = Unit(school.Latitude, school.Longitude);
            double e1 = SquaredChord(bands.Band1Km), e2 = SquaredChord(bands.Band2Km), e3 = SquaredChord(bands.Band3Km);
            const double Hair = 1e-12;
            var best = double.MaxValue;
            var bestSite = -1;
            for (var a = Cell(box.MinLatitude); a <= Cell(box.MaxLatitude); a++)
                for (var o = Cell(box.MinLongitude); o <= Cell(box.MaxLongitude); o++)
                {
                    if (!cells.TryGetValue(Key(a, o), out var inCell)) continue;
                    for (var p = inCell.Start; p < inCell.End; p++)
                    {
                        double dx = x[p] - sx, dy = y[p] - sy, dz = z[p] - sz;
                        var squared = dx * dx + dy * dy + dz * dz;
                        if (squared > e3 + Hair) continue;
                        var j = cellSite[p];
                        int band;
                        if (Math.Abs(squared - e1) < Hair || Math.Abs(squared - e2) < Hair || Math.Abs(squared - e3) < Hair)
                            band = bands.BandOf(Geodesy.DistanceKm(school.Latitude, school.Longitude, lat[j], lon[j]));
                        else band = squared <= e1 ? 1 : squared <= e2 ? 2 : squared <= e3 ? 3 : 0;
                        if (band == 0) continue;
                        pairsOut.Add(j << 2 | band);
                        if (squared < best) (best, bestSite) = (squared, j);
                    }
                }
            return bestSite;
        }

        public double DistanceKm(CoverageSchool school, int site) => Geodesy.DistanceKm(school.Latitude, school.Longitude, lat[site], lon[site]);

        static double SquaredChord(double km)
        {
            var chord = 2 * Math.Sin(Math.Min(Math.PI, km / Geodesy.EarthRadiusKm) / 2);
            return chord * chord;
        }

        /// <summary>The geodesic distance to the nearest site anywhere, searching ever wider boxes; null when there is no site.</summary>
        public double? Nearest(double fromLat, double fromLon)
        {
            if (Count == 0) return null;
            // Rings of grid cells outward from the school's cell, until no farther ring can hold anything nearer.
            var (sx, sy, sz) = Unit(fromLat, fromLon);
            var (a0, o0) = (Cell(fromLat), Cell(fromLon));
            var cellKm = CellDegrees * Math.PI / 180 * Geodesy.EarthRadiusKm * Math.Max(0.05, Math.Cos(Math.Min(89, Math.Abs(fromLat) + CellDegrees) * Math.PI / 180));
            var best = double.MaxValue;
            var bestSite = -1;
            for (var r = 0; r <= MaxRings; r++)
            {
                if (bestSite >= 0 && (r - 1) * cellKm > ChordKm(best)) return Geodesy.DistanceKm(fromLat, fromLon, lat[bestSite], lon[bestSite]);
                // The ring's cells south to north, west to east (the order decides between sites at the same distance); a side
                // whose blocks hold no site is skipped whole.
                var (south, north, west, east) = (a0 - r, a0 + r, o0 - r, o0 + r);
                if (MayHoldSites(south, south, west, east))
                    for (var o = west; o <= east; o++) Closer(south, o);
                if (r == 0) continue;
                var (westSide, eastSide) = (MayHoldSites(south + 1, north - 1, west, west), MayHoldSites(south + 1, north - 1, east, east));
                if (westSide || eastSide)
                    for (var a = south + 1; a < north; a++)
                    {
                        if (westSide) Closer(a, west);
                        if (eastSide) Closer(a, east);
                    }
                if (MayHoldSites(north, north, west, east))
                    for (var o = west; o <= east; o++) Closer(north, o);
            }
            return NearestFar(fromLat, fromLon);

            void Closer(int a, int o)
            {
                if (!cells.TryGetValue(Key(a, o), out var inCell)) return;
                for (var p = inCell.Start; p < inCell.End; p++)
                {
                    double dx = x[p] - sx, dy = y[p] - sy, dz = z[p] - sz;
                    var squared = dx * dx + dy * dy + dz * dz;
                    if (squared < best) (best, bestSite) = (squared, cellSite[p]);
                }
            }
        }

        const int MaxRings = 120;

        static double ChordKm(double squaredChord) => 2 * Geodesy.EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(squaredChord) / 2));

        /// <summary>
        /// Far from everything (hundreds of km): the nearest geodesic distance among the sites in wider and wider boxes, until
        /// a box holds one within its own distance. Sites are compared by chord; the geodesic distance is computed only for
        /// those within rounding of the nearest chord, which keeps the smallest geodesic distance of the box.
        /// </summary>
        double NearestFar(double fromLat, double fromLon)
        {
            const double HalfEarthKm = 20_040;
            var (sx, sy, sz) = Unit(fromLat, fromLon);
            for (var km = 25.0; ; km *= 4)
            {
                var whole = km >= HalfEarthKm;
                var box = Geodesy.BoxAround(fromLat, fromLon, Math.Min(km, HalfEarthKm));
                if (!whole && !MayHoldSites(Cell(box.MinLatitude), Cell(box.MaxLatitude), Cell(box.MinLongitude), Cell(box.MaxLongitude))) continue;
                var best = double.MaxValue;
                for (var p = 0; p < Count; p++)
                    if (box.Contains(lat[cellSite[p]], lon[cellSite[p]])) best = Math.Min(best, Squared(p));
                if (best == double.MaxValue && !whole) continue;
                var nearest = double.MaxValue;
                for (var p = 0; p < Count; p++)
                    if (box.Contains(lat[cellSite[p]], lon[cellSite[p]]) && Squared(p) <= best * (1 + 1e-9) + 1e-15)
                        nearest = Math.Min(nearest, Geodesy.DistanceKm(fromLat, fromLon, lat[cellSite[p]], lon[cellSite[p]]));
                if (nearest <= km || whole) return nearest;
            }

            double Squared(int p)
            {
                double dx = x[p] - sx, dy = y[p] - sy, dz = z[p] - sz;
                return dx * dx + dy * dy + dz * dz;
            }
        }

        static int Cell(double degrees) => (int)Math.Floor(degrees / CellDegrees);

        static long Key(int latCell, int lonCell) => ((long)latCell << 32) | (uint)lonCell;

        static (double X, double Y, double Z) Unit(double latitude, double longitude)
        {
            var (φ, λ) = (latitude * Math.PI / 180, longitude * Math.PI / 180);
            return (Math.Cos(φ) * Math.Cos(λ), Math.Cos(φ) * Math.Sin(λ), Math.Sin(φ));
        }
    }
}
