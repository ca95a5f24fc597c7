using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace PartnerNetwork.Core.Geo;

public static class Geometries
{
    /// <summary>WGS84 longitude/latitude, as GeoJSON and HSDS carry them.</summary>
    public const int Wgs84 = 4326;

    public static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(Wgs84);

    public static Point Point(double lat, double lon) => Factory.CreatePoint(new Coordinate(lon, lat));

    /// <summary>Quebec's bounding box as a polygon: the service area of a province-wide phone or online service.</summary>
    public static Polygon QuebecExtent()
    {
        var b = Quebec.Bounds;
        return Factory.CreatePolygon([
            new(b.MinLongitude, b.MinLatitude), new(b.MaxLongitude, b.MinLatitude), new(b.MaxLongitude, b.MaxLatitude),
            new(b.MinLongitude, b.MaxLatitude), new(b.MinLongitude, b.MinLatitude)]);
    }
}
