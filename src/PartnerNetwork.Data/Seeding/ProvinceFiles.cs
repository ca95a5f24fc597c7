using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using NetTopologySuite.Geometries;
using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Data.Seeding;

/// <summary>One building of a school as the ministry's school file gives it (a point of <c>ecoles.geojson</c>).</summary>
public sealed record SchoolBuilding(string Code, string Building, string ServiceCentreCode, string Name, string BuildingName,
    string Address, string City, string PostalCode, string BuildingAddress, string BuildingCity, string BuildingPostalCode,
    double Latitude, double Longitude, SchoolLevels Levels)
{
    /// <summary>The building at the school's own address: the school's position.</summary>
    public bool AtSchoolAddress => BuildingAddress == Address;
}

/// <summary>One row of the ministry's deprivation file for public primary schools (<c>Diffusion</c> NON: no index, no enrolment).</summary>
public sealed record DeprivationRow(string ServiceCentreCode, string Code, string Name, int? ImseDecile, int? SfrDecile, int? Enrolment);

/// <summary>
/// Reads the whole-province reference data under seed/quebec (made by tools/quebec-seed.py; see its SOURCE.md): the 72
/// CSS and school boards with their territories, every school building, the ministry's deprivation file; and joins
/// them into one school per ministry code.
/// </summary>
public sealed class ProvinceFiles(string folder)
{
    public const string SchoolFileName = "schools.csv";
    public const string DeprivationFileName = "defavorisation_ecoles_primaires_2025-2026.csv";

    /// <summary>A CSS whose territory is this small is urban to start with; its staff change it.</summary>
    public const double UrbanAreaKm2 = 1_500;

    public static ProvinceFiles Default { get; } = new(Path.Combine(AppContext.BaseDirectory, "seed", "quebec"));

    public string Folder { get; } = folder;

    public string SchoolFile => Path.Combine(Folder, SchoolFileName);

    public string DeprivationFile => Path.Combine(Folder, DeprivationFileName);

    public IReadOnlyList<ServiceCentre> ServiceCentres()
    {
        var territories = Territories();
        return ReadCsv(Path.Combine(Folder, "service_centres.csv"), row => new ServiceCentre
        {
            Id = StableId.From("css", row("code")),
            Code = row("code"),
            Name = row("name"),
            Kind = Enum.Parse<ServiceCentreKind>(row("type")),
            Profile = double.Parse(row("area_km2"), CultureInfo.InvariantCulture) <= UrbanAreaKm2 ? CoverageProfile.Urban : CoverageProfile.Rural,
            Territory = territories[row("code")],
        });
    }

    public string[] ServiceCentreCodes() => ReadCsv(Path.Combine(Folder, "service_centres.csv"), row => row("code")).ToArray();

    public IReadOnlyList<School> Schools() => Join(Buildings(SchoolFile), Deprivation(DeprivationFile));

    /// <summary>
    /// The school file: the compact CSV of tools/quebec-seed.py, or the ministry's GeoJSON (its fields at the top of
    /// each feature's properties, or under <c>originales</c> as in qc-territoire-education).
    /// </summary>
    public static IReadOnlyList<SchoolBuilding> Buildings(string path) =>
        Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? BuildingsFromCsv(path) : BuildingsFromGeoJson(path);

    public static IReadOnlyList<DeprivationRow> Deprivation(string path) => ReadCsv(path, row =>
    {
        var published = row("Diffusion") == "OUI";
        return new DeprivationRow(row("Code_Cs"), row("Code_Org"), NameWithoutCode(row("Nom_Org")),
            published ? Whole(row("Rang_Decile_IMSE")) : null, published ? Whole(row("Rang_Decile_SFR")) : null,
            published ? Whole(row("Nbre_Eleves")) : null);
    });

