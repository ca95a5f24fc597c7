using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace PartnerNetwork.Data.Exchange;

/// <summary>Where an uploaded file stands. Big files are checked and applied in the background; small ones at once.</summary>
public enum ImportStatus
{
    /// <summary>Waiting for the background check (a dry run).</summary>
    CheckQueued,
    Checking,
    /// <summary>Checked: the report is ready and nothing has changed.</summary>
    Checked,
    /// <summary>Confirmed, waiting for the background apply.</summary>
    ApplyQueued,
    Applying,
    Applied,
    /// <summary>The work stopped on an error; nothing of the file was applied.</summary>
    Failed,
}

/// <summary>An uploaded file between its check and its confirmation: nothing changes until the user confirms.</summary>
public class ImportBatch
{
    public const int FileNameMaxLength = 200;

    /// <summary>Up to this size a file is checked and applied within the request; beyond, in the background with progress.</summary>
    public const int InlineBytes = 256 * 1024;

    public ImportStatus Status { get; private set; } = ImportStatus.Checked;

    /// <summary>True when the background job checks and applies this file (it was bigger than <see cref="InlineBytes"/>).</summary>
    public bool Background { get; private set; }

    /// <summary>
    /// When a small file's apply began within the confirming request. Should that process die, the import job takes the
    /// batch over once this is older than <see cref="InlineTakeover"/> — far longer than such an apply takes.
    /// </summary>
    public DateTime? ApplyingSince { get; private set; }

    public static readonly TimeSpan InlineTakeover = TimeSpan.FromMinutes(10);

    /// <summary>How many times the work on a file is started (by a request or the job) before it is given up.</summary>
    public const int MaxAttempts = 3;

    /// <summary>
    /// Times the current check or apply has been started. A holder that dies (or is killed) leaves the batch Checking or
    /// Applying, and the job starts it over; a file that kills its holder every time would otherwise be picked up forever.
    /// </summary>
    public int Attempts { get; private set; }

    /// <summary>Records (rows) gone through so far, of <see cref="Total"/>, while the background work runs.</summary>
    public int Processed { get; private set; }

    public int Total { get; private set; }

    public bool IsWaiting => Status is ImportStatus.CheckQueued or ImportStatus.Checking or ImportStatus.ApplyQueued or ImportStatus.Applying;

    /// <summary>True when the work waiting or under way is the apply, not the check.</summary>
    public bool Applies => Status is ImportStatus.ApplyQueued or ImportStatus.Applying;

    public bool OutOfAttempts => Attempts >= MaxAttempts;

    public Guid Id { get; set; }

    public Guid CreatedById { get; set; }

    /// <summary>For CSS staff: the CSS whose territory the rows must fall in; null for admins.</summary>
    public Guid? ServiceCentreId { get; set; }

    public DateTime CreatedAt { get; set; }

    public string FileName { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public DateTime? AppliedAt { get; private set; }

    public int Created { get; private set; }

    public int Updated { get; private set; }

    public int Unchanged { get; private set; }

    public int Rejected { get; private set; }

    /// <summary>The problems found, as JSON (line, column, value, message key).</summary>
    public string Problems { get; private set; } = "[]";

    /// <summary>
    /// A file as uploaded (or handed to the command line), nothing checked yet: a small one is checked by the caller at
    /// once (<see cref="Record"/>), a big one waits for the background job.
    /// </summary>
    public static ImportBatch Upload(Guid createdById, Guid? serviceCentreId, string? fileName, byte[] content, DateTime now)
    {
        var background = content.Length > InlineBytes;
        return new ImportBatch
        {
            Id = Guid.NewGuid(), CreatedById = createdById, ServiceCentreId = serviceCentreId, CreatedAt = now,
            FileName = Path.GetFileName(fileName) is { Length: > 0 and <= FileNameMaxLength } name ? name : "import.csv",
            Content = content, Background = background, Status = background ? ImportStatus.CheckQueued : ImportStatus.Checking,
        };
    }

    /// <summary>The background job starts (or starts over) the check or the apply; the start counts, saved before the work.</summary>
    public void Start()
    {
        Status = Applies ? ImportStatus.Applying : ImportStatus.Checking;
        (Processed, Total, Background) = (0, 0, true);
        Attempts++;
    }

    /// <summary>Writes what a run found: checked, or applied at <paramref name="appliedAt"/>.</summary>
    public void Record(ImportOutcome outcome, DateTime? appliedAt = null)
    {
        (Created, Updated, Unchanged, Rejected) = (outcome.Created, outcome.Updated, outcome.Unchanged, outcome.Rejected);
        Problems = JsonSerializer.Serialize(outcome.Problems);
        (Status, AppliedAt) = (appliedAt is null ? ImportStatus.Checked : ImportStatus.Applied, appliedAt);
    }

    /// <summary>The work stopped on an error; nothing of the file was applied.</summary>
    public void Fail() => Status = ImportStatus.Failed;

    /// <summary>Marks the batch failed after <see cref="MaxAttempts"/> starts, with the reason in its report; nothing of it was applied.</summary>
    public void GiveUp()
    {
        var problems = JsonSerializer.Deserialize<List<ImportProblem>>(Problems) ?? [];
        problems.Insert(0, new ImportProblem(0, "", Attempts.ToString(CultureInfo.InvariantCulture), "Import.GaveUp"));
        Problems = JsonSerializer.Serialize(problems);
        Fail();
    }

    /// <summary>
    /// The uploader's confirmation, claimed by a conditional update: a second one (another tab, a double click) finds
    /// nothing to claim. A small file is applied by the confirming request at once, a big one queued for the job.
    /// </summary>
    public static async Task<bool> ClaimApplyAsync(IQueryable<ImportBatch> batches, Guid id, bool inline, DateTime now) =>
        await batches.Where(b => b.Id == id && b.Status == ImportStatus.Checked)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, inline ? ImportStatus.Applying : ImportStatus.ApplyQueued)
                .SetProperty(b => b.ApplyingSince, inline ? now : (DateTime?)null)
                // The apply is new work: its starts are counted afresh (the confirming request's own is the first of a small file's).
                .SetProperty(b => b.Attempts, inline ? 1 : 0)) > 0;

    /// <summary><see cref="Fail"/> for a batch whose tracked copy went with a rolled-back transaction.</summary>
    public static Task FailAsync(IQueryable<ImportBatch> batches, Guid id) =>
        batches.Where(b => b.Id == id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, ImportStatus.Failed));

    /// <summary>Progress, written apart from the work's own transaction so the uploader sees it move.</summary>
    public static void ReportProgress(IQueryable<ImportBatch> batches, Guid id, int done, int total) =>
        batches.Where(b => b.Id == id).ExecuteUpdate(s => s.SetProperty(b => b.Processed, done).SetProperty(b => b.Total, total));

    /// <summary>
    /// What the background job has to do: every big file waiting or left mid-work by a holder that died, and a small
    /// file's apply left behind by a request whose process died (claimed longer than <see cref="InlineTakeover"/> ago).
    /// </summary>
    public static Expression<Func<ImportBatch, bool>> ForTheJob(DateTime now)
    {
        var abandoned = now - InlineTakeover;
        return b => b.Background
            ? b.Status == ImportStatus.CheckQueued || b.Status == ImportStatus.Checking || b.Status == ImportStatus.ApplyQueued || b.Status == ImportStatus.Applying
            : b.Status == ImportStatus.Applying && b.ApplyingSince < abandoned;
    }
}
