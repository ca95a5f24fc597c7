using System.Text;
using Microsoft.Playwright;
using PartnerNetwork.Data.Seeding;
using static Microsoft.Playwright.Assertions;

namespace PartnerNetwork.Browser.Tests;

[Collection(BrowserCollection.Name)]
public class ImportJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_admin_fills_the_template_reads_the_report_of_one_bad_row_confirms_and_finds_the_services()
    {
        var page = await browser.SignedInPageAsync(Seeder.AdminEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Importer/exporter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Importer et exporter le répertoire");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le modèle (en-têtes en français)" }).ClickAsync());
        var template = Path.Combine(Path.GetTempPath(), $"template-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(template);
        var lines = File.ReadAllLines(template, Encoding.UTF8);
        File.Delete(template);
        var tag = Guid.NewGuid().ToString("N")[..6];
        // The coordinator's rows pasted under the template's header: two good, one with an unknown need.
        var example = lines[1];
        var good1 = example.Replace("Cuisine collective du Quartier", $"Cuisine Orée {tag}");
        var good2 = example.Replace("Cuisine collective du Quartier", $"Banque Orée {tag}").Replace("1234 rue Exemple", "77 rue Exemple");
        var bad = example.Replace("Cuisine collective du Quartier", $"Mauvais {tag}").Replace("food-security", "astrologie");
        var filled = Path.Combine(Path.GetTempPath(), $"partenaires-{tag}.csv");
        await File.WriteAllTextAsync(filled, string.Join("\r\n", lines[0], good1, good2, bad), new UTF8Encoding(true));

        await page.GetByLabel("Fichier CSV").SetInputFilesAsync(filled);
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier le fichier" }).ClickAsync();
        File.Delete(filled);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Rapport d’importation");
        await Expect(page.Locator("[data-count='created']")).ToHaveTextAsync("2");
        await Expect(page.Locator("[data-count='rejected']")).ToHaveTextAsync("1");
        await Expect(page.GetByText("Besoin inconnu (ni un code ni un nom de la taxonomie) (1)")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "astrologie" })).ToBeVisibleAsync();

        // The report passes axe in both languages.
        var report = page.Url;
        foreach (var culture in new[] { "fr-CA", "en-CA" })
        {
            await page.GotoAsync($"{report}?culture={culture}");
            Assert.Empty((await Axe.SeriousViolationsAsync(page)).Select(v => $"{culture} {v}"));
        }
        await page.GotoAsync($"{report}?culture=fr-CA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Appliquer les 2 ligne(s) valide(s)" }).ClickAsync();
        await Expect(page.GetByText("Importation appliquée : 2 créé(s)")).ToBeVisibleAsync();

        await page.GotoAsync($"/Catalogue?origin=none&q={tag}");
        await Expect(page.Locator("#results .result")).ToHaveCountAsync(2);
        await page.Context.CloseAsync();
    }
}
