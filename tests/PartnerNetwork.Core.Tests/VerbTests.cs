using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Time;

namespace PartnerNetwork.Core.Tests;

/// <summary>The rules pages rely on: building a referral, consent withdrawal, contact sharing, retention, listing verbs.</summary>
public class VerbTests
{
    static readonly DateTime Now = new(2026, 11, 2, 15, 0, 0, DateTimeKind.Utc); // Monday 10:00 in Montréal
    static readonly DateOnly Today = new(2026, 11, 2);
    static readonly Guid OrgX = Guid.NewGuid(), OrgY = Guid.NewGuid(), Agent = Guid.NewGuid();

    static Family NewFamily() => new() { Id = Guid.NewGuid(), SchoolId = Guid.NewGuid(), LastActivityAt = Now.AddDays(-30) };

    static Service ServiceOf(Guid organization) => new() { Id = Guid.NewGuid(), OrganizationId = organization };

    static Consent ConsentFor(params Guid[] organizations) => new()
    {
        Id = Guid.NewGuid(), GivenOn = Today.AddDays(-1), ExpiresOn = Today.AddMonths(6),
        Organizations = organizations.Select(o => new ConsentOrganization { OrganizationId = o }).ToList(),
    };

    static ReferralRequest Request(ReferralKind kind, bool share = false, DateOnly? followUpOn = null) =>
        new(kind, [Guid.NewGuid(), Guid.NewGuid()], Urgency.Urgent, "  Besoin urgent  ", share, followUpOn ?? Today.AddDays(7), "es");

    [Fact]
    public void A_warm_handoff_keeps_contact_sharing_and_drops_the_sheet_language()
    {
        var family = NewFamily();
        family.Consents.Add(ConsentFor(OrgX));
        var referral = Referral.Send(family, ServiceOf(OrgX), Request(ReferralKind.WarmHandoff, share: true), Agent, Now);
        Assert.Equal((ReferralState.Sent, OrgX, family.SchoolId, true, (string?)null, "Besoin urgent"),
            (referral.State, referral.OrganizationId, referral.SchoolId, referral.ShareContact, referral.SheetLanguage, referral.Message));
        Assert.Equal(2, referral.Needs.Count);
        Assert.Single(referral.Events);
        Assert.Equal(Now, family.LastActivityAt);
    }

    [Fact]
    public void Information_given_never_shares_contact_and_keeps_the_sheet_language()
    {
        var referral = Referral.Send(NewFamily(), ServiceOf(OrgX), Request(ReferralKind.InformationGiven, share: true), Agent, Now);
        Assert.False(referral.ShareContact);
        Assert.Equal("es", referral.SheetLanguage);
    }

    [Fact]
    public void Contact_details_reach_the_partner_only_while_a_consent_in_force_covers_it()
    {
        var family = NewFamily();
        var consent = ConsentFor(OrgX);
        family.Consents.AddRange([ConsentFor(OrgY), consent]);
        var referral = Referral.Send(family, ServiceOf(OrgX), Request(ReferralKind.WarmHandoff, share: true), Agent, Now);
        referral.Family = family;
        Assert.True(referral.SharesContact(Today));
        family.Consents.Remove(consent);
        Assert.False(referral.SharesContact(Today));
        family.Consents.Add(consent);
        Assert.True(referral.SharesContact(Today));
        Assert.False(referral.SharesContact(consent.ExpiresOn.AddDays(1)));
        referral.ShareContact = false;
        Assert.False(referral.SharesContact(Today));
    }

    [Fact]
    public void Withdrawing_a_consent_cancels_the_open_referrals_it_alone_covered()
    {
        var family = NewFamily();
        var onlyX = ConsentFor(OrgX);
        family.Consents.AddRange([onlyX, ConsentFor(OrgY)]);
        var toX = Referral.Send(family, ServiceOf(OrgX), Request(ReferralKind.WarmHandoff), Agent, Now.AddDays(-3));
        var toY = Referral.Send(family, ServiceOf(OrgY), Request(ReferralKind.WarmHandoff), Agent, Now.AddDays(-3));
        var closedToX = Referral.Send(family, ServiceOf(OrgX), Request(ReferralKind.WarmHandoff), Agent, Now.AddDays(-3));
        closedToX.State = ReferralState.Completed;
        family.Referrals.AddRange([toX, toY, closedToX]);
        var who = Guid.NewGuid();

        var cancelled = family.WithdrawConsent(onlyX, who, Now);

        Assert.Equal([toX], cancelled);
        Assert.Equal((ReferralState.Cancelled, ReferralReason.ConsentWithdrawn, ReferralActor.System), (toX.State, toX.Reason, toX.Events[^1].Actor));
        Assert.Equal(ReferralState.Sent, toY.State);
        Assert.Equal(ReferralState.Completed, closedToX.State);
        Assert.Equal((Now, who), (onlyX.WithdrawnAt, onlyX.WithdrawnById));
        Assert.Equal(Now, family.LastActivityAt);
        Assert.Empty(family.WithdrawConsent(onlyX, who, Now.AddHours(1))); // twice is nothing
        Assert.Equal(Now, onlyX.WithdrawnAt);
    }

