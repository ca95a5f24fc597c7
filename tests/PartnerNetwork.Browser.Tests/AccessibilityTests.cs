using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Browser.Tests;

/// <summary>axe (WCAG 2.1 A and AA rules) on every page, in both languages: no serious or critical violation.</summary>
[Collection(SecondBrowserCollection.Name)]
public class AccessibilityTests(BrowserFixture browser)
{
    // Ids are read from the running app when a test runs (never while tests are discovered): URLs name them as
    // {service}, {partner-service}, {family}, {school} and {agent}.
    string Resolve(string url) => url.Contains('{') ? browser.With(db =>
    {
        var partnerOrganization = db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId;
        var family = db.Families.Single(f => f.Id == PartnerNetwork.Data.StableId.From("family", "demo"));
        return url
            .Replace("{service}", db.Services.First(s => !s.IsRemote && s.Status == PartnerNetwork.Core.Catalogue.ServiceStatus.Active).Id.ToString())
            .Replace("{partner-service}", db.Services.First(s => s.OrganizationId == partnerOrganization).Id.ToString())
            .Replace("{family}", family.Id.ToString())
            .Replace("{school}", db.Schools.Single(s => s.Id == family.SchoolId).Code)
            .Replace("{agent}", db.Users.Single(u => u.Email == Seeder.AgentEmail).Id.ToString());
    }) : url;

    // The demo referral's id is random: its page is reached through the family page's link (see the test).
    const string DemoReferral = "demo-referral";
    const string DemoSheet = "demo-sheet";
    // The demo referral opened from a partner's e-mailed link (a link issued for the test: tokens are not stored).
    const string DemoLink = "demo-link";

