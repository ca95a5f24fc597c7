using System.Globalization;
using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Web.Pages.Coverage;

namespace PartnerNetwork.Web.Tests.Coverage;

/// <summary>A distance shown beside its band must not seem to contradict it (issue 20, point 5).</summary>
[Trait("Database", "Both")]
public class CoverageDistanceTests
{
    static readonly DistanceBands Urban = new(1, 2, 3);

    [Theory]
    [InlineData(2.004, "2,004")] // classed beyond 2 km: "2,0" would read as inside
    [InlineData(1.98, "1,980")]
    [InlineData(2.0, "2,0")]
    [InlineData(2.5, "2,5")]
    [InlineData(0.43, "0,4")]
    public void A_distance_near_a_band_edge_shows_enough_decimals_to_tell_its_side(double km, string shown)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-CA");
        try
        {
            Assert.Equal(shown, IndexModel.DistanceText(km, Urban));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
