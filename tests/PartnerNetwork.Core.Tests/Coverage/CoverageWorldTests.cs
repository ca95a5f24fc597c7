using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Geo;

namespace PartnerNetwork.Core.Tests.Coverage;

/// <summary>
/// A small world whose figures were computed outside our code, by coverage_world.py beside this file (written from the
/// README's definition: haversine on R = 6,371.0088 km, ring bands, weights 1.00/0.68/0.22 by the school's profile,
/// supply = capacity when above 0 else 1 split over the sites, demand = schools with enrolment above 0). A mistake in a
/// weight, the capacity rule, the split or the demand rule changes these numbers; the brute-force test would repeat it.
/// </summary>
public class CoverageWorldTests
{
    static readonly DistanceBands Urban = new(1, 2, 3), Rural = new(10, 20, 30);

    // Schools: Montréal (urban) and around Rimouski (rural), one analysis, as the province's demand is.
    static readonly CoverageSchool U1 = new(Guid.NewGuid(), 45.5000, -73.6000, 400, Urban);
    static readonly CoverageSchool U2 = new(Guid.NewGuid(), 45.5100, -73.5900, 250, Urban);
    static readonly CoverageSchool U3 = new(Guid.NewGuid(), 45.5300, -73.6200, null, Urban); // enrolment unknown
    static readonly CoverageSchool U4 = new(Guid.NewGuid(), 45.5600, -73.6600, 300, Urban);
    static readonly CoverageSchool U5 = new(Guid.NewGuid(), 45.5180, -73.6420, 150, Urban);
    static readonly CoverageSchool R1 = new(Guid.NewGuid(), 48.4500, -68.5200, 120, Rural);
    static readonly CoverageSchool R2 = new(Guid.NewGuid(), 48.5500, -68.3000, 80, Rural);

    static readonly CoverageService[] Services =
    [
        new(Guid.NewGuid(), [(45.5050, -73.6050), (45.5250, -73.5700)], 20, false, null), // S1: two sites, 10 each
        new(Guid.NewGuid(), [(45.5180, -73.6100)], null, false, null),                    // S2: no capacity → 1
        new(Guid.NewGuid(), [(48.4800, -68.4800)], 0, false, null),                       // S3: capacity 0 → 1
        new(Guid.NewGuid(), [(48.6500, -68.1000)], 15, false, null),                      // S4
        new(Guid.NewGuid(), [], null, true, null),                                        // by phone, all of Quebec
    ];

    /// <summary>
    /// Distances (km) from the script: U1–S1a 0.678935 (b1), U1–S1b 3.632 (beyond), U1–S2 2.147855 (b3);
    /// U2–S1a 1.294395 (b2), U2–S1b 2.282582 (b3), U2–S2 1.794386 (b2); U3–S2 1.545114 (b2); U4 nearest S2 6.08 (beyond);
    /// U5–S2 2.493208 (b3), U5–S1a 3.23 (beyond); R1–S3 4.452630 (b1), R1–S4 38.08 (beyond); R2–S3 15.374417 (b2),
    /// R2–S4 18.437373 (b2).
    /// Site demand: S1a = 400·1 + 250·0.68 = 570; S1b = 250·0.22 = 55; S2 = 400·0.22 + 250·0.68 + 150·0.22 = 291 (U3 has no
    /// enrolment: no demand); S3 = 120·1 + 80·0.68 = 174.4; S4 = 80·0.68 = 54.4.
    /// Ratios: S1a = 10/570, S1b = 10/55, S2 = 1/291, S3 = 1/174.4, S4 = 15/54.4.
    /// Scores ×1000: U1 = 10/570 + 0.22/291 → 18.299873; U2 = 0.68·10/570 + 0.22·10/55 + 0.68/291 → 54.266594;
    /// U3 = 0.68/291 → 2.336770; U4 = 0; U5 = 0.22/291 → 0.756014; R1 = 1/174.4 → 5.733945;
    /// R2 = 0.68·(1/174.4 + 15/54.4) → 191.399083.
    /// </summary>
    [Fact]
    public void The_small_world_has_the_figures_computed_outside_our_code()
    {
        var results = CoverageAnalysis.Analyse([U1, U2, U3, U4, U5, R1, R2], Services).ToDictionary(r => r.SchoolId);
        void Check(CoverageSchool school, double nearest, (int, int, int) bands, double score, GapLevel gap)
        {
            var r = results[school.Id];
            Assert.Equal(nearest, r.NearestKm!.Value, 6);
            Assert.Equal(bands, (r.Band1, r.Band2, r.Band3));
            Assert.Equal(score, r.ScorePer1000, 6);
            Assert.Equal(gap, r.Gap);
            Assert.Equal(1, r.Remote);
        }
        Check(U1, 0.678934562, (1, 0, 1), 18.299873395, GapLevel.Covered);
        Check(U2, 1.294394585, (0, 2, 1), 54.266594321, GapLevel.Covered); // S1 in band 2 and in band 3: counted in both
        Check(U3, 1.545113548, (0, 1, 0), 2.336769759, GapLevel.Covered);
        Check(U4, 6.080737108, (0, 0, 0), 0, GapLevel.None);
        Check(U5, 2.493207730, (0, 0, 1), 0.756013746, GapLevel.Far);
        Check(R1, 4.452630075, (1, 0, 0), 5.733944954, GapLevel.Covered);
        Check(R2, 15.374416918, (0, 2, 0), 191.399082569, GapLevel.Covered);
    }

    /// <summary>
    /// A site exactly on the edge of band 1 is in band 1 (rings are d ≤ e1), with weight 1.00: one school of 50 pupils
    /// alone with one service of capacity 4 scores 4/50 ×1000 = 80; one ulp further it is band 2: 0.68·4/(50·0.68) ×1000,
    /// also 80, but counted in band 2. The edge is set to the distance itself, so no rounding can decide it.
    /// </summary>
    [Fact]
    public void A_site_exactly_on_a_band_edge_belongs_to_the_inner_band()
    {
        var d = Geodesy.DistanceKm(45.5, -73.6, 45.51, -73.6);
        var service = new CoverageService(Guid.NewGuid(), [(45.51, -73.6)], 4, false, null);
        var onEdge = CoverageAnalysis.Analyse([new(Guid.NewGuid(), 45.5, -73.6, 50, new DistanceBands(d, d + 1, d + 2))], [service]).Single();
        Assert.Equal((1, 0, 0), (onEdge.Band1, onEdge.Band2, onEdge.Band3));
        Assert.Equal(80, onEdge.ScorePer1000, 9);
        Assert.Equal(GapLevel.Covered, onEdge.Gap);

        var justInside = CoverageAnalysis.Analyse([new(Guid.NewGuid(), 45.5, -73.6, 50, new DistanceBands(Math.BitDecrement(d), d + 1, d + 2))], [service]).Single();
        Assert.Equal((0, 1, 0), (justInside.Band1, justInside.Band2, justInside.Band3));

        var farEdge = CoverageAnalysis.Analyse([new(Guid.NewGuid(), 45.5, -73.6, 50, new DistanceBands(d / 3, d / 2, d))], [service]).Single();
        Assert.Equal(GapLevel.Far, farEdge.Gap);
        Assert.Equal(80, farEdge.ScorePer1000, 9);
    }
}
