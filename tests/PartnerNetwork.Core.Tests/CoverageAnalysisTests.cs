using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Geo;

namespace PartnerNetwork.Core.Tests;

public class CoverageAnalysisTests
{
    const double Lat0 = 45.5, Lon0 = -73.6;
    // Points on one meridian: 1 km north is 1/111.195… degrees of latitude on the mean sphere.
    static readonly double KmPerDegree = Geodesy.EarthRadiusKm * Math.PI / 180;

    static double North(double km) => Lat0 + km / KmPerDegree;

    static CoverageSchool School(double km, int? pupils, DistanceBands? bands = null) =>
        new(Guid.NewGuid(), North(km), Lon0, pupils, bands ?? DistanceBands.UrbanDefault);

    static CoverageService Service(int? capacity, params double[] kms) =>
        new(Guid.NewGuid(), kms.Select(km => (North(km), Lon0)).ToList(), capacity, false, null);

    /// <summary>
    /// Worked by hand, urban bands 1/2/3 km, everything on one north–south line:
    ///   school A at 0 km (100 pupils), school B at 1.5 km (300 pupils), school C at 20 km (50 pupils);
    ///   service X (capacity 10) at 0.2 km, service Y (no capacity declared: supply 1) at 2.3 km.
    /// Distances: A–X 0.2 (band 1, w 1.00), A–Y 2.3 (band 3, w 0.22), B–X 1.3 (band 2, w 0.68), B–Y 0.8 (band 1, w 1.00);
    ///   C reaches nothing (nearest Y at 17.7 km).
    /// Step 1: demand on X = 100·1.00 + 300·0.68 = 304 → R_X = 10/304 = 0.032895;
    ///         demand on Y = 100·0.22 + 300·1.00 = 322 → R_Y = 1/322 = 0.0031056.
    /// Step 2: A = 0.032895·1.00 + 0.0031056·0.22 = 0.033578 → 33.578 per 1,000 pupils;
    ///         B = 0.032895·0.68 + 0.0031056·1.00 = 0.025474 → 25.474; C = 0.
    /// Counts (services per band): A 1/0/1, B 1/1/0, C 0/0/0. Gaps: A covered, B covered, C none.
    /// </summary>
    [Fact]
    public void A_small_example_worked_by_hand()
    {
        var (a, b, c) = (School(0, 100), School(1.5, 300), School(20, 50));
        var results = CoverageAnalysis.Analyse([a, b, c], [Service(10, 0.2), Service(null, 2.3)]);

        Assert.Equal(33.578, results[0].ScorePer1000, 3);
        Assert.Equal(25.474, results[1].ScorePer1000, 3);
        Assert.Equal(1000 * (10.0 / 304 + 0.22 / 322), results[0].ScorePer1000, 9);
        Assert.Equal(1000 * (0.68 * 10.0 / 304 + 1.0 / 322), results[1].ScorePer1000, 9);
        Assert.Equal(0, results[2].ScorePer1000);
        Assert.Equal((1, 0, 1), (results[0].Band1, results[0].Band2, results[0].Band3));
        Assert.Equal((1, 1, 0), (results[1].Band1, results[1].Band2, results[1].Band3));
        Assert.Equal((0, 0, 0), (results[2].Band1, results[2].Band2, results[2].Band3));
        Assert.Equal([GapLevel.Covered, GapLevel.Covered, GapLevel.None], results.Select(r => r.Gap));
        Assert.Equal(0.2, results[0].NearestKm!.Value, 6);
        Assert.Equal(0.8, results[1].NearestKm!.Value, 6);
        Assert.Equal(17.7, results[2].NearestKm!.Value, 6);
    }

    [Fact]
    public void Band_edges_are_inclusive()
    {
        var bands = new DistanceBands(1, 2, 3);
        Assert.Equal([1, 1, 2, 2, 3, 3, 0], new[] { 0.0, 1.0, 1.0000001, 2.0, 2.5, 3.0, 3.0000001 }.Select(bands.BandOf));

        // With the distance the analysis itself computes as an edge, the site falls in the lower band.
        var site = Service(null, 1.7);
        var d = Geodesy.DistanceKm(Lat0, Lon0, North(1.7), Lon0);
        var onEdge1 = CoverageAnalysis.Analyse([School(0, 10, new DistanceBands(d, d + 1, d + 2))], [site]).Single();
        Assert.Equal((1, 0, 0, 1000 / 10.0), (onEdge1.Band1, onEdge1.Band2, onEdge1.Band3, onEdge1.ScorePer1000));
        var onEdge2 = CoverageAnalysis.Analyse([School(0, 10, new DistanceBands(d - 1, d, d + 1))], [site]).Single();
        Assert.Equal((0, 1, 0), (onEdge2.Band1, onEdge2.Band2, onEdge2.Band3));
    }