    public static TheoryData<string?, string> Pages()
    {
        var data = new TheoryData<string?, string>();
        (string? Email, string Url)[] pages =
        [
            (null, "/Account/SignIn"),
            (null, "/Error/404"),
            (Seeder.AgentEmail, "/Schools"),
            (Seeder.PartnerEmail, "/Organizations/Details"),
            (Seeder.CssEmail, "/Schools/Centre"),
            (Seeder.CssEmail, "/Schools/AccessAudit"),
            (Seeder.AdminEmail, "/Schools/AccessAudit"),
            (Seeder.PartnerEmail, "/Organizations/AccessAudit"),
            (Seeder.CssEmail, "/Coverage?need=food-security"),
            (Seeder.CssEmail, "/Coverage/Indicators"),
            (Seeder.CssEmail, "/Coverage/Freshness"),
            (Seeder.AdminEmail, "/Coverage/Freshness"),
            (Seeder.CssEmail, "/Schools/Portrait/{school}"),
            (Seeder.AgentEmail, "/Schools/Portrait/{school}"),
            (null, "/Account/SetPassword?userId=" + Guid.Empty + "&token=expired"),
            (Seeder.AdminEmail, "/Admin/Users"),
            (Seeder.AdminEmail, "/Admin/Users/Edit"),
            (Seeder.AdminEmail, "/Admin/Users/Edit?id={agent}"),
            (Seeder.AdminEmail, "/Admin/Organizations"),
            (Seeder.AdminEmail, "/Admin/ApiKeys"),
            (Seeder.AdminEmail, "/Admin/Taxonomy"),
            (Seeder.AdminEmail, "/Exchange"),
            (Seeder.CssEmail, "/Exchange"),
            (Seeder.AgentEmail, "/Catalogue?q=devoirs"),
            (Seeder.AgentEmail, "/Catalogue?origin=none&q=zzzz&evenings=true"),
            (Seeder.AgentEmail, "/Catalogue/Service/{service}"),
            (Seeder.PartnerEmail, "/Organizations/Edit"),
            (Seeder.PartnerEmail, "/Organizations/Services/Edit?id={partner-service}"),
            (Seeder.PartnerEmail, "/Organizations/Locations/Edit"),
            (Seeder.PartnerEmail, "/Inbox"),
            (Seeder.PartnerEmail, "/Inbox?closed=true"),
            (Seeder.PartnerEmail, DemoReferral),
            (Seeder.AgentEmail, DemoReferral),
            (null, DemoLink),
            (Seeder.AgentEmail, "/Families"),
            (Seeder.AgentEmail, "/Families/Edit"),
            (Seeder.AgentEmail, "/Families/Edit/{family}"),
            (Seeder.AgentEmail, DemoSheet),
            (Seeder.AgentEmail, "/Families/Details/{family}"),
            (Seeder.AgentEmail, "/Families/Consent?familyId={family}"),
            (Seeder.AgentEmail, "/Referrals"),
            (Seeder.AgentEmail, "/Referrals/New?serviceId={partner-service}"),
        ];
        foreach (var (email, url) in pages)
            data.Add(email, url);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_has_no_serious_or_critical_violation_in_either_language(string? email, string url)
    {
        var page = await browser.SharedPageAsync(email);
        url = Resolve(url);
        if (url is DemoReferral or DemoSheet)
        {
            var agent = email == Seeder.AgentEmail;
            await page.GotoAsync(agent ? "/Referrals" : "/Inbox");
            var details = (await page.Locator(agent ? "#all a[href^='/Referrals/Details']" : "#inbox a[href^='/Referrals/Details']").First.GetAttributeAsync("href"))!;
            url = url == DemoSheet ? details.Replace("/Referrals/Details/", "/Referrals/Sheet/") : details;
        }
        if (url is DemoLink)
        {
            var token = browser.With(db =>
            {
                var referral = db.Referrals.Single(r => r.FamilyId == PartnerNetwork.Data.StableId.From("family", "demo"));
                var (link, token) = PartnerNetwork.Core.Referrals.ReferralLink.Issue(referral, "accueil@example.org", DateTime.UtcNow);
                db.EmailLinks.Add(link);
                db.SaveChanges();
                return token;
            });
            url = PartnerNetwork.Core.Referrals.ReferralLink.PathFor(token);
        }
        var serious = new List<string>();
        // Both languages in one context: the second visit switches the culture (and the cookie) like the switch does.
        foreach (var culture in new[] { "fr-CA", "en-CA" })
        {
            await page.GotoAsync($"{url}{(url.Contains('?') ? '&' : '?')}culture={culture}");
            await Microsoft.Playwright.Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            serious.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"[{culture}] {v}"));
        }
        Assert.True(serious.Count == 0, $"{url}:\n{string.Join("\n", serious)}");
    }

    [Theory]
    [InlineData("fr"), InlineData("en"), InlineData("es"), InlineData("ar"), InlineData("ht"), InlineData("zh")]
    public async Task The_take_home_sheet_has_no_serious_or_critical_violation_in_any_language(string lang)
    {
        var page = await browser.SharedPageAsync(Seeder.AgentEmail);
        await page.GotoAsync("/Referrals");
        var details = (await page.Locator("#all a[href^='/Referrals/Details']").First.GetAttributeAsync("href"))!;
        await page.GotoAsync(details.Replace("/Referrals/Details/", "/Referrals/Sheet/") + "?lang=" + lang);
        await Microsoft.Playwright.Assertions.Expect(page.Locator("article.sheet")).ToHaveAttributeAsync("dir", lang == "ar" ? "rtl" : "ltr");
        var serious = await Axe.SeriousViolationsAsync(page);
        Assert.True(serious.Count == 0, $"sheet [{lang}]:\n{string.Join("\n", serious)}");
    }

    [Fact]
    public async Task Axe_does_find_violations_on_a_bad_page()
    {
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<html><body><img src='x.png'><input type='text'><a href='#'></a></body></html>");
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count >= 3, string.Join("\n", violations));
        Assert.NotEmpty(await Axe.SeriousViolationsAsync(page));
        await page.Context.CloseAsync();
    }
}
