using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PartnerNetwork.Data.Seeding;
using static Microsoft.Playwright.Assertions;

namespace PartnerNetwork.Browser.Tests;

[Collection(BrowserCollection.Name)]
public class JourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(Seeder.AgentEmail, "/Schools", "Mes écoles")]
    [InlineData(Seeder.PartnerEmail, "/Inbox", "Orientations reçues")]
    [InlineData(Seeder.CssEmail, "/Schools/Centre", "Écoles du CSS")]
    [InlineData(Seeder.AdminEmail, "/Admin/Users", "Utilisateurs")]
    public async Task Each_role_signs_in_through_the_form_and_sees_its_home_page(string email, string home, string heading)
    {
        var page = await browser.SignInThroughFormAsync(email);
        Assert.EndsWith(home, new Uri(page.Url).AbsolutePath);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_agent_sees_real_schools_with_deciles_and_nearby_partners()
    {
        var page = await browser.SignedInPageAsync(Seeder.AgentEmail);
        await Expect(page.Locator("section.card")).ToHaveCountAsync(3);
        await Expect(page.GetByText("IMSE décile 10").First).ToBeVisibleAsync();
        var distances = await page.Locator("td.text-end").AllInnerTextsAsync();
        Assert.NotEmpty(distances);
        Assert.All(distances, d => Assert.EndsWith("km", d));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_language_switch_turns_the_page_english_and_stays()
    {
        var page = await browser.SignedInPageAsync(Seeder.CssEmail);
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en-CA");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Service centre schools");
            await page.GotoAsync("/Schools/Centre?sort=name");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Français" })).ToBeVisibleAsync();
        }
        finally
        {
            // The switch is remembered for the account's next sign-in: give the shared demo account its French back.
            browser.With(db => db.Users.Where(u => u.Email == Seeder.CssEmail).ExecuteUpdate(u => u.SetProperty(x => x.PreferredLanguage, (string?)null)));
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_skip_link_moves_focus_to_the_main_content()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/SignIn");
        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Aller au contenu" });
        await Expect(skip).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.EndsWith("#main", page.Url);
        await page.Context.CloseAsync();
    }
}
