using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Data.Exchange;

namespace PartnerNetwork.Web.Operations.CommandLine;

/// <summary>
/// `dotnet run --project src/PartnerNetwork.Web -- refresh-schools [--schools FILE] [--deprivation FILE] [--report CHANGES.csv] [--apply]`:
/// the yearly refresh from the ministry's newer files. Prints (and writes as CSV) the new, closed and moved schools and
/// the changed deciles; a dry run unless --apply is given, then applied in one transaction. A file not given is the
/// one in seed/quebec.
/// </summary>
public sealed class RefreshSchoolsCommand : AppCommand
{
    public static readonly string[] ReportHeader = ["change", "school_code", "school_name", "before", "after"];

    readonly Option<FileInfo> schools = new Option<FileInfo>("--schools")
    {
        Description = "The ministry's newer school file: GeoJSON of school buildings (MEQ fields) or the CSV of tools/quebec-seed.py.", HelpName = "FILE",
    }.AcceptExistingOnly();
    readonly Option<FileInfo> deprivation = new Option<FileInfo>("--deprivation")
    {
        Description = "The ministry's newer deprivation file for public primary schools (defav_ecole_prim_public.csv).", HelpName = "FILE",
    }.AcceptExistingOnly();
    readonly Option<string> report = new("--report")
    {
        Description = "Where to write the changes as CSV.", HelpName = "CHANGES.csv", DefaultValueFactory = _ => "school-changes.csv",
    };
    readonly Option<bool> apply = new("--apply") { Description = "Apply the changes in one transaction (without it, a dry run: nothing changes)." };

    public RefreshSchoolsCommand() : base("refresh-schools", "Compare the schools with the ministry's newer school and deprivation files, report the changes, and with --apply apply them.")
    {
        Options.Add(schools);
        Options.Add(deprivation);
        Options.Add(report);
        Options.Add(apply);
    }

    public override async Task<int> RunAsync(IServiceProvider services, ParseResult parsed)
    {
        var province = ProvinceFiles.Default;
        var schoolFile = parsed.GetValue(schools)?.FullName ?? province.SchoolFile;
        var deprivationFile = parsed.GetValue(deprivation)?.FullName ?? province.DeprivationFile;
        var incoming = ProvinceFiles.Join(ProvinceFiles.Buildings(schoolFile), ProvinceFiles.Deprivation(deprivationFile));

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        await db.Database.MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<Seeder>().SeedReferenceAsync(SeedFiles.Default);
        if ((await ProvinceRefresh.UnknownCentresAsync(db, incoming)).Count is > 0 and var unknown)
        {
            Console.Error.WriteLine($"refresh-schools: {unknown} CSS of the files are not in the database: nothing was changed.");
            return 1;
        }

        var changes = await ProvinceRefresh.CompareAsync(db, incoming);
        Console.WriteLine($"{Path.GetFileName(schoolFile)} and {Path.GetFileName(deprivationFile)}: {changes.Count:N0} change(s) to {changes.Select(c => c.Code).Distinct().Count():N0} school(s).");
        foreach (var group in changes.GroupBy(c => c.Kind).OrderBy(g => g.Key))
            Console.WriteLine($"  {group.Key}: {group.Count():N0}");
        foreach (var change in changes)
            Console.WriteLine($"  {change.Kind,-10} {change.Code} {change.Name}: {change.Before ?? "—"} → {change.After ?? "—"}");
        var path = parsed.GetValue(report)!;
        await File.WriteAllBytesAsync(path, CsvFile.Write(ReportHeader, changes.Select(c => new object?[] { c.Kind.ToString(), c.Code, c.Name, c.Before, c.After })));
        Console.WriteLine($"Report: {path}");
        if (!parsed.GetValue(apply))
        {
            Console.WriteLine("Nothing was changed. Run again with --apply to apply these changes in one transaction.");
            return 0;
        }
        await ProvinceRefresh.ApplyAsync(db, incoming, changes, QuebecTime.Today(clock));
        Console.WriteLine($"Applied {changes.Count:N0} change(s).");
        return 0;
    }
}
