using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Referrals;
using static PartnerNetwork.Core.Coverage.IndicatorCount;

namespace PartnerNetwork.Core.Tests;

public class IndicatorTests
{
    static readonly Guid Food = Guid.NewGuid(), Homework = Guid.NewGuid();
    static readonly DateTime Monday = new(2026, 11, 2, 15, 0, 0, DateTimeKind.Utc);

    static ReferralFact Fact(ReferralState state, ReferralReason? reason = null, Guid? need = null, ReferralKind kind = ReferralKind.WarmHandoff, double? ackAfterDays = null) =>
        ReferralFact.Of(kind, state, reason, Monday, ackAfterDays is { } d ? Monday.AddDays(d) : null, [need ?? Food]);

    static IEnumerable<ReferralFact> Many(int n, Func<ReferralFact> make) => Enumerable.Range(0, n).Select(_ => make());

    [Fact]
    public void Counts_reasons_unmet_need_and_rates()
    {
        var facts = Many(6, () => Fact(ReferralState.Completed, ReferralReason.NeedMet, ackAfterDays: 1))
            .Concat(Many(5, () => Fact(ReferralState.Declined, ReferralReason.NoCapacity, ackAfterDays: 0.1)))
            .Concat(Many(5, () => Fact(ReferralState.Unsuccessful, ReferralReason.NoShow, ackAfterDays: 7)))
            .Concat(Many(5, () => Fact(ReferralState.Sent, kind: ReferralKind.InformationGiven)))
            .Concat(Many(5, () => Fact(ReferralState.Sent, need: Homework)));
        var rows = Indicators.Compute(facts, [Food, Homework]);
        var food = rows[0];
        Assert.Equal((21, 16, 5), (food[Sent], food[SentWarm], food[SentInformation]));
        Assert.Equal((5, 5, 5, 6, 5), (food[Declined], food[DeclinedNoCapacity], food[Unsuccessful], food[Completed], food[StillOpen]));
        Assert.Equal(10, food[UnmetNeed]); // declined for no capacity + unsuccessful
        Assert.Equal(6.0 / 16, food.CompletionRate!.Value, 9); // completed over closed (6 + 5 + 5)
        Assert.Equal(11.0 / 16, food.AcknowledgedInTimeRate!.Value, 9); // 6 within a day, 5 the same day, 5 after a week
        Assert.Equal(1, food.MedianDaysToAcknowledge); // days 1×6, 1×5 (0.1 day is the first business day), 5×5
        Assert.Equal(26, rows[^1][Sent]);
        Assert.All(rows.SelectMany(r => r.Suppressed), Assert.False);
    }

    [Fact]
    public void Counts_from_one_to_four_are_suppressed_and_zero_is_shown()
    {
        var facts = Many(10, () => Fact(ReferralState.Completed, ReferralReason.NeedMet)).Append(Fact(ReferralState.Declined, ReferralReason.NotEligible));
        var food = Indicators.Compute(facts, [Food])[0];
        Assert.True(food.Suppressed[(int)DeclinedNotEligible]);
        Assert.True(food.Suppressed[(int)Declined]);
        Assert.False(food.Suppressed[(int)DeclinedDuplicate]); // 0 is not a small cell
    }

    [Fact]
    public void A_single_small_cell_is_never_recoverable_from_a_total_shown_beside_it()
    {
        // Sent = 12 = 9 warm + 3 information: with 12 and 9 shown, the 3 could be recovered; the 9 is hidden too.
        var facts = Many(9, () => Fact(ReferralState.Completed, ReferralReason.NeedMet))
            .Concat(Many(3, () => Fact(ReferralState.Completed, ReferralReason.NeedMet, kind: ReferralKind.InformationGiven)));
        var rows = Indicators.Compute(facts, [Food, Homework]);
        var food = rows[0];
        Assert.True(food.Suppressed[(int)SentInformation]);
        Assert.True(food.Suppressed[(int)SentWarm]);
        AssertNoSingleHiddenCell(rows);
    }

