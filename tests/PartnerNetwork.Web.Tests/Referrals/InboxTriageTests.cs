using System.Net;
using System.Text.RegularExpressions;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Referrals;

/// <summary>A partner triages without opening referrals: who (only when consent shares it), school, language, urgency, age; filters and sorts.</summary>
public class InboxTriageTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    [Fact]
    public async Task The_inbox_names_the_family_only_when_consent_shares_it_and_shows_what_triage_needs()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var organization = app.With(db => db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value);
        var shared = await app.NewFamilyAsync(agent, "Consentie-Triage");
        await app.ConsentAsync(agent, shared, organization);
        var withConsent = await app.ReferOkAsync(agent, shared, service, share: true);
        var hidden = await app.NewFamilyAsync(agent, "Secrète-Triage");
        var withoutConsent = await app.ReferOkAsync(agent, hidden, service, share: false);

        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var inbox = await ReferralApp.TextAsync(partner, "/Inbox");
        Assert.Contains("Consentie-Triage", inbox);
        Assert.DoesNotContain("Secrète-Triage", inbox);
        Assert.Contains($"Orientation {withoutConsent.ToString("N")[..8].ToUpperInvariant()}", inbox);
        var row = Regex.Match(inbox, $"data-referral-id=\"{withConsent}\".*?</tr>", RegexOptions.Singleline).Value;
        var school = app.With(db => db.Schools.Single(s => s.Id == app.AgentSchool()).Name);
        Assert.Contains(school, row);
        Assert.Contains("espagnol", row);
        Assert.Contains("Interprète requis", row);
        Assert.Contains("En soirée", row);
        Assert.Contains("urgency-soon", row);
        Assert.Contains("jour", row);

        // Filters and sorts.
        var other = app.With(db => db.Services.Where(s => s.OrganizationId == organization && s.Id != service).Select(s => s.Id).FirstOrDefault());
        var filtered = await ReferralApp.TextAsync(partner, $"/Inbox?service={other}");
        Assert.DoesNotContain($"data-referral-id=\"{withConsent}\"", filtered);
        var byState = await ReferralApp.TextAsync(partner, "/Inbox?state=Sent&sort=urgency");
        Assert.Contains($"data-referral-id=\"{withConsent}\"", byState);
        var urgencies = Regex.Matches(byState, "data-urgency=\"(\\w+)\"").Select(m => m.Groups[1].Value switch { "urgent" => 2, "soon" => 1, _ => 0 }).ToList();
        Assert.Equal(urgencies.OrderDescending(), urgencies);
        foreach (var hostile in new[] { "/Inbox?state=Bogus", "/Inbox?sort=%3Cscript%3E", "/Inbox?service=not-a-guid", "/Inbox?state=Sent&closed=true" })
            Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync(hostile)).StatusCode);
    }
}
