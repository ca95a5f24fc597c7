using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Time;

namespace PartnerNetwork.Data.Coverage;

public static class IndicatorQueries
{
    /// <summary>
    /// The indicator rows of referrals sent during a school year (Quebec dates), grouped by the database: counts per need,
    /// kind, state, reason and business days to acknowledge, and the same without the need for the total row. No family,
    /// no free text, a few hundred rows whatever the number of referrals.
    /// </summary>
    public static async Task<List<IndicatorRow>> RowsAsync(PartnerNetworkDb db, IQueryable<Referral> referrals, int schoolYear, IReadOnlyList<Guid> needIds,
        CancellationToken cancel = default)
    {
        var (first, last) = Indicators.SchoolYear(schoolYear);
        var from = QuebecTime.ToUtc(first.ToDateTime(TimeOnly.MinValue));
        var until = QuebecTime.ToUtc(last.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var inYear = referrals.AsNoTracking().Where(r => r.CreatedAt >= from && r.CreatedAt < until);
        var byNeed = await (
                from need in db.Set<ReferralNeed>()
                join r in inYear on need.ReferralId equals r.Id
                group r by new { need.NeedCategoryId, r.Kind, r.State, r.Reason, r.AcknowledgedInBusinessDays } into g
                select new { g.Key.NeedCategoryId, g.Key.Kind, g.Key.State, g.Key.Reason, g.Key.AcknowledgedInBusinessDays, Count = g.Count() })
            .ToListAsync(cancel);
        var totals = await inYear
            .GroupBy(r => new { r.Kind, r.State, r.Reason, r.AcknowledgedInBusinessDays })
            .Select(g => new { g.Key.Kind, g.Key.State, g.Key.Reason, g.Key.AcknowledgedInBusinessDays, Count = g.Count() })
            .ToListAsync(cancel);
        return Indicators.Compute(
            byNeed.Select(g => new ReferralFact(g.Kind, g.State, g.Reason, g.AcknowledgedInBusinessDays, [g.NeedCategoryId], g.Count)),
            needIds,
            totals.Select(g => new ReferralFact(g.Kind, g.State, g.Reason, g.AcknowledgedInBusinessDays, [], g.Count)));
    }

    /// <summary>
    /// Referrals acknowledged before the business days were recorded on them get them now (once, at start-up, in batches).
    /// </summary>
    public static async Task<int> BackfillAcknowledgementDaysAsync(PartnerNetworkDb db, CancellationToken cancel = default)
    {
        const int Batch = 5_000;
        var filled = 0;
        while (true)
        {
            var pending = await db.Referrals.AsNoTracking()
                .Where(r => r.AcknowledgedAt != null && r.AcknowledgedInBusinessDays == null)
                .Select(r => new { r.Id, r.CreatedAt, AcknowledgedAt = r.AcknowledgedAt!.Value }).Take(Batch).ToListAsync(cancel);
            if (pending.Count == 0) return filled;
            foreach (var group in pending.GroupBy(r => BusinessDays.Taken(r.CreatedAt, r.AcknowledgedAt)))
            {
                var ids = group.Select(r => r.Id).ToList();
                await db.Referrals.Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.AcknowledgedInBusinessDays, group.Key), cancel);
            }
            filled += pending.Count;
        }
    }
}
