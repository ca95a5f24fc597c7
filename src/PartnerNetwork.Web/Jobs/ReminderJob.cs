using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Mail;

namespace PartnerNetwork.Web.Jobs;

/// <summary>
/// Nothing sent and forgotten: a warm handoff not acknowledged within <see cref="Referral.AcknowledgeWithinBusinessDays"/>
/// business days reminds the partner; after <see cref="Referral.AlertAgentAfterBusinessDays"/> the agent is alerted.
/// </summary>
public sealed class ReminderJob(PartnerNetworkDb db, ReferralMail mail, TimeProvider clock, IConfiguration configuration) : IScheduledJob
{
    public string Name => "acknowledgement-reminders";

    public TimeSpan Every => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Jobs:IntervalSeconds", 15)));

    public async Task RunAsync(CancellationToken cancel) => await RemindAsync(cancel);

    /// <summary>Stages the reminders and alerts now due; each is claimed by a conditional update, so it is sent once.</summary>
    public async Task<int> RemindAsync(CancellationToken cancel = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Business days are at least as long as calendar days: only referrals this old can be due.
        var waiting = await db.Referrals.AsNoTracking()
            .Where(r => r.Kind == ReferralKind.WarmHandoff && r.State == ReferralState.Sent
                        && r.CreatedAt <= now.AddDays(-Referral.AcknowledgeWithinBusinessDays)
                        && (r.PartnerRemindedAt == null || r.AgentAlertedAt == null))
            .ToListAsync(cancel);
        var staged = 0;
        foreach (var referral in waiting)
        {
            if (referral.PartnerRemindedAt is null && referral.IsAcknowledgementOverdue(now)
                && await ClaimAsync(referral.Id, r => r.PartnerRemindedAt == null, s => s.SetProperty(r => r.PartnerRemindedAt, now), () => mail.AcknowledgementReminderAsync(referral), cancel))
                staged++;
            if (referral.AgentAlertedAt is null && referral.AwaitsAcknowledgementSince(Referral.AlertAgentAfterBusinessDays, now)
                && await ClaimAsync(referral.Id, r => r.AgentAlertedAt == null, s => s.SetProperty(r => r.AgentAlertedAt, now), () => mail.AcknowledgementAlertAsync(referral), cancel))
                staged++;
        }
        return staged;
    }

    /// <summary>The claim and the staged mail commit together; a retry starts again from an empty change tracker.</summary>
    Task<bool> ClaimAsync(Guid id, Expression<Func<Referral, bool>> unclaimed, Action<UpdateSettersBuilder<Referral>> mark, Func<Task> stage, CancellationToken cancel) =>
        db.InTransactionAsync(async () =>
        {
            var claimed = await db.Referrals.Where(r => r.Id == id && r.State == ReferralState.Sent).Where(unclaimed).ExecuteUpdateAsync(mark, cancel);
            if (claimed == 0) return false;
            await stage();
            await db.SaveChangesAsync(cancel);
            return true;
        }, beforeRetry: db.ChangeTracker.Clear, cancel);
}
