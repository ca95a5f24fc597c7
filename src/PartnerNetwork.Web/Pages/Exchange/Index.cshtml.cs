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
        Spreadsheet(english ? "directory-template" : "modele-repertoire", format,
            SpreadsheetFormat.Columns.Select(c => english ? c.English : c.French).ToList(),
            [SpreadsheetFormat.Columns.Select(c => (object?)Example(c.Key, english)).ToList()]);

    /// <summary>The spreadsheet as CSV, or as an Excel workbook when asked (format=xlsx).</summary>
    FileContentResult Spreadsheet(string name, string? format, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows) =>
        format == "xlsx"
            ? File(Xlsx.Write(header, rows), Xlsx.ContentType, name + ".xlsx")
            : CsvFile.Result(name + ".csv", header, rows);

    static string Example(string key, bool english) => key switch
    {
        "organization" => "Cuisine collective du Quartier",
        "organization_email" => "info@exemple.org",
        "organization_phone" => "514-555-0123",
        "service" => english ? "Community kitchen" : "Cuisine collective",
        "description" => english ? "Cook together and take meals home." : "Cuisiner ensemble et repartir avec des repas.",
        "needs" => "food-security",
        "languages" => "fr;es",
        "cost" => english ? "free" : "gratuit",
        "accepts_referrals" => english ? "yes" : "oui",
        "location_name" => english ? "Community centre" : "Centre communautaire",
        "address" => "1234 rue Exemple",
        "city" => "Montréal",
        "postal_code" => "H2X 1Y4",
        "latitude" => "45.5088",
        "longitude" => "-73.5617",
        "hours" => english ? "tue 18:00-21:00; sat 09:00-12:00" : "mar 18:00-21:00; sam 09:00-12:00",
        _ => "",
    };

    /// <summary>The directory as the spreadsheet: one row per service at a location, remote services without an address.</summary>
    public async Task<IActionResult> OnGetExportAsync(bool english, string? format)
    {
        if (await ExportScopeAsync() is not (true, var territory)) return NotFound();
        var needs = await db.NeedCategories.AsNoTracking().ToDictionaryAsync(n => n.Id, n => n.Code);
        var services = await db.Services.AsNoTracking().AsSplitQuery()
            .Where(s => s.Status == ServiceStatus.Active && s.Organization!.IsActive)
            .Include(s => s.Organization).Include(s => s.Categories).Include(s => s.Schedules).Include(s => s.ServiceAtLocations).ThenInclude(l => l.Location)
            .OrderBy(s => s.Organization!.Name).ThenBy(s => s.Name).ToListAsync();
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var s in services)
        {
            var hours = SpreadsheetFormat.HoursText(s.Schedules.Select(h => new WeeklyOpening(h.ByDay, h.OpensAt, h.ClosesAt)), english);
            var sites = s.ServiceAtLocations.Select(l => l.Location).ToList();
            if (territory is not null) sites = sites.Where(l => l!.LiesIn(territory)).ToList();
            if (territory is not null && sites.Count == 0) continue;
            foreach (var location in sites.DefaultIfEmpty())
                rows.Add([s.Organization!.Name, s.Organization.Email, s.Organization.Phone, s.Organization.Website, s.Name, s.Description,
                    string.Join(';', s.Categories.Select(c => needs[c.NeedCategoryId])), string.Join(';', s.Languages),
                    s.Cost switch { Cost.Free => english ? "free" : "gratuit", Cost.LowCost => english ? "low" : "faible", _ => english ? "fee" : "payant" },
                    s.MinimumAge, s.MaximumAge, s.ReferralContactName, s.ReferralEmail, s.ReferralPhone, s.AcceptsReferrals ? (english ? "yes" : "oui") : (english ? "no" : "non"),
                    location?.Name, location?.Address1, location?.City, location?.PostalCode, location?.Latitude, location?.Longitude, hours]);
        }
        return Spreadsheet(english ? "directory" : "repertoire", format, SpreadsheetFormat.Columns.Select(c => english ? c.English : c.French).ToList(), rows);
    }

    /// <summary>What the user may export: the whole directory (admins, no territory) or their CSS's territory; not found without one.</summary>
    async Task<(bool Found, Geometry? Territory)> ExportScopeAsync(CancellationToken cancel = default)
    {
        var actor = await current.GetAsync();
        if (actor.IsAdmin) return (true, null);
        var territory = await db.ServiceCentres.Where(c => c.Id == actor.ServiceCentreId).Select(c => c.Territory).SingleOrDefaultAsync(cancel);
        return (territory is not null, territory);
    }

    /// <summary>The directory (or the CSS's territory) as an Open Referral HSDS 3.0 tabular data package.</summary>
    public async Task<IActionResult> OnGetPackageAsync(CancellationToken cancel)
    {
        if (await ExportScopeAsync(cancel) is not (true, var territory)) return NotFound();
        // Built in a temporary file (deleted once sent): the whole directory's package is larger than memory should hold.
        var package = HsdsExport.TemporaryFile();
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
        var batch = new ImportBatch
        {
            Id = Guid.NewGuid(), CreatedById = actor.UserId, ServiceCentreId = actor.IsAdmin ? null : actor.ServiceCentreId,
            CreatedAt = clock.GetUtcNow().UtcDateTime, FileName = Path.GetFileName(file.FileName) is { Length: > 0 and <= ImportBatch.FileNameMaxLength } n ? n : "import.csv",
            Content = buffer.ToArray(),
        };
        // A small file is checked now; a big one in the background, with progress on its page.
        if (batch.Content.Length <= ImportBatch.InlineBytes) ImportRunner.Record(batch, await ImportRunner.RunAsync(db, batch, dryRun: true, clock));
        else (batch.Status, batch.Background) = (ImportStatus.CheckQueued, true);
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync();
        return RedirectToPage("/Exchange/Import", new { id = batch.Id });
    }
}