    [Fact]
    public void Another_consent_in_force_keeps_a_referral_open_after_a_withdrawal()
    {
        var family = NewFamily();
        var first = ConsentFor(OrgX);
        family.Consents.AddRange([first, new Consent { Id = Guid.NewGuid(), GivenOn = Today, ExpiresOn = Today.AddMonths(1), AnyOrganization = true }]);
        var toX = Referral.Send(family, ServiceOf(OrgX), Request(ReferralKind.WarmHandoff), Agent, Now);
        family.Referrals.Add(toX);
        Assert.Empty(family.WithdrawConsent(first, Agent, Now));
        Assert.Equal(ReferralState.Sent, toX.State);
    }

    [Fact]
    public void Recording_a_consent_attaches_it_and_restarts_the_retention_clock()
    {
        var family = NewFamily();
        var consent = ConsentFor(OrgX);
        Assert.Null(family.RecordConsent(consent, Now));
        Assert.Equal(family.Id, consent.FamilyId);
        Assert.Contains(consent, family.Consents);
        Assert.Equal(Now, family.LastActivityAt);
    }

    [Theory]
    // Given today at the latest, and no longer ago than a consent may last (Now is 2 Nov 2026 in Montréal).
    [InlineData("2026-11-03", "2027-11-03", "Consent.GivenOnRange")]
    [InlineData("2024-11-01", "2026-11-01", "Consent.GivenOnRange")]
    // Ending on or after the day it was given, 24 months later at the most.
    [InlineData("2026-11-02", "2026-11-01", "Consent.ExpiresOnRange")]
    [InlineData("2026-10-01", "2028-10-02", "Consent.ExpiresOnRange")]
    [InlineData("2026-11-02", "2026-11-02", null)]
    [InlineData("2024-11-02", "2026-11-02", null)]
    [InlineData("2026-10-01", "2028-10-01", null)]
    public void A_consent_is_recorded_only_with_dates_that_can_be_true(string givenOn, string expiresOn, string? refusal)
    {
        var family = NewFamily();
        var consent = new Consent { Id = Guid.NewGuid(), GivenOn = DateOnly.Parse(givenOn), ExpiresOn = DateOnly.Parse(expiresOn), AnyOrganization = true };
        Assert.Equal(refusal, family.RecordConsent(consent, Now));
        Assert.Equal(refusal is null, family.Consents.Contains(consent));
        // A refused consent changes nothing, not even the retention clock.
        Assert.Equal(refusal is null ? Now : Now.AddDays(-30), family.LastActivityAt);
    }

    [Theory]
    [InlineData(ReferralKind.InformationGiven, null, "Referral.FollowUpRequired")]
    [InlineData(ReferralKind.InformationGiven, -1, "Referral.FollowUpRange")]
    [InlineData(ReferralKind.WarmHandoff, -1, "Referral.FollowUpRange")]
    [InlineData(ReferralKind.InformationGiven, 366, "Referral.FollowUpRange")]
    [InlineData(ReferralKind.InformationGiven, 0, null)]
    [InlineData(ReferralKind.InformationGiven, 365, null)]
    [InlineData(ReferralKind.WarmHandoff, null, null)]
    public void A_follow_up_is_planned_from_today_to_a_year_ahead_and_information_given_needs_one(ReferralKind kind, int? inDays, string? refusal)
    {
        // 2 Nov 2026 + 12 months is 2 Nov 2027, 365 days later.
        var followUp = inDays is { } days ? Today.AddDays(days) : (DateOnly?)null;
        Assert.Equal(refusal, Referral.FollowUpRefusal(kind, followUp, Today));
        var request = new ReferralRequest(kind, [Guid.NewGuid()], Urgency.Routine, "", ShareContact: false, followUp, "fr");
        if (refusal is null) Assert.Equal(followUp, Referral.Send(NewFamily(), ServiceOf(OrgX), request, Agent, Now).FollowUpOn);
        else Assert.Equal(refusal, Assert.Throws<InvalidOperationException>(() => Referral.Send(NewFamily(), ServiceOf(OrgX), request, Agent, Now)).Message);
    }

