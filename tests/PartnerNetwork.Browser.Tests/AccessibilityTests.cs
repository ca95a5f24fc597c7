using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Browser.Tests;

/// <summary>axe (WCAG 2.1 A and AA rules) on every page, in both languages: no serious or critical violation.</summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityTests(BrowserFixture browser)
{
    // The demo scenario is deterministic, so its ids are stable; read them from a seeded generation rather than hard-coding.
    static readonly Lazy<(Guid Service, Guid PartnerService, Guid Family, string AgentSchool)> Ids = new(() =>
    {
        using var app = new PartnerNetwork.Web.Tests.AppFactory();
        return app.With(db =>
        {
            var partnerOrganization = db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId;
            return (db.Services.First(s => !s.IsRemote && s.Status == PartnerNetwork.Core.Catalogue.ServiceStatus.Active).Id,
                    db.Services.First(s => s.OrganizationId == partnerOrganization).Id,
                    db.Families.Single(f => f.Id == PartnerNetwork.Data.Seeding.StableId.From("family", "demo")).Id,
                    db.Schools.Single(s => s.Id == db.Families.Single(f => f.Id == PartnerNetwork.Data.Seeding.StableId.From("family", "demo")).SchoolId).Code);
        });
    });

    // The demo referral's id is random: its page is reached through the family page's link (see the test).
    const string DemoReferral = "demo-referral";
    const string DemoSheet = "demo-sheet";

    static Guid ServiceId => Ids.Value.Service;

    static Guid PartnerServiceId => Ids.Value.PartnerService;

    public static TheoryData<string?, string, string> Pages()
    {
        var data = new TheoryData<string?, string, string>();
        (string? Email, string Url)[] pages =
        [
            (null, "/Account/SignIn"),
            (null, "/Error/404"),
            (Seeder.AgentEmail, "/Schools"),
            (Seeder.PartnerEmail, "/Organizations/Details"),
            (Seeder.CssEmail, "/Schools/Centre"),
            (Seeder.CssEmail, "/Schools/AccessAudit"),
            (Seeder.CssEmail, "/Coverage?need=food-security"),
            (Seeder.CssEmail, "/Coverage/Indicators"),
            (Seeder.CssEmail, "/Coverage/Freshness"),
            (Seeder.AdminEmail, "/Coverage/Freshness"),
            (Seeder.CssEmail, "/Schools/Portrait/" + Ids.Value.AgentSchool),
            (Seeder.AgentEmail, "/Schools/Portrait/" + Ids.Value.AgentSchool),
            (null, "/Account/SetPassword?userId=" + Guid.Empty + "&token=expired"),
            (Seeder.AdminEmail, "/Admin/Users"),
            (Seeder.AdminEmail, "/Admin/Users/Edit"),
            (Seeder.AdminEmail, "/Admin/Organizations"),
            (Seeder.AdminEmail, "/Admin/ApiKeys"),
            (Seeder.AdminEmail, "/Admin/Taxonomy"),
            (Seeder.AdminEmail, "/Exchange"),
            (Seeder.CssEmail, "/Exchange"),
            (Seeder.AgentEmail, "/Catalogue?q=devoirs"),
            (Seeder.AgentEmail, "/Catalogue?origin=none&q=zzzz&evenings=true"),
            (Seeder.AgentEmail, "/Catalogue/Service/" + ServiceId),
            (Seeder.PartnerEmail, "/Organizations/Edit"),
            (Seeder.PartnerEmail, "/Organizations/Services/Edit?id=" + PartnerServiceId),
            (Seeder.PartnerEmail, "/Organizations/Locations/Edit"),
            (Seeder.PartnerEmail, "/Inbox"),
            (Seeder.PartnerEmail, "/Inbox?closed=true"),
            (Seeder.PartnerEmail, DemoReferral),
            (Seeder.AgentEmail, DemoReferral),
            (Seeder.AgentEmail, "/Families"),
            (Seeder.AgentEmail, "/Families/Edit"),
            (Seeder.AgentEmail, "/Families/Edit/" + Ids.Value.Family),
            (Seeder.AgentEmail, DemoSheet),
            (Seeder.AgentEmail, "/Families/Details/" + Ids.Value.Family),
            (Seeder.AgentEmail, "/Families/Consent?familyId=" + Ids.Value.Family),
            (Seeder.AgentEmail, "/Referrals"),
            (Seeder.AgentEmail, "/Referrals/New?serviceId=" + PartnerServiceId),
        ];
        foreach (var (email, url) in pages)
            foreach (var culture in new[] { "fr-CA", "en-CA" })
                data.Add(email, url, culture);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_has_no_serious_or_critical_violation(string? email, string url, string culture)
    {
        var page = email is null ? await browser.NewPageAsync() : await browser.SignedInPageAsync(email);
        if (url is DemoReferral or DemoSheet)
        {
            var agent = email == Seeder.AgentEmail;
            await page.GotoAsync(agent ? "/Referrals" : "/Inbox");
            var details = (await page.Locator(agent ? "#all a[href^='/Referrals/Details']" : "#inbox a[href^='/Referrals/Details']").First.GetAttributeAsync("href"))!;
            url = url == DemoSheet ? details.Replace("/Referrals/Details/", "/Referrals/Sheet/") : details;
        }
        await page.GotoAsync($"{url}{(url.Contains('?') ? '&' : '?')}culture={culture}");
        var serious = await SeriousViolationsAsync(page);
        Assert.True(serious.Count == 0, $"{url} [{culture}]:\n{string.Join("\n", serious)}");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("fr"), InlineData("en"), InlineData("es"), InlineData("ar"), InlineData("ht"), InlineData("zh")]
    public async Task The_take_home_sheet_has_no_serious_or_critical_violation_in_any_language(string lang)
    {
        var page = await browser.SignedInPageAsync(Seeder.AgentEmail);
        await page.GotoAsync("/Referrals");
        var details = (await page.Locator("#all a[href^='/Referrals/Details']").First.GetAttributeAsync("href"))!;
        await page.GotoAsync(details.Replace("/Referrals/Details/", "/Referrals/Sheet/") + "?lang=" + lang);
        await Microsoft.Playwright.Assertions.Expect(page.Locator("article.sheet")).ToHaveAttributeAsync("dir", lang == "ar" ? "rtl" : "ltr");
        var serious = await SeriousViolationsAsync(page);
        Assert.True(serious.Count == 0, $"sheet [{lang}]:\n{string.Join("\n", serious)}");
        await page.Context.CloseAsync();
    }

    /// <summary>WCAG 2.1 A/AA violations of serious or critical impact, one line each.</summary>
    static async Task<List<string>> SeriousViolationsAsync(Microsoft.Playwright.IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
    }

    [Fact]
    public async Task Axe_does_find_violations_on_a_bad_page()
    {
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<html><body><img src='x.png'><input type='text'><a href='#'></a></body></html>");
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length >= 3);
        await page.Context.CloseAsync();
    }
}
