using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;

namespace PartnerNetwork.Web.Operations.CommandLine;

/// <summary>
/// `dotnet run --project src/PartnerNetwork.Web -- import FILE [--apply] [--css CODE] [--report REPORT.csv] [--culture en-CA]`:
/// the import page's work for files past its 20 MB upload limit, such as a whole province's directory as an HSDS data
/// package. Same formats, checks and report, with the administrator's reach, or a CSS's (--css, its code) when importing
/// on its behalf; a dry run unless --apply is given.
/// </summary>
public sealed class ImportCommand : AppCommand
{
    /// <summary>An operator on the server imports what an upload may not: the expanded-size guard is ten times wider.</summary>
    public const long MaxExpandedBytes = ImportLimits.MaxExpandedBytes * 10;

    /// <summary>Likewise the rows of one table: a whole province's package holds about a million attribute rows.</summary>
    public const int MaxRows = ImportLimits.MaxRows * 10;

    readonly Argument<FileInfo> file = new Argument<FileInfo>("FILE")
    {
        Description = "A spreadsheet (.xlsx, .csv) or an HSDS data package (.zip) or HSDS JSON.",
    }.AcceptExistingOnly();
    readonly Option<bool> apply = new("--apply") { Description = "Apply the valid records in one transaction (without it, a dry run: nothing changes)." };
    readonly Option<string?> css = new("--css") { Description = "Import with this CSS's reach (its code) instead of an administrator's.", HelpName = "CODE" };
    readonly Option<string?> report = new("--report") { Description = "Write every problem found to this CSV file.", HelpName = "REPORT.csv" };
    readonly Option<string> culture = new Option<string>("--culture")
    {
        Description = "The language of the problems reported.", DefaultValueFactory = _ => "fr-CA",
    }.AcceptOnlyFromAmong("fr-CA", "en-CA", "fr", "en");

    public ImportCommand() : base("import", "Check, then with --apply import, a directory file past the upload limit, with an administrator's (or a CSS's) reach.")
    {
        Arguments.Add(file);
        Options.Add(apply);
        Options.Add(css);
        Options.Add(report);
        Options.Add(culture);
    }

    /// <summary>The command as the command line runs it, from its own arguments (without "import"): for tests and scripts.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var command = new ImportCommand();
        var parsed = command.Parse(args, Parser);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"import: {OneLine(parsed.Errors[0].Message)}");
            return UsageError;
        }
        return await command.RunReportingAsync(services, parsed, Console.Error);
    }

    public override async Task<int> RunAsync(IServiceProvider services, ParseResult parsed)
    {
        var path = parsed.GetValue(file)!.FullName;
        var apply = parsed.GetValue(this.apply);
        CultureInfo.CurrentUICulture = new CultureInfo(parsed.GetValue(culture) is "en-CA" or "en" ? "en-CA" : "fr-CA");

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var L = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        // A new database gets its schema and our taxonomy first: the records' needs are matched against it.
        await db.Database.MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<Seeder>().SeedReferenceAsync(SeedFiles.Default);
        Guid? centre = null;
        if (parsed.GetValue(css) is { } code)
        {
            centre = await db.ServiceCentres.Where(c => c.Code == code).Select(c => (Guid?)c.Id).SingleOrDefaultAsync();
            if (centre is null)
            {
                Console.Error.WriteLine($"import: no CSS with the code {code}.");
                return UsageError;
            }
        }
        var batch = ImportBatch.Upload(createdById: Guid.Empty, centre, path, await File.ReadAllBytesAsync(path), clock.GetUtcNow().UtcDateTime);

        var timer = Stopwatch.StartNew();
        var outcome = await ImportRunner.RunAsync(db, batch, dryRun: !apply, clock, maxExpandedBytes: MaxExpandedBytes, maxRows: MaxRows);
        Console.WriteLine($"{batch.FileName} ({ImportFormats.Of(batch.Content)}), {(apply ? "applied" : "checked")} in {timer.Elapsed.TotalSeconds:N1} s: " +
            $"{outcome.Created:N0} {(apply ? "created" : "to create")}, {outcome.Updated:N0} {(apply ? "updated" : "to update")}, " +
            $"{outcome.Unchanged:N0} unchanged, {outcome.Rejected:N0} rejected; {ImportReport.WithWarnings(outcome.Problems):N0} record(s) with warnings.");
        // Grouped by problem, as on the page (refusals first): the count and the first few places, the whole list in --report.
        foreach (var group in outcome.Problems.GroupBy(p => (p.Warning, p.MessageKey)).OrderBy(g => g.Key.Warning).ThenByDescending(g => g.Count()))
        {
            Console.WriteLine($"  {(group.Key.Warning ? "warning: " : "")}{L[group.Key.MessageKey]} — {group.Count():N0}");
            foreach (var problem in group.Take(5))
                Console.WriteLine($"    {(problem.Line == 0 ? "" : $"#{problem.Line} ")}{problem.Column} {problem.Value}".TrimEnd());
        }
        if (parsed.GetValue(this.report) is { } report)
        {
            await File.WriteAllBytesAsync(report, CsvFile.Write(ImportReport.Header, ImportReport.Rows(outcome.Problems, L)));
            Console.WriteLine($"Report: {report}");
        }
        var refused = outcome.Problems.Any(p => p.Line == 0);
        if (!apply && !refused) Console.WriteLine("Nothing was changed. Run again with --apply to apply the valid records in one transaction.");
        return refused ? 1 : 0;
    }
}
