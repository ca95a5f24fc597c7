using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Tests;
using static Microsoft.Playwright.Assertions;

namespace PartnerNetwork.Browser.Tests;

[Collection(BrowserCollection.Name)]
public class ProvinceJourneyTests(BrowserFixture browser)
{
    const string Rimouski = "712000"; // CSS des Phares, far from the Montréal pilot

    [Fact]
    public async Task A_coordinator_of_another_region_opens_homework_help_coverage_and_sees_their_schools_secondary_included()
    {
        const string email = "coordination@phares.browser.test";
        var centre = browser.With(db => db.ServiceCentres.Single(c => c.Code == Rimouski));
        await browser.RunAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<User>>();
            var user = new User { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Coordination des Phares", ServiceCentreId = centre.Id };
            Assert.True((await users.CreateAsync(user, AppFactory.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, nameof(Role.CssStaff))).Succeeded);
            return user.Id;
        });
        var own = browser.With(db => db.Schools.Where(s => s.ServiceCentreId == centre.Id && s.Latitude != null && s.ClosedOn == null)
            .Select(s => new { s.Code, s.Levels }).ToList());
        var secondary = own.Where(s => (s.Levels & SchoolLevels.Secondary) != 0).Select(s => s.Code).Order().ToList();
        Assert.NotEmpty(secondary);

        var page = await browser.SignedInPageAsync(email);
        await page.GetByRole(AriaRole.Link, new() { Name = "Couverture" }).ClickAsync();
        await Expect(page.Locator("p.lead").First).ToHaveTextAsync(centre.Name);
        await page.GetByLabel("Besoin", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Aide aux devoirs" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        var rows = page.Locator("#coverage tbody tr");
        var codes = (await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.school)")).Order().ToList();
        Assert.Equal(own.Select(s => s.Code).Order(), codes);
        await Expect(page.Locator("#coverage-map")).ToHaveAttributeAsync("data-ready", "true");
        Assert.Equal(own.Count, int.Parse((await page.Locator("#coverage-map").GetAttributeAsync("data-school-count"))!));
        // A secondary school (not also primary) has no published index: said so, never 0.
        var secondaryOnly = own.First(s => (s.Levels & SchoolLevels.Secondary) != 0 && (s.Levels & SchoolLevels.Primary) == 0).Code;
        await Expect(page.Locator($"#coverage tbody tr[data-school='{secondaryOnly}']")).ToContainTextAsync("indice non disponible");

        await page.GetByLabel("Ordre d’enseignement").SelectOptionAsync(new SelectOptionValue { Label = "Secondaire" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        Assert.Contains("level=secondary", page.Url);
        Assert.Equal(secondary, (await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.school)")).Order().ToList());
        await page.Context.CloseAsync();
    }
}
