using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Referrals;

/// <summary>The app started at 22:30 in Montréal, already the next day in UTC.</summary>
public sealed class LateEveningApp : ReferralApp
{
    public LateEveningApp() => Clock.Now = new DateTimeOffset(2026, 11, 24, 3, 30, 0, TimeSpan.Zero);

    // The demo is seeded on this evening, not on the template's day.
    protected override bool StartsFromTemplate => false;
}

/// <summary>"Today" is Quebec's day: a consent given this evening is in force this evening.</summary>
[Trait("Database", "Both")]
public class QuebecDateTests(LateEveningApp app) : IClassFixture<LateEveningApp>
{
    [Fact]
    public async Task The_demo_consent_recorded_in_the_evening_shares_the_contact_details_at_once()
    {
        // The demo family's own referral and consent, whatever the class's other test has added.
        var demoFamily = PartnerNetwork.Data.StableId.From("family", "demo");
        var referral = app.With(db => db.Referrals.Single(r => r.FamilyId == demoFamily).Id);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var inbox = await ReferralApp.TextAsync(partner, "/Inbox");
        Assert.Contains($"href=\"/Referrals/Details/{referral}\"", inbox);
        var page = await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}");
        Assert.Contains("514-555-0100", page);
        Assert.Equal(new DateOnly(2026, 11, 23), app.With(db => db.Consents.Single(c => c.FamilyId == demoFamily).GivenOn));
    }

    [Fact]
    public async Task A_consent_given_today_in_quebec_is_accepted_and_covers_the_referral()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Evening", "514-555-0155");
        var organization = app.With(db => db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value);
        await app.ConsentAsync(agent, family, organization); // given on 2026-11-23, Quebec's date
        var referral = await app.ReferOkAsync(agent, family, service, share: true);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        Assert.Contains("514-555-0155", await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}"));
    }
}
