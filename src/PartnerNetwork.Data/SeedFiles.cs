using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using PartnerNetwork.Core.Catalogue;

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

    /// <summary>The Montréal demo's three CSS (their schools are in the province data, seed/quebec).</summary>
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
