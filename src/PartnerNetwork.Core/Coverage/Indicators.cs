using PartnerNetwork.Core.Referrals;

namespace PartnerNetwork.Core.Coverage;

/// <summary>
/// What the indicators need of a referral — or of <see cref="Count"/> alike, as the database groups them: no family, only
/// kind, need(s), state, reason and the business days it took to be acknowledged.
/// </summary>
public sealed record ReferralFact(ReferralKind Kind, ReferralState State, ReferralReason? Reason, int? DaysToAcknowledge, IReadOnlyCollection<Guid> NeedIds, int Count = 1)
{
    public static ReferralFact Of(ReferralKind kind, ReferralState state, ReferralReason? reason, DateTime createdAt, DateTime? acknowledgedAt, IReadOnlyCollection<Guid> needIds) =>
        new(kind, state, reason, acknowledgedAt is { } at ? BusinessDays.Taken(createdAt, at) : null, needIds);
}

/// <summary>The counts of the indicator table, in column order. Totals are the sums of the parts the groups list.</summary>
public enum IndicatorCount
{
    Sent, SentWarm, SentInformation,
    Declined, DeclinedNotEligible, DeclinedNoCapacity, DeclinedOutsideArea, DeclinedDuplicate, DeclinedOther,
    Unsuccessful, UnsuccessfulUnreachable, UnsuccessfulNoShow, UnsuccessfulFamilyDeclined,
    Completed, Cancelled, StillOpen,
    UnmetNeed,
}

/// <summary>One row of indicators (one need, or all): counts, and rates/medians with the denominator they rest on.</summary>
public sealed class IndicatorRow(Guid? needId)
{
    static readonly int Columns = Enum.GetValues<IndicatorCount>().Length;

    /// <summary>The need, or null for the total row (each referral once, whatever its number of needs).</summary>
    public Guid? NeedId { get; } = needId;
    public int[] Counts { get; } = new int[Columns];
    /// <summary>Primary (1–4) or complementary suppression, per count.</summary>
    public bool[] Suppressed { get; } = new bool[Columns];

    public int this[IndicatorCount c] => Counts[(int)c];

    /// <summary>Warm handoffs acknowledged within <see cref="Referral.AcknowledgeWithinBusinessDays"/> business days, over warm handoffs sent.</summary>
    public int AcknowledgedInTime { get; internal set; }
    /// <summary>How many acknowledged warm handoffs waited each number of business days (the smallest whole number it took).</summary>
    public SortedDictionary<int, int> DaysToAcknowledge { get; } = [];

    public int Acknowledged => DaysToAcknowledge.Values.Sum();

    public int Closed => this[IndicatorCount.Completed] + this[IndicatorCount.Declined] + this[IndicatorCount.Unsuccessful] + this[IndicatorCount.Cancelled];

    /// <summary>Null when its denominator is under <see cref="Indicators.MinDenominator"/>: too few to show.</summary>
    public double? AcknowledgedInTimeRate => Rate(AcknowledgedInTime, this[IndicatorCount.SentWarm]);
    public double? CompletionRate => Rate(this[IndicatorCount.Completed], Closed);
    public double? MedianDaysToAcknowledge => Acknowledged < Indicators.MinDenominator ? null : Median(DaysToAcknowledge, Acknowledged);

    static double? Rate(int part, int whole) => whole < Indicators.MinDenominator ? null : (double)part / whole;

    static double Median(SortedDictionary<int, int> histogram, int count)
    {
        int At(int position)
        {
            foreach (var (days, n) in histogram)
            {
                if (position < n) return days;
                position -= n;
            }
            throw new InvalidOperationException("Position past the histogram.");
        }
        return count % 2 == 1 ? At(count / 2) : (At(count / 2 - 1) + At(count / 2)) / 2.0;
    }
}

/// <summary>
/// Follow-up indicators from referrals, as aggregates only: per need and in total, with small cells suppressed so that
/// no family can be singled out. A count from 1 to 4 is shown as "&lt; 5" (primary suppression); a rate or median whose
/// denominator is under 5 is not shown; and further cells are hidden (complementary suppression) until no suppressed
/// count can be recovered by subtraction from a total shown beside it — within a row (sent = warm + information; sent =
/// declined + unsuccessful + completed + cancelled + open; the reason breakdowns; unmet need) or down a column (the total
/// row against the need rows).
/// </summary>
public static class Indicators
{
    public const int MinDenominator = 5;
    public const int SmallestShown = 5;

    /// <summary>Totals and their parts within one row.</summary>
    public static readonly IReadOnlyList<(IndicatorCount Total, IndicatorCount[] Parts)> RowGroups =
    [
        (IndicatorCount.Sent, [IndicatorCount.SentWarm, IndicatorCount.SentInformation]),
        (IndicatorCount.Sent, [IndicatorCount.Declined, IndicatorCount.Unsuccessful, IndicatorCount.Completed, IndicatorCount.Cancelled, IndicatorCount.StillOpen]),
        (IndicatorCount.Declined, [IndicatorCount.DeclinedNotEligible, IndicatorCount.DeclinedNoCapacity, IndicatorCount.DeclinedOutsideArea, IndicatorCount.DeclinedDuplicate, IndicatorCount.DeclinedOther]),
        (IndicatorCount.Unsuccessful, [IndicatorCount.UnsuccessfulUnreachable, IndicatorCount.UnsuccessfulNoShow, IndicatorCount.UnsuccessfulFamilyDeclined]),
        (IndicatorCount.UnmetNeed, [IndicatorCount.DeclinedNotEligible, IndicatorCount.DeclinedNoCapacity, IndicatorCount.DeclinedOutsideArea, IndicatorCount.Unsuccessful]),
    ];

