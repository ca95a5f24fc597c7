using PartnerNetwork.Data.Exchange;

namespace PartnerNetwork.Web.Tests.Exchange;

/// <summary>An uploaded file's status changes, as the batch's own verbs; the database claims are in BackgroundImportTests.</summary>
public class ImportBatchTests
{
    static readonly DateTime Now = new(2026, 12, 6, 15, 0, 0, DateTimeKind.Utc);

    static ImportBatch Upload(int bytes, string? name = "liste.csv") => ImportBatch.Upload(Guid.NewGuid(), null, name, new byte[bytes], Now);

    static readonly ImportOutcome Outcome = new(2, 1, 0, 1, [new(3, "courriel", "x@", "Import.Email", Warning: true), new(4, "nom", "", "Import.Required")]);

    [Fact]
    public void A_small_file_is_checked_by_the_request_and_a_big_one_waits_for_the_job()
    {
        var small = Upload(ImportBatch.InlineBytes);
        var big = Upload(ImportBatch.InlineBytes + 1);
        Assert.Equal((ImportStatus.Checking, false), (small.Status, small.Background));
        Assert.Equal((ImportStatus.CheckQueued, true), (big.Status, big.Background));
        var job = ImportBatch.ForTheJob(Now).Compile();
        Assert.Equal([big], new[] { small, big }.Where(job));
    }

    [Theory]
    [InlineData("/tmp/repertoire-hsds.zip", "repertoire-hsds.zip")]
    [InlineData("", "import.csv")]
    [InlineData(null, "import.csv")]
    public void The_file_name_is_kept_without_its_folders(string? uploaded, string kept)
    {
        Assert.Equal(kept, Upload(10, uploaded).FileName);
    }

    [Fact]
    public void A_file_name_too_long_to_keep_is_replaced()
    {
        Assert.Equal("import.csv", Upload(10, new string('a', ImportBatch.FileNameMaxLength) + ".csv").FileName);
    }

    [Fact]
    public void Recording_a_check_keeps_its_counts_and_problems_and_an_apply_its_time()
    {
        var batch = Upload(10);
        batch.Record(Outcome);
        Assert.Equal((ImportStatus.Checked, 2, 1, 0, 1, (DateTime?)null), (batch.Status, batch.Created, batch.Updated, batch.Unchanged, batch.Rejected, batch.AppliedAt));
        Assert.Contains("Import.Required", batch.Problems);
        batch.Record(Outcome, appliedAt: Now);
        Assert.Equal((ImportStatus.Applied, (DateTime?)Now), (batch.Status, batch.AppliedAt));
    }

    [Fact]
    public void Each_start_counts_and_the_batch_is_given_up_after_the_last_with_the_reason_first()
    {
        var batch = Upload(ImportBatch.InlineBytes + 1);
        for (var start = 1; start <= ImportBatch.MaxAttempts; start++)
        {
            Assert.False(batch.OutOfAttempts);
            batch.Start();
            Assert.Equal((ImportStatus.Checking, start, true), (batch.Status, batch.Attempts, batch.IsWaiting));
        }
        Assert.True(batch.OutOfAttempts);
        batch.GiveUp();
        Assert.Equal(ImportStatus.Failed, batch.Status);
        Assert.False(batch.IsWaiting);
        Assert.StartsWith("[{\"Line\":0,\"Column\":\"\",\"Value\":\"3\",\"MessageKey\":\"Import.GaveUp\"", batch.Problems);
        Assert.DoesNotContain(batch, new[] { batch }.Where(ImportBatch.ForTheJob(Now).Compile()));
    }

    [Fact]
    public void The_report_counts_a_record_with_warnings_only_once_and_never_one_also_refused()
    {
        List<ImportProblem> problems = [new(3, "courriel", "x@", "Import.Email", true), new(3, "telephone", "1", "Import.Phone", true),
            new(4, "courriel", "y@", "Import.Email", true), new(4, "nom", "", "Import.Required"), new(0, "", "", "Import.Email", true)];
        Assert.Equal(1, ImportReport.WithWarnings(problems));
        Assert.Equal(["Import.RecordWithWarnings", "Import.RecordWithWarnings", "Import.RecordRefused", "Import.RecordRefused"],
            problems.Take(4).Select(p => ImportReport.OutcomeKey(p, ImportReport.RefusedLines(problems))));
    }
}
