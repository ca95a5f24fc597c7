using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Schools;
using static PartnerNetwork.Core.Coverage.IndicatorCount;

namespace PartnerNetwork.Core.Tests;

/// <summary>
/// The suppression audit: play the reader who holds everything one CSS publishes for a school year — the whole-CSS table
/// and every school's table (page, CSV, portraits), every hidden cell under the same mark, and the rates —
/// and work out, for each hidden cell, which values stay consistent with all of it. A count of 1–4 must keep at least two
/// possible values within 1–4; a hidden zero must be able to be 0 or 5 and more. The relations are written here by hand,
/// not taken from the production code, so a relation production forgets is still one the reader uses.
/// </summary>
public class IndicatorAuditTests
{
    // What one row publishes, as sums: each total equals its parts.
    static readonly (IndicatorCount Total, IndicatorCount[] Parts)[] RowSums =
    [
        (Sent, [SentWarm, SentInformation]),
        (Sent, [Declined, Unsuccessful, Completed, Cancelled, StillOpen]),
        (Declined, [DeclinedNotEligible, DeclinedNoCapacity, DeclinedOutsideArea, DeclinedDuplicate, DeclinedOther]),
        (Unsuccessful, [UnsuccessfulUnreachable, UnsuccessfulNoShow, UnsuccessfulFamilyDeclined]),
        (UnmetNeed, [DeclinedNotEligible, DeclinedNoCapacity, DeclinedOutsideArea, Unsuccessful]),
        (SentWarm, [AcknowledgedInTime, AcknowledgedLate, NotAcknowledged]),
    ];

    static readonly IndicatorCount[] Counts = Enum.GetValues<IndicatorCount>();

    static readonly Guid[] Needs = [.. Enumerable.Range(1, 3).Select(i => new Guid(i, 0, 0, new byte[8]))];
    static readonly Guid[] Schools = [.. Enumerable.Range(1, 3).Select(i => new Guid(0, (short)i, 0, new byte[8]))];

    static ReferralFact Fact(ReferralState state, ReferralReason? reason, Guid[] needs, ReferralKind kind = ReferralKind.WarmHandoff, int? days = 1, int count = 1) =>
        new(kind, state, reason, kind == ReferralKind.WarmHandoff ? days : null, needs, count);

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
    public void Random_tables_of_a_css_and_its_schools_keep_every_small_cell_uncertain(int seed)
    {
        var random = new Random(seed);
        var states = Enum.GetValues<ReferralState>();
        var reasons = Enum.GetValues<ReferralReason>();
        var facts = Enumerable.Range(0, random.Next(15, 90)).Select(_ =>
        {
            // About one referral in four is for two or three needs: the total row is not the sum of the need rows.
            var needs = Needs.OrderBy(_ => random.Next()).Take(random.Next(4) == 0 ? random.Next(2, 4) : 1).ToArray();
            var kind = random.Next(3) == 0 ? ReferralKind.InformationGiven : ReferralKind.WarmHandoff;
            int? days = random.Next(4) == 0 ? null : random.Next(0, 6);
            return (Schools[random.Next(Schools.Length)], Fact(states[random.Next(states.Length)], reasons[random.Next(reasons.Length)], needs, kind, days));
        }).ToList();
        Audit(facts);
    }

    // Two seeds: the reader's search over the larger set of tables takes minutes on some others.
    [Theory]
    [InlineData(1)] [InlineData(3)]
    public void Random_tables_with_level_tables_keep_every_small_cell_uncertain(int seed)
    {
        var random = new Random(100 + seed);
        var states = Enum.GetValues<ReferralState>();
        var reasons = Enum.GetValues<ReferralReason>();
        var facts = Enumerable.Range(0, random.Next(15, 90)).Select(_ =>
        {
            var needs = Needs.OrderBy(_ => random.Next()).Take(random.Next(4) == 0 ? random.Next(2, 4) : 1).ToArray();
            var kind = random.Next(3) == 0 ? ReferralKind.InformationGiven : ReferralKind.WarmHandoff;
            int? days = random.Next(4) == 0 ? null : random.Next(0, 6);
            return (Schools[random.Next(Schools.Length)], Fact(states[random.Next(states.Length)], reasons[random.Next(reasons.Length)], needs, kind, days));
        }).ToList();
        Audit(facts, SchoolLevelsOf);
    }

