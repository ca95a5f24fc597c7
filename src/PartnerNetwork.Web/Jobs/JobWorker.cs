using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Jobs;

/// <summary>A piece of background work that runs every <see cref="Every"/>, once across all web instances.</summary>
public interface IScheduledJob
{
    /// <summary>Stable: the job's row in <see cref="JobRun"/>.</summary>
    string Name { get; }

    TimeSpan Every { get; }

    Task RunAsync(CancellationToken cancel);
}

/// <summary>
/// Runs the scheduled jobs in the background of each web instance. Each due job is claimed with a conditional update
/// on its <see cref="JobRun"/> row (a lease, renewed while it runs), so a job due at the same time on several instances
/// runs once; a crashed holder's lease expires and another instance takes the job. Failures are logged and the job
/// tries again at its next turn.
/// </summary>
public sealed class JobWorker(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<JobWorker> log) : BackgroundService
{
    public const int DefaultTickSeconds = 5;
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    static readonly string Holder = Truncate($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", JobRun.HolderMaxLength);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var tick = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Jobs:TickSeconds", DefaultTickSeconds)));
        while (!stop.IsCancellationRequested)
        {
            await RunDueAsync(stop);
            await Task.Delay(tick, clock, stop).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>Runs every job now due and not held by another instance; returns the names of those it ran.</summary>
    public async Task<List<string>> RunDueAsync(CancellationToken stop)
    {
        var ran = new List<string>();
        await using var scope = scopes.CreateAsyncScope();
        foreach (var job in scope.ServiceProvider.GetServices<IScheduledJob>())
        {
            if (stop.IsCancellationRequested) break;
            try
            {
                if (await RunIfDueAsync(job, stop)) ran.Add(job.Name);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Background job {Job} failed; it runs again at its next turn.", job.Name);
            }
        }
        return ran;
    }

    async Task<bool> RunIfDueAsync(IScheduledJob job, CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await db.JobRuns.AnyAsync(j => j.Name == job.Name, stop))
        {
            db.JobRuns.Add(new JobRun { Name = job.Name, NextRunAt = now });
            try { await db.SaveChangesAsync(stop); }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); } // another instance created it first
        }
        var claimed = await db.JobRuns
            .Where(j => j.Name == job.Name && j.NextRunAt <= now && (j.LeaseUntil == null || j.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeasedBy, Holder).SetProperty(j => j.LeaseUntil, now + Lease), stop);
        if (claimed == 0) return false;

        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var renewal = RenewWhileRunningAsync(job.Name, renewing.Token);
        string? error = null;
        try
        {
            await job.RunAsync(stop);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = Truncate(e.Message, JobRun.ErrorMaxLength);
            log.LogError(e, "Background job {Job} failed; it runs again at its next turn.", job.Name);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }
        var finished = clock.GetUtcNow().UtcDateTime;
        await db.JobRuns.Where(j => j.Name == job.Name && j.LeasedBy == Holder).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.LastRunAt, finished)
            .SetProperty(j => j.NextRunAt, now + job.Every)
            .SetProperty(j => j.LastError, error)
            .SetProperty(j => j.LeasedBy, (string?)null)
            .SetProperty(j => j.LeaseUntil, (DateTime?)null), CancellationToken.None);
        log.LogInformation("Background job {Job} ran on {Holder} in {Ms} ms.", job.Name, Holder, (int)(finished - now).TotalMilliseconds);
        return true;
    }

    // A long run (a big import, a retention pass) keeps its claim: the lease is renewed while the job works.
    async Task RenewWhileRunningAsync(string name, CancellationToken running)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Lease / 3, clock, running);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
                var until = clock.GetUtcNow().UtcDateTime + Lease;
                await db.JobRuns.Where(j => j.Name == name && j.LeasedBy == Holder).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseUntil, until), running);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}
