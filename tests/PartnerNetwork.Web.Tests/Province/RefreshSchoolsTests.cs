using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Operations.CommandLine;

namespace PartnerNetwork.Web.Tests.Province;

/// <summary>The yearly refresh on modified copies of the ministry's files reports exactly the changes made, and applies only them.</summary>
[Trait("Database", "Both")]
public class RefreshSchoolsTests(AppFactory app) : IClassFixture<AppFactory>, IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("pn-refresh-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_modified_copy_reports_exactly_the_changes_made_and_applies_them_only_with_apply()
    {
        var (schools, deprivation) = (Read(ProvinceFiles.Default.SchoolFile), Read(ProvinceFiles.Default.DeprivationFile));
        var primaryCodes = deprivation.Rows.Select(r => r[deprivation.Column("Code_Org")]).ToHashSet();
        var code = schools.Column("code");
        // Closed: a school the deprivation file does not list either (else it would stay, without a position).
        var closed = schools.Rows.Select(r => r[code]).First(c => !primaryCodes.Contains(c) && c.StartsWith("712", StringComparison.Ordinal));
        schools.Rows.RemoveAll(r => r[code] == closed);
        // Moved: about 1.1 km north, every building of it.
        var moved = schools.Rows.Select(r => r[code]).First(c => c.StartsWith("851", StringComparison.Ordinal));
        foreach (var row in schools.Rows.Where(r => r[code] == moved))
            row[schools.Column("latitude")] = (double.Parse(row[schools.Column("latitude")], CultureInfo.InvariantCulture) + 0.01).ToString(CultureInfo.InvariantCulture);
        // New: a secondary school opened since.
        var opened = schools.Rows.First(r => r[schools.Column("css")] == "711000").ToArray();
        (opened[code], opened[schools.Column("building")], opened[schools.Column("name")]) = ("711998", "711998", "École secondaire Nouvelle");
        foreach (var (level, flag) in new[] { ("preschool", "0"), ("primary", "0"), ("secondary", "1"), ("vocational", "0"), ("adult", "0") })
            opened[schools.Column(level)] = flag;
        schools.Rows.Add(opened);
        // Deciles: one IMSE rank and one SFR rank changed, on published rows.
        var published = deprivation.Rows.Where(r => r[deprivation.Column("Diffusion")] == "OUI").ToList();
        var (imseRow, sfrRow) = (published[10], published[20]);
        var imseBefore = imseRow[deprivation.Column("Rang_Decile_IMSE")];
        imseRow[deprivation.Column("Rang_Decile_IMSE")] = imseBefore == "10" ? "9" : "10";
        var sfrBefore = sfrRow[deprivation.Column("Rang_Decile_SFR")];
        sfrRow[deprivation.Column("Rang_Decile_SFR")] = sfrBefore == "1" ? "2" : "1";
        var (schoolFile, deprivationFile, report) = (Write("schools.csv", schools), Write("defavorisation.csv", deprivation), Path.Combine(folder, "changes.csv"));

        string[] args = ["--schools", schoolFile, "--deprivation", deprivationFile, "--report", report];
        Assert.Equal(0, await RunAsync(args));
        string[] expected =
        [
            $"Closed,{closed}", $"ImseDecile,{imseRow[deprivation.Column("Code_Org")]},{imseBefore},{imseRow[deprivation.Column("Rang_Decile_IMSE")]}",
            $"Moved,{moved}", "New,711998", $"SfrDecile,{sfrRow[deprivation.Column("Code_Org")]},{sfrBefore},{sfrRow[deprivation.Column("Rang_Decile_SFR")]}",
        ];
        Assert.Equal(expected, Summary(report));
        // A dry run changed nothing.
        Assert.False(app.With(db => db.Schools.Any(s => s.Code == "711998" || s.ClosedOn != null)));

        Assert.Equal(0, await RunAsync([.. args, "--apply"]));
        var after = app.With(db => db.Schools.AsNoTracking().Include(s => s.Sites).Where(s => new[] { closed, moved, "711998" }.Contains(s.Code)).ToDictionary(s => s.Code));
        Assert.NotNull(after[closed].ClosedOn);
        Assert.Equal(SchoolLevels.Secondary, after["711998"].Levels);
        Assert.Null(after["711998"].ImseDecile);
        var movedRow = schools.Rows.First(r => r[code] == moved);
        Assert.Equal(double.Parse(movedRow[schools.Column("latitude")], CultureInfo.InvariantCulture), after[moved].Latitude!.Value, 6);
        Assert.Equal(int.Parse(imseRow[deprivation.Column("Rang_Decile_IMSE")], CultureInfo.InvariantCulture),
            app.With(db => db.Schools.Single(s => s.Code == imseRow[deprivation.Column("Code_Org")]).ImseDecile));
        // Applied whole: the same files now find nothing to change.
        Assert.Equal(0, await RunAsync(args));
        Assert.Empty(Summary(report));
    }

    async Task<int> RunAsync(string[] args)
    {
        var command = new RefreshSchoolsCommand();
        var parsed = command.Parse(args, AppCommand.Parser);
        Assert.Empty(parsed.Errors);
        return await command.RunReportingAsync(app.Services, parsed, Console.Error);
    }

    /// <summary>The report as "change,code[,before,after]" lines, sorted; before and after only for deciles.</summary>
    static List<string> Summary(string report)
    {
        var table = Read(report);
        return table.Rows.Select(r => r[0] is "ImseDecile" or "SfrDecile" ? $"{r[0]},{r[1]},{r[3]},{r[4]}" : $"{r[0]},{r[1]}").Order(StringComparer.Ordinal).ToList();
    }

    sealed record Table(string[] Header, List<string[]> Rows)
    {
        public int Column(string name) => Array.IndexOf(Header, name) is >= 0 and var i ? i : throw new KeyNotFoundException(name);
    }

    static Table Read(string path)
    {
        using var csv = new CsvReader(new StreamReader(path), new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = false });
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var rows = new List<string[]>();
        while (csv.Read())
            rows.Add(Enumerable.Range(0, header.Length).Select(i => csv.GetField(i) ?? "").ToArray());
        return new Table(header, rows);
    }

    string Write(string name, Table table)
    {
        var path = Path.Combine(folder, name);
        using var csv = new CsvWriter(new StreamWriter(path), CultureInfo.InvariantCulture);
        foreach (var cell in table.Header) csv.WriteField(cell);
        csv.NextRecord();
        foreach (var row in table.Rows)
        {
            foreach (var cell in row) csv.WriteField(cell);
            csv.NextRecord();
        }
        return path;
    }
}
