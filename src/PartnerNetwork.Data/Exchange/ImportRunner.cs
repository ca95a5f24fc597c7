using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data.Exchange.Hsds;
using PartnerNetwork.Data.Exchange.Spreadsheet;
using PartnerNetwork.Data;

namespace PartnerNetwork.Data.Exchange;

/// <summary>Runs an uploaded file against the directory, within the uploader's territory, whatever its format.</summary>
public static class ImportRunner
{
    /// <summary>
    /// The format is told by the content, not the file name: a zip is an HSDS data package (or an Excel workbook when it
    /// holds one), JSON is HSDS JSON, anything else the CSV spreadsheet.
    /// </summary>
    public static async Task<ImportOutcome> RunAsync(PartnerNetworkDb db, ImportBatch batch, bool dryRun, TimeProvider clock,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default, long maxExpandedBytes = ImportLimits.MaxExpandedBytes,
        int maxRows = ImportLimits.MaxRows)
    {
        // Admins (and the command line, unless given a CSS) reach everything; CSS staff what the reach says is theirs.
        var reach = batch.ServiceCentreId is { } centre
            ? ImportReach.Within(await db.ServiceCentres.Where(c => c.Id == centre).Select(c => c.Territory).SingleOrDefaultAsync(cancel))
            : ImportReach.Everything;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = QuebecTime.DateOf(now);
        var problems = new List<ImportProblem>();
        var format = ImportFormats.Of(batch.Content);
        switch (format)
        {
            case ImportFormat.DataPackage:
                return await HsdsImport.RunAsync(db, HsdsTables.ReadPackage(new MemoryStream(batch.Content), problems, maxExpandedBytes, maxRows), problems, now, reach, dryRun, cancel, progress);
            case ImportFormat.Json:
                return await HsdsImport.RunAsync(db, HsdsTables.ReadJson(batch.Content, problems, maxRows), problems, now, reach, dryRun, cancel, progress);
            default:
                string? refusal = null;
                var text = format == ImportFormat.Workbook ? Xlsx.ToCsv(batch.Content, out refusal, maxExpandedBytes) : batch.Content;
                if (text is null) return new ImportOutcome(0, 0, 0, 0, [new(0, "", "", refusal ?? "Import.BadWorkbook")]);
                var (rows, spreadsheetProblems) = SpreadsheetFormat.Read(text, await db.NeedCategories.AsNoTracking().ToListAsync(cancel));
                return await SpreadsheetImport.RunAsync(db, rows, spreadsheetProblems, today, reach, dryRun, cancel, progress);
        }
    }

}
