using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Time;

namespace PartnerNetwork.Data.Coverage;

public static class IndicatorQueries
{
    /// <summary>
    /// The facts indicators are computed from, for referrals sent during a school year (Quebec dates): kind, state,
    /// reason, timings and needs — no family, no free text.
    /// </summary>
    public static async Task<List<ReferralFact>> FactsAsync(IQueryable<Referral> referrals, int schoolYear, CancellationToken cancel = default)
    {
        var (first, last) = Indicators.SchoolYear(schoolYear);
        var from = QuebecTime.ToUtc(first.ToDateTime(TimeOnly.MinValue));
        var until = QuebecTime.ToUtc(last.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var rows = await referrals.AsNoTracking()
            .Where(r => r.CreatedAt >= from && r.CreatedAt < until)
            .Select(r => new { r.Kind, r.State, r.Reason, r.CreatedAt, r.AcknowledgedAt, Needs = r.Needs.Select(n => n.NeedCategoryId).ToList() })
            .ToListAsync(cancel);
        return rows.Select(r => new ReferralFact(r.Kind, r.State, r.Reason, r.CreatedAt, r.AcknowledgedAt, r.Needs)).ToList();
    }
}
