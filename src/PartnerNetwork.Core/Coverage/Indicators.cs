using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Schools;

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
    // Warm handoffs by acknowledgement: the numerator of the rate and the count the median rests on, published as counts
    // so that they are suppressed like any other.
    AcknowledgedInTime, AcknowledgedLate, NotAcknowledged,
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

    public bool IsHidden(IndicatorCount c) => Suppressed[(int)c];

    /// <summary>How many acknowledged warm handoffs waited each number of business days (the smallest whole number it took).</summary>
    public SortedDictionary<int, int> DaysToAcknowledge { get; } = [];

    public int Acknowledged => this[IndicatorCount.AcknowledgedInTime] + this[IndicatorCount.AcknowledgedLate];

    public int Closed => this[IndicatorCount.Completed] + this[IndicatorCount.Declined] + this[IndicatorCount.Unsuccessful] + this[IndicatorCount.Cancelled];

    // Closed is published when sent and still open are (closed = sent − open), or its four parts are.
    bool ClosedShown => (!IsHidden(IndicatorCount.Sent) && !IsHidden(IndicatorCount.StillOpen))
        || new[] { IndicatorCount.Completed, IndicatorCount.Declined, IndicatorCount.Unsuccessful, IndicatorCount.Cancelled }.All(c => !IsHidden(c));

    // A rate or median is shown only when what it rests on is shown: otherwise rate × denominator gives a hidden count back.
    /// <summary>Warm handoffs acknowledged within <see cref="Referral.AcknowledgeWithinBusinessDays"/> business days, over warm handoffs sent.</summary>
    public double? AcknowledgedInTimeRate => IsHidden(IndicatorCount.AcknowledgedInTime) || IsHidden(IndicatorCount.SentWarm) ? null
        : Rate(this[IndicatorCount.AcknowledgedInTime], this[IndicatorCount.SentWarm]);
    public double? CompletionRate => IsHidden(IndicatorCount.Completed) || !ClosedShown ? null : Rate(this[IndicatorCount.Completed], Closed);
    public double? MedianDaysToAcknowledge =>
        IsHidden(IndicatorCount.AcknowledgedInTime) || IsHidden(IndicatorCount.AcknowledgedLate) || Acknowledged < Indicators.MinDenominator
            ? null : Median(DaysToAcknowledge, Acknowledged);

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
/// The indicator tables of one CSS for one period: the whole CSS, each school level and each of its schools, suppressed
/// together.
/// </summary>
public sealed class IndicatorTables(List<IndicatorRow> centre, Dictionary<Guid, List<IndicatorRow>> schools,
    Dictionary<SchoolLevels, List<IndicatorRow>> levels, IReadOnlyList<Guid> needIds)
{
    public List<IndicatorRow> Centre { get; } = centre;
    public IReadOnlyDictionary<Guid, List<IndicatorRow>> Schools { get; } = schools;
    public IReadOnlyDictionary<SchoolLevels, List<IndicatorRow>> Levels { get; } = levels;

    /// <summary>A school's table; one without referrals in the period has a table of zeros (nothing to hide).</summary>
    public List<IndicatorRow> For(Guid schoolId) => Schools.TryGetValue(schoolId, out var rows) ? rows : Indicators.Compute([], needIds);

    /// <summary>The referrals of the CSS's schools that teach a level; a level none of them teaches has a table of zeros.</summary>
    public List<IndicatorRow> For(SchoolLevels level) => Levels.TryGetValue(level, out var rows) ? rows : Indicators.Compute([], needIds);
}

/// <summary>
/// Follow-up indicators from referrals, as aggregates only: per need and in total, with small cells suppressed so that
/// no family can be singled out. A count from 1 to 4 is shown as "&lt; 5" (primary suppression); further cells are hidden
/// (complementary suppression) until every such count could still be at least two values from 1 to 4 given everything
/// published beside it — the sums within a row (<see cref="RowGroups"/>), the total row against the need rows, and the
/// whole-CSS table against its schools' tables for the same period; a rate or median is shown only when what it rests on is.
/// </summary>
public static class Indicators
{
    public const int MinDenominator = 5;
    public const int SmallestShown = 5;

    /// <summary>Totals and their parts within one row: each total is the sum of its parts.</summary>
    public static readonly IReadOnlyList<(IndicatorCount Total, IndicatorCount[] Parts)> RowGroups =
    [
        (IndicatorCount.Sent, [IndicatorCount.SentWarm, IndicatorCount.SentInformation]),
        (IndicatorCount.Sent, [IndicatorCount.Declined, IndicatorCount.Unsuccessful, IndicatorCount.Completed, IndicatorCount.Cancelled, IndicatorCount.StillOpen]),
        (IndicatorCount.Declined, [IndicatorCount.DeclinedNotEligible, IndicatorCount.DeclinedNoCapacity, IndicatorCount.DeclinedOutsideArea, IndicatorCount.DeclinedDuplicate, IndicatorCount.DeclinedOther]),
        (IndicatorCount.Unsuccessful, [IndicatorCount.UnsuccessfulUnreachable, IndicatorCount.UnsuccessfulNoShow, IndicatorCount.UnsuccessfulFamilyDeclined]),
        (IndicatorCount.UnmetNeed, [IndicatorCount.DeclinedNotEligible, IndicatorCount.DeclinedNoCapacity, IndicatorCount.DeclinedOutsideArea, IndicatorCount.Unsuccessful]),
        (IndicatorCount.SentWarm, [IndicatorCount.AcknowledgedInTime, IndicatorCount.AcknowledgedLate, IndicatorCount.NotAcknowledged]),
    ];