    [Fact]
    public void Down_a_column_the_total_row_does_not_give_away_one_needs_small_count()
    {
        // Total sent 13 = 10 food + 3 homework: the 10 is hidden as well.
        var facts = Many(10, () => Fact(ReferralState.Completed, ReferralReason.NeedMet))
            .Concat(Many(3, () => Fact(ReferralState.Completed, ReferralReason.NeedMet, need: Homework)));
        var rows = Indicators.Compute(facts, [Food, Homework]);
        Assert.True(rows[1].Suppressed[(int)Sent]);
        Assert.True(rows[0].Suppressed[(int)Sent]);
        AssertNoSingleHiddenCell(rows);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_tables_never_leave_a_group_with_a_single_hidden_cell(int seed)
    {
        var random = new Random(seed);
        var needs = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var states = Enum.GetValues<ReferralState>();
        var reasons = Enum.GetValues<ReferralReason>();
        var facts = Enumerable.Range(0, random.Next(10, 120)).Select(_ => new ReferralFact(
            random.Next(3) == 0 ? ReferralKind.InformationGiven : ReferralKind.WarmHandoff, states[random.Next(states.Length)],
            reasons[random.Next(reasons.Length)], null, [needs[random.Next(needs.Count)]])).ToList();
        var rows = Indicators.Compute(facts, needs);
        AssertNoSingleHiddenCell(rows);
        Assert.All(rows, r => Assert.All(Enumerable.Range(0, r.Counts.Length), c => Assert.True(!(r.Counts[c] is > 0 and < 5) || r.Suppressed[c])));
    }

    [Fact]
    public void Rates_and_medians_resting_on_fewer_than_five_are_not_shown()
    {
        var food = Indicators.Compute(Many(4, () => Fact(ReferralState.Completed, ReferralReason.NeedMet, ackAfterDays: 1)), [Food])[0];
        Assert.Null(food.CompletionRate);
        Assert.Null(food.AcknowledgedInTimeRate);
        Assert.Null(food.MedianDaysToAcknowledge);
    }

    [Fact]
    public void A_completion_rate_is_not_shown_beside_a_hidden_completed_count()
    {
        // Tutoring: completed "< 5" beside 26.7 % of 15 closed gave completed = 4.
        var facts = Many(4, () => Fact(ReferralState.Completed, ReferralReason.NeedMet))
            .Concat(Many(11, () => Fact(ReferralState.Declined, ReferralReason.Other)))
            .Concat(Many(2, () => Fact(ReferralState.Sent)));
        var food = Indicators.Compute(facts, [Food])[0];
        Assert.True(food.Suppressed[(int)Completed]);
        Assert.Null(food.CompletionRate);
    }

    [Fact]
    public void Facts_grouped_by_the_database_give_the_same_rows_as_one_per_referral()
    {
        var one = Many(7, () => Fact(ReferralState.Completed, ReferralReason.NeedMet, ackAfterDays: 1))
            .Concat(Many(6, () => Fact(ReferralState.Declined, ReferralReason.NoCapacity, need: Homework, ackAfterDays: 4))).ToList();
        var grouped = one.GroupBy(f => (f.Kind, f.State, f.Reason, f.DaysToAcknowledge, Need: f.NeedIds.Single()))
            .Select(g => new ReferralFact(g.Key.Kind, g.Key.State, g.Key.Reason, g.Key.DaysToAcknowledge, [g.Key.Need], g.Count())).ToList();
        var totals = one.GroupBy(f => (f.Kind, f.State, f.Reason, f.DaysToAcknowledge))
            .Select(g => new ReferralFact(g.Key.Kind, g.Key.State, g.Key.Reason, g.Key.DaysToAcknowledge, [], g.Count())).ToList();
        var expected = Indicators.Compute(one, [Food, Homework]);
        var actual = Indicators.Compute(grouped, [Food, Homework], totals);
        Assert.Equal(expected.Select(r => r.Counts), actual.Select(r => r.Counts));
        Assert.Equal(expected.Select(r => r.MedianDaysToAcknowledge), actual.Select(r => r.MedianDaysToAcknowledge));
        Assert.Equal(expected.Select(r => r.AcknowledgedInTimeRate), actual.Select(r => r.AcknowledgedInTimeRate));
    }

    [Fact]
    public void School_years_run_from_july_to_june()
    {
        Assert.Equal(2026, Indicators.SchoolYearOf(new DateOnly(2026, 7, 1)));
        Assert.Equal(2025, Indicators.SchoolYearOf(new DateOnly(2026, 6, 30)));
        Assert.Equal((new DateOnly(2025, 7, 1), new DateOnly(2026, 6, 30)), Indicators.SchoolYear(2025));
    }

    static void AssertNoSingleHiddenCell(List<IndicatorRow> rows)
    {
        foreach (var row in rows)
            foreach (var (total, parts) in Indicators.RowGroups)
                Assert.NotEqual(1, parts.Append(total).Count(c => row.Suppressed[(int)c]));
        for (var c = 0; c < rows[0].Counts.Length; c++)
            Assert.NotEqual(1, rows.Count(r => r.Suppressed[c]));
    }
}
