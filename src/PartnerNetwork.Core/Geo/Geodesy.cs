namespace PartnerNetwork.Core.Geo;

/// <summary>Great-circle distances on the WGS84 mean sphere: accurate to about 0.5 %, far better than planar degrees.</summary>
public static class Geodesy
{
    public const double EarthRadiusKm = 6371.0088;

    // Geodesic, not planar: 0.01° of longitude is 0.78 km in Montréal, 0.59 km in Kuujjuaq.
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        var dLat = ToRadians(lat2 - lat1);
        var dLon = ToRadians(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
              + Math.Cos(ToRadians(lat1)) * Math.Cos(ToRadians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>A latitude/longitude box that contains every point within <paramref name="km"/> of the centre.</summary>
    public static BoundingBox BoxAround(double lat, double lon, double km)
    {
        var dLat = km / EarthRadiusKm * 180 / Math.PI;
        var cosLat = Math.Cos(ToRadians(lat));
        // Near the poles a box in longitude degrees would wrap: take every longitude.
        var dLon = cosLat < 1e-6 ? 180 : Math.Min(180, dLat / cosLat);
        return new BoundingBox(Math.Max(-90, lat - dLat), Math.Max(-180, lon - dLon), Math.Min(90, lat + dLat), Math.Min(180, lon + dLon));
    }

    static double ToRadians(double degrees) => degrees * Math.PI / 180;
}

public readonly record struct BoundingBox(double MinLatitude, double MinLongitude, double MaxLatitude, double MaxLongitude)
{
    public bool Contains(double lat, double lon) =>
        lat >= MinLatitude && lat <= MaxLatitude && lon >= MinLongitude && lon <= MaxLongitude;
}

/// <summary>Where a point may lie to be in Quebec; rejects typos such as swapped or unsigned coordinates.</summary>
public static class Quebec
{
    public static readonly BoundingBox Bounds = new(44.99, -79.77, 62.59, -57.10);

    public static bool Contains(double lat, double lon) => Bounds.Contains(lat, lon);
}