    [Fact]
    public void A_secondary_schools_small_count_is_not_recovered_as_the_css_minus_the_primary_level()
    {
        // CSS: 13 completed = 10 at a primary school + 3 at a secondary one; the primary level's table would give 3 back.
        ReferralFact[] first = [Fact(ReferralState.Completed, ReferralReason.NeedMet, [Needs[0]], count: 10), Fact(ReferralState.Sent, null, [Needs[0]], days: null, count: 8)];
        ReferralFact[] second = [Fact(ReferralState.Completed, ReferralReason.NeedMet, [Needs[0]], count: 3), Fact(ReferralState.Sent, null, [Needs[0]], days: null, count: 9),
            Fact(ReferralState.Cancelled, ReferralReason.CancelledByAgent, [Needs[0]], count: 6)];
        var levels = new Dictionary<Guid, SchoolLevels> { [Schools[0]] = SchoolLevels.Primary, [Schools[1]] = SchoolLevels.Secondary };
        Audit(first.Select(f => (Schools[0], f)).Concat(second.Select(f => (Schools[1], f))), levels);
        var tables = Indicators.ComputeForCentre(first.Select(f => (Schools[0], f)).Concat(second.Select(f => (Schools[1], f))), Needs, levels);
        Assert.True(tables.For(SchoolLevels.Secondary)[^1].IsHidden(Completed));
        Assert.True(tables.For(SchoolLevels.Primary)[^1].IsHidden(Completed) || tables.Centre[^1].IsHidden(Completed));
        Assert.Equal(18, tables.For(SchoolLevels.Secondary)[^1][Sent]);
    }

    // A primary school, a secondary one and one teaching both: the levels' tables overlap.
    static readonly Dictionary<Guid, SchoolLevels> SchoolLevelsOf = new()
    {
        [Schools[0]] = SchoolLevels.Preschool | SchoolLevels.Primary,
        [Schools[1]] = SchoolLevels.Secondary,
        [Schools[2]] = SchoolLevels.Primary | SchoolLevels.Secondary,
    };

    [Fact]
    public void Declined_and_unmet_need_sharing_hidden_cells_do_not_give_away_the_duplicates()
    {
        // Declined 12 = not eligible 3 + no capacity 2 + duplicate 2 + other 5; unmet need 11 = 3 + 2 + unsuccessful 6:
        // with 12, 5, 11 and 6 shown, duplicate = 12 − 5 − 11 + 6 = 2.
        ReferralFact[] facts =
        [
            Fact(ReferralState.Declined, ReferralReason.NotEligible, [Needs[0]], count: 3),
            Fact(ReferralState.Declined, ReferralReason.NoCapacity, [Needs[0]], count: 2),
            Fact(ReferralState.Declined, ReferralReason.Duplicate, [Needs[0]], count: 2),
            Fact(ReferralState.Declined, ReferralReason.Other, [Needs[0]], count: 5),
            Fact(ReferralState.Unsuccessful, ReferralReason.FamilyUnreachable, [Needs[0]], count: 6),
            Fact(ReferralState.Completed, ReferralReason.NeedMet, [Needs[0]], count: 9),
            Fact(ReferralState.Completed, ReferralReason.NeedMet, [Needs[0]], ReferralKind.InformationGiven, count: 7),
        ];
        Audit(facts.Select(f => (Schools[0], f)));
    }

    [Fact]
    public void A_rate_does_not_give_away_a_count_hidden_to_protect_another()
    {
        // Cancelled 3 is protected by hiding completed 8; a completion rate of 8 ÷ 30 would give it back.
        ReferralFact[] facts =
        [
            Fact(ReferralState.Completed, ReferralReason.NeedMet, [Needs[0]], count: 8),
            Fact(ReferralState.Cancelled, ReferralReason.CancelledByAgent, [Needs[0]], count: 3),
            Fact(ReferralState.Declined, ReferralReason.Other, [Needs[0]], count: 9),
            Fact(ReferralState.Unsuccessful, ReferralReason.FamilyUnreachable, [Needs[0]], count: 10),
            Fact(ReferralState.Sent, null, [Needs[0]], days: null, count: 9),
        ];
        Audit(facts.Select(f => (Schools[0], f)));
    }

