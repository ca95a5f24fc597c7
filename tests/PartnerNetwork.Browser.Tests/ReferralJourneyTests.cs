using Microsoft.Playwright;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data.Seeding;
using static Microsoft.Playwright.Assertions;

namespace PartnerNetwork.Browser.Tests;

/// <summary>The closed loop in Chromium, with the agent and the partner in two separate browser contexts.</summary>
[Collection(BrowserCollection.Name)]
public class ReferralJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_agent_refers_a_family_from_a_search_result_and_the_partner_closes_the_loop()
    {
        var (organization, service) = browser.With(db =>
        {
            var org = db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value;
            return (db.Organizations.Single(o => o.Id == org).Name,
                    db.Services.Where(s => s.OrganizationId == org && s.Status == PartnerNetwork.Core.Catalogue.ServiceStatus.Active).OrderBy(s => s.Name).First().Id);
        });

        var agent = await browser.SignedInPageAsync(Seeder.AgentEmail);
        await agent.GetByRole(AriaRole.Link, new() { Name = "Familles" }).ClickAsync();
        await agent.GetByRole(AriaRole.Link, new() { Name = "Nouvelle famille" }).ClickAsync();
        await agent.Locator("#Input_Reference").FillAsync("Journey-Rosa");
        await agent.Locator("#Input_Phone").FillAsync("514-555-0166");
        await agent.Locator("#Input_InterpreterNeeded").CheckAsync();
        await agent.Locator("#channel-Phone").CheckAsync();
        await agent.Locator("#time-Evenings").CheckAsync();
        await agent.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(agent.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Famille Journey-Rosa");

        await agent.GetByRole(AriaRole.Link, new() { Name = "Consigner un consentement" }).ClickAsync();
        await agent.Locator("#Input_GivenBy").FillAsync("mère");
        await agent.Locator("#Input_Purpose").FillAsync("Aide alimentaire et aide aux devoirs");
        await agent.Locator("#Input_AnyOrganization").CheckAsync();
        await agent.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le consentement" }).ClickAsync();
        await Expect(agent.Locator(".badge", new() { HasText = "En vigueur" })).ToBeVisibleAsync();

        // From a search result.
        await agent.GotoAsync($"/Catalogue?origin=none&q={Uri.EscapeDataString(organization)}");
        await agent.Locator($"#r-{service} a.refer").ClickAsync();
        var option = await agent.Locator("#Input_FamilyId option", new() { HasText = "Journey-Rosa" }).GetAttributeAsync("value");
        await agent.Locator("#Input_FamilyId").SelectOptionAsync(option!);
        // The family declared no need: none is ticked for it, and the agent ticks the service's own (listed first).
        await agent.Locator("input[name='Input.NeedIds']").First.CheckAsync();
        await agent.Locator("#Input_Message").FillAsync("Famille nouvellement arrivée, préfère les soirs.");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Envoyer l'orientation" }).ClickAsync();
        await Expect(agent.Locator("#referral-state")).ToHaveTextAsync("Envoyée");
        var referralUrl = new Uri(agent.Url).AbsolutePath;

        // The partner, in another browser context, works it from the inbox.
        var partner = await browser.SignedInPageAsync(Seeder.PartnerEmail);
        await Expect(partner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Orientations reçues");
        await partner.Locator($"#inbox a[href='{referralUrl}']").ClickAsync();
        await Expect(partner.Locator("#family-contact")).ToContainTextAsync("514-555-0166");
        // One panel: a step, its reason when it needs one, one button.
        foreach (var (action, state) in new[] { ("Accuser réception", "Reçue"), ("Accepter", "Acceptée"), ("Premier contact avec la famille fait", "En cours (famille jointe)") })
        {
            await partner.GetByRole(AriaRole.Radio, new() { Name = action }).CheckAsync();
            await partner.Locator("#action-submit").ClickAsync();
            await Expect(partner.Locator("#referral-state")).ToHaveTextAsync(state);
        }
        await partner.GetByRole(AriaRole.Radio, new() { Name = "Terminer" }).CheckAsync();
        await partner.GetByRole(AriaRole.Radio, new() { Name = "Besoin répondu", Exact = true }).CheckAsync();
        await partner.Locator("#action-submit").ClickAsync();
        await Expect(partner.Locator("#referral-state")).ToHaveTextAsync("Terminée");
        await Expect(partner.GetByRole(AriaRole.Status)).ToContainTextAsync("Orientation terminée (Besoin répondu)");

        // The agent sees the whole timeline, with time and author of each step.
        await agent.GetByRole(AriaRole.Link, new() { Name = "Journey-Rosa" }).ClickAsync();
        var timeline = agent.Locator(".timeline").First;
        foreach (var text in new[] { "Envoyée", "Reçue", "Acceptée", "En cours (famille jointe)", "Terminée", "Besoin répondu", "Partenaire Démo", "Agente Démo" })
            await Expect(timeline).ToContainTextAsync(text);
        Assert.Equal(5, await timeline.Locator("li time").CountAsync());
        Assert.Equal(ReferralState.Completed, browser.With(db => db.Referrals.Single(r => r.Family!.Reference == "Journey-Rosa").State));
        await agent.Context.CloseAsync();
        await partner.Context.CloseAsync();
    }
}
