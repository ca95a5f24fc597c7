using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Time;

namespace PartnerNetwork.Data.Coverage;

public static class IndicatorQueries
{
    /// <summary>
    /// The indicator rows of referrals sent during a school year (Quebec dates), grouped by the database on kind, state,
    /// reason, business days to acknowledge and the set of needs (<see cref="Referral.NeedFlags"/>): one pass over a
    /// covering index, no join, no family, no free text, a few hundred rows whatever the number of referrals.
    /// </summary>
    public static async Task<List<IndicatorRow>> RowsAsync(PartnerNetworkDb db, IQueryable<Referral> referrals, int schoolYear, IReadOnlyList<Guid> needIds,
        CancellationToken cancel = default)
    {
        var (first, last) = Indicators.SchoolYear(schoolYear);
        var from = QuebecTime.ToUtc(first.ToDateTime(TimeOnly.MinValue));
        var until = QuebecTime.ToUtc(last.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var terms = await db.NeedCategories.AsNoTracking().Select(c => new { c.Id, c.Flag }).ToListAsync(cancel);
        var groups = await referrals.AsNoTracking()
            .Where(r => r.CreatedAt >= from && r.CreatedAt < until)
            .GroupBy(r => new { r.NeedFlags, r.Kind, r.State, r.Reason, r.AcknowledgedInBusinessDays })
            .Select(g => new { g.Key.NeedFlags, g.Key.Kind, g.Key.State, g.Key.Reason, g.Key.AcknowledgedInBusinessDays, Count = g.Count() })
            .ToListAsync(cancel);
        return Indicators.Compute(
            groups.Select(g => new ReferralFact(g.Kind, g.State, g.Reason, g.AcknowledgedInBusinessDays,
                terms.Where(t => (g.NeedFlags & t.Flag) != 0).Select(t => t.Id).ToList(), g.Count)),
            needIds);
    }

    /// <summary>
    /// The indicator tables of a CSS for a school year — the whole CSS, each school level and each of its schools —
    /// suppressed together, as the indicators page (with or without its level filter), its CSV and the school portraits
    /// publish them: a school's hidden count must not come back as the CSS figure minus the other schools', nor a level's
    /// as the CSS minus the other levels. The same grouping as <see cref="RowsAsync"/>, with the school.
    /// Every referral of the CSS counts, whoever asks: what is published must not depend on the reader.
    /// </summary>
    public static async Task<IndicatorTables> TablesAsync(PartnerNetworkDb db, Guid serviceCentreId, int schoolYear, IReadOnlyList<Guid> needIds,
        CancellationToken cancel = default)
    {
        var (first, last) = Indicators.SchoolYear(schoolYear);
        var from = QuebecTime.ToUtc(first.ToDateTime(TimeOnly.MinValue));
        var until = QuebecTime.ToUtc(last.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var terms = await db.NeedCategories.AsNoTracking().Select(c => new { c.Id, c.Flag }).ToListAsync(cancel);
        var schools = db.Schools.Where(s => s.ServiceCentreId == serviceCentreId).Select(s => s.Id);
        var levelsOf = await db.Schools.AsNoTracking().Where(s => s.ServiceCentreId == serviceCentreId)
            .Select(s => new { s.Id, s.Levels }).ToDictionaryAsync(s => s.Id, s => s.Levels, cancel);
        var groups = await db.Referrals.AsNoTracking()
            .Where(r => schools.Contains(r.SchoolId) && r.CreatedAt >= from && r.CreatedAt < until)
            .GroupBy(r => new { r.SchoolId, r.NeedFlags, r.Kind, r.State, r.Reason, r.AcknowledgedInBusinessDays })
            .Select(g => new { g.Key.SchoolId, g.Key.NeedFlags, g.Key.Kind, g.Key.State, g.Key.Reason, g.Key.AcknowledgedInBusinessDays, Count = g.Count() })
            .ToListAsync(cancel);
        // The suppression is costly (seconds for a CSS's year) and a pure function of these counts: the result is kept
        // under the counts themselves, so any new referral or transition gives a new key and nothing can be stale.
        var key = new System.Text.StringBuilder().Append(serviceCentreId).Append('|').AppendJoin(',', needIds).Append('|');
        foreach (var g in groups.OrderBy(g => g.SchoolId).ThenBy(g => g.NeedFlags).ThenBy(g => g.Kind).ThenBy(g => g.State)
                     .ThenBy(g => g.Reason).ThenBy(g => g.AcknowledgedInBusinessDays))
            key.Append(g.SchoolId).Append('/').Append((int)levelsOf.GetValueOrDefault(g.SchoolId)).Append(g.NeedFlags).Append(':').Append((int)g.Kind).Append(':').Append((int)g.State).Append(':')
                .Append((int?)g.Reason).Append(':').Append(g.AcknowledgedInBusinessDays).Append('=').Append(g.Count).Append(';');
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key.ToString())));
        if (SuppressedTables.TryGetValue(hash, out var kept)) return kept;
        var tables = Indicators.ComputeForCentre(
            groups.Select(g => (g.SchoolId, new ReferralFact(g.Kind, g.State, g.Reason, g.AcknowledgedInBusinessDays,
                terms.Where(t => (g.NeedFlags & t.Flag) != 0).Select(t => t.Id).ToList(), g.Count))),
            needIds, levelsOf);
        if (SuppressedTables.Count >= MaxKeptTables) SuppressedTables.Clear();
        SuppressedTables[hash] = tables;
        return tables;
    }

    const int MaxKeptTables = 256;
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IndicatorTables> SuppressedTables = new();

    /// <summary>
    /// Referrals written without the change tracker (bulk history) or before the flags existed get their need flags
    /// from their needs. Run after bulk inserts and at start-up; a no-op when all are set.
    /// </summary>
    public static Task<int> FillNeedFlagsAsync(PartnerNetworkDb db, CancellationToken cancel = default) =>
        db.Referrals.Where(r => r.NeedFlags == 0 && r.Needs.Any())
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.NeedFlags, r => r.Needs.Sum(n => n.NeedCategory!.Flag)), cancel);

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
                .OrderBy(r => r.Id).Select(r => new { r.Id, r.CreatedAt, AcknowledgedAt = r.AcknowledgedAt!.Value }).Take(Batch).ToListAsync(cancel);
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
