using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Jobs;

/// <summary>
/// Retention (Law 25): closed referrals and inactive families older than <c>Retention:Months</c> are anonymised. What
/// stays (school, needs, organisation, states, reasons, dates) still counts unmet need; names, contact details,
/// messages and notes go.
/// </summary>
public sealed class RetentionJob(PartnerNetworkDb db, TimeProvider clock, IConfiguration configuration, ILogger<RetentionJob> log) : IScheduledJob
{
    public const int DefaultMonths = 24;

    public string Name => "retention";

    public TimeSpan Every => TimeSpan.FromDays(1);

    public async Task RunAsync(CancellationToken cancel)
    {
        var (families, referrals) = await AnonymiseAsync(cancel);
        if (families + referrals > 0) log.LogInformation("Retention: anonymised {Families} families and {Referrals} referrals", families, referrals);
    }

    public async Task<(int Families, int Referrals)> AnonymiseAsync(CancellationToken cancel = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now.AddMonths(-Math.Max(1, configuration.GetValue("Retention:Months", DefaultMonths)));

        var referrals = await db.Referrals.Include(r => r.Events).Include(r => r.Notes)
            .Where(r => r.AnonymisedAt == null && r.ClosedAt != null && r.ClosedAt < cutoff).ToListAsync(cancel);
        foreach (var referral in referrals) referral.Anonymise(now);

        var families = await db.Families.Include(f => f.Consents)
            .Where(f => f.AnonymisedAt == null && f.LastActivityAt < cutoff
                        && !f.Referrals.Any(r => r.ClosedAt == null || r.ClosedAt >= cutoff))
            .ToListAsync(cancel);
        foreach (var family in families) family.Anonymise(now);

        await db.SaveChangesAsync(cancel);
        return (families.Count, referrals.Count);
    }
}
