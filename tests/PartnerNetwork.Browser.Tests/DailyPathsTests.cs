using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Data;
using static Microsoft.Playwright.Assertions;

namespace PartnerNetwork.Browser.Tests;

/// <summary>
/// The paths people repeat every day (issue 20), each at a laptop size and a phone size: the referral form following the
/// family, the sheet keeping the interface language, tables on a phone, the coverage matrix, the directory, assigning
/// schools, and the wording.
/// </summary>
[Collection(BrowserCollection.Name)]
public class DailyPathsTests(BrowserFixture browser)
{
    public static TheoryData<int, int> Sizes => new() { { 1366, 768 }, { 390, 844 } };

    static readonly Guid DemoFamily = StableId.From("family", "demo");
    static readonly Guid Agent = StableId.From("user", Seeder.AgentEmail);

    /// <summary>A family of the demo agent's school declaring one need, speaking <paramref name="language"/>, with a consent for any organisation.</summary>
    (Guid Family, Guid Need, string NeedCode) NewFamily(string language, string reference)
    {
        return browser.With(db =>
        {
            var school = db.Families.Single(f => f.Id == DemoFamily).SchoolId;
            var demoNeeds = db.FamilyNeeds.Where(n => n.FamilyId == DemoFamily).Select(n => n.NeedCategoryId).ToList();
            // A need the demo family does not declare: switching between the two families must change the ticks.
            var needs = db.NeedCategories.OrderBy(c => c.SortOrder).ToList();
            var need = needs.FirstOrDefault(c => c.Code == "food-security" && !demoNeeds.Contains(c.Id)) ?? needs.First(c => !demoNeeds.Contains(c.Id));
            var now = DateTime.UtcNow;
            var family = new Family
            {
                Id = Guid.NewGuid(), SchoolId = school, Reference = reference, Phone = "514-555-0123", PreferredLanguage = language,
                Channels = ContactChannels.Phone, CreatedById = Agent, CreatedAt = now, LastActivityAt = now,
            };
            family.Needs.Add(new FamilyNeed { FamilyId = family.Id, NeedCategoryId = need.Id });
            family.Consents.Add(new Consent
            {
                Id = Guid.NewGuid(), FamilyId = family.Id, GivenBy = "mère", Method = ConsentMethod.Verbal, GivenOn = DateOnly.FromDateTime(now),
                ExpiresOn = DateOnly.FromDateTime(now).AddMonths(6), Purpose = "Orientation", AnyOrganization = true, RecordedById = Agent, RecordedAt = now,
            });
            db.Families.Add(family);
            db.SaveChanges();
            return (family.Id, need.Id, need.Code);
        });
    }

    static string Tag() => Guid.NewGuid().ToString("N")[..6];