    /// <summary>
    /// One school per ministry code: its buildings as sites, the main one (at the school's address, then teaching
    /// primary, then the file's order) as its position, what it teaches as the union of its buildings'; a primary
    /// school of the deprivation file gets its deciles and enrolment, and stays without a position when the school
    /// file has no point for it. Nothing is invented: what a file does not say stays null.
    /// </summary>
    public static IReadOnlyList<School> Join(IReadOnlyList<SchoolBuilding> buildings, IReadOnlyList<DeprivationRow> deprivation)
    {
        var byCode = deprivation.ToDictionary(r => r.Code);
        var schools = new List<School>();
        foreach (var group in buildings.GroupBy(b => b.Code))
        {
            var main = group.OrderByDescending(b => b.AtSchoolAddress).ThenByDescending(b => b.Levels.HasFlag(SchoolLevels.Primary)).First();
            var id = StableId.From("school", group.Key);
            var school = new School
            {
                Id = id,
                Code = group.Key,
                Name = main.Name,
                Address = main.Address,
                City = main.City,
                PostalCode = PostalCode(main.PostalCode),
                Latitude = main.Latitude,
                Longitude = main.Longitude,
                Levels = group.Aggregate(SchoolLevels.None, (levels, b) => levels | b.Levels),
                ServiceCentreId = StableId.From("css", main.ServiceCentreCode),
                Sites = group.DistinctBy(b => b.Building).Select(b => new SchoolSite
                {
                    Id = StableId.From("school-site", $"{b.Code}/{b.Building}"), SchoolId = id, BuildingCode = b.Building,
                    Name = b.BuildingName, Address = b.BuildingAddress, City = b.BuildingCity, PostalCode = PostalCode(b.BuildingPostalCode),
                    Latitude = b.Latitude, Longitude = b.Longitude, Levels = b.Levels, IsMain = b == main,
                }).ToList(),
            };
            if (byCode.TryGetValue(group.Key, out var row))
                Apply(school, row);
            schools.Add(school);
        }
        var positioned = schools.Select(s => s.Code).ToHashSet();
        foreach (var row in deprivation.Where(r => !positioned.Contains(r.Code)))
        {
            var school = new School
            {
                Id = StableId.From("school", row.Code), Code = row.Code, Name = row.Name,
                Levels = SchoolLevels.Primary, ServiceCentreId = StableId.From("css", row.ServiceCentreCode),
            };
            Apply(school, row);
            schools.Add(school);
        }
        return schools;

        static void Apply(School school, DeprivationRow row)
        {
            school.Levels |= SchoolLevels.Primary;
            (school.ImseDecile, school.SfrDecile, school.Enrolment) = (row.ImseDecile, row.SfrDecile, row.Enrolment);
        }
    }

    Dictionary<string, Geometry> Territories()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "territories.geojson")));
        return json.RootElement.GetProperty("features").EnumerateArray().ToDictionary(
            f => f.GetProperty("properties").GetProperty("code").GetString()!,
            f => GeoJsonGeometry(f.GetProperty("geometry")));
    }

    // Read as they are: tools/quebec-seed.py writes them valid (closed, oriented, no ring crossing or touching), and
    // ProvinceSeedTests checks every one, so first start spends nothing on validating or repairing them.

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

    static IReadOnlyList<SchoolBuilding> BuildingsFromCsv(string path) => ReadCsv(path, row => new SchoolBuilding(
        row("code"), row("building"), row("css"), row("name"), row("building_name"), row("address"), row("city"), row("postal_code"),
        row("building_address"), row("building_city"), row("building_postal_code"),
        double.Parse(row("latitude"), CultureInfo.InvariantCulture), double.Parse(row("longitude"), CultureInfo.InvariantCulture),
        Levels(row("preschool"), row("primary"), row("secondary"), row("vocational"), row("adult"))));

    static IReadOnlyList<SchoolBuilding> BuildingsFromGeoJson(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        var buildings = new List<SchoolBuilding>();
        foreach (var feature in json.RootElement.GetProperty("features").EnumerateArray())
        {
            var properties = feature.GetProperty("properties");
            var raw = properties.TryGetProperty("originales", out var originals) ? originals : properties;
            string Text(string name) => raw.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : "";
            string Flag(string name) => raw.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32().ToString(CultureInfo.InvariantCulture) : "0";
            var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
            buildings.Add(new SchoolBuilding(Text("CD_ORGNS"), Text("CD_IMM"), Text("CD_CS"), Text("NOM_OFFCL_ORGNS"), Text("NOM_IMM"),
                Text("ADRS_GEO_L1_GDUNO_ORGNS"), Text("NOM_MUNCP_GDUNO_ORGNS"), Text("CD_POSTL_GDUNO_ORGNS"),
                Text("ADRS_GEO_L1_GDUNO_IMM"), Text("NOM_MUNCP_GDUNO_IMM"), Text("CD_POSTL_GDUNO_IMM"),
                Math.Round(coordinates[1].GetDouble(), 6), Math.Round(coordinates[0].GetDouble(), 6),
                Levels(Flag("PRESC"), Flag("PRIM"), Flag("SEC"), Flag("FORM_PRO"), Flag("ADULTE"))));
        }
        return buildings;
    }

    static SchoolLevels Levels(string preschool, string primary, string secondary, string vocational, string adult) =>
        (preschool == "1" ? SchoolLevels.Preschool : 0) | (primary == "1" ? SchoolLevels.Primary : 0) |
        (secondary == "1" ? SchoolLevels.Secondary : 0) | (vocational == "1" ? SchoolLevels.Vocational : 0) |
        (adult == "1" ? SchoolLevels.Adult : 0);

    // "École Lac-au-Saumon (711002)" and, for six rows upstream, "École … (721059) 2024".
    static string NameWithoutCode(string name) => name.LastIndexOf(" (", StringComparison.Ordinal) is > 0 and var at ? name[..at].Trim() : name.Trim();

    static string PostalCode(string code) => code.Length == 6 ? $"{code[..3]} {code[3..]}" : code;

    static int Whole(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    static List<T> ReadCsv<T>(string path, Func<Func<string, string>, T> map)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var rows = new List<T>();
        while (csv.Read())
            rows.Add(map(name => csv.GetField(name) ?? ""));
        return rows;
    }
}