    [Fact]
    public void The_far_and_none_boundary_is_the_end_of_band_3()
    {
        var site = Service(null, 2.6);
        var d = Geodesy.DistanceKm(Lat0, Lon0, North(2.6), Lon0);
        Assert.Equal(GapLevel.Far, CoverageAnalysis.Analyse([School(0, 10, new DistanceBands(1, 2, d))], [site]).Single().Gap);
        Assert.Equal(GapLevel.None, CoverageAnalysis.Analyse([School(0, 10, new DistanceBands(1, 2, d - 1e-9))], [site]).Single().Gap);
        Assert.Equal(GapLevel.Covered, CoverageAnalysis.Analyse([School(0, 10, new DistanceBands(1, d, d + 1))], [site]).Single().Gap);
        var none = CoverageAnalysis.Analyse([School(0, 10)], []).Single();
        Assert.Equal((GapLevel.None, (double?)null, 0.0), (none.Gap, none.NearestKm, none.ScorePer1000));
    }

    [Fact]
    public void Remote_services_are_counted_apart_and_never_close_a_gap()
    {
        var everywhere = new CoverageService(Guid.NewGuid(), [], 500, true, null);
        var elsewhere = new CoverageService(Guid.NewGuid(), [], 500, true,
            Geometries.Factory.CreatePolygon([new(-70, 48), new(-69, 48), new(-69, 49), new(-70, 49), new(-70, 48)]));
        var result = CoverageAnalysis.Analyse([School(0, 100)], [everywhere, elsewhere, Service(null, 10)]).Single();
        Assert.Equal((GapLevel.None, 1, 0.0), (result.Gap, result.Remote, result.ScorePer1000));
    }

    [Fact]
    public void Capacity_is_split_over_a_services_sites_and_zero_capacity_counts_as_one()
    {
        var twoSites = Service(10, 0.1, 0.3);
        var result = CoverageAnalysis.Analyse([School(0, 100)], [twoSites]).Single();
        Assert.Equal(1000 * (5.0 / 100 + 5.0 / 100), result.ScorePer1000, 9);
        Assert.Equal(1, result.Band1); // one service, however many sites
        var zero = CoverageAnalysis.Analyse([School(0, 100)], [Service(0, 0.1)]).Single();
        Assert.Equal(1000 * (1.0 / 100), zero.ScorePer1000, 9);
    }

