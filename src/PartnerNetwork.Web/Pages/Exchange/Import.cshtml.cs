using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Exchange;

/// <summary>
/// An uploaded file's report — problems grouped by kind, with line, column and value, and what would be created, updated,
/// left unchanged or rejected — and the confirmation that applies the valid rows in one transaction. Only its uploader sees it.
/// </summary>
public class ImportModel(PartnerNetworkDb db, CurrentActor current, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public ImportBatch Batch { get; private set; } = null!;
    public List<ImportProblem> Problems { get; private set; } = [];
    public HashSet<int> Refused { get; private set; } = [];
    /// <summary>Records that came in without some field.</summary>
    public int WithWarnings => ImportReport.WithWarnings(Problems);

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnGetReportAsync(Guid id) =>
        await LoadAsync(id)
            ? CsvFile.Result($"import-report-{id:N}.csv", ImportReport.Header, ImportReport.Rows(Problems, L))
            : NotFound();

    /// <summary>Where the background work stands, for the progress bar.</summary>
    public async Task<IActionResult> OnGetProgressAsync(Guid id) =>
        await LoadAsync(id)
            ? new JsonResult(new { status = Batch.Status.ToString(), processed = Batch.Processed, total = Batch.Total, waiting = Batch.IsWaiting })
            : NotFound();

    public async Task<IActionResult> OnPostConfirmAsync(Guid id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var small = !Batch.Background;
        var claimed = await ImportBatch.ClaimApplyAsync(db.ImportBatches, id, inline: small, clock.GetUtcNow().UtcDateTime);
        if (!claimed)
        {
            StatusMessage = L[Batch.Status == ImportStatus.Applied ? "Import.AlreadyApplied" : "Import.NotReady"];
            return RedirectToPage(new { id });
        }
        if (!small)
        {
            StatusMessage = L["Import.Queued"];
            return RedirectToPage(new { id });
        }
        var batch = await db.ImportBatches.SingleAsync(b => b.Id == id);
        ImportOutcome outcome;
        try
        {
            outcome = await ImportRunner.RunAsync(db, batch, dryRun: false, clock);
        }
        catch (DbUpdateException)
        {
            // The one transaction rolled back: nothing of the file is applied. Say so rather than fail the page.
            db.ChangeTracker.Clear();
            await ImportBatch.FailAsync(db.ImportBatches, id);
            StatusMessage = L["Import.Failed"];
            return RedirectToPage(new { id });
        }
        batch.Record(outcome, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
        StatusMessage = L["Import.Done", outcome.Created, outcome.Updated, outcome.Unchanged, outcome.Rejected];
        return RedirectToPage(new { id });
    }

    async Task<bool> LoadAsync(Guid id)
    {
        var actor = await current.GetAsync();
        var batch = await db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id && b.CreatedById == actor.UserId);
        if (batch is null) return false;
        Batch = batch;
        Problems = JsonSerializer.Deserialize<List<ImportProblem>>(batch.Problems) ?? [];
        Refused = ImportReport.RefusedLines(Problems);
        return true;
    }
}
