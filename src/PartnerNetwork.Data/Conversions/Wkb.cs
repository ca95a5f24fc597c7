using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace PartnerNetwork.Data.Conversions;

/// <summary>
/// Geometries as extended WKB (with SRID) in a plain binary column: the EF spatial plugins are not available,
/// and WKB is what every GIS tool reads back.
/// </summary>
public static class Wkb
{
    public static byte[] Write(Geometry geometry) => new WKBWriter(ByteOrder.LittleEndian, handleSRID: true).Write(geometry);

    public static Geometry Read(byte[] bytes) => new WKBReader().Read(bytes);
}

public sealed class GeometryWkbConverter() : ValueConverter<Geometry, byte[]>(g => Wkb.Write(g), b => Wkb.Read(b));

public sealed class GeometryComparer() : ValueComparer<Geometry>(
    (a, b) => a == null ? b == null : b != null && a.SRID == b.SRID && a.EqualsExact(b),
    g => g.GetHashCode(),
    g => g.Copy());

public sealed class LanguageListConverter() : ValueConverter<List<string>, string>(
    codes => string.Join(';', codes),
    text => text.Split(';', StringSplitOptions.RemoveEmptyEntries).ToList());

public sealed class LanguageListComparer() : ValueComparer<List<string>>(
    (a, b) => a!.SequenceEqual(b!),
    list => list.Aggregate(0, (hash, code) => HashCode.Combine(hash, code.GetHashCode())),
    list => list.ToList());