    /// <summary>
    /// Rows per need (in the order given) then the total row, counted and suppressed on their own (one table that is
    /// published alone). The total counts each referral once: from <paramref name="facts"/> themselves, or from
    /// <paramref name="totals"/> when the facts are grouped per need.
    /// </summary>
    public static List<IndicatorRow> Compute(IEnumerable<ReferralFact> facts, IReadOnlyList<Guid> needIds, IEnumerable<ReferralFact>? totals = null)
    {
        var rows = Count(facts, needIds, totals);
        Suppress([rows]);
        return rows;
    }

    /// <summary>
    /// The whole-CSS table, every level's table and every school's table of one period, suppressed jointly: a CSS cell is
    /// the sum of its schools' cells, a level's the sum of the cells of its schools (a school of several levels counts in
    /// each), so a hidden count must not come back as the CSS figure minus the other schools', nor as the CSS minus a level.
    /// </summary>
    /// <param name="levelsOf">The levels each school teaches; a school missing here is in no level's table.</param>
    public static IndicatorTables ComputeForCentre(IEnumerable<(Guid School, ReferralFact Fact)> facts, IReadOnlyList<Guid> needIds,
        IReadOnlyDictionary<Guid, SchoolLevels>? levelsOf = null)
    {
        var list = facts.ToList();
        var centre = Count(list.Select(f => f.Fact), needIds, null);
        var schools = list.GroupBy(f => f.School).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => Count(g.Select(f => f.Fact), needIds, null));
        var schoolIds = schools.Keys.ToList();
        // A school's table number: the CSS is table 0, its schools 1..n in key order.
        var tableOf = schoolIds.Index().ToDictionary(s => s.Item, s => 1 + s.Index);
        var members = Enum.GetValues<SchoolLevels>().Where(l => l != SchoolLevels.None)
            .Select(level => (Level: level, Schools: schoolIds.Where(s => levelsOf is not null && levelsOf.TryGetValue(s, out var l) && (l & level) != 0).ToHashSet()))
            .Where(m => m.Schools.Count > 0).ToList();
        var levels = members.ToDictionary(m => m.Level, m => Count(list.Where(f => m.Schools.Contains(f.School)).Select(f => f.Fact), needIds, null));
        // Tables: the CSS, its schools (1..n), then the levels, each the sum of its schools.
        List<(int, int[])> aggregates = [(0, [.. Enumerable.Range(1, schoolIds.Count)])];
        aggregates.AddRange(members.Select((m, i) => (1 + schoolIds.Count + i, m.Schools.Select(s => tableOf[s]).ToArray())));
        new Suppression([centre, .. schools.Values, .. members.Select(m => levels[m.Level])], aggregates).Run();
        return new IndicatorTables(centre, schools, levels, needIds);
    }

    static List<IndicatorRow> Count(IEnumerable<ReferralFact> facts, IReadOnlyList<Guid> needIds, IEnumerable<ReferralFact>? totals)
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
        return rows;
    }

    /// <summary>
    /// Suppresses tables published together: the first is the sum of the others cell by cell when there are several
    /// (the whole CSS and its schools). In each table the last row is the total of the need rows.
    /// </summary>
    public static void Suppress(IReadOnlyList<IReadOnlyList<IndicatorRow>> tables) => new Suppression(tables).Run();

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
        if (r.Kind != ReferralKind.WarmHandoff) return;
        if (r.DaysToAcknowledge is { } days)
        {
            row.DaysToAcknowledge[days] = row.DaysToAcknowledge.GetValueOrDefault(days) + r.Count;
            Count(days <= Referral.AcknowledgeWithinBusinessDays ? IndicatorCount.AcknowledgedInTime : IndicatorCount.AcknowledgedLate);
        }
        else Count(IndicatorCount.NotAcknowledged);
    }

    /// <summary>The school year containing a day: 1 July to 30 June, named by the year it starts.</summary>
    public static int SchoolYearOf(DateOnly day) => day.Month >= 7 ? day.Year : day.Year - 1;

    public static (DateOnly First, DateOnly Last) SchoolYear(int startYear) => (new DateOnly(startYear, 7, 1), new DateOnly(startYear + 1, 6, 30));
}
