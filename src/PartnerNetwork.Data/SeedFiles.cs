using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using NetTopologySuite.Geometries;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Data;

/// <summary>A real community place (Ville de Montréal points of interest) where a demo partner can sit.</summary>
public sealed record CommunityPlace(int Id, string Name, string Type, string Address, string City, string PostalCode,
    string Borough, double Latitude, double Longitude);

/// <summary>A populated place of Quebec: a search origin and where volume data is spread.</summary>
public sealed record QuebecPlace(string Name, string Region, double Latitude, double Longitude, int Population);

/// <summary>Reads the files under seed/ (copied next to the app at build).</summary>
public sealed class SeedFiles(string folder)
{
    public static SeedFiles Default { get; } = new(Path.Combine(AppContext.BaseDirectory, "seed"));

    public static readonly string[] PilotServiceCentreCodes = ["761000", "762000", "763000"];

    public string Folder { get; } = folder;

    public IReadOnlyList<NeedCategory> Taxonomy() =>
        ReadCsv("taxonomy.csv", (row, index) => new NeedCategory
        {
            Id = StableId.From("need-category", row("code")),
            Code = row("code"),
            NameFr = row("name_fr"),
            NameEn = row("name_en"),
            DescriptionFr = row("description_fr"),
            DescriptionEn = row("description_en"),
            SortOrder = index,
            Flag = NeedCategory.FlagAt(index),
        });

    public IReadOnlyList<QuebecPlace> QuebecPlaces() =>
        ReadCsv("quebec_places.csv", (row, _) => new QuebecPlace(row("name"), row("region"),
            Number(row("latitude")), Number(row("longitude")), int.Parse(row("population"), CultureInfo.InvariantCulture)));

    public IReadOnlyList<CommunityPlace> CommunityPlaces() =>
        ReadCsv("montreal/lieux_communautaires.csv", (row, _) => new CommunityPlace(
            int.Parse(row("id"), CultureInfo.InvariantCulture), row("name"), row("type"), row("address"), row("city"),
            row("postal_code"), row("borough"), Number(row("latitude")), Number(row("longitude"))));

    public ServiceCentre ServiceCentre(string code)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(PathOf($"montreal/territoire_css_{code}.geojson")));
        var feature = json.RootElement.GetProperty("features")[0];
        var territory = GeoJsonGeometry(feature.GetProperty("geometry"));
        return new ServiceCentre
        {
            Id = StableId.From("css", code),
            Code = code,
            Name = feature.GetProperty("properties").GetProperty("nom").GetString()!,
            Territory = territory,
        };
    }

    /// <summary>
    /// The pilot's public primary schools: deprivation deciles and enrolment from the ministry's CSV,
    /// joined on the ministry code to the school's address and coordinates.
    /// </summary>
    public IReadOnlyList<School> PilotSchools()
    {
        // A school may have several buildings: take its main building (at the school's address), teaching primary.
        var places = PilotServiceCentreCodes.SelectMany(SchoolPoints)
            .OrderByDescending(p => p.IsMainBuilding).ThenByDescending(p => p.TeachesPrimary)
            .DistinctBy(p => p.Code).ToDictionary(p => p.Code);
        return ReadCsv("montreal/defavorisation_ecoles_primaires_montreal_2025-2026.csv", (row, _) =>
        {
            var code = row("Code_Org");
            var point = places.TryGetValue(code, out var p) ? p
                : throw new InvalidDataException($"School {code} has no coordinates in the school files.");
            var published = row("Diffusion") == "OUI";
            return new School
            {
                Id = StableId.From("school", code),
                Code = code,
                Name = point.Name,
                Address = point.Address,
                City = point.City,
                PostalCode = point.PostalCode,
                Latitude = point.Latitude,
                Longitude = point.Longitude,
                Level = SchoolLevel.Primary,
                Enrolment = published ? int.Parse(row("Nbre_Eleves"), CultureInfo.InvariantCulture) : null,
                ImseDecile = published ? int.Parse(row("Rang_Decile_IMSE"), CultureInfo.InvariantCulture) : null,
                SfrDecile = published ? int.Parse(row("Rang_Decile_SFR"), CultureInfo.InvariantCulture) : null,
                ServiceCentreId = StableId.From("css", row("Code_Cs")),
            };
        });
    }

    // The NTS GeoJSON package is not available here; territories are only ever Polygon or MultiPolygon.
    static Geometry GeoJsonGeometry(JsonElement geometry)
    {
        Polygon Polygon(JsonElement rings)
        {
            var linear = rings.EnumerateArray().Select(ring => Geometries.Factory.CreateLinearRing(
                ring.EnumerateArray().Select(p => new Coordinate(p[0].GetDouble(), p[1].GetDouble())).ToArray())).ToArray();
            return Geometries.Factory.CreatePolygon(linear[0], linear[1..]);
        }

        var coordinates = geometry.GetProperty("coordinates");
        return geometry.GetProperty("type").GetString() switch
        {
            "Polygon" => Polygon(coordinates),
            "MultiPolygon" => Geometries.Factory.CreateMultiPolygon(coordinates.EnumerateArray().Select(Polygon).ToArray()),
            var other => throw new InvalidDataException($"Unsupported territory geometry {other}."),
        };
    }

    sealed record SchoolPoint(string Code, string Name, string Address, string City, string PostalCode, double Latitude, double Longitude,
        bool IsMainBuilding, bool TeachesPrimary);

    IEnumerable<SchoolPoint> SchoolPoints(string serviceCentreCode)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(PathOf($"montreal/ecoles_css_{serviceCentreCode}.geojson")));
        var points = new List<SchoolPoint>();
        foreach (var feature in json.RootElement.GetProperty("features").EnumerateArray())
        {
            var raw = feature.GetProperty("properties").GetProperty("originales");
            var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
            var postalCode = raw.GetProperty("CD_POSTL_GDUNO_ORGNS").GetString() ?? "";
            points.Add(new SchoolPoint(
                raw.GetProperty("CD_ORGNS").GetString()!,
                raw.GetProperty("NOM_OFFCL_ORGNS").GetString()!,
                raw.GetProperty("ADRS_GEO_L1_GDUNO_ORGNS").GetString()?.Trim() ?? "",
                raw.GetProperty("NOM_MUNCP_GDUNO_ORGNS").GetString() ?? "",
                postalCode.Length == 6 ? $"{postalCode[..3]} {postalCode[3..]}" : postalCode,
                coordinates[1].GetDouble(),
                coordinates[0].GetDouble(),
                raw.GetProperty("ADRS_GEO_L1_GDUNO_IMM").GetString() == raw.GetProperty("ADRS_GEO_L1_GDUNO_ORGNS").GetString(),
                raw.GetProperty("PRIM").GetInt32() == 1));
        }
        return points;
    }

    IReadOnlyList<T> ReadCsv<T>(string relativePath, Func<Func<string, string>, int, T> map)
    {
        using var reader = new StreamReader(PathOf(relativePath));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var rows = new List<T>();
        while (csv.Read())
            rows.Add(map(name => csv.GetField(name) ?? "", rows.Count));
        return rows;
    }

    string PathOf(string relativePath) => Path.Combine(Folder, relativePath);

    static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
