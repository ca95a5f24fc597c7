using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Jobs;
using static Microsoft.Playwright.Assertions;

namespace PartnerNetwork.Browser.Tests;

/// <summary>A partner without an account keeps a listing current from the e-mail; admins and CSS staff see how fresh the directory is.</summary>
[Collection(BrowserCollection.Name)]
public class FreshnessJourneyTests(BrowserFixture browser)
{
    /// <summary>
    /// An organisation with one service confirmed <paramref name="monthsAgo"/> months ago, reached at a contact address of
    /// its own, at a school of the demo CSS (inside its territory).
    /// </summary>
    (Guid ServiceId, string Name, string Email) DueService(int monthsAgo = 8)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"fraicheur-{tag}@test.local";
        var name = $"Halte-répit Colibri {tag}";
        var id = browser.With(db =>
        {
            var template = db.Services.AsNoTracking().Include(s => s.Categories).Include(s => s.ServiceAtLocations).ThenInclude(l => l.Location)
                .First(s => !s.IsRemote && s.ServiceAtLocations.Any());
            var organization = new Organization { Id = Guid.NewGuid(), Name = $"Organisme Colibri {tag}", Email = email, Description = "Répit." };
            var place = db.Schools.OrderBy(x => x.Code).First(x => x.ServiceCentre!.Code == Seeder.DemoServiceCentreCode);
            var location = new PartnerNetwork.Core.Catalogue.Location
            {
                Id = Guid.NewGuid(), OrganizationId = organization.Id, Name = "Local Colibri", Address1 = "5 rue Colibri", City = "Montréal",
                Latitude = place.Latitude, Longitude = place.Longitude,
            };
            var service = new Service
            {
                Id = Guid.NewGuid(), OrganizationId = organization.Id, Name = name, Description = "Un répit pour les parents.", Languages = ["fr"],
                AssuredDate = QuebecTime.Today(TimeProvider.System).AddMonths(-monthsAgo), Capacity = new ServiceCapacity { Available = 3, Maximum = 8 },
            };
            service.SetNeeds(template.Categories.Select(c => c.NeedCategoryId));
            service.OfferAt([location.Id]);
            db.AddRange(organization, location, service);
            db.SaveChanges();
            return service.Id;
        });
        return (id, name, email);
    }

    [Fact]
    public async Task A_partner_without_an_account_confirms_from_the_mail_then_says_Full_and_the_next_search_shows_it()
    {
        var (serviceId, name, email) = DueService();
        await browser.RunAsync(s => s.GetRequiredService<VerificationJob>().SendDueAsync());
        var body = browser.With(db => db.Outbox.Single(m => m.To == email).Body);
        Assert.Contains(name, body);
        var stillAccurate = new Uri(Regex.Match(body, @"Still accurate : (\S+)").Groups[1].Value).PathAndQuery;
        var capacity = new Uri(Regex.Match(body, @"Capacity \(taking referrals, waitlist, full\) : (\S+)").Groups[1].Value).PathAndQuery;

        // No account, no sign-in: the link opens a page with one button, and opening it changed nothing.
        var page = await browser.NewPageAsync();
        await page.GotoAsync(stillAccurate);
        await Expect(page.Locator("#listing-service")).ToHaveTextAsync(name);
        Assert.Equal(QuebecTime.Today(TimeProvider.System).AddMonths(-8), browser.With(db => db.Services.Single(s => s.Id == serviceId).AssuredDate));
        await page.GetByRole(AriaRole.Button, new() { Name = "Toujours exact" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("est confirmé aujourd’hui");
        Assert.Equal(QuebecTime.Today(TimeProvider.System), browser.With(db => db.Services.Single(s => s.Id == serviceId).AssuredDate));

        await page.GotoAsync(capacity);
        await page.GetByRole(AriaRole.Button, new() { Name = "Complet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Complet");
        await Expect(page.Locator("#listing-capacity")).ToHaveTextAsync("Complet");
        await page.Context.CloseAsync();

        var agent = await browser.SignedInPageAsync(Seeder.AgentEmail, at: $"/Catalogue?origin=none&q={Uri.EscapeDataString(name)}");
        var card = agent.Locator($"#r-{serviceId}");
        await Expect(card).ToContainTextAsync("Complet");
        await Expect(card.Locator(".stale")).ToHaveCountAsync(0);
        await agent.Context.CloseAsync();
    }

    [Fact]
    public async Task CSS_staff_and_admins_see_per_need_how_fresh_the_directory_is_and_an_admin_asks_a_partner_now()
    {
        var (serviceId, name, email) = DueService(monthsAgo: 14);

        var css = await browser.SignedInPageAsync(Seeder.CssEmail, at: "/Coverage/Freshness");
        await Expect(css.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Fraîcheur du répertoire");
        await Expect(css.Locator("canvas.indicator-chart")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(css.Locator("#shares tbody tr").Last).ToContainTextAsync("Tous les besoins");
        Assert.True(await css.Locator("#shares tbody tr").CountAsync() > 2);
        await Expect(css.Locator($"#s-{serviceId}")).ToContainTextAsync(name);
        await css.Context.CloseAsync();

        var admin = await browser.SignedInPageAsync(Seeder.AdminEmail, at: "/Coverage/Freshness?sort=service");
        var row = admin.Locator($"#s-{serviceId}");
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync(email);
        await Expect(admin.Locator($"#s-{serviceId}")).ToContainTextAsync(QuebecTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"));
        Assert.Contains(name, browser.With(db => db.Outbox.Single(m => m.To == email).Body));
        await admin.Context.CloseAsync();
    }
}