    [Fact]
    public void Contact_details_are_shared_only_under_a_consent_in_force_for_the_organisation()
    {
        var family = NewFamily();
        var expired = new Consent { Id = Guid.NewGuid(), GivenOn = Today.AddMonths(-13), ExpiresOn = Today.AddDays(-1), AnyOrganization = true };
        family.Consents.AddRange([ConsentFor(OrgY), expired]);
        Assert.True(Referral.LacksConsent(family, OrgX, ReferralKind.WarmHandoff, shareContact: true, Today));
        Assert.Equal("Referral.NoConsent", Assert.Throws<InvalidOperationException>(() =>
            Referral.Send(family, ServiceOf(OrgX), Request(ReferralKind.WarmHandoff, share: true), Agent, Now)).Message);
        Assert.Equal(Now.AddDays(-30), family.LastActivityAt);
        // Not sharing, or information given (never shared), needs no consent.
        Assert.False(Referral.LacksConsent(family, OrgX, ReferralKind.WarmHandoff, shareContact: false, Today));
        Assert.False(Referral.LacksConsent(family, OrgX, ReferralKind.InformationGiven, shareContact: true, Today));
        family.Consents.Add(ConsentFor(OrgX));
        Assert.False(Referral.LacksConsent(family, OrgX, ReferralKind.WarmHandoff, shareContact: true, Today));
        Assert.True(Referral.Send(family, ServiceOf(OrgX), Request(ReferralKind.WarmHandoff, share: true), Agent, Now).ShareContact);
    }

    [Fact]
    public void Anonymising_a_referral_blanks_what_people_wrote_and_keeps_what_counts()
    {
        var referral = Referral.Send(NewFamily(), ServiceOf(OrgX), Request(ReferralKind.WarmHandoff), Agent, Now);
        Assert.Null(referral.Move(ReferralState.Cancelled, ReferralActor.Agent, Agent, ReferralReason.CancelledByAgent, "raison personnelle", Now.AddHours(1)));
        referral.Notes.Add(new ReferralNote { Text = "appel" });
        referral.Anonymise(Now.AddYears(3));
        Assert.Equal(("", (string?)null, 0), (referral.Message, referral.ReasonText, referral.Notes.Count));
        Assert.Equal(2, referral.Events.Count); // sent, cancelled: kept for the statistics, without their notes
        Assert.All(referral.Events, e => Assert.Null(e.Note));
        Assert.Equal((ReferralState.Cancelled, ReferralReason.CancelledByAgent, 2), (referral.State, referral.Reason, referral.Needs.Count));
        Assert.Equal(Now.AddYears(3), referral.AnonymisedAt);
    }

    [Fact]
    public void An_acknowledgement_is_overdue_after_two_business_days_for_warm_handoffs_only()
    {
        var warm = Referral.Send(NewFamily(), ServiceOf(OrgX), Request(ReferralKind.WarmHandoff), Agent, Now);
        var info = Referral.Send(NewFamily(), ServiceOf(OrgX), Request(ReferralKind.InformationGiven), Agent, Now);
        Assert.False(warm.IsAcknowledgementOverdue(Now.AddDays(2).AddMinutes(-1)));
        Assert.True(warm.IsAcknowledgementOverdue(Now.AddDays(2)));
        Assert.False(info.IsAcknowledgementOverdue(Now.AddDays(30)));
        Assert.Null(warm.Move(ReferralState.Acknowledged, ReferralActor.Partner, Guid.NewGuid(), null, null, Now.AddDays(1)));
        Assert.False(warm.IsAcknowledgementOverdue(Now.AddDays(30)));
    }

