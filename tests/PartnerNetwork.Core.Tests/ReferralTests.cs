using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Referrals;

namespace PartnerNetwork.Core.Tests;

public class BusinessDaysTests
{
    [Theory]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2030, 4, 21)]
    [InlineData(2038, 4, 25)]
    public void Easter_sunday_is_computed(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), BusinessDays.EasterSunday(year));

    [Fact]
    public void Quebec_statutory_holidays_of_2026()
    {
        var expected = new[] { "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-18", "2026-06-24", "2026-07-01", "2026-09-07", "2026-10-12", "2026-12-25" }
            .Select(DateOnly.Parse).ToHashSet();
        Assert.True(expected.SetEquals(BusinessDays.Holidays(2026)));
    }

    [Fact]
    public void Saint_jean_baptiste_and_canada_day_on_a_sunday_move_to_monday()
    {
        // 24 June 2029 and 1 July 2029 are Sundays.
        Assert.Contains(new DateOnly(2029, 6, 25), BusinessDays.Holidays(2029));
        Assert.Contains(new DateOnly(2029, 7, 2), BusinessDays.Holidays(2029));
        Assert.False(BusinessDays.IsBusinessDay(new DateOnly(2029, 6, 25)));
        Assert.True(BusinessDays.IsBusinessDay(new DateOnly(2029, 6, 26)));
    }

    [Theory]
    // Thu 2 Apr 2026 10:00 EDT + 2: Good Friday, weekend, Easter Monday skipped → Wed 8 Apr 10:00.
    [InlineData("2026-04-02T14:00:00Z", 2, "2026-04-08T14:00:00Z")]
    // Mon 22 Jun 2026 + 2: Tue 23, (Wed 24 Fête nationale) Thu 25.
    [InlineData("2026-06-22T14:00:00Z", 2, "2026-06-25T14:00:00Z")]
    // Fri 20 Nov 2026 09:00 EST + 5: Mon–Fri of the next week.
    [InlineData("2026-11-20T14:00:00Z", 5, "2026-11-27T14:00:00Z")]
    // Across the end of daylight time (1 Nov 2026) the local hour is kept: Fri 30 Oct 10:00 EDT + 1 → Mon 2 Nov 10:00 EST.
    [InlineData("2026-10-30T14:00:00Z", 1, "2026-11-02T15:00:00Z")]
    public void Adding_business_days_skips_weekends_and_holidays(string from, int days, string expected) =>
        Assert.Equal(DateTime.Parse(expected).ToUniversalTime(), BusinessDays.AddTo(DateTime.Parse(from).ToUniversalTime(), days));
}

public class ReferralTests
{
    static readonly DateTime T0 = new(2026, 11, 2, 14, 0, 0, DateTimeKind.Utc);

    static Referral NewReferral(ReferralKind kind = ReferralKind.WarmHandoff) =>
        Referral.Send(new Family { Id = Guid.NewGuid(), SchoolId = Guid.NewGuid() }, new Service { Id = Guid.NewGuid(), OrganizationId = Guid.NewGuid() },
            new ReferralRequest(kind, [Guid.NewGuid()], Urgency.Routine, "", ShareContact: false, FollowUpOn: DateOnly.FromDateTime(T0).AddDays(7), SheetLanguage: "fr"), Guid.NewGuid(), T0);

    [Fact]
    public void Each_move_is_an_event_with_who_when_from_to_reason_and_note_and_changes_the_version()
    {
        var referral = NewReferral();
        var partner = Guid.NewGuid();
        var version = referral.Version;
        Assert.Null(referral.Move(ReferralState.Acknowledged, ReferralActor.Partner, partner, null, " vu ", T0.AddHours(3)));
        Assert.NotEqual(version, referral.Version);
        var e = referral.Events[^1];
        Assert.Equal((partner, ReferralState.Sent, ReferralState.Acknowledged, "vu", T0.AddHours(3)), (e.ActorId!.Value, e.From!.Value, e.To, e.Note!, e.At));
        Assert.Equal(T0.AddHours(3), referral.AcknowledgedAt);
    }

    [Fact]
    public void A_note_joins_the_thread_trimmed_with_its_author_and_leaves_state_and_version_alone()
    {
        var referral = NewReferral();
        var (state, version, events) = (referral.State, referral.Version, referral.Events.Count);
        Assert.Null(referral.AddNote(ReferralActor.PartnerByLink, null, "  Nous appelons demain.  ", T0.AddHours(1), "accueil@example.org"));
        var note = Assert.Single(referral.Notes);
        Assert.Equal((referral.Id, "Nous appelons demain.", ReferralActor.PartnerByLink, (Guid?)null, "accueil@example.org", T0.AddHours(1)),
            (note.ReferralId, note.Text, note.Author, note.AuthorId, note.ViaEmail, note.At));
        Assert.Equal((state, version, events), (referral.State, referral.Version, referral.Events.Count));
    }

