using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data.Seeding;
using static Microsoft.Playwright.Assertions;

namespace PartnerNetwork.Browser.Tests;

/// <summary>Referral by secure link: a partner without an account closes the loop from its mailbox, on a phone.</summary>
[Collection(BrowserCollection.Name)]
public class LinkJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_partner_without_an_account_acknowledges_accepts_contacts_and_completes_from_the_emailed_link_on_a_phone()
    {
        // An organisation nobody has an account for, with an address its referrals are e-mailed to.
        var (service, email) = browser.With(db => db.Services
            .Where(s => s.Status == ServiceStatus.Active && s.AcceptsReferrals && !s.IsRemote && s.Categories.Any()
                        && (s.ReferralEmail != null || s.Organization!.Email != null)
                        && !db.Users.Any(u => u.OrganizationId == s.OrganizationId))
            .OrderBy(s => s.Name).Select(s => new { s.Id, Email = s.ReferralEmail ?? s.Organization!.Email! })
            .AsEnumerable().Select(s => (s.Id, s.Email)).First());

        var agent = await browser.SignedInPageAsync(Seeder.AgentEmail, at: "/Families/Edit");
        await agent.Locator("#Input_Reference").FillAsync("Link-Journey-Maya");
        await agent.Locator("#Input_Phone").FillAsync("514-555-0188");
        await agent.Locator("#channel-Phone").CheckAsync();
        await agent.Locator("#time-Evenings").CheckAsync();
        await agent.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(agent.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Famille Link-Journey-Maya");
        await agent.GetByRole(AriaRole.Link, new() { Name = "Consigner un consentement" }).ClickAsync();
        await agent.Locator("#Input_GivenBy").FillAsync("père");
        await agent.Locator("#Input_Purpose").FillAsync("Aide alimentaire");
        await agent.Locator("#Input_AnyOrganization").CheckAsync();
        await agent.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le consentement" }).ClickAsync();
        await Expect(agent.Locator(".badge", new() { HasText = "En vigueur" })).ToBeVisibleAsync();

        await agent.GotoAsync($"/Referrals/New?serviceId={service}");
        var option = await agent.Locator("#Input_FamilyId option", new() { HasText = "Link-Journey-Maya" }).GetAttributeAsync("value");
        await agent.Locator("#Input_FamilyId").SelectOptionAsync(option!);
        // The family declared no need: none is ticked for it, and the agent ticks the service's own (listed first).
        await agent.Locator("input[name='Input.NeedIds']").First.CheckAsync();
        await agent.Locator("#Input_Message").FillAsync("Père seul avec trois enfants, joignable le soir.");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Envoyer l'orientation" }).ClickAsync();
        await Expect(agent.Locator("#referral-state")).ToHaveTextAsync("Envoyée");
        var referral = Guid.Parse(new Uri(agent.Url).AbsolutePath.Split('/').Last());

        // The e-mail, as the outbox holds it until sent.
        var body = browser.With(db => db.Outbox.Single(m => m.ReferralId == referral && m.To == email).Body);
        var link = new Uri(Regex.Match(body, @"https?://\S+/l/[A-Za-z0-9_-]{43}").Value);

        // A fresh browser context, phone-sized: no session, no cookie, only the link.
        var phone = await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseUrl, ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var partner = await phone.NewPageAsync();
        var response = await partner.GotoAsync(link.PathAndQuery);
        Assert.Equal("no-referrer", await response!.HeaderValueAsync("referrer-policy"));
        await Expect(partner.Locator("#family-contact a[href='tel:+15145550188']")).ToHaveTextAsync("514-555-0188");
        await Expect(partner.Locator("#referral-message")).ToContainTextAsync("Père seul avec trois enfants");
        Assert.Equal(0, await partner.Locator("nav").CountAsync());
        // Usable on a phone: nothing wider than the screen.
        Assert.True(await partner.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        // The same panel as the partner's page: a step, its reason when it needs one, one button.
        foreach (var (action, state) in new[] { ("Accuser réception", "Reçue"), ("Accepter", "Acceptée"), ("Premier contact avec la famille fait", "En cours (famille jointe)") })
        {
            await partner.GetByRole(AriaRole.Radio, new() { Name = action }).TapAsync();
            await partner.Locator("#action-submit").TapAsync();
            await Expect(partner.Locator("#referral-state")).ToHaveTextAsync(state);
            await Expect(partner.GetByRole(AriaRole.Status)).ToContainTextAsync("Prochaine étape");
        }
        await partner.GetByRole(AriaRole.Radio, new() { Name = "Terminer" }).TapAsync();
        await partner.GetByRole(AriaRole.Radio, new() { Name = "Besoin répondu", Exact = true }).TapAsync();
        await partner.Locator("#action-submit").TapAsync();
        await Expect(partner.Locator("#referral-state")).ToHaveTextAsync("Terminée");
        await Expect(partner.Locator("#link-read-only")).ToBeVisibleAsync();
        await phone.CloseAsync();

        // The agent's timeline shows each of the partner's steps "via link".
        await agent.ReloadAsync();
        var timeline = agent.Locator(".timeline").First;
        foreach (var text in new[] { "Reçue", "Acceptée", "En cours (famille jointe)", "Terminée" })
            await Expect(timeline.Locator("li", new() { HasText = text }).Last).ToContainTextAsync($"via lien, {email}");
        Assert.Equal(4, await timeline.Locator("li", new() { HasText = $"via lien, {email}" }).CountAsync());
        Assert.Equal(ReferralState.Completed, browser.With(db => db.Referrals.Single(r => r.Id == referral).State));
        await agent.Context.CloseAsync();
    }
}
