using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NetTopologySuite.Geometries;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Data.Exchange.Hsds;
using PartnerNetwork.Data.Exchange.Spreadsheet;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Exchange;

/// <summary>
/// Bringing a list of partners in and taking the directory out: the spreadsheet template (French or English headers),
/// the export (the whole directory for admins, the CSS's territory for its staff) and the upload, which is first checked
/// (nothing changes) and shown as a report to confirm.
/// </summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public List<ImportBatch> Recent { get; private set; } = [];
    public string? ScopeName { get; private set; }

    public async Task OnGetAsync()
    {
        var actor = await current.GetAsync();
        ScopeName = actor.IsAdmin ? null : await db.ServiceCentres.Where(c => c.Id == actor.ServiceCentreId).Select(c => c.Name).SingleOrDefaultAsync();
        Recent = await db.ImportBatches.AsNoTracking().Where(b => b.CreatedById == actor.UserId).OrderByDescending(b => b.CreatedAt).Take(10).ToListAsync();
    }

    public IActionResult OnGetTemplate(bool english, string? format) =>
        Spreadsheet(english ? "directory-template" : "modele-repertoire", format, SpreadsheetExport.Header(english), [SpreadsheetExport.Example(english)]);

    /// <summary>The spreadsheet as CSV, or as an Excel workbook when asked (format=xlsx).</summary>
    FileContentResult Spreadsheet(string name, string? format, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows) =>
        format == "xlsx"
            ? File(Xlsx.Write(header, rows), Xlsx.ContentType, name + ".xlsx")
            : CsvFile.Result(name + ".csv", header, rows);

    /// <summary>The directory as the spreadsheet: one row per service at a location, remote services without an address.</summary>
    public async Task<IActionResult> OnGetExportAsync(bool english, string? format)
    {
        if (await ExportScopeAsync() is not (true, var territory)) return NotFound();
        return Spreadsheet(english ? "directory" : "repertoire", format, SpreadsheetExport.Header(english), await SpreadsheetExport.RowsAsync(db, territory, english));
    }

    /// <summary>What the user may export: the whole directory (admins, no territory) or their CSS's territory; not found without one.</summary>
    async Task<(bool Found, Geometry? Territory)> ExportScopeAsync(CancellationToken cancel = default)
    {
        if (!Scopes.MayExchange(await current.GetAsync(), out var centre)) return (false, null);
        if (centre is null) return (true, null);
        var territory = await db.ServiceCentres.Where(c => c.Id == centre).Select(c => c.Territory).SingleOrDefaultAsync(cancel);
        return (territory is not null, territory);
    }

    /// <summary>The directory (or the CSS's territory) as an Open Referral HSDS 3.0 tabular data package.</summary>
    public async Task<IActionResult> OnGetPackageAsync(CancellationToken cancel)
    {
        if (await ExportScopeAsync(cancel) is not (true, var territory)) return NotFound();
        // Built in a temporary file (deleted once sent): the whole directory's package is larger than memory should hold.
        var package = HsdsPackageWriter.TemporaryFile();
        try
        {
            await HsdsExport.WritePackageAsync(db, territory, package, cancel);
        }
        catch
        {
            await package.DisposeAsync();
            throw;
        }
        package.Position = 0;
        return File(package, "application/zip", "repertoire-hsds.zip");
    }

    /// <summary>Checks an uploaded file (a dry run: nothing changes) and shows its report.</summary>
    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file)
    {
        var actor = await current.GetAsync();
        // Imported within the uploader's territory: the batch keeps the CSS, and ImportReach checks every record against it.
        if (!Scopes.MayExchange(actor, out var centre)) return NotFound();
        if (file is null || file.Length == 0)
        {
            StatusMessage = L["Import.ChooseFile"];
            return RedirectToPage();
        }
        if (file.Length > SpreadsheetFormat.MaxBytes)
        {
            StatusMessage = L["Import.TooLarge"];
            return RedirectToPage();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        var batch = ImportBatch.Upload(actor.UserId, centre, file.FileName, buffer.ToArray(), clock.GetUtcNow().UtcDateTime);
        // A small file is checked now; a big one in the background, with progress on its page.
        if (!batch.Background) batch.Record(await ImportRunner.RunAsync(db, batch, dryRun: true, clock));
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync();
        return RedirectToPage("/Exchange/Import", new { id = batch.Id });
    }
}
