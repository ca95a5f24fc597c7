using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Browser.Tests;

/// <summary>For looking at the pages: set PN_SCREENSHOTS to a folder and run this class. Does nothing otherwise.</summary>
[Collection(BrowserCollection.Name)]
public class Screenshots(BrowserFixture browser)
{
    [Fact]
    public async Task Take_screenshots_of_each_home_page_when_asked()
    {
        var folder = Environment.GetEnvironmentVariable("PN_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        foreach (var email in new[] { Seeder.AgentEmail, Seeder.PartnerEmail, Seeder.CssEmail, Seeder.AdminEmail })
        {
            var page = await browser.SignedInPageAsync(email);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{email.Split('@')[0]}.png"), FullPage = false });
            await page.Context.CloseAsync();
        }
    }
}
