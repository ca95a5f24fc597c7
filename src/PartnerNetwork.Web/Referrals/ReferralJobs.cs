using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Referrals;

/// <summary>
/// Time-driven work on referrals: acknowledgement reminders (2 business days → partner, 5 → agent) and the retention
/// job that anonymises what is kept longer than <c>Retention:Months</c>.
/// </summary>
public sealed class ReferralJobs(PartnerNetworkDb db, ReferralMail mail, TimeProvider clock, IConfiguration configuration)
{
    public const int ReminderBusinessDays = 2;
    public const int AlertBusinessDays = 5;

    /// <summary>Stages the reminders and alerts now due; each is claimed by a conditional update, so only one instance sends it.</summary>
    public async Task<int> RemindAsync(CancellationToken cancel = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Two business days are at least two calendar days: only those can be due.
        var waiting = await db.Referrals.AsNoTracking()
            .Where(r => r.Kind == ReferralKind.WarmHandoff && r.State == ReferralState.Sent && r.CreatedAt <= now.AddDays(-ReminderBusinessDays)
                        && (r.PartnerRemindedAt == null || r.AgentAlertedAt == null))
            .ToListAsync(cancel);
        var staged = 0;
        foreach (var referral in waiting)
        {
            if (referral.PartnerRemindedAt is null && referral.AwaitsAcknowledgementSince(ReminderBusinessDays, now)
                && await ClaimAsync(referral.Id, r => r.PartnerRemindedAt == null, s => s.SetProperty(r => r.PartnerRemindedAt, now), () => mail.AcknowledgementReminderAsync(referral), cancel))
                staged++;
            if (referral.AgentAlertedAt is null && referral.AwaitsAcknowledgementSince(AlertBusinessDays, now)
                && await ClaimAsync(referral.Id, r => r.AgentAlertedAt == null, s => s.SetProperty(r => r.AgentAlertedAt, now), () => mail.AcknowledgementAlertAsync(referral), cancel))
                staged++;
        }
        return staged;
    }

    async Task<bool> ClaimAsync(Guid id, System.Linq.Expressions.Expression<Func<Referral, bool>> unclaimed,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Referral>> mark, Func<Task> stage, CancellationToken cancel)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancel);
        var claimed = await db.Referrals.Where(r => r.Id == id && r.State == ReferralState.Sent).Where(unclaimed).ExecuteUpdateAsync(mark, cancel);
        if (claimed == 0) return false;
        await stage();
        await db.SaveChangesAsync(cancel);
        await transaction.CommitAsync(cancel);
        return true;
    }

    /// <summary>
    /// Anonymises closed referrals and inactive families older than the retention period. What stays (school, needs,
    /// organisation, states, reasons, dates) still counts unmet need; names, contact details, messages and notes go.
    /// </summary>
    public async Task<(int Families, int Referrals)> AnonymiseAsync(CancellationToken cancel = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now.AddMonths(-Math.Max(1, configuration.GetValue("Retention:Months", 24)));

        var referrals = await db.Referrals.Include(r => r.Events).Include(r => r.Notes)
            .Where(r => r.AnonymisedAt == null && r.ClosedAt != null && r.ClosedAt < cutoff).ToListAsync(cancel);
        foreach (var referral in referrals)
        {
            referral.Message = "";
            referral.ReasonText = null;
            referral.AnonymisedAt = now;
            foreach (var e in referral.Events) e.Note = null;
            db.ReferralNotes.RemoveRange(referral.Notes);
        }

        var families = await db.Families.Include(f => f.Consents)
            .Where(f => f.AnonymisedAt == null && f.LastActivityAt < cutoff
                        && !f.Referrals.Any(r => r.ClosedAt == null || r.ClosedAt >= cutoff))
            .ToListAsync(cancel);
        foreach (var family in families) family.Anonymise(now);

        await db.SaveChangesAsync(cancel);
        return (families.Count, referrals.Count);
    }
}

/// <summary>Runs the outbox, the reminders and (daily) the retention job in the background of each web instance.</summary>
public sealed class ReferralWorker(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ReferralWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Jobs:IntervalSeconds", 15)));
        var lastRetention = DateTime.MinValue;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var jobs = scope.ServiceProvider.GetRequiredService<ReferralJobs>();
                await jobs.RemindAsync(stop);
                await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(stop);
                if (DateTime.UtcNow - lastRetention > TimeSpan.FromDays(1))
                {
                    var (families, referrals) = await jobs.AnonymiseAsync(stop);
                    if (families + referrals > 0) log.LogInformation("Retention: anonymised {Families} families and {Referrals} referrals", families, referrals);
                    lastRetention = DateTime.UtcNow;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Referral background work failed; trying again in {Interval}", interval);
            }
            await Task.Delay(interval, stop).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}