    [Fact]
    public void A_schools_small_count_is_not_recovered_from_the_css_table_and_the_other_schools()
    {
        // CSS: 13 completed = 10 at one school + 3 at the other; each table alone looks protected.
        ReferralFact[] first = [Fact(ReferralState.Completed, ReferralReason.NeedMet, [Needs[0]], count: 10), Fact(ReferralState.Sent, null, [Needs[0]], days: null, count: 8)];
        ReferralFact[] second = [Fact(ReferralState.Completed, ReferralReason.NeedMet, [Needs[0]], count: 3), Fact(ReferralState.Sent, null, [Needs[0]], days: null, count: 9),
            Fact(ReferralState.Cancelled, ReferralReason.CancelledByAgent, [Needs[0]], count: 6)];
        Audit(first.Select(f => (Schools[0], f)).Concat(second.Select(f => (Schools[1], f))));
    }

    [Fact]
    public void Referrals_for_several_needs_keep_a_single_needs_small_count_uncertain()
    {
        // 6 food-only, 3 food and homework, 7 homework-only: the total (16) is not food (9) + homework (10).
        ReferralFact[] facts =
        [
            Fact(ReferralState.Completed, ReferralReason.NeedMet, [Needs[0]], count: 6),
            Fact(ReferralState.Declined, ReferralReason.NoCapacity, [Needs[0], Needs[1]], count: 3),
            Fact(ReferralState.Completed, ReferralReason.NeedMet, [Needs[1]], count: 7),
            Fact(ReferralState.Sent, null, [Needs[2]], days: null, count: 12),
        ];
        Audit(facts.Select(f => (Schools[0], f)));
    }

    // ---- the reader ----

    /// <summary>One published cell: its true value (for the audit only) and what the reader sees.</summary>
    sealed record Cell(int Value, bool Hidden)
    {
        public bool Small => Hidden && Value is > 0 and < 5;
    }

    /// <summary>A published table: need rows then the total row; counts per column.</summary>
    sealed record Table(string Name, Cell[][] Rows, double?[] CompletionRates, double?[] AcknowledgedRates);

    static Table Publish(string name, IReadOnlyList<IndicatorRow> rows) => new(name,
        [.. rows.Select(r => Counts.Select(c => new Cell(r[c], r.Suppressed[(int)c])).ToArray())],
        [.. rows.Select(r => Rounded(r.CompletionRate))], [.. rows.Select(r => Rounded(r.AcknowledgedInTimeRate))]);

    // As the CSV prints them: a percentage with one decimal.
    static double? Rounded(double? rate) => rate is { } r ? Math.Round(r * 100, 1) : null;

    static void Audit(IEnumerable<(Guid School, ReferralFact Fact)> facts, IReadOnlyDictionary<Guid, SchoolLevels>? levelsOf = null)
    {
        var list = facts.ToList();
        var tables = Indicators.ComputeForCentre(list, Needs, levelsOf);
        var published = new List<Table> { Publish("css", tables.Centre) };
        var schools = Schools.Where(tables.Schools.ContainsKey).ToList();
        published.AddRange(schools.Select(s => Publish(s.ToString(), tables.Schools[s])));
        // Each level's table (the page's level filter) is the sum of the schools teaching it, whatever else they teach.
        var levels = new List<(int Table, int[] Members)>();
        foreach (var level in Enum.GetValues<SchoolLevels>().Where(l => l != SchoolLevels.None))
        {
            var members = schools.Where(s => levelsOf is not null && levelsOf.TryGetValue(s, out var l) && l.HasFlag(level)).ToList();
            Assert.Equal(members.Count > 0, tables.Levels.ContainsKey(level));
            if (members.Count == 0) continue;
            levels.Add((published.Count, [.. members.Select(s => 1 + schools.IndexOf(s))]));
            published.Add(Publish(level.ToString(), tables.For(level)));
        }
        new Reader(published, levels).AssertEverySmallCellUncertain();
    }

