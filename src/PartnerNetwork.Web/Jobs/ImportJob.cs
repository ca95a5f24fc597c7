using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Exchange;

namespace PartnerNetwork.Web.Jobs;

/// <summary>
/// Checks and applies big uploaded files in the background, oldest first, writing progress on the batch as it goes so the
/// uploader can leave the page and find it again. The job runs on one instance at a time (its lease), so a batch still
/// marked Checking or Applying when it starts was left by a holder that died: it starts over, up to
/// <see cref="ImportBatch.MaxAttempts"/> starts, then is marked failed. An apply is one transaction, so starting over after
/// a crash applies the whole file once.
/// </summary>
public sealed class ImportJob(PartnerNetworkDb db, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ImportJob> log) : IScheduledJob
{
    public string Name => "imports";

    public TimeSpan Every => TimeSpan.FromSeconds(JobWorker.DefaultTickSeconds);

    public async Task RunAsync(CancellationToken cancel)
    {
        while (await NextAsync(cancel) is { } id) await ProcessAsync(id, cancel);
    }

    async Task<Guid?> NextAsync(CancellationToken cancel)
    {
        return await db.ImportBatches.AsNoTracking().Where(ImportBatch.ForTheJob(clock.GetUtcNow().UtcDateTime))
            .OrderBy(b => b.CreatedAt).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(cancel);
    }

    public async Task ProcessAsync(Guid id, CancellationToken cancel)
    {
        var batch = await db.ImportBatches.SingleAsync(b => b.Id == id, cancel);
        // Counted, and saved, before the work starts: a holder that dies mid-work leaves the count behind it.
        if (batch.OutOfAttempts)
        {
            log.LogError("Import {Batch} stopped its holder {Attempts} times; it is given up.", id, batch.Attempts);
            batch.GiveUp();
            await db.SaveChangesAsync(cancel);
            return;
        }
        var apply = batch.Applies;
        batch.Start();
        await db.SaveChangesAsync(cancel);

        await using var scope = scopes.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
        try
        {
            var outcome = await ImportRunner.RunAsync(work, batch, dryRun: !apply, clock, new BatchProgress(scopes, id), cancel);
            batch.Record(outcome, apply ? clock.GetUtcNow().UtcDateTime : null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Import {Batch} failed; nothing of it was applied.", id);
            batch.Fail();
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Progress written from its own context, so it commits while the import's work is still in memory.</summary>
    sealed class BatchProgress(IServiceScopeFactory scopes, Guid id) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value)
        {
            using var scope = scopes.CreateScope();
            ImportBatch.ReportProgress(scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>().ImportBatches, id, value.Done, value.Total);
        }
    }
}
