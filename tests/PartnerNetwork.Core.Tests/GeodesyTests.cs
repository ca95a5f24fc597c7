using PartnerNetwork.Core.Geo;

namespace PartnerNetwork.Core.Tests;

public class GeodesyTests
{
    [Fact]
    public void Montreal_to_Quebec_City_is_about_233_km()
    {
        var km = Geodesy.DistanceKm(45.5019, -73.5674, 46.8139, -71.2080);
        Assert.InRange(km, 230, 236);
    }

    [Fact]
    public void A_degree_of_longitude_shrinks_going_north()
    {
        var montreal = Geodesy.DistanceKm(45.5, -73.5, 45.5, -72.5);
        var kuujjuaq = Geodesy.DistanceKm(58.1, -68.4, 58.1, -67.4);
        Assert.InRange(montreal, 77, 79);
        Assert.InRange(kuujjuaq, 58, 60);
    }

    [Fact]
    public void Every_point_within_the_distance_is_inside_the_box()
    {
        var random = new Random(3);
        for (var i = 0; i < 2000; i++)
        {
            var (lat, lon) = (45 + random.NextDouble() * 17, -79 + random.NextDouble() * 21);
            var km = 1 + random.NextDouble() * 50;
            var box = Geodesy.BoxAround(lat, lon, km);
            var (pLat, pLon) = (lat + (random.NextDouble() - 0.5), lon + (random.NextDouble() - 0.5) * 2);
            if (Geodesy.DistanceKm(lat, lon, pLat, pLon) <= km)
                Assert.True(box.Contains(pLat, pLon), $"({pLat}, {pLon}) is {km} km from ({lat}, {lon}) but outside {box}");
        }
    }

    [Theory]
    [InlineData(45.50, -73.57, true)]    // Montréal
    [InlineData(58.10, -68.40, true)]    // Kuujjuaq
    [InlineData(-73.57, 45.50, false)]   // latitude and longitude swapped
    [InlineData(45.50, 73.57, false)]    // longitude without its sign
    [InlineData(43.65, -79.38, false)]   // Toronto
    public void Quebec_bounds_reject_typical_coordinate_mistakes(double lat, double lon, bool inside) =>
        Assert.Equal(inside, Quebec.Contains(lat, lon));
}