    /// <summary>
    /// Integer constraint solving over the hidden cells: bounds propagation on the linear relations, branching near the
    /// true table first (it is always a solution, so a second one is usually a few steps away).
    /// </summary>
    sealed class Reader
    {
        const int Cap = 10_000;
        const int Budget = 2_000_000;

        readonly List<Table> tables;
        readonly List<(int Table, int Row, int Column)> variables = [];
        readonly Dictionary<(int, int, int), int> index = [];
        // Σ coefficient·cell + constant (= or ≤) 0, cells known to the reader folded into the constant.
        readonly List<(int[] Vars, int[] Coefficients, int Constant, bool Equality)> constraints = [];
        readonly List<Func<int[], bool>> checks = [];
        readonly List<int>[] watching;
        int nodes;

        public Reader(List<Table> tables, List<(int Table, int[] Members)>? levels = null)
        {
            this.tables = tables;
            for (var t = 0; t < tables.Count; t++)
                for (var r = 0; r < tables[t].Rows.Length; r++)
                    for (var c = 0; c < Counts.Length; c++)
                        if (tables[t].Rows[r][c].Hidden) { index[(t, r, c)] = variables.Count; variables.Add((t, r, c)); }

            for (var t = 0; t < tables.Count; t++)
            {
                var rows = tables[t].Rows.Length;
                for (var r = 0; r < rows; r++)
                {
                    foreach (var (total, parts) in RowSums)
                        Add([(t, r, (int)total, 1), .. parts.Select(p => (t, r, (int)p, -1))], equality: true);
                    AddRates(t, r);
                }
                // Down a column: every need row is within the total, and the total within the sum of the need rows
                // (a referral for several needs counts once in the total, once per need above it).
                for (var c = 0; c < Counts.Length; c++)
                {
                    for (var n = 0; n < rows - 1; n++) Add([(t, n, c, 1), (t, rows - 1, c, -1)], equality: false);
                    Add([(t, rows - 1, c, 1), .. Enumerable.Range(0, rows - 1).Select(n => (t, n, c, -1))], equality: false);
                }
            }
            // The whole CSS is the sum of its schools, cell by cell (a referral belongs to one school).
            if (tables.Count > 1)
                for (var r = 0; r < tables[0].Rows.Length; r++)
                    for (var c = 0; c < Counts.Length; c++)
                        Add([(0, r, c, 1), .. Enumerable.Range(1, tables.Count - 1 - (levels?.Count ?? 0)).Select(t => (t, r, c, -1))], equality: true);
            // A level is the sum of its schools, cell by cell.
            foreach (var (level, members) in levels ?? [])
                for (var r = 0; r < tables[level].Rows.Length; r++)
                    for (var c = 0; c < Counts.Length; c++)
                        Add([(level, r, c, 1), .. members.Select(t => (t, r, c, -1))], equality: true);

            watching = [.. variables.Select(_ => new List<int>())];
            for (var k = 0; k < constraints.Count; k++)
                foreach (var v in constraints[k].Vars) watching[v].Add(k);
        }

        void Add(IEnumerable<(int Table, int Row, int Column, int Coefficient)> terms, bool equality)
        {
            var vars = new List<int>();
            var coefficients = new List<int>();
            var constant = 0;
            foreach (var (t, r, c, a) in terms)
                if (index.TryGetValue((t, r, c), out var v)) { vars.Add(v); coefficients.Add(a); }
                else constant += a * tables[t].Rows[r][c].Value;
            if (vars.Count > 0) constraints.Add(([.. vars], [.. coefficients], constant, equality));
            else Assert.True(equality ? constant == 0 : constant <= 0, "The published table breaks its own relations.");
        }

        /// <summary>A rate shown ties its numerator to its denominator: the reader checks it on every candidate table.</summary>
        void AddRates(int t, int r)
        {
            int ValueOf(int[] values, IndicatorCount c) => index.TryGetValue((t, r, (int)c), out var v) ? values[v] : tables[t].Rows[r][(int)c].Value;
            if (tables[t].CompletionRates[r] is { } completion)
                checks.Add(values =>
                {
                    var closed = ValueOf(values, Sent) - ValueOf(values, StillOpen);
                    return closed > 0 && Math.Round(100.0 * ValueOf(values, Completed) / closed, 1) == completion;
                });
            if (tables[t].AcknowledgedRates[r] is { } acknowledged)
                checks.Add(values =>
                {
                    var warm = ValueOf(values, SentWarm);
                    return warm > 0 && Math.Round(100.0 * ValueOf(values, AcknowledgedInTime) / warm, 1) == acknowledged;
                });
        }