    static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var (scroll, width) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => window.innerWidth"));
        Assert.True(scroll <= width, $"{page.Url} scrolls sideways: {scroll} px in {width} px");
    }

    static async Task AssertInViewAsync(ILocator locator, IPage page)
    {
        await Expect(locator).ToBeVisibleAsync();
        var box = await locator.BoundingBoxAsync();
        var width = await page.EvaluateAsync<int>("() => window.innerWidth");
        Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= width + 1, $"{await locator.EvaluateAsync<string>("e => e.outerHTML.slice(0, 120)")} is off-screen at {box?.X}+{box?.Width} in {width} px");
    }

    static async Task<List<string>> CheckedNeedsAsync(IPage page) =>
        (await page.Locator("input[name='Input.NeedIds']:checked").EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.value)")).Order().ToList();

    // 1. The new referral follows the family.
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task The_new_referral_follows_the_family_from_its_page_and_when_another_is_chosen(int width, int height)
    {
        var (family, need, code) = NewFamily("ar", $"Amal {Tag()}");
        var page = await browser.SignedInPageAsync(Seeder.AgentEmail, width, height, at: $"/Families/Details/{family}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Trouver un service" }).ClickAsync();
        Assert.Contains($"family={family}", page.Url);
        Assert.Contains($"c={code}", page.Url);
        await page.Locator("#results a.refer").First.ClickAsync();

        await Expect(page.Locator("#Input_FamilyId")).ToHaveValueAsync(family.ToString());
        Assert.Equal([need.ToString()], await CheckedNeedsAsync(page));
        await Expect(page.Locator("#Input_SheetLanguage")).ToHaveValueAsync("ar");

        // Another family: its declared needs and its language, in place.
        var demo = browser.With(db => (db.FamilyNeeds.Where(n => n.FamilyId == DemoFamily).Select(n => n.NeedCategoryId).ToList().Select(n => n.ToString()).ToList(),
            db.Families.Single(f => f.Id == DemoFamily).PreferredLanguage));
        await page.Locator("#Input_FamilyId").SelectOptionAsync(DemoFamily.ToString());
        Assert.Equal(demo.Item1.Order().ToList(), await CheckedNeedsAsync(page));
        await Expect(page.Locator("#Input_SheetLanguage")).ToHaveValueAsync(demo.Item2);
        await Expect(page.Locator("#use-family")).ToBeHiddenAsync();

        // Started without a family, the choice is empty and nothing is ticked.
        var service = page.Url.Split("serviceId=")[1].Split('&')[0];
        await page.GotoAsync($"/Referrals/New?serviceId={service}");
        await Expect(page.Locator("#Input_FamilyId")).ToHaveValueAsync("");
        Assert.Empty(await CheckedNeedsAsync(page));
        await AssertNoSidewaysScrollAsync(page);
        await page.Context.CloseAsync();
    }

    // 2. Printing the sheet keeps the agent's interface language.
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Recording_information_given_offers_the_sheet_first_and_the_sheet_keeps_the_interface_in_French(int width, int height)
    {
        var (family, _, _) = NewFamily("ar", $"Nour {Tag()}");
        var service = browser.With(db => db.Services.Where(s => s.Status == ServiceStatus.Active && s.Organization!.IsActive && !s.IsRemote)
            .OrderBy(s => s.Name).Select(s => s.Id).First());
        var page = await browser.SignedInPageAsync(Seeder.AgentEmail, width, height, at: $"/Referrals/New?serviceId={service}&familyId={family}");
        await page.Locator("#kind-InformationGiven").CheckAsync();
        await page.Locator("#send-referral").ClickAsync();

        await BrowserFixture.ArrivedAsync(page, "/Referrals/Sheet/");
        var first = page.Locator("main button, main a.btn").First;
        await Expect(first).ToHaveAttributeAsync("id", "print-sheet");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr-CA");
        await Expect(page.Locator("article.sheet")).ToHaveAttributeAsync("lang", "ar");
        await AssertNoSidewaysScrollAsync(page);

        await page.Locator("#back-to-referral").ClickAsync();
        var sheetLink = page.GetByRole(AriaRole.Link, new() { Name = "Imprimer la fiche" });
        Assert.DoesNotContain("culture", await sheetLink.GetAttributeAsync("href"));
        await sheetLink.ClickAsync();
        await Expect(page.Locator("article.sheet")).ToHaveAttributeAsync("lang", "ar");
        await page.GotoAsync("/Referrals");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr-CA");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Orientations");
        await page.Context.CloseAsync();
    }

    // 4. Tables on a phone.
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Tables_keep_their_decisive_cells_in_view_and_no_page_scrolls_sideways(int width, int height)
    {
        var tag = Tag();
        var (family, need, _) = NewFamily("fr", $"Léa {tag}");
        var (service, referral) = browser.With(db =>
        {
            var organization = new Organization
            {
                Id = Guid.NewGuid(), Name = $"Organisme aux longues adresses {tag}", Description = "Des adresses longues.",
                Email = $"inscriptions.familles.nouvellement.arrivees.{tag}@organisme-communautaire-du-quartier-exemple.org",
                Website = $"https://www.organisme-communautaire-du-quartier-exemple.org/services/aide-alimentaire/inscription-des-familles/{tag}/formulaire",
            };
            var location = new PartnerNetwork.Core.Catalogue.Location
            {
                Id = Guid.NewGuid(), OrganizationId = organization.Id, Name = "Local", Address1 = "1 rue Longue", City = "Montréal", PostalCode = "H2J 2H9",
                Latitude = 45.52, Longitude = -73.58,
            };
            var service = new Service
            {
                Id = Guid.NewGuid(), OrganizationId = organization.Id, Name = $"Épicerie solidaire {tag}", Description = "Une épicerie.",
                Status = ServiceStatus.Active, Languages = ["fr"], ReferralEmail = organization.Email,
            };
            service.SetNeeds([need]);
            service.ServiceAtLocations.Add(new ServiceAtLocation { Id = Guid.NewGuid(), ServiceId = service.Id, LocationId = location.Id });
            db.AddRange(organization, location, service);
            var family1 = db.Families.Single(f => f.Id == family);
            var sent = Referral.Send(family1, service, new ReferralRequest(ReferralKind.InformationGiven, [need], Urgency.Routine, null, false,
                QuebecTime.Today(TimeProvider.System).AddDays(7), "fr"), Agent, DateTime.UtcNow);
            db.Referrals.Add(sent);
            db.SaveChanges();
            return (service.Id, sent.Id);
        });

        var agent = await browser.SignedInPageAsync(Seeder.AgentEmail, width, height);
        await AssertNoSidewaysScrollAsync(agent); // the agent's home
        await agent.GotoAsync("/Referrals");
        await AssertNoSidewaysScrollAsync(agent);
        await AssertInViewAsync(agent.Locator("#all tbody tr").First.Locator("td.follow-up"), agent);
        await agent.GotoAsync($"/Families/Details/{family}");
        await AssertNoSidewaysScrollAsync(agent);
        await AssertInViewAsync(agent.Locator("#consents td.consent-state").First, agent);
        await AssertInViewAsync(agent.Locator("#consents").GetByRole(AriaRole.Button, new() { Name = "Retirer" }).First, agent);
        await agent.GotoAsync($"/Catalogue/Service/{service}");
        await AssertNoSidewaysScrollAsync(agent);
        await agent.GotoAsync($"/Referrals/Sheet/{referral}");
        await AssertNoSidewaysScrollAsync(agent);
        await agent.Context.CloseAsync();

        var partner = await browser.SignedInPageAsync(Seeder.PartnerEmail, width, height);
        await AssertNoSidewaysScrollAsync(partner);
        var row = partner.Locator("#inbox tbody tr").First;
        foreach (var cell in new[] { "td.inbox-urgency", "td.inbox-state", "td.inbox-age" }) await AssertInViewAsync(row.Locator(cell), partner);
        await partner.Context.CloseAsync();

        var css = await browser.SignedInPageAsync(Seeder.CssEmail, width, height);
        await AssertNoSidewaysScrollAsync(css);
        await css.GotoAsync("/Coverage?need=food-security");
        await AssertNoSidewaysScrollAsync(css);
        await AssertInViewAsync(css.Locator("#coverage tbody tr").First.Locator("td.gap-cell"), css);
        await css.Context.CloseAsync();
    }

    // 5. The coverage matrix.
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task The_coverage_matrix_has_its_own_tab_keeps_school_and_header_in_place_and_sorts_by_gaps(int width, int height)
    {
        var page = await browser.SignedInPageAsync(Seeder.CssEmail, width, height, at: "/Coverage?need=food-security");
        await Expect(page.Locator("#matrix")).ToHaveCountAsync(0);
        await page.Locator("#tab-matrix").ClickAsync();
        var matrix = page.Locator("#matrix");
        await Expect(matrix).ToBeVisibleAsync();
        Assert.True((await matrix.BoundingBoxAsync())!.Y < 2 * height, "the matrix starts far down the page");
        await AssertNoSidewaysScrollAsync(page);

        // Scrolled inside its frame, the school column and the header row stay where they were.
        var frame = page.Locator(".table-wide").Filter(new() { Has = matrix });
        var schoolCell = matrix.Locator("tbody th[scope='row']").First;
        var header = matrix.Locator("thead th").Nth(3);
        var (schoolX, headerY) = ((await schoolCell.BoundingBoxAsync())!.X, (await header.BoundingBoxAsync())!.Y);
        await frame.EvaluateAsync("f => { f.scrollLeft = f.scrollWidth; f.scrollTop = 400; }");
        Assert.Equal(schoolX, (await schoolCell.BoundingBoxAsync())!.X, 1.0);
        Assert.Equal(headerY, (await header.BoundingBoxAsync())!.Y, 1.0);

        await page.Locator("#matrix-sort").GetByRole(AriaRole.Link, new() { Name = "Besoins sans service proche" }).ClickAsync();
        var counts = (await page.Locator("#matrix td.gap-count").AllInnerTextsAsync()).Select(int.Parse).ToList();
        Assert.NotEmpty(counts);
        Assert.Equal(counts.OrderDescending(), counts);
        await page.Context.CloseAsync();
    }

    // 6. The directory on a phone and a laptop.
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task The_directory_folds_rare_filters_and_keeps_list_and_map_in_reach(int width, int height)
    {
        var page = await browser.SignedInPageAsync(Seeder.AgentEmail, width, height, at: "/Catalogue?q=aide+alimentaire");
        await Expect(page.Locator("#map")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.Locator("#lat")).ToBeHiddenAsync();
        await Expect(page.Locator("#place")).ToBeHiddenAsync();
        await Expect(page.Locator("#lang")).ToBeHiddenAsync();
        await page.Locator("#origin").SelectOptionAsync("point");
        await Expect(page.Locator("#lat")).ToBeVisibleAsync();
        await page.Locator("#origin").SelectOptionAsync("school");
        await Expect(page.Locator("#lat")).ToBeHiddenAsync();
        Assert.True((await page.Locator("#results-heading").BoundingBoxAsync())!.Y < height, "the results start below the first screen");
        await Expect(page.Locator(".catalogue-map p.small")).Not.ToContainTextAsync("ci-contre");
        await AssertNoSidewaysScrollAsync(page);

        var map = page.Locator("#map");
        var phone = width < 992;
        if (phone)
        {
            await Expect(map).ToBeHiddenAsync();
            await Expect(page.Locator("#view-switch")).ToBeVisibleAsync();
        }
        else
        {
            // Beside the list, and still in view once the list is scrolled.
            Assert.True((await map.BoundingBoxAsync())!.X > (await page.Locator("#results").BoundingBoxAsync())!.X + 100);
            await page.Locator("#results li").Last.ScrollIntoViewIfNeededAsync();
            var box = (await map.BoundingBoxAsync())!;
            Assert.True(box.Y >= 0 && box.Y < height, $"the map scrolled away ({box.Y})");
        }

        // "Show on the map" brings the map into view, centred on the marker, its popup open.
        await page.Locator("#results .show-on-map").Nth(2).ClickAsync();
        await Expect(map).ToBeVisibleAsync();
        await Expect(page.Locator(".leaflet-popup-content a")).ToBeVisibleAsync();
        var mapBox = (await map.BoundingBoxAsync())!;
        Assert.True(mapBox.Y >= -1 && mapBox.Y < height, "the map is not in view");
        // Within the map once Leaflet has finished moving.
        await page.WaitForFunctionAsync("""
            () => {
                const map = document.getElementById('map').getBoundingClientRect();
                const popup = document.querySelector('.leaflet-popup')?.getBoundingClientRect();
                return popup && popup.left >= map.left - 1 && popup.right <= map.right + 1 && popup.top >= map.top - 1 && popup.bottom <= map.bottom + 1;
            }
            """, null, new() { Timeout = 10_000 });
        await page.Context.CloseAsync();
    }

    // 7. Referral page actions.
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Acting_on_a_referral_is_one_panel_with_accept_and_decline_in_the_first_screen_numbers_to_tap_and_a_confirmation(int width, int height)
    {
        var (family, _, _) = NewFamily("fr", $"Inès {Tag()}");
        var (referral, token, partnerPhone) = browser.With(db =>
        {
            var partner = db.Users.Single(u => u.Email == Seeder.PartnerEmail);
            var service = db.Services.Include(s => s.Categories).Include(s => s.Organization)
                .Where(s => s.OrganizationId == partner.OrganizationId && s.Status == ServiceStatus.Active).OrderBy(s => s.Name).First();
            var now = DateTime.UtcNow;
            // With its consents: Send refuses to share contact details that no consent covers.
            var sent = Referral.Send(db.Families.Include(f => f.Consents).ThenInclude(c => c.Organizations).Single(f => f.Id == family), service, new ReferralRequest(ReferralKind.WarmHandoff,
                service.Categories.Select(c => c.NeedCategoryId).ToList(), Urgency.Urgent, "Famille arrivée en septembre.", ShareContact: true,
                FollowUpOn: null, SheetLanguage: null), Agent, now);
            var (link, token) = ReferralLink.Issue(sent, "accueil@example.org", now);
            db.Referrals.Add(sent);
            db.EmailLinks.Add(link);
            db.SaveChanges();
            return (sent.Id, token, service.ReferralPhone ?? service.Organization!.Phone);
        });
        Assert.NotNull(partnerPhone);

        // The partner acknowledges (the only step, ticked for them): the confirmation says what comes next, and accept
        // and decline are still on the first screen below it.
        var page = await browser.SignedInPageAsync(Seeder.PartnerEmail, width, height, at: $"/Referrals/Details/{referral}");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Accuser réception" })).ToBeCheckedAsync();
        await page.Locator("#action-submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Réception confirmée");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Prochaine étape : accepter l'orientation");
        await AssertOnePanelWithDecisiveActionsInFirstScreenAsync(page, height);
        await Expect(page.Locator("#family-contact a[href='tel:+15145550123']")).ToHaveTextAsync("514-555-0123");
        await AssertNoSidewaysScrollAsync(page);

        // The same referral from the e-mailed link, without signing in: the same panel, as high on the page.
        var phone = await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseUrl, ViewportSize = new() { Width = width, Height = height } });
        var byLink = await phone.NewPageAsync();
        await byLink.GotoAsync($"/l/{token}");
        await AssertOnePanelWithDecisiveActionsInFirstScreenAsync(byLink, height);
        await Expect(byLink.Locator("#family-contact a[href='tel:+15145550123']")).ToHaveTextAsync("514-555-0123");
        await phone.CloseAsync();

        // Declining without a reason: the message names the field, nothing changes, the note typed is still there.
        await page.GetByRole(AriaRole.Radio, new() { Name = "Refuser" }).CheckAsync();
        await page.GetByLabel("Note", new() { Exact = true }).FillAsync("Nous manquons de place ce mois-ci.");
        await page.Locator("#action-submit").ClickAsync();
        await Expect(page.Locator("#action-errors")).ToContainTextAsync("« Raison »");
        await Expect(page.Locator("#action-errors")).ToHaveAttributeAsync("role", "alert");
        Assert.EndsWith($"/Referrals/Details/{referral}", page.Url); // shown again at its own address, no handler in it
        await Expect(page.GetByLabel("Note", new() { Exact = true })).ToHaveValueAsync("Nous manquons de place ce mois-ci.");
        Assert.Equal(ReferralState.Acknowledged, browser.With(db => db.Referrals.Single(r => r.Id == referral).State));

        // Accepting: the confirmation says what happened and what comes next, and the state shows once, changed.
        await page.GetByRole(AriaRole.Radio, new() { Name = "Accepter" }).CheckAsync();
        await page.GetByLabel("Note", new() { Exact = true }).FillAsync("Nous appelons jeudi soir.");
        await page.Locator("#action-submit").ClickAsync();
        var status = page.GetByRole(AriaRole.Status);
        await Expect(status).ToContainTextAsync("Orientation acceptée");
        await Expect(status).ToContainTextAsync("Prochaine étape");
        await Expect(page.Locator("#referral-state")).ToHaveTextAsync("Acceptée");
        await AssertEachBadgeOnceAsync(page);
        Assert.Equal(ReferralState.Accepted, browser.With(db => db.Referrals.Single(r => r.Id == referral).State));
        await page.Context.CloseAsync();

        // The agent calls the partner with a tap, and writes a note alone through the same panel.
        var agent = await browser.SignedInPageAsync(Seeder.AgentEmail, width, height, at: $"/Referrals/Details/{referral}");
        var digits = new string(partnerPhone!.Where(char.IsDigit).ToArray());
        await Expect(agent.Locator($"a[href='tel:+1{digits[^10..]}']")).ToBeVisibleAsync();
        await Expect(agent.Locator("#family-contact a[href='tel:+15145550123']")).ToBeVisibleAsync();
        await agent.GetByRole(AriaRole.Radio, new() { Name = "Ajouter une note" }).CheckAsync();
        await agent.Locator("#action-submit").ClickAsync();
        await Expect(agent.Locator("#action-errors")).ToContainTextAsync("« Note »");
        await agent.GetByLabel("Note", new() { Exact = true }).FillAsync("La mère préfère être appelée après 18 h.");
        await agent.Locator("#action-submit").ClickAsync();
        await Expect(agent.GetByRole(AriaRole.Status)).ToContainTextAsync("Note ajoutée");
        await Expect(agent.Locator("#notes")).ToContainTextAsync("La mère préfère être appelée après 18 h.");
        await Expect(agent.Locator("#referral-state")).ToHaveTextAsync("Acceptée");
        await AssertEachBadgeOnceAsync(agent);
        await AssertNoSidewaysScrollAsync(agent);
        await agent.Context.CloseAsync();
    }

    /// <summary>One form of actions (a choice, one note, one button), accept and decline and the button on the first screen.</summary>
    static async Task AssertOnePanelWithDecisiveActionsInFirstScreenAsync(IPage page, int height)
    {
        var panel = page.Locator("#action-panel");
        await Expect(panel.Locator("fieldset legend").First).ToBeVisibleAsync();
        await Expect(page.Locator("main textarea")).ToHaveCountAsync(1);
        await Expect(page.Locator("main form button[type='submit'], main form button:not([type])")).ToHaveCountAsync(1);
        foreach (var decisive in new[] { page.GetByRole(AriaRole.Radio, new() { Name = "Accepter" }), page.GetByRole(AriaRole.Radio, new() { Name = "Refuser" }), panel.Locator("#action-submit") })
        {
            var box = await decisive.BoundingBoxAsync();
            Assert.True(box is not null && box.Y + box.Height <= height, $"{await decisive.EvaluateAsync<string>("e => e.outerHTML.slice(0, 80)")} ends at {box?.Y + box?.Height} px, below the first {height} px");
        }
        await AssertEachBadgeOnceAsync(page);
    }

    static async Task AssertEachBadgeOnceAsync(IPage page)
    {
        var badges = (await page.Locator("main .badge:visible").AllInnerTextsAsync()).Select(b => b.Trim()).ToList();
        Assert.True(badges.Count == badges.Distinct().Count(), $"a badge shown twice: {string.Join(" | ", badges)}");
        Assert.Equal(1, await page.Locator("main .badge:visible", new() { HasText = await page.Locator("#referral-state").InnerTextAsync() }).CountAsync());
        // The urgency too: a badge, not again as a line of the request.
        Assert.Single(Regex.Matches(await page.Locator("main").InnerTextAsync(), "Urgente"));
    }

    // 8. Assigning schools to a user; deactivation asks first.
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Schools_are_a_searchable_checklist_with_the_chosen_first_and_deactivating_asks_first(int width, int height)
    {
        var (agentId, assigned, other, elsewhere) = browser.With(db =>
        {
            var agent = db.Users.Single(u => u.Email == Seeder.AgentEmail);
            var schools = db.Set<PartnerNetwork.Data.UserSchool>().Where(s => s.UserId == agent.Id).Select(s => s.SchoolId).ToList();
            var another = db.Schools.Where(s => s.ServiceCentreId == agent.ServiceCentreId && !schools.Contains(s.Id)).OrderBy(s => s.Name).First();
            var far = db.Schools.Where(s => s.ServiceCentreId != agent.ServiceCentreId && s.ClosedOn == null).OrderBy(s => s.Code)
                .Select(s => new { s.Code, Centre = s.ServiceCentre!.Name }).First();
            return (agent.Id, schools.Count, (another.Code, another.Name), (far.Code, far.Centre));
        });
        var page = await browser.SignedInPageAsync(Seeder.AdminEmail, width, height, at: $"/Admin/Users/Edit?id={agentId}");
        await Expect(page.Locator("select[multiple]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#schools-chosen input:checked")).ToHaveCountAsync(assigned);

        await page.GetByLabel("Chercher une école (nom ou code)").FillAsync(other.Code);
        var box = page.Locator($"#school-{other.Code}");
        await Expect(box).ToBeVisibleAsync();
        await box.CheckAsync();
        await Expect(page.Locator("input[name='Input.SchoolIds']:checked")).ToHaveCountAsync(assigned + 1);
        // Searching something else keeps the ticked schools in view.
        await page.GetByLabel("Chercher une école (nom ou code)").FillAsync("zzzz-aucune");
        await Expect(page.Locator("#school-filter-count")).ToHaveTextAsync("Aucune école ne correspond.");
        await Expect(box).ToBeVisibleAsync();
        await Expect(page.Locator("input[name='Input.SchoolIds']:checked")).ToHaveCountAsync(assigned + 1);
        // Only the agent's CSS's schools are listed; choosing another CSS brings its schools, the ticked ones kept.
        await Expect(page.Locator($"#school-{elsewhere.Code}")).ToHaveCountAsync(0);
        await page.GetByLabel("Centre de services scolaire").SelectOptionAsync(new SelectOptionValue { Label = elsewhere.Centre });
        await page.GetByLabel("Chercher une école (nom ou code)").FillAsync("");
        await Expect(page.Locator($"#school-{elsewhere.Code}")).ToBeVisibleAsync();
        await Expect(page.Locator("#schools-of-centre").GetByText($"Autres écoles de {elsewhere.Centre} (")).ToBeVisibleAsync();
        await Expect(page.Locator("#school-list-status")).ToContainTextAsync($"Autres écoles de {elsewhere.Centre} (");
        await Expect(page.Locator("#schools-chosen input:checked")).ToHaveCountAsync(assigned + 1);
        await Expect(page.Locator("#show-schools")).ToBeHiddenAsync();
        await AssertNoSidewaysScrollAsync(page);

        await page.GotoAsync("/Admin/Users");
        string? asked = null;
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.DismissAsync(); };
        var row = page.Locator("tr", new() { HasText = Seeder.PartnerEmail });
        await row.GetByRole(AriaRole.Button, new() { Name = "Désactiver" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Désactiver" })).ToBeVisibleAsync();
        Assert.Contains(Seeder.PartnerEmail, asked);
        Assert.True(browser.With(db => db.Users.Single(u => u.Email == Seeder.PartnerEmail).IsActive));
        await page.Context.CloseAsync();
    }

    // 9. Messages and wording.
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Messages_name_the_field_they_want_the_wording_is_consistent_and_top_bars_fit(int width, int height)
    {
        var agent = await browser.SignedInPageAsync(Seeder.AgentEmail, width, height, at: "/Families/Edit");
        await agent.Locator("#Input_Reference").FillAsync($"Test {Tag()}");
        await agent.Locator("#Input_Phone").FillAsync("514-555-0111");
        await agent.Locator("main form button[type='submit']").Last.ClickAsync();
        await Expect(agent.Locator("#channels-error")).ToContainTextAsync("Comment la joindre");
        await Expect(agent.Locator("#channels-error")).ToContainTextAsync("Téléphone");
        await agent.GotoAsync("/Referrals");
        var text = await agent.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("Rien ici", text);
        Assert.DoesNotContain("référence", text, StringComparison.OrdinalIgnoreCase);
        var school = browser.With(db => db.Schools.Single(s => s.Id == db.Families.Single(f => f.Id == DemoFamily).SchoolId));
        await agent.GotoAsync($"/Schools/Portrait/{school.Code}");
        await Expect(agent.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Portrait : {school.Name}");
        await agent.Context.CloseAsync();

        var partner = await browser.SignedInPageAsync(Seeder.PartnerEmail, width, height);
        Assert.DoesNotContain("j. ouvr.", await partner.Locator("main").InnerTextAsync());
        await partner.Context.CloseAsync();

        foreach (var email in new[] { Seeder.CssEmail, Seeder.AdminEmail })
        {
            var page = await browser.SignedInPageAsync(email, width, height, at: "/Exchange");
            Assert.DoesNotContain("territoire de CSS de", await page.Locator("main").InnerTextAsync());
            if (width >= 1200)
            {
                // One line: every item of the top bar on the same row.
                var tops = await page.Locator("header nav .navbar-brand, header nav .nav-link, header nav .btn, header nav .navbar-text")
                    .EvaluateAllAsync<double[]>("items => items.map(i => Math.round(i.getBoundingClientRect().top + i.getBoundingClientRect().height / 2))");
                Assert.True(tops.Max() - tops.Min() <= 6, $"{email}'s top bar wraps: {string.Join(", ", tops)}");
                // ...and no item wraps its own words onto a second line.
                var heights = await page.Locator("header nav .nav-link, header nav .btn").EvaluateAllAsync<double[]>("items => items.map(i => i.getBoundingClientRect().height)");
                Assert.True(heights.Max() < 44, $"{email}'s top bar has an item on two lines: {string.Join(", ", heights)}");
            }
            else
            {
                await Expect(page.Locator("header .navbar-toggler")).ToBeVisibleAsync();
            }
            await AssertNoSidewaysScrollAsync(page);
            await page.Context.CloseAsync();
        }
    }
}
