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

    public ImportStatus Status { get; set; } = ImportStatus.Checked;

    /// <summary>True when the background job checks and applies this file (it was bigger than <see cref="InlineBytes"/>).</summary>
    public bool Background { get; set; }

    /// <summary>
    /// When a small file's apply began within the confirming request. Should that process die, the import job takes the
    /// batch over once this is older than <see cref="InlineTakeover"/> — far longer than such an apply takes.
    /// </summary>
    public DateTime? ApplyingSince { get; set; }

    public static readonly TimeSpan InlineTakeover = TimeSpan.FromMinutes(10);

    /// <summary>How many times the work on a file is started (by a request or the job) before it is given up.</summary>
    public const int MaxAttempts = 3;

    /// <summary>
    /// Times the current check or apply has been started. A holder that dies (or is killed) leaves the batch Checking or
    /// Applying, and the job starts it over; a file that kills its holder every time would otherwise be picked up forever.
    /// </summary>
    public int Attempts { get; set; }

    /// <summary>Marks the batch failed after <see cref="MaxAttempts"/> starts, with the reason in its report; nothing of it was applied.</summary>
    public void GiveUp()
    {
        var problems = System.Text.Json.JsonSerializer.Deserialize<List<ImportProblem>>(Problems) ?? [];
        problems.Insert(0, new ImportProblem(0, "", Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), "Import.GaveUp"));
        Problems = System.Text.Json.JsonSerializer.Serialize(problems);
        Status = ImportStatus.Failed;
    }

    /// <summary>Records (rows) gone through so far, of <see cref="Total"/>, while the background work runs.</summary>
    public int Processed { get; set; }

    public int Total { get; set; }

    public bool IsWaiting => Status is ImportStatus.CheckQueued or ImportStatus.Checking or ImportStatus.ApplyQueued or ImportStatus.Applying;

    public Guid Id { get; set; }

    public Guid CreatedById { get; set; }

    /// <summary>For CSS staff: the CSS whose territory the rows must fall in; null for admins.</summary>
    public Guid? ServiceCentreId { get; set; }

    public DateTime CreatedAt { get; set; }

    public string FileName { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public DateTime? AppliedAt { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    public int Rejected { get; set; }

    /// <summary>The problems found, as JSON (line, column, value, message key).</summary>
    public string Problems { get; set; } = "[]";
}
