using System.Globalization;
using Microsoft.Playwright;
using PartnerNetwork.Data.Seeding;
using static Microsoft.Playwright.Assertions;

namespace PartnerNetwork.Browser.Tests;

[Collection(BrowserCollection.Name)]
public class CoverageJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_coordinator_finds_the_gaps_for_a_need_sorts_them_downloads_the_csv_and_opens_indicators_and_a_portrait()
    {
        var page = await browser.SignedInPageAsync(Seeder.CssEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Couverture" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Couverture des besoins");
        await page.GetByLabel("Besoin", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Aide aux devoirs" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        Assert.Contains("need=homework-help", page.Url);

        // Markers shaped and coloured by gap, as many as the table's rows.
        var map = page.Locator("#coverage-map");
        await Expect(map).ToHaveAttributeAsync("data-ready", "true");
        var rows = page.Locator("#coverage tbody tr");
        Assert.Equal(await rows.CountAsync(), int.Parse((await map.GetAttributeAsync("data-school-count"))!));
        Assert.True(await page.Locator("#coverage-map .gap-marker").CountAsync() > 0);
        Assert.True(await page.Locator("#coverage-map .gap-marker.gap-none, #coverage-map .gap-marker.gap-far, #coverage-map .gap-marker.gap-covered").CountAsync() > 0);
        await Expect(page.GetByText("Aucun service — aucun service en personne", new() { Exact = false })).ToBeVisibleAsync();
        await page.GetByLabel("Afficher sur la carte les points de service « Aide aux devoirs »").CheckAsync();
        Assert.True(await page.Locator("#coverage-map path.site-marker").CountAsync() > 0);

        // Sorting by the nearest partner.
        await page.GetByRole(AriaRole.Link, new() { Name = "Plus proche" }).ClickAsync();
        await Expect(page.Locator("#coverage th[aria-sort='ascending']")).ToHaveTextAsync("Plus proche");
        var nearest = (await page.Locator("#coverage tbody tr td:nth-child(4)").AllInnerTextsAsync())
            .Where(t => t != "—").Select(t => double.Parse(t.Replace(" km", "").Replace("\u00a0", "").Replace(',', '.'), CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(nearest);
        Assert.Equal(nearest.Order(), nearest);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Télécharger toutes les écoles × besoins (CSV)" }).ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"coverage-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // UTF-8 with BOM, so Excel reads the accents
        var header = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n")[0];
        Assert.Equal("school_code,school_name,imse_decile,enrolment,need,nearest_km,services_band1,services_band2,services_band3,e2sfca_per_1000,gap,remote_services", header);

        await page.GetByRole(AriaRole.Link, new() { Name = "Indicateurs de suivi" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Indicateurs de suivi");
        await Expect(page.Locator("canvas.indicator-chart").First).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Tous les besoins");

        await page.GoBackAsync();
        var school = page.Locator("#coverage tbody tr td a").First;
        var name = await school.InnerTextAsync();
        await school.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Portrait : {name}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Partenaires par besoin" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