    [Fact]
    public void Service_needs_sites_and_hours_are_replaced_keeping_what_did_not_change()
    {
        var service = ServiceOf(OrgX);
        Guid food = Guid.NewGuid(), tutoring = Guid.NewGuid(), siteA = Guid.NewGuid(), siteB = Guid.NewGuid();
        service.SetNeeds([food, food, tutoring]);
        Assert.Equal([food, tutoring], service.Categories.Select(c => c.NeedCategoryId));
        service.SetNeeds([tutoring]);
        Assert.Equal([tutoring], service.Categories.Select(c => c.NeedCategoryId));

        service.OfferAt([siteA, siteB]);
        var kept = service.ServiceAtLocations.Single(l => l.LocationId == siteA);
        service.OfferAt([siteA]);
        Assert.Same(kept, service.ServiceAtLocations.Single());

        var monday = new WeeklyOpening(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0));
        var tuesdayEvening = new WeeklyOpening(DayOfWeek.Tuesday, new TimeOnly(18, 0), new TimeOnly(21, 0));
        service.SetWeeklyHours([monday]);
        var mondayRow = service.Schedules.Single();
        service.SetWeeklyHours([monday, tuesdayEvening]);
        Assert.Same(mondayRow, service.Schedules.Single(s => s.ByDay == DayOfWeek.Monday));
        Assert.True(WeeklyHours.OpenEvenings(service.Schedules));
        Assert.Throws<ArgumentException>(() => service.SetWeeklyHours([new WeeklyOpening(DayOfWeek.Friday, new TimeOnly(12, 0), new TimeOnly(9, 0))]));
    }

    [Fact]
    public void A_remote_service_is_offered_at_no_location()
    {
        var service = ServiceOf(OrgX);
        service.OfferAt([Guid.NewGuid()]);
        service.IsRemote = true;
        service.OfferAt([Guid.NewGuid()]);
        Assert.Empty(service.ServiceAtLocations);
    }

    [Fact]
    public void Capacity_updated_moves_only_when_the_figures_change()
    {
        var service = ServiceOf(OrgX);
        service.SetCapacity(3, 10, "familles", Now);
        service.SetCapacity(3, 10, "familles", Now.AddDays(1));
        Assert.Equal(Now, service.Capacity.Updated);
        service.SetCapacity(0, 10, "familles", Now.AddDays(2));
        Assert.Equal((0, Now.AddDays(2)), (service.Capacity.Available, service.Capacity.Updated));
        Assert.Throws<ArgumentException>(() => service.SetCapacity(11, 10, null, Now));
    }

    [Fact]
    public void Verifying_an_organisation_verifies_each_of_its_services()
    {
        var organization = new Organization { Id = OrgX, Services = [ServiceOf(OrgX), ServiceOf(OrgX)] };
        organization.MarkVerified(Today);
        Assert.All(organization.Services, s => Assert.Equal(Today, s.AssuredDate));
    }

    [Theory]
    [InlineData("Cuisine  Collective", "cuisine collective")]
    [InlineData(" Épicerie solidaire de Saint-Michel ", "epicerie solidaire de saint-michel")]
    public void Organisation_names_are_compared_folded(string name, string normalized)
    {
        Assert.Equal(normalized, new Organization { Name = name }.NormalizedName);
    }

    [Fact]
    public void Quebec_today_is_the_local_date_across_daylight_saving()
    {
        // 03:30 UTC is 23:30 the day before in summer (EDT) and 22:30 in winter (EST).
        Assert.Equal(new DateOnly(2026, 7, 5), QuebecTime.DateOf(new DateTime(2026, 7, 6, 3, 30, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateOnly(2026, 1, 5), QuebecTime.DateOf(new DateTime(2026, 1, 6, 3, 30, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateOnly(2026, 7, 6), QuebecTime.DateOf(new DateTime(2026, 7, 6, 4, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 7, 6, 13, 0, 0, DateTimeKind.Utc), QuebecTime.ToUtc(new DateTime(2026, 7, 6, 9, 0, 0)));
    }
}

public class ContactMatchTests
{
    [Theory]
    [InlineData("(514) 555-0100", "5145550100")]
    [InlineData("1 514 555 0100", "5145550100")]
    [InlineData("+1-514-555-0100", "5145550100")]
    [InlineData("514.555.0100 poste 12", "514555010012")]
    [InlineData("12", null)]
    [InlineData("", null)]
    public void Phones_are_compared_as_their_digits(string phone, string? normalized) => Assert.Equal(normalized, ContactMatch.NormalizePhone(phone));

    [Fact]
    public void Equal_contacts_give_equal_hashes_only_under_the_same_key()
    {
        var one = new ContactMatch("a-key-of-thirty-two-characters-or-more"u8.ToArray());
        var other = new ContactMatch("another-key-of-thirty-two-characters!!"u8.ToArray());
        Assert.Equal(one.Phone("(514) 555-0100"), one.Phone("514 555 0100"));
        Assert.Equal(one.Email(" Famille@Example.org "), one.Email("famille@example.org"));
        Assert.NotEqual(one.Phone("514 555 0100"), one.Email("514 555 0100"));
        Assert.NotEqual(one.Phone("514 555 0100"), other.Phone("514 555 0100"));
        var family = new Family { Phone = "514 555 0100", Email = "x@y.z" };
        one.Apply(family);
        Assert.NotNull(family.PhoneMatch);
        family.Anonymise(DateTime.UtcNow);
        Assert.Null(family.PhoneMatch);
        Assert.Null(family.EmailMatch);
    }
}
