using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Data;

namespace PartnerNetwork.Browser.Tests;

/// <summary>A tool rather than a test: runs only when PN_SCREENSHOTS names a folder, and is reported as skipped otherwise.</summary>
public sealed class ScreenshotFactAttribute : FactAttribute
{
    public const string Variable = "PN_SCREENSHOTS";

    public ScreenshotFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"Screenshots are taken by hand: set {Variable}=/some/folder to run this.";
    }
}

/// <summary>For looking at the pages: set PN_SCREENSHOTS to a folder and run this class.</summary>
[Collection(BrowserCollection.Name)]
public class Screenshots(BrowserFixture browser)
{
    [ScreenshotFact]
    public async Task Take_screenshots_of_each_home_page()
    {
        var folder = Environment.GetEnvironmentVariable(ScreenshotFactAttribute.Variable)!;
        Directory.CreateDirectory(folder);
        // Each home page at a laptop size and a phone size (issue 20).
        foreach (var (width, height) in new[] { (1366, 768), (390, 844) })
            foreach (var email in new[] { Seeder.AgentEmail, Seeder.PartnerEmail, Seeder.CssEmail, Seeder.AdminEmail })
            {
                var page = await browser.SignedInPageAsync(email, width, height);
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{email.Split('@')[0]}-{width}.png"), FullPage = false });
                await page.Context.CloseAsync();
            }

        // The referral pages, on the demo family and referral.
        var family = browser.With(db => db.Families.Single(f => f.Id == StableId.From("family", "demo")).Id);
        var service = browser.With(db => db.Referrals.Single(r => r.FamilyId == StableId.From("family", "demo")).ServiceId);
        var agent = await browser.SignedInPageAsync(Seeder.AgentEmail, at: "/Referrals");
        var referral = await agent.Locator("#all a[href^='/Referrals/Details']").First.GetAttributeAsync("href");
        foreach (var (name, url) in new[]
                 {
                     ("families", "/Families"), ("family", $"/Families/Details/{family}"), ("family-edit", $"/Families/Edit/{family}"),
                     ("consent", $"/Families/Consent?familyId={family}"), ("referrals", "/Referrals"), ("referral-agent", referral!),
                     ("refer", $"/Referrals/New?serviceId={service}"), ("sheet", referral!.Replace("Details", "Sheet") + "?culture=en-CA&ui-culture=en-CA"),
                 })
        {
            await agent.GotoAsync(url);
            await agent.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
        }
        var partner = await browser.SignedInPageAsync(Seeder.PartnerEmail);
        await partner.ScreenshotAsync(new() { Path = Path.Combine(folder, "inbox.png"), FullPage = true });
        await partner.GotoAsync(referral!);
        await partner.ScreenshotAsync(new() { Path = Path.Combine(folder, "referral-partner.png"), FullPage = true });
        await agent.Context.CloseAsync();
        await partner.Context.CloseAsync();

        // The referral page on a phone, for each side, and the same referral opened from a partner's e-mailed link.
        var token = browser.With(db =>
        {
            var (link, token) = ReferralLink.Issue(db.Referrals.Single(r => r.FamilyId == family), "accueil@example.org", DateTime.UtcNow);
            db.EmailLinks.Add(link);
            db.SaveChanges();
            return token;
        });
        foreach (var (name, email, url) in new[] { ("referral-agent-390", Seeder.AgentEmail, referral!), ("referral-partner-390", Seeder.PartnerEmail, referral!), ("referral-link-390", null, ReferralLink.PathFor(token)) })
        {
            var page = email is null ? await browser.NewPageAsync(390, 844) : await browser.SignedInPageAsync(email, 390, 844);
            await page.GotoAsync(url);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
            await page.Context.CloseAsync();
        }
    }
}
