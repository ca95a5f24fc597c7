using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Web.Exports;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Exchange;

/// <summary>
/// An uploaded file's report — problems grouped by kind, with line, column and value, and what would be created, updated,
/// left unchanged or rejected — and the confirmation that applies the valid rows in one transaction. Only its uploader sees it.
/// </summary>
public class ImportModel(PartnerNetworkDb db, CurrentActor current, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    public static readonly string[] ReportHeader = ["line", "column", "value", "problem"];

    [TempData]
    public string? StatusMessage { get; set; }

    public ImportBatch Batch { get; private set; } = null!;
    public List<ImportProblem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnGetReportAsync(Guid id) =>
        await LoadAsync(id)
            ? CsvFile.Result($"import-report-{id:N}.csv", ReportHeader, Problems.Select(p => new object?[] { p.Line == 0 ? null : p.Line, p.Column, p.Value, L[p.MessageKey].Value }))
            : NotFound();

    public async Task<IActionResult> OnPostConfirmAsync(Guid id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Batch.AppliedAt is not null)
        {
            StatusMessage = L["Import.AlreadyApplied"];
            return RedirectToPage(new { id });
        }
        var outcome = await IndexModel.RunAsync(db, Batch, dryRun: false, clock);
        var batch = await db.ImportBatches.SingleAsync(b => b.Id == id);
        (batch.Created, batch.Updated, batch.Unchanged, batch.Rejected, batch.Problems, batch.AppliedAt) =
            (outcome.Created, outcome.Updated, outcome.Unchanged, outcome.Rejected, JsonSerializer.Serialize(outcome.Problems), clock.GetUtcNow().UtcDateTime);
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
        return true;
    }
}