    [Fact]
    public void Schools_without_pupils_are_no_demand_but_still_get_a_score()
    {
        var results = CoverageAnalysis.Analyse([School(0, 100), School(0.1, null), School(0.2, 0)], [Service(4, 0.05)]);
        Assert.Equal(1000 * 4.0 / 100, results[0].ScorePer1000, 9);
        Assert.Equal(1000 * 4.0 / 100, results[1].ScorePer1000, 9);
        Assert.Equal(1000 * 4.0 / 100, results[2].ScorePer1000, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Matches_a_brute_force_computation_on_random_data(int seed)
    {
        var random = new Random(seed);
        double Around(double centre, double spread) => centre + (random.NextDouble() - 0.5) * spread;
        var urban = new DistanceBands(1, 2, 3);
        var rural = new DistanceBands(4, 8, 12);
        var schools = Enumerable.Range(0, 60).Select(_ => new CoverageSchool(Guid.NewGuid(), Around(45.55, 0.25), Around(-73.65, 0.35),
            random.Next(5) == 0 ? null : random.Next(0, 900), random.Next(3) == 0 ? rural : urban)).ToList();
        var services = Enumerable.Range(0, 90).Select(i =>
        {
            var remote = i % 15 == 0;
            var sites = remote ? [] : Enumerable.Range(0, 1 + random.Next(3)).Select(_ => (Around(45.55, 0.3), Around(-73.65, 0.4))).ToList();
            NetTopologySuite.Geometries.Geometry? area = remote && i % 30 == 0
                ? Geometries.Factory.CreatePolygon([new(-73.9, 45.4), new(-73.6, 45.4), new(-73.6, 45.7), new(-73.9, 45.7), new(-73.9, 45.4)]) : null;
            return new CoverageService(Guid.NewGuid(), sites, random.Next(4) == 0 ? null : random.Next(0, 40), remote, area);
        }).ToList();

        var actual = CoverageAnalysis.Analyse(schools, services);
        // Computing only some schools (one CSS's page) gives them the very same figures.
        var some = schools.Where((_, i) => i % 3 == 0).Select(s => s.Id).ToHashSet();
        var targeted = CoverageAnalysis.Analyse(schools, services, s => some.Contains(s.Id));
        Assert.Equal(actual.Where(r => some.Contains(r.SchoolId)).Select(r => r with { ScorePer1000 = 0 }), targeted.Select(r => r with { ScorePer1000 = 0 }));
        Assert.All(actual.Where(r => some.Contains(r.SchoolId)).Zip(targeted), x => Assert.Equal(x.First.ScorePer1000, x.Second.ScorePer1000, 9));

        // Brute force: every school against every site, straight from the definition.
        var sites = services.Where(s => !s.IsRemote).SelectMany(s => s.Sites.Select(p => (Service: s, p.Latitude, p.Longitude))).ToList();
        double Km(CoverageSchool k, (CoverageService Service, double Latitude, double Longitude) j) => Geodesy.DistanceKm(k.Latitude, k.Longitude, j.Latitude, j.Longitude);
        double W(CoverageSchool k, double km) => km <= k.Bands.Band1Km ? 1.00 : km <= k.Bands.Band2Km ? 0.68 : km <= k.Bands.Band3Km ? 0.22 : 0;
        var ratio = sites.Select(j =>
        {
            var supply = (j.Service.CapacityMaximum is > 0 ? j.Service.CapacityMaximum.Value : 1.0) / j.Service.Sites.Count;
            var demand = schools.Where(k => k.Enrolment > 0).Sum(k => k.Enrolment!.Value * W(k, Km(k, j)));
            return demand > 0 ? supply / demand : 0;
        }).ToList();
        for (var i = 0; i < schools.Count; i++)
        {
            var k = schools[i];
            var distances = sites.Select(j => Km(k, j)).ToList();
            var score = 1000 * sites.Select((j, n) => ratio[n] * W(k, distances[n])).Sum();
            int Count(Func<double, bool> inBand) => sites.Where((j, n) => inBand(distances[n])).Select(j => j.Service.Id).Distinct().Count();
            var nearest = distances.Count == 0 ? (double?)null : distances.Min();
            var gap = nearest is not { } d || d > k.Bands.Band3Km ? GapLevel.None : d > k.Bands.Band2Km ? GapLevel.Far : GapLevel.Covered;
            var point = Geometries.Point(k.Latitude, k.Longitude);
            var remote = services.Count(s => s.IsRemote && (s.Area is null || s.Area.Covers(point)));

            var r = actual[i];
            Assert.Equal(k.Id, r.SchoolId);
            Assert.Equal(score, r.ScorePer1000, 9);
            Assert.Equal(nearest!.Value, r.NearestKm!.Value, 9);
            Assert.Equal(Count(d => d <= k.Bands.Band1Km), r.Band1);
            Assert.Equal(Count(d => d > k.Bands.Band1Km && d <= k.Bands.Band2Km), r.Band2);
            Assert.Equal(Count(d => d > k.Bands.Band2Km && d <= k.Bands.Band3Km), r.Band3);
            Assert.Equal(gap, r.Gap);
            Assert.Equal(remote, r.Remote);
        }
    }

    [Fact]
    public void The_nearest_site_is_found_however_far_it_is()
    {
        var kuujjuaq = new CoverageService(Guid.NewGuid(), [(58.1, -68.4)], null, false, null);
        var result = CoverageAnalysis.Analyse([School(0, 10)], [kuujjuaq]).Single();
        Assert.Equal(Geodesy.DistanceKm(Lat0, Lon0, 58.1, -68.4), result.NearestKm!.Value, 6);
        Assert.Equal(GapLevel.None, result.Gap);
    }
}
