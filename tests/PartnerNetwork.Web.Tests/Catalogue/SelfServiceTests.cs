using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Catalogue;

public class SelfServiceTests(AppFactory app) : IClassFixture<AppFactory>
{
    (Guid Own, Guid Other, Service OwnService, Service OtherService) Setup() => app.With(db =>
    {
        var own = db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value;
        var other = db.Organizations.First(o => o.Id != own && o.Services.Any(s => !s.IsRemote)).Id;
        return (own, other,
            db.Services.AsNoTracking().Include(s => s.ServiceAtLocations).First(s => s.OrganizationId == own && !s.IsRemote),
            db.Services.AsNoTracking().First(s => s.OrganizationId == other && !s.IsRemote));
    });

    internal static Dictionary<string, string> FormOf(string html)
    {
        // Every named field the edit form renders, with its current value, as a browser would post it.
        var fields = new Dictionary<string, string>();
        foreach (Match input in Regex.Matches(html, "<input[^>]*>"))
        {
            var tag = input.Value;
            var name = Regex.Match(tag, "name=\"([^\"]+)\"").Groups[1].Value;
            if (name == "" || name.Contains("Codes") || name.EndsWith(".Languages") || name.EndsWith(".LocationIds")) continue;
            var type = Regex.Match(tag, "type=\"([^\"]+)\"").Groups[1].Value;
            var value = WebUtility.HtmlDecode(Regex.Match(tag, "value=\"([^\"]*)\"").Groups[1].Value);
            if (type == "checkbox") { if (tag.Contains("checked")) fields[name] = "true"; continue; }
            if (!fields.ContainsKey(name)) fields[name] = value;
        }
        foreach (Match select in Regex.Matches(html, "<select[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline))
        {
            var selected = Regex.Match(select.Groups[2].Value, "<option selected=\"selected\" value=\"([^\"]*)\"|<option value=\"([^\"]*)\" selected=\"selected\"");
            fields[select.Groups[1].Value] = selected.Success ? selected.Groups[1].Value + selected.Groups[2].Value : "";
        }
        foreach (Match area in Regex.Matches(html, "<textarea[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline))
            fields[area.Groups[1].Value] = WebUtility.HtmlDecode(area.Groups[2].Value.TrimStart('\r', '\n'));
        return fields;
    }

    static FormUrlEncodedContent Encode(Dictionary<string, string> fields, IEnumerable<KeyValuePair<string, string>> multi) =>
        new(fields.Concat(multi));

    /// <summary>Saves a service's edit form as a browser would: every field as shown, changed by <paramref name="change"/>.</summary>
    internal static async Task<HttpResponseMessage> SaveServiceAsync(HttpClient client, Guid serviceId, Action<Dictionary<string, string>> change, string[]? categories = null)
    {
        var page = await client.GetStringAsync($"/Organizations/Services/Edit?id={serviceId}");
        var fields = FormOf(page);
        change(fields);
        var checkedCategories = Regex.Matches(page, "name=\"Input.CategoryCodes\" value=\"([^\"]+)\"[^>]*checked").Select(m => m.Groups[1].Value);
        var multi = (categories ?? checkedCategories).Select(c => new KeyValuePair<string, string>("Input.CategoryCodes", c))
            .Concat(Regex.Matches(page, "name=\"Input.Languages\" value=\"([^\"]+)\"[^>]*checked").Select(m => new KeyValuePair<string, string>("Input.Languages", m.Groups[1].Value)))
            .Concat(Regex.Matches(page, "name=\"Input.LocationIds\" value=\"([^\"]+)\"[^>]*checked").Select(m => new KeyValuePair<string, string>("Input.LocationIds", m.Groups[1].Value)))
            .ToList();
        return await client.PostAsync($"/Organizations/Services/Edit?id={serviceId}", Encode(fields, multi));
    }

    [Fact]
    public async Task Partner_A_cannot_open_or_post_to_organization_B_by_url_or_by_id()
    {
        var (_, other, ownService, otherService) = Setup();
        var client = await app.SignedInAsync(Seeder.PartnerEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Organizations/Edit?id={other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Organizations/Services/Edit?id={otherService.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Organizations/Services/Edit?organizationId={other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Organizations/Locations/Edit?organizationId={other}")).StatusCode);

        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync($"/Organizations/Services/Edit?id={ownService.Id}"));
        var posts = new[]
        {
            $"/Organizations/Edit?id={other}",
            $"/Organizations/Services/Edit?id={otherService.Id}",
            $"/Organizations/Services/Edit?organizationId={other}",
            $"/Organizations/Locations/Edit?organizationId={other}",
        };
        foreach (var url in posts)
        {
            var response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Input.Name"] = "Piraté", ["Input.Address1"] = "1 rue", ["Input.City"] = "Montréal",
                ["Input.PostalCode"] = "H2X 1Y4", ["Input.Latitude"] = "45.5", ["Input.Longitude"] = "-73.6",
            }));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.False(app.With(db => db.Services.Any(s => s.Name == "Piraté") || db.Organizations.Any(o => o.Name == "Piraté") || db.Locations.Any(l => l.Name == "Piraté")));
    }

    [Fact]
    public async Task An_edit_shows_in_the_next_search_and_marks_the_service_verified_today()
    {
        var (_, _, ownService, _) = Setup();
        var client = await app.SignedInAsync(Seeder.PartnerEmail);
        var newName = $"Popote roulante {Guid.NewGuid():N}"[..30];
        var dayBefore = PartnerNetwork.Core.Time.QuebecTime.Today(TimeProvider.System); // the run may cross midnight
        var saved = await SaveServiceAsync(client, ownService.Id, f =>
        {
            f["Input.Name"] = newName;
            for (var i = 0; i < 14; i++) { f[$"Input.Hours[{i}].Opens"] = ""; f[$"Input.Hours[{i}].Closes"] = ""; }
            f["Input.Hours[0].Opens"] = "18:30"; f["Input.Hours[0].Closes"] = "21:00";   // Monday evening
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var found = WebUtility.HtmlDecode(await agent.GetStringAsync($"/Catalogue?origin=none&evenings=true&q={Uri.EscapeDataString(newName)}"));
        Assert.Contains($"r-{ownService.Id}", found);
        var service = app.With(db => db.Services.AsNoTracking().Include(s => s.Schedules).Single(s => s.Id == ownService.Id));
        Assert.InRange(service.AssuredDate!.Value, dayBefore, PartnerNetwork.Core.Time.QuebecTime.Today(TimeProvider.System));
        Assert.Equal((DayOfWeek.Monday, new TimeOnly(18, 30), new TimeOnly(21, 0)), service.Schedules.Select(s => (s.ByDay, s.OpensAt, s.ClosesAt)).Single());
    }

    [Fact]
    public async Task Deactivating_a_service_removes_it_from_search()
    {
        var (own, _, _, _) = Setup();
        var service = app.With(db => db.Services.AsNoTracking().Where(s => s.OrganizationId == own && !s.IsRemote).OrderBy(s => s.Name).Last());
        var client = await app.SignedInAsync(Seeder.PartnerEmail);
        var agent = await app.SignedInAsync(Seeder.AdminEmail);
        Assert.Contains($"r-{service.Id}", await agent.GetStringAsync($"/Catalogue?origin=none&q={Uri.EscapeDataString(service.Name)}&p=1"));
        var saved = await SaveServiceAsync(client, service.Id, f => f["Input.Active"] = "false");   // an unticked box posts only its hidden "false"
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await agent.GetStringAsync($"/Catalogue?origin=none&q={Uri.EscapeDataString(service.Name)}");
        Assert.DoesNotContain($"r-{service.Id}", after);
    }

    [Fact]
    public async Task Bad_service_input_gets_localised_messages_and_changes_nothing()
    {
        var (_, _, ownService, _) = Setup();
        var before = app.With(db => db.Services.AsNoTracking().Single(s => s.Id == ownService.Id));
        var client = await app.SignedInAsync(Seeder.PartnerEmail);
        var response = await SaveServiceAsync(client, ownService.Id, f =>
        {
            f["Input.Name"] = new string('x', 500);
            f["Input.ReferralEmail"] = "pas-un-courriel";
            f["Input.ReferralPhone"] = "=HYPERLINK(\"http://x\")";
            f["Input.Hours[2].Opens"] = "20:00"; f["Input.Hours[2].Closes"] = "09:00";
            f["Input.CapacityAvailable"] = "50"; f["Input.CapacityMaximum"] = "10";
        }, categories: ["no-such-need"]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("ne doit pas dépasser 200 caractères", html);
        Assert.Contains("doit contenir une adresse courriel valide", html);
        Assert.Contains("numéro de téléphone nord-américain", html);
        Assert.Contains("l’ouverture doit précéder la fermeture", html);
        Assert.Contains("Les places libres ne peuvent dépasser la capacité maximale.", html);
        Assert.Contains("Choisissez au moins un besoin.", html);
        var after = app.With(db => db.Services.AsNoTracking().Single(s => s.Id == ownService.Id));
        Assert.Equal(before.Name, after.Name);
        Assert.Equal(before.AssuredDate, after.AssuredDate);
    }

    [Fact]
    public async Task A_location_outside_quebec_is_refused()
    {
        var client = await app.SignedInAsync(Seeder.PartnerEmail);
        var response = await AppFactory.PostFormAsync(client, "/Organizations/Locations/Edit", new()
        {
            ["Input.Name"] = "Inversé", ["Input.Address1"] = "1 rue", ["Input.City"] = "Montréal", ["Input.PostalCode"] = "H2X 1Y4",
            ["Input.Latitude"] = "-73.6", ["Input.Longitude"] = "45.5",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Les coordonnées doivent être au Québec", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.False(app.With(db => db.Locations.Any(l => l.Name == "Inversé")));
    }

    [Fact]
    public async Task A_partner_adds_a_location_and_an_admin_can_edit_any_organization()
    {
        var (own, other, _, _) = Setup();
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var created = await AppFactory.PostFormAsync(partner, "/Organizations/Locations/Edit", new()
        {
            ["Input.Name"] = "Local du sous-sol", ["Input.Address1"] = "5000 rue Test", ["Input.City"] = "Montréal", ["Input.PostalCode"] = "h2x1y4",
            ["Input.Latitude"] = "45.52", ["Input.Longitude"] = "-73.58",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.True(app.With(db => db.Locations.Any(l => l.OrganizationId == own && l.Name == "Local du sous-sol" && l.PostalCode == "H2X1Y4")));

        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/Organizations/Edit?id={other}")).StatusCode);
    }

    // Texts[0] is English, Texts[2] Arabic: the form's fixed order (ListingText.Languages).
    [Fact]
    public async Task A_partner_writes_its_service_in_English_and_Arabic_the_English_interface_shows_it_and_search_finds_both()
    {
        var (_, _, service, _) = Setup();
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var saved = await SaveServiceAsync(partner, service.Id, f =>
        {
            f["Input.Texts[0].Name"] = "Zephyr homework corner";
            f["Input.Texts[0].Description"] = "A quiet xylophonic study room after school.";
            f["Input.Texts[2].Name"] = "ركن الواجبات";
            f["Input.Texts[2].Description"] = "غرفة هادئة زمردية للمذاكرة بعد المدرسة.";
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(["ar", "en"], app.With(db => db.Services.Where(s => s.Id == service.Id).SelectMany(s => s.Texts).Select(t => t.Language).OrderBy(l => l).ToList()));

        foreach (var query in new[] { "xylophonic", "زمردية", "Zephyr" })
        {
            var results = await partner.GetStringAsync($"/Catalogue?q={Uri.EscapeDataString(query)}");
            Assert.Contains($"data-service-id=\"{service.Id}\"", results);
        }

        var english = WebUtility.HtmlDecode(await partner.GetStringAsync($"/Catalogue/Service/{service.Id}?culture=en-CA&ui-culture=en-CA"));
        Assert.Contains("<span lang=\"en\" dir=\"auto\">Zephyr homework corner</span>", english);
        Assert.Contains("<span lang=\"en\" dir=\"auto\">A quiet xylophonic study room after school.</span>", english);
        var french = WebUtility.HtmlDecode(await partner.GetStringAsync($"/Catalogue/Service/{service.Id}"));
        Assert.Contains($"<span lang=\"fr\" dir=\"auto\">{service.Name}</span>", french);
        Assert.DoesNotContain("Zephyr", french);
        Assert.DoesNotContain("(en français)", french);

        // A service without English: the English interface shows the French and says so.
        var frenchOnly = app.With(db => db.Services.AsNoTracking().Where(s => s.Status == ServiceStatus.Active && !s.Texts.Any(t => t.Language == "en"))
            .Select(s => new { s.Id, s.Name }).First());
        var fallback = WebUtility.HtmlDecode(await partner.GetStringAsync($"/Catalogue/Service/{frenchOnly.Id}?culture=en-CA&ui-culture=en-CA"));
        Assert.Contains($"<span lang=\"fr\" dir=\"auto\">{frenchOnly.Name}</span> <small class=\"text-body-secondary fallback\">(in French)</small>", fallback);

        // Blanking a language removes it; the search no longer finds the word.
        Assert.Equal(HttpStatusCode.Redirect, (await SaveServiceAsync(partner, service.Id, f => { f["Input.Texts[2].Name"] = ""; f["Input.Texts[2].Description"] = ""; })).StatusCode);
        Assert.Equal(["en"], app.With(db => db.Services.Where(s => s.Id == service.Id).SelectMany(s => s.Texts).Select(t => t.Language).ToList()));
        Assert.DoesNotContain($"data-service-id=\"{service.Id}\"", await partner.GetStringAsync($"/Catalogue?q={Uri.EscapeDataString("زمردية")}"));
    }

    [Fact]
    public async Task Hostile_or_oversized_translations_are_refused_or_escaped_and_change_nothing()
    {
        var (_, _, service, _) = Setup();
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var before = app.With(db => db.Services.AsNoTracking().Single(s => s.Id == service.Id).Version);
        var tooLong = await SaveServiceAsync(partner, service.Id, f => f["Input.Texts[1].Description"] = new string('x', ListingText.DescriptionMaxLength + 1));
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains("Description traduite", WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync()));
        Assert.Equal(before, app.With(db => db.Services.AsNoTracking().Single(s => s.Id == service.Id).Version));

        // A language that is not offered is ignored; script is text.
        var hostile = await SaveServiceAsync(partner, service.Id, f =>
        {
            f["Input.Texts[1].Name"] = "<script>alert('es')</script>";
            f["Input.Texts[3].Language"] = "xx";
            f["Input.Texts[3].Name"] = "ignored";
        });
        Assert.Equal(HttpStatusCode.Redirect, hostile.StatusCode);
        var texts = app.With(db => db.Services.AsNoTracking().Where(s => s.Id == service.Id).SelectMany(s => s.Texts).ToList());
        Assert.DoesNotContain(texts, t => t.Language == "xx" || t.Name == "ignored");
        Assert.Contains(texts, t => t.Language == "es" && t.Name == "<script>alert('es')</script>");
        var form = await partner.GetStringAsync($"/Organizations/Services/Edit?id={service.Id}");
        Assert.DoesNotContain("<script>alert('es')", form);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveServiceAsync(partner, service.Id, f => f["Input.Texts[1].Name"] = "")).StatusCode);
    }
}