    [Theory]
    [InlineData(null, "Referral.NoteEmpty")]
    [InlineData(" \n\t ", "Referral.NoteEmpty")]
    [InlineData("TOO_LONG", "Referral.NoteTooLong")]
    public void An_empty_or_too_long_note_is_refused_and_adds_nothing(string? text, string refusal)
    {
        var referral = NewReferral();
        if (text == "TOO_LONG") text = new string('x', Referral.NoteMaxLength + 1);
        Assert.Equal(refusal, referral.AddNote(ReferralActor.Agent, Guid.NewGuid(), text, T0));
        Assert.Empty(referral.Notes);
        Assert.Null(referral.AddNote(ReferralActor.Agent, Guid.NewGuid(), new string('x', Referral.NoteMaxLength), T0));
    }

    [Fact]
    public void An_anonymised_referral_takes_no_new_note()
    {
        var referral = NewReferral();
        referral.Anonymise(T0);
        Assert.Equal("Referral.Anonymised", referral.AddNote(ReferralActor.Agent, Guid.NewGuid(), "Après la purge", T0));
        Assert.Empty(referral.Notes);
    }

    [Fact]
    public void Reasons_are_required_where_the_design_asks_and_must_fit_the_step()
    {
        var referral = NewReferral();
        referral.Move(ReferralState.Acknowledged, ReferralActor.Partner, null, null, null, T0);
        Assert.Equal("Referral.ReasonRequired", referral.Move(ReferralState.Declined, ReferralActor.Partner, null, null, null, T0));
        Assert.Equal("Referral.ReasonRequired", referral.Move(ReferralState.Declined, ReferralActor.Partner, null, ReferralReason.NeedMet, null, T0));
        Assert.Equal("Referral.OtherNeedsText", referral.Move(ReferralState.Declined, ReferralActor.Partner, null, ReferralReason.Other, "  ", T0));
        Assert.Equal(ReferralState.Acknowledged, referral.State);
        Assert.Equal(2, referral.Events.Count);
        Assert.Null(referral.Move(ReferralState.Declined, ReferralActor.Partner, null, ReferralReason.Other, "hors secteur", T0));
        Assert.Equal((ReferralReason.Other, "hors secteur"), (referral.Reason!.Value, referral.ReasonText!));
        Assert.Equal("Referral.AlreadyClosed", referral.Move(ReferralState.Cancelled, ReferralActor.Agent, null, ReferralReason.CancelledByAgent, null, T0));
    }

    [Fact]
    public void Information_given_is_closed_by_the_agent_and_never_by_the_partner()
    {
        foreach (var to in Enum.GetValues<ReferralState>())
            foreach (var actor in Enum.GetValues<ReferralActor>())
            {
                var allowed = ReferralWorkflow.IsAllowed(ReferralKind.InformationGiven, ReferralState.Sent, to, actor);
                var expected = actor == ReferralActor.Agent && to is ReferralState.Completed or ReferralState.Unsuccessful or ReferralState.Cancelled
                               || actor == ReferralActor.System && to == ReferralState.Cancelled;
                Assert.Equal(expected, allowed);
            }
    }

    [Fact]
    public void Timings_are_derived_from_the_events()
    {
        var referral = NewReferral();
        referral.Move(ReferralState.Acknowledged, ReferralActor.Partner, null, null, null, T0.AddHours(5));
        referral.Move(ReferralState.Accepted, ReferralActor.Partner, null, null, null, T0.AddHours(6));
        Assert.Equal(new ReferralTimings(TimeSpan.FromHours(5), null, null), ReferralTimings.Of(referral.Events));
        referral.Move(ReferralState.InProgress, ReferralActor.Partner, null, null, null, T0.AddDays(2));
        referral.Move(ReferralState.Completed, ReferralActor.Partner, null, ReferralReason.PartlyMet, null, T0.AddDays(9));
        Assert.Equal(new ReferralTimings(TimeSpan.FromHours(5), TimeSpan.FromDays(2), TimeSpan.FromDays(9)), ReferralTimings.Of(referral.Events));
    }

    [Fact]
    public void A_consent_covers_its_organisations_only_while_in_force()
    {
        var organization = Guid.NewGuid();
        var family = new Family();
        family.Consents.Add(new Consent
        {
            GivenOn = new DateOnly(2026, 1, 1), ExpiresOn = new DateOnly(2026, 6, 30),
            Organizations = [new ConsentOrganization { OrganizationId = organization }],
        });
        Assert.True(family.MayShareWith(organization, new DateOnly(2026, 3, 1)));
        Assert.False(family.MayShareWith(Guid.NewGuid(), new DateOnly(2026, 3, 1)));
        Assert.False(family.MayShareWith(organization, new DateOnly(2026, 7, 1)));
        family.Consents[0].WithdrawnAt = DateTime.UtcNow;
        Assert.False(family.MayShareWith(organization, new DateOnly(2026, 3, 1)));
    }
}

public class BusinessDaysTakenTests
{
    [Fact]
    public void Taken_agrees_with_adding_business_days()
    {
        var random = new Random(5);
        var start = new DateTime(2026, 3, 20, 12, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 400; i++)
        {
            var from = start.AddHours(random.Next(0, 24 * 200));
            var until = from.AddHours(random.Next(0, 24 * 30));
            var taken = BusinessDays.Taken(from, until);
            Assert.True(BusinessDays.AddTo(from, taken) >= until, $"{from:o} → {until:o}: {taken}");
            if (taken > 0) Assert.True(BusinessDays.AddTo(from, taken - 1) < until, $"{from:o} → {until:o}: {taken}");
        }
    }
}
