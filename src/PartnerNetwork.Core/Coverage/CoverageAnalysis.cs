using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
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
    public static IReadOnlyList<CoverageResult> Analyse(IReadOnlyList<CoverageSchool> schools, IEnumerable<CoverageService> services)
    {
        var inPerson = new List<(double Lat, double Lon, int Service, double Supply)>();
        var remote = new List<CoverageService>();
        var serviceCount = 0;
        foreach (var service in services)
        {
            if (service.IsRemote)
            {
                remote.Add(service);
                continue;
            }
            if (service.Sites.Count == 0) continue;
            var share = service.Supply / service.Sites.Count;
            foreach (var (lat, lon) in service.Sites) inPerson.Add((lat, lon, serviceCount, share));
            serviceCount++;
        }

        var tree = new STRtree<int>();
        for (var j = 0; j < inPerson.Count; j++) tree.Insert(new Envelope(inPerson[j].Lon, inPerson[j].Lon, inPerson[j].Lat, inPerson[j].Lat), j);
        tree.Build();

        // Each school's reachable sites (within its band 3) with distance, found once and used by both steps.
        var reach = new List<(int Site, double Km)>[schools.Count];
        var demand = new double[inPerson.Count];
        for (var k = 0; k < schools.Count; k++)
        {
            var school = schools[k];
            var within = reach[k] = [];
            foreach (var j in Query(tree, school.Latitude, school.Longitude, school.Bands.Band3Km))
            {
                var km = Geodesy.DistanceKm(school.Latitude, school.Longitude, inPerson[j].Lat, inPerson[j].Lon);
                if (km > school.Bands.Band3Km) continue;
                within.Add((j, km));
                if (school.Enrolment is { } pupils && pupils > 0) demand[j] += pupils * school.Bands.WeightOf(km);
            }
        }
        var ratio = new double[inPerson.Count];
        for (var j = 0; j < inPerson.Count; j++) ratio[j] = demand[j] > 0 ? inPerson[j].Supply / demand[j] : 0;

        var results = new CoverageResult[schools.Count];
        var seen = new HashSet<(int Service, int Band)>();
        for (var k = 0; k < schools.Count; k++)
        {
            var school = schools[k];
            seen.Clear();
            double score = 0;
            double? nearestInReach = null;
            foreach (var (j, km) in reach[k])
            {
                var band = school.Bands.BandOf(km);
                seen.Add((inPerson[j].Service, band));
                score += ratio[j] * DistanceBands.Weights[band - 1];
                if (nearestInReach is null || km < nearestInReach) nearestInReach = km;
            }
            var nearest = nearestInReach ?? Nearest(tree, inPerson, school.Latitude, school.Longitude);
            var gap = nearestInReach is not { } d ? GapLevel.None : school.Bands.BandOf(d) == 3 ? GapLevel.Far : GapLevel.Covered;
            var point = Geometries.Point(school.Latitude, school.Longitude);
            var remoteCount = remote.Count(r => r.Area is null || r.Area.Covers(point));
            results[k] = new CoverageResult(school.Id, nearest, seen.Count(s => s.Band == 1), seen.Count(s => s.Band == 2), seen.Count(s => s.Band == 3),
                score * 1000, gap, remoteCount);
        }
        return results;
    }

    static IList<int> Query(STRtree<int> tree, double lat, double lon, double km)
    {
        var box = Geodesy.BoxAround(lat, lon, km);
        return tree.Query(new Envelope(box.MinLongitude, box.MaxLongitude, box.MinLatitude, box.MaxLatitude));
    }

    /// <summary>The geodesic distance to the nearest site anywhere, searching ever wider boxes; null when there is no site.</summary>
    static double? Nearest(STRtree<int> tree, List<(double Lat, double Lon, int Service, double Supply)> sites, double lat, double lon)
    {
        if (sites.Count == 0) return null;
        const double HalfEarthKm = 20_040;
        for (var km = 25.0; ; km *= 4)
        {
            var whole = km >= HalfEarthKm;
            var candidates = Query(tree, lat, lon, Math.Min(km, HalfEarthKm));
            // The box holds every site within km: a nearest found within km is the true nearest.
            if (candidates.Count > 0 && candidates.Min(j => Geodesy.DistanceKm(lat, lon, sites[j].Lat, sites[j].Lon)) is var best && (best <= km || whole))
                return best;
            if (whole) return sites.Min(s => Geodesy.DistanceKm(lat, lon, s.Lat, s.Lon));
        }
    }
}
