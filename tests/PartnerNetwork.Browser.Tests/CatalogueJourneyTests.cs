using Microsoft.Playwright;
using PartnerNetwork.Data.Seeding;
using static Microsoft.Playwright.Assertions;

namespace PartnerNetwork.Browser.Tests;

[Collection(BrowserCollection.Name)]
public class CatalogueJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_agent_finds_food_help_near_their_school_on_the_list_and_the_map_then_opens_the_service()
    {
        var page = await browser.SignedInPageAsync(Seeder.AgentEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Répertoire" }).ClickAsync();
        await page.GetByLabel("Mots-clés").FillAsync("aide alimentaire");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }).ClickAsync();
        Assert.Contains("q=aide+alimentaire", page.Url);

        var distances = await page.Locator("#results strong").AllInnerTextsAsync();
        Assert.NotEmpty(distances);
        var km = distances.Select(d => double.Parse(d.Replace(" km", "").Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(km.Order(), km);

        var map = page.Locator("#map");
        await Expect(map).ToHaveAttributeAsync("data-ready", "true");
        var markerCount = int.Parse((await map.GetAttributeAsync("data-marker-count"))!);
        Assert.Equal(await page.Locator("#results .show-on-map").CountAsync(), markerCount);
        Assert.True(await page.Locator("#map .leaflet-marker-icon").CountAsync() > 0);

        // List and map in sync: "show on map" highlights the row and opens the marker's popup.
        await page.Locator("#results .show-on-map").First.ClickAsync();
        await Expect(page.Locator("#results .result.selected")).ToHaveCountAsync(1);
        await Expect(page.Locator(".leaflet-popup-content a")).ToBeVisibleAsync();

        var first = page.Locator("#results h3 a").First;
        var name = await first.InnerTextAsync();
        await first.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        await Expect(page.Locator("#service-map")).ToHaveAttributeAsync("data-ready", "true");
        await page.GoBackAsync();
        Assert.Contains("q=aide+alimentaire", page.Url);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_service_whose_place_has_no_coordinates_lists_the_address_off_the_map_without_a_script_error()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var serviceId = browser.With(db =>
        {
            var organization = new PartnerNetwork.Core.Catalogue.Organization { Id = Guid.NewGuid(), Name = $"Organisme Tamia {tag}", Description = "Sans position." };
            var location = new PartnerNetwork.Core.Catalogue.Location
            {
                Id = Guid.NewGuid(), OrganizationId = organization.Id, Name = $"Local Tamia {tag}", Address1 = "12 rue Sans-Carte", City = "Montréal", PostalCode = "H2J 2H9",
            };
            var service = new PartnerNetwork.Core.Catalogue.Service
            {
                Id = Guid.NewGuid(), OrganizationId = organization.Id, Name = $"Atelier Tamia {tag}", Description = "Un atelier sans position sur la carte.",
                Status = PartnerNetwork.Core.Catalogue.ServiceStatus.Active, Languages = ["fr"],
            };
            service.SetNeeds([db.NeedCategories.First().Id]);
            service.ServiceAtLocations.Add(new PartnerNetwork.Core.Catalogue.ServiceAtLocation { Id = Guid.NewGuid(), ServiceId = service.Id, LocationId = location.Id });
            db.AddRange(organization, location, service);
            db.SaveChanges();
            return service.Id;
        });
        var page = await browser.SignedInPageAsync(Seeder.AgentEmail);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await page.GotoAsync($"/Catalogue/Service/{serviceId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Atelier Tamia {tag}");
        var place = page.Locator("#service-locations li", new() { HasText = "12 rue Sans-Carte" });
        await Expect(place).ToContainTextAsync("Pas sur la carte");
        await Expect(page.Locator("#service-map")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.Locator("#service-map .leaflet-marker-icon")).ToHaveCountAsync(0);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_partner_opens_evenings_and_the_evening_filter_finds_them()
    {
        var page = await browser.SignedInPageAsync(Seeder.PartnerEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Notre organisme" }).ClickAsync();
        await page.Locator("a.btn", new() { HasText = "Modifier" }).Last.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Modifier le service");
        var name = await page.GetByLabel("Nom", new() { Exact = true }).InputValueAsync();
        var id = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["id"];
        for (var i = 0; i < 14; i++)
        {
            await page.Locator($"#opens-{i}").FillAsync("");
            await page.Locator($"#closes-{i}").FillAsync("");
        }
        await page.Locator("#opens-4").FillAsync("18:30");   // Wednesday
        await page.Locator("#closes-4").FillAsync("21:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et confirmer que tout est à jour" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("marqué vérifié aujourd’hui");

        await page.GotoAsync($"/Catalogue?origin=none&evenings=true&q={Uri.EscapeDataString(name)}");
        await Expect(page.Locator($"#r-{id}")).ToBeVisibleAsync();
        await page.GotoAsync($"/Catalogue?origin=none&weekends=true&q={Uri.EscapeDataString(name)}");
        await Expect(page.Locator($"#r-{id}")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