    /// <summary>
    /// Rows per need (in the order given) then the total row, counted and suppressed. The total counts each referral once:
    /// from <paramref name="facts"/> themselves, or from <paramref name="totals"/> when the facts are grouped per need.
    /// </summary>
    public static List<IndicatorRow> Compute(IEnumerable<ReferralFact> facts, IReadOnlyList<Guid> needIds, IEnumerable<ReferralFact>? totals = null)
    {
        var rows = needIds.Select(n => new IndicatorRow(n)).ToList();
        var total = new IndicatorRow(null);
        var byNeed = rows.ToDictionary(r => r.NeedId!.Value);
        foreach (var fact in facts)
        {
            if (totals is null) Add(total, fact);
            foreach (var need in fact.NeedIds.Distinct())
                if (byNeed.TryGetValue(need, out var row)) Add(row, fact);
        }
        foreach (var fact in totals ?? []) Add(total, fact);
        rows.Add(total);
        Suppress(rows);
        return rows;
    }

    static void Add(IndicatorRow row, ReferralFact r)
    {
        void Count(IndicatorCount c) => row.Counts[(int)c] += r.Count;
        Count(IndicatorCount.Sent);
        Count(r.Kind == ReferralKind.WarmHandoff ? IndicatorCount.SentWarm : IndicatorCount.SentInformation);
        switch (r.State)
        {
            case ReferralState.Declined:
                Count(IndicatorCount.Declined);
                Count(r.Reason switch
                {
                    ReferralReason.NotEligible => IndicatorCount.DeclinedNotEligible,
                    ReferralReason.NoCapacity => IndicatorCount.DeclinedNoCapacity,
                    ReferralReason.OutsideServiceArea => IndicatorCount.DeclinedOutsideArea,
                    ReferralReason.Duplicate => IndicatorCount.DeclinedDuplicate,
                    _ => IndicatorCount.DeclinedOther,
                });
                if (r.Reason is ReferralReason.NotEligible or ReferralReason.NoCapacity or ReferralReason.OutsideServiceArea) Count(IndicatorCount.UnmetNeed);
                break;
            case ReferralState.Unsuccessful:
                Count(IndicatorCount.Unsuccessful);
                Count(r.Reason switch
                {
                    ReferralReason.NoShow => IndicatorCount.UnsuccessfulNoShow,
                    ReferralReason.FamilyDeclined => IndicatorCount.UnsuccessfulFamilyDeclined,
                    _ => IndicatorCount.UnsuccessfulUnreachable,
                });
                Count(IndicatorCount.UnmetNeed);
                break;
            case ReferralState.Completed:
                Count(IndicatorCount.Completed);
                break;
            case ReferralState.Cancelled:
                Count(IndicatorCount.Cancelled);
                break;
            default:
                Count(IndicatorCount.StillOpen);
                break;
        }
        if (r.Kind == ReferralKind.WarmHandoff && r.DaysToAcknowledge is { } days)
        {
            row.DaysToAcknowledge[days] = row.DaysToAcknowledge.GetValueOrDefault(days) + r.Count;
            if (days <= Referral.AcknowledgeWithinBusinessDays) row.AcknowledgedInTime += r.Count;
        }
    }

    /// <summary>Primary then complementary suppression, to a fixed point. The last row is the total of the others.</summary>
    public static void Suppress(IReadOnlyList<IndicatorRow> rows)
    {
        foreach (var row in rows)
            for (var c = 0; c < row.Counts.Length; c++)
                row.Suppressed[c] = row.Counts[c] is > 0 and < SmallestShown;

        var columnGroups = Enumerable.Range(0, rows[0].Counts.Length)
            .Select(c => rows.Select(r => (Row: r, Column: c)).ToList()).ToList();
        bool changed;
        do
        {
            changed = false;
            foreach (var row in rows)
                foreach (var (total, parts) in RowGroups)
                    changed |= Protect([(row, (int)total), .. parts.Select(p => (row, (int)p))]);
            // Down a column: the total row (last) against the need rows.
            foreach (var column in columnGroups)
                changed |= Protect([column[^1], .. column.Take(column.Count - 1)]);
        } while (changed);
    }

    /// <summary>
    /// In a group (total first, then parts), a single hidden cell could be recovered by subtraction: hide one more —
    /// the smallest visible part, else the total. Returns whether anything was hidden.
    /// </summary>
    static bool Protect(List<(IndicatorRow Row, int Column)> group)
    {
        if (group.Count(x => x.Row.Suppressed[x.Column]) != 1) return false;
        var visibleParts = group.Skip(1).Where(x => !x.Row.Suppressed[x.Column]).OrderBy(x => x.Row.Counts[x.Column]).ToList();
        var (row, column) = visibleParts.Count > 0 ? visibleParts[0] : group[0];
        if (row.Suppressed[column]) return false;
        row.Suppressed[column] = true;
        return true;
    }

    /// <summary>The school year containing a day: 1 July to 30 June, named by the year it starts.</summary>
    public static int SchoolYearOf(DateOnly day) => day.Month >= 7 ? day.Year : day.Year - 1;

    public static (DateOnly First, DateOnly Last) SchoolYear(int startYear) => (new DateOnly(startYear, 7, 1), new DateOnly(startYear + 1, 6, 30));
}
