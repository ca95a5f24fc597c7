using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data.Seeding;
using static Microsoft.Playwright.Assertions;

namespace PartnerNetwork.Browser.Tests;

/// <summary>The moments around the handoff: a partner triaging its inbox, an agent printing a sheet in the family's language.</summary>
[Collection(BrowserCollection.Name)]
public class HandoffJourneyTests(BrowserFixture browser)
{
    static readonly Dictionary<string, int> Level = new() { ["routine"] = 0, ["soon"] = 1, ["urgent"] = 2 };

    [Fact]
    public async Task A_partner_sorts_the_inbox_by_urgency()
    {
        // Four more warm handoffs of mixed urgency in the demo partner's inbox, sent the way the referral form sends them.
        browser.With(db =>
        {
            var organization = db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value;
            var service = db.Services.Include(s => s.Categories)
                .First(s => s.OrganizationId == organization && s.Status == ServiceStatus.Active && s.AcceptsReferrals);
            var family = db.Families.OrderBy(f => f.CreatedAt).First(f => f.AnonymisedAt == null && f.SchoolId != Guid.Empty);
            var agent = db.Users.Single(u => u.Email == Seeder.AgentEmail).Id;
            foreach (var urgency in new[] { Urgency.Routine, Urgency.Urgent, Urgency.Soon, Urgency.Routine })
                db.Referrals.Add(Referral.Send(family, service, new ReferralRequest(ReferralKind.WarmHandoff,
                    service.Categories.Select(c => c.NeedCategoryId).ToList(), urgency, "Triage", ShareContact: false, FollowUpOn: null, SheetLanguage: null),
                    agent, DateTime.UtcNow));
            return db.SaveChanges();
        });

        var partner = await browser.SignedInPageAsync(Seeder.PartnerEmail, at: "/Inbox");
        await partner.GetByLabel("Trier par").SelectOptionAsync(new SelectOptionValue { Label = "Urgence" });
        await partner.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        await BrowserFixture.ArrivedAsync(partner, "sort=urgency");

        var urgencies = await partner.Locator("#inbox tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.urgency)");
        Assert.True(urgencies.Length >= 4, $"{urgencies.Length} rows");
        Assert.Equal("urgent", urgencies[0]);
        Assert.Equal(urgencies.OrderByDescending(u => Level[u]), urgencies);
        // Each level looks different, not only by colour: its own symbol and word.
        await Expect(partner.Locator("#inbox tbody tr").First.Locator(".urgency-urgent")).ToBeVisibleAsync();
        await partner.Context.CloseAsync();
    }

    [Fact]
    public async Task An_agent_prints_the_sheet_in_Arabic()
    {
        var agent = await browser.SignedInPageAsync(Seeder.AgentEmail, at: "/Referrals");
        await agent.GotoAsync((await agent.Locator("#all a[href^='/Referrals/Details']").First.GetAttributeAsync("href"))!.Replace("/Details/", "/Sheet/"));
        await agent.GetByRole(AriaRole.Link, new() { Name = "arabe" }).ClickAsync();
        await BrowserFixture.ArrivedAsync(agent, "lang=ar");

        var sheet = agent.Locator("article.sheet");
        await Expect(sheet).ToHaveAttributeAsync("dir", "rtl");
        await Expect(sheet).ToHaveAttributeAsync("lang", "ar");
        await Expect(sheet).ToContainTextAsync("ما يقدمونه");
        // French names and addresses inside Arabic sentences are isolated, so their words and punctuation keep their order.
        await Expect(sheet.Locator("bdi[lang='fr']").First).ToBeVisibleAsync();
        Assert.Equal("ltr", await sheet.Locator("bdi").Last.EvaluateAsync<string>("e => getComputedStyle(e).direction"));

        // Printed: one plain page without the interface around it.
        await agent.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(agent.Locator("#print-sheet")).ToBeHiddenAsync();
        await Expect(agent.Locator("header nav").First).ToBeHiddenAsync();
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "test-results");
        Directory.CreateDirectory(folder);
        var shot = Path.Combine(folder, "sheet-ar.png");
        await agent.ScreenshotAsync(new() { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000);
        await agent.Context.CloseAsync();
    }

    static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PartnerNetwork.sln"))) folder = folder.Parent;
        return folder?.FullName ?? Path.GetTempPath();
    }
}