        Cell CellOf(int v) => tables[variables[v].Table].Rows[variables[v].Row][variables[v].Column];

        public void AssertEverySmallCellUncertain()
        {
            foreach (var table in tables)
                foreach (var row in table.Rows)
                    Assert.DoesNotContain(row, cell => !cell.Hidden && cell.Value is > 0 and < 5);

            for (var v = 0; v < variables.Count; v++)
            {
                var cell = CellOf(v);
                var (t, r, c) = variables[v];
                var where = $"{tables[t].Name} row {r} {Counts[c]} = {cell.Value}";
                if (cell.Small)
                    Assert.True(Enumerable.Range(1, 4).Any(other => other != cell.Value && Feasible(v, other, other)), $"{where}: the only value within 1–4");
                else if (cell.Value == 0)
                    Assert.True(Feasible(v, 5, Cap), $"{where}: a hidden zero that cannot be 5 or more");
            }
        }

        bool Feasible(int variable, int low, int high)
        {
            var lo = new int[variables.Count];
            var hi = new int[variables.Count];
            for (var v = 0; v < variables.Count; v++)
                (lo[v], hi[v]) = (0, Cap);
            (lo[variable], hi[variable]) = (low, high);
            nodes = 0;
            return Search(lo, hi);
        }

        bool Search(int[] lo, int[] hi)
        {
            if (++nodes > Budget) throw new InvalidOperationException("The audit ran out of budget.");
            if (!Propagate(lo, hi)) return false;
            var open = -1;
            for (var v = 0; v < variables.Count; v++)
                if (lo[v] != hi[v] && (open < 0 || hi[v] - lo[v] < hi[open] - lo[open])) open = v;
            if (open < 0) return checks.All(check => check(lo));

            // Branch on the true value first, then below it, then above.
            var truth = Math.Clamp(CellOf(open).Value, lo[open], hi[open]);
            foreach (var (a, b) in new[] { (truth, truth), (lo[open], truth - 1), (truth + 1, hi[open]) })
            {
                if (a > b) continue;
                var (l, h) = ((int[])lo.Clone(), (int[])hi.Clone());
                (l[open], h[open]) = (a, b);
                if (Search(l, h)) return true;
            }
            return false;
        }

        /// <summary>Bounds consistency; a hidden cell may be any count.</summary>
        bool Propagate(int[] lo, int[] hi)
        {
            var queue = new Queue<int>(Enumerable.Range(0, constraints.Count));
            var queued = new bool[constraints.Count];
            Array.Fill(queued, true);
            while (queue.Count > 0)
            {
                var k = queue.Dequeue();
                queued[k] = false;
                var (vars, a, constant, equality) = constraints[k];
                long min = constant, max = constant;
                for (var i = 0; i < vars.Length; i++)
                {
                    min += a[i] > 0 ? lo[vars[i]] : -hi[vars[i]];
                    max += a[i] > 0 ? hi[vars[i]] : -lo[vars[i]];
                }
                if (min > 0 || (equality && max < 0)) return false;
                for (var i = 0; i < vars.Length; i++)
                {
                    var v = vars[i];
                    var restMin = min - (a[i] > 0 ? lo[v] : -hi[v]);
                    var restMax = max - (a[i] > 0 ? hi[v] : -lo[v]);
                    long newLo = lo[v], newHi = hi[v];
                    if (a[i] > 0) { newHi = Math.Min(newHi, -restMin); if (equality) newLo = Math.Max(newLo, -restMax); }
                    else { newLo = Math.Max(newLo, restMin); if (equality) newHi = Math.Min(newHi, restMax); }
                    if (newLo > newHi) return false;
                    if (newLo == lo[v] && newHi == hi[v]) continue;
                    (lo[v], hi[v]) = ((int)newLo, (int)newHi);
                    foreach (var other in watching[v])
                        if (!queued[other]) { queued[other] = true; queue.Enqueue(other); }
                }
            }
            return true;
        }
    }
}
