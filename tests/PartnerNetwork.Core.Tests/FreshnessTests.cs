using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;

namespace PartnerNetwork.Core.Tests;

/// <summary>The freshness rule against a fixed clock: month ends, leap days, and Quebec's two clock changes.</summary>
public class FreshnessTests
{
    static readonly Freshness Rules = new();

    static DateTime Utc(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    [Fact]
    public void A_listing_is_due_six_months_after_its_confirmation_or_after_its_organisations_own_period()
    {
        // 31 August + 6 months is the last day of February.
        Assert.Equal(new DateOnly(2026, 2, 28), Rules.DueDate(new DateOnly(2025, 8, 31), null));
        Assert.False(Rules.IsDue(new DateOnly(2025, 8, 31), null, new DateOnly(2026, 2, 27)));
        Assert.True(Rules.IsDue(new DateOnly(2025, 8, 31), null, new DateOnly(2026, 2, 28)));
        // An admin set three months for this organisation.
        Assert.True(Rules.IsDue(new DateOnly(2025, 8, 31), 3, new DateOnly(2025, 11, 30)));
        Assert.False(Rules.IsDue(new DateOnly(2025, 8, 31), 3, new DateOnly(2025, 11, 29)));
        // Never confirmed: due from the start, and stale.
        Assert.True(Rules.IsDue(null, null, new DateOnly(2026, 1, 1)));
        Assert.True(Rules.IsStale(null, new DateOnly(2026, 1, 1)));
    }

    [Theory]
    [InlineData("2025-03-01", "2026-03-01", false)]
    [InlineData("2025-03-01", "2026-03-02", true)]
    [InlineData("2024-02-29", "2025-02-28", false)]   // a leap day's anniversary is 28 February
    [InlineData("2024-02-29", "2025-03-01", true)]
    [InlineData("2023-02-28", "2024-02-29", false)]  // the cut-off on a leap day is 28 February of the year before
    [InlineData("2023-02-27", "2024-02-29", true)]
    public void A_listing_unconfirmed_for_twelve_months_is_stale_with_one_cut_off_on_every_day(string assured, string today, bool stale)
    {
        var (a, t) = (DateOnly.Parse(assured), DateOnly.Parse(today));
        Assert.Equal(stale, Rules.IsStale(a, t));
        // The index compares with the cut-off: the same verdict.
        Assert.Equal(!stale, a >= Rules.VerifiedSince(t));
        Assert.Equal(stale, new Service { AssuredDate = a }.IsStale(t));
    }

    [Fact]
    public void Links_expire_thirty_days_later_at_the_same_Quebec_hour_across_the_autumn_and_spring_clock_changes()
    {
        // Sent at 09:00 EDT on 20 October; clocks fall back on 1 November: it expires at 09:00 EST, 30 days and one hour later.
        var autumn = Utc(2026, 10, 20, 13);
        Assert.Equal(Utc(2026, 11, 19, 14), Rules.LinkExpiry(autumn));
        // Sent at 09:00 EST on 1 March; clocks spring forward on 8 March: 09:00 EDT, an hour less than 30 days.
        var spring = Utc(2026, 3, 1, 14);
        Assert.Equal(Utc(2026, 3, 31, 13), Rules.LinkExpiry(spring));
    }

    [Fact]
    public void The_reminder_goes_fourteen_Quebec_days_after_the_request_unless_answered_reminded_or_expired()
    {
        // 23:30 in Quebec on 24 October is already 25 October in UTC: the reminder counts from the Quebec day.
        var sent = Utc(2026, 10, 25, 3, 30);
        Assert.False(Rules.IsReminderDue(sent, null, null, Utc(2026, 11, 7, 4, 59)));   // 6 November 23:59 EST
        Assert.True(Rules.IsReminderDue(sent, null, null, Utc(2026, 11, 7, 5, 0)));     // 7 November 00:00 EST
        Assert.False(Rules.IsReminderDue(sent, Utc(2026, 11, 7, 5, 0), null, Utc(2026, 11, 8, 12)));   // already reminded
        Assert.False(Rules.IsReminderDue(sent, null, Utc(2026, 10, 30, 12), Utc(2026, 11, 8, 12)));   // answered
        Assert.True(Rules.IsReminderDue(sent, null, Utc(2026, 1, 30, 12), Utc(2026, 11, 8, 12)));     // an answer to an older request
        Assert.False(Rules.IsReminderDue(sent, null, null, Rules.LinkExpiry(sent)));                    // its links have expired
        Assert.False(Rules.IsReminderDue(null, null, null, Utc(2026, 11, 8, 12)));
    }

    [Fact]
    public void A_new_request_waits_until_the_open_one_has_expired()
    {
        var assured = new DateOnly(2025, 1, 15);
        var sent = Utc(2026, 2, 2, 14);
        Assert.True(Rules.IsRequestDue(assured, null, null, sent));
        Assert.False(Rules.IsRequestDue(assured, null, sent, Utc(2026, 2, 20, 14)));
        Assert.False(Rules.IsRequestDue(assured, null, sent, Rules.LinkExpiry(sent).AddSeconds(-1)));
        Assert.True(Rules.IsRequestDue(assured, null, sent, Rules.LinkExpiry(sent)));
        // Confirmed meanwhile: nothing is due.
        Assert.False(Rules.IsRequestDue(new DateOnly(2026, 2, 10), null, sent, Rules.LinkExpiry(sent)));
    }

    [Fact]
    public void Capacity_answers_set_the_state_an_agent_sees()
    {
        var now = Utc(2026, 5, 1, 12);
        var service = new Service { Capacity = new() { Available = 4, Maximum = 10 } };
        service.SetCapacityState(CapacityState.Full, now);
        Assert.Equal(CapacityState.Full, service.CapacityState);
        service.SetCapacityState(CapacityState.Waitlist, now);
        Assert.Equal(CapacityState.Waitlist, service.CapacityState);
        service.SetCapacityState(CapacityState.TakingReferrals, now);
        Assert.Equal(CapacityState.TakingReferrals, service.CapacityState);
        Assert.Equal(10, service.Capacity.Maximum);
        Assert.Throws<ArgumentException>(() => service.SetCapacityState(CapacityState.NotAcceptingReferrals, now));
    }

    [Fact]
    public void The_index_filters_verified_services_against_the_day_asked_not_the_day_it_was_built()
    {
        var fresh = Entry(new DateOnly(2026, 1, 10));
        var old = Entry(new DateOnly(2025, 1, 10));
        var never = Entry(null);
        var index = CatalogueIndex.Build([fresh, old, never], Guid.NewGuid());
        var onTenJanuary = index.Matching(new CatalogueQuery { VerifiedSince = Rules.VerifiedSince(new DateOnly(2026, 1, 10)) });
        Assert.Equal(new[] { fresh.ServiceId, old.ServiceId }.Order(), onTenJanuary.Select(e => e.ServiceId).Order());
        // The same index a day later: the old listing has become stale.
        var nextDay = index.Matching(new CatalogueQuery { VerifiedSince = Rules.VerifiedSince(new DateOnly(2026, 1, 11)) });
        Assert.Equal([fresh.ServiceId], nextDay.Select(e => e.ServiceId));
        Assert.Equal(3, index.Matching(new CatalogueQuery()).Count);
    }

    static CatalogueEntry Entry(DateOnly? assured) => new()
    {
        ServiceId = Guid.NewGuid(), OrganizationId = Guid.NewGuid(), ServiceName = $"Service {assured}", OrganizationName = "Organisme",
        AssuredDate = assured,
    };
}
