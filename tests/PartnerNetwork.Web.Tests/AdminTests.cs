using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests;

public class AdminTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task An_admin_creates_an_agent_who_chooses_a_password_from_the_emailed_link_and_sees_their_schools()
    {
        var (centreId, schools) = app.With(db =>
        {
            var centre = db.ServiceCentres.Single(c => c.Code == "761000");
            return (centre.Id, db.Schools.Where(s => s.ServiceCentreId == centre.Id).OrderBy(s => s.Code).Take(2).Select(s => new { s.Id, s.Name }).ToList());
        });
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var email = $"nouvelle-{Guid.NewGuid():N}@css.test";
        var form = new List<KeyValuePair<string, string>>
        {
            new("Input.Email", email), new("Input.DisplayName", "Nouvelle Agente"), new("Input.Role", "Agent"),
            new("Input.ServiceCentreId", centreId.ToString()),
            new("Input.SchoolIds", schools[0].Id.ToString()), new("Input.SchoolIds", schools[1].Id.ToString()),
        };
        var page = await admin.GetStringAsync("/Admin/Users/Edit");
        form.Add(new("__RequestVerificationToken", AppFactory.AntiforgeryToken(page)));
        var created = await admin.PostAsync("/Admin/Users/Edit", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        const string password = "Choisi-Par-Elle-9!";
        await app.ChoosePasswordFromMailAsync(email, password);
        var agent = await app.SignedInAsync(email, password);
        var home = WebUtility.HtmlDecode(await agent.GetStringAsync("/Schools"));
        Assert.Contains(schools[0].Name, home);
        Assert.Contains(schools[1].Name, home);
    }

    [Fact]
    public async Task An_agent_needs_schools_of_their_own_service_centre()
    {
        var (centreId, foreignSchool) = app.With(db => (
            db.ServiceCentres.Single(c => c.Code == "761000").Id,
            db.Schools.First(s => s.ServiceCentre!.Code == "763000").Id));
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var email = $"mauvaise-{Guid.NewGuid():N}@css.test";
        var response = await AppFactory.PostFormAsync(admin, "/Admin/Users/Edit", new()
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = "X", ["Input.Role"] = "Agent",
            ["Input.ServiceCentreId"] = centreId.ToString(), ["Input.SchoolIds"] = foreignSchool.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Les écoles choisies doivent appartenir au CSS choisi.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.False(app.With(db => db.Users.Any(u => u.Email == email)));
    }

    [Fact]
    public async Task The_user_form_offers_the_schools_of_the_chosen_css_only_and_brings_another_css_schools_on_request()
    {
        static IEnumerable<Match> Boxes(string html) => Regex.Matches(html, "<input [^>]*name=\"Input.SchoolIds\"[^>]*id=\"school-([^\"]+)\"[^>]*>");
        static string[] Codes(string html) => [.. Boxes(html).Select(m => m.Groups[1].Value).Order()];
        static string[] Ticked(string html) => [.. Boxes(html).Where(m => m.Value.Contains("checked")).Select(m => m.Groups[1].Value).Order()];
        var (agentId, centre, mine, other, otherCodes) = app.With(db =>
        {
            var agent = db.Users.Include(u => u.Schools).Single(u => u.Email == Seeder.AgentEmail);
            var ticked = agent.Schools.Select(s => s.SchoolId).ToList();
            var other = db.ServiceCentres.Single(c => c.Code == "763000");
            string[] OpenCodes(Guid centreId) => [.. db.Schools.Where(s => s.ServiceCentreId == centreId && s.ClosedOn == null).Select(s => s.Code)];
            return (agent.Id, OpenCodes(agent.ServiceCentreId!.Value), db.Schools.Where(s => ticked.Contains(s.Id)).Select(s => new { s.Id, s.Code }).ToList(),
                other.Id, OpenCodes(other.Id));
        });
        Assert.NotEmpty(mine);
        var admin = await app.SignedInAsync(Seeder.AdminEmail);

        // An agent's page: their ticked schools and their CSS's other open schools, nothing of the 2,800 elsewhere.
        var agentPage = await admin.GetStringAsync($"/Admin/Users/Edit?id={agentId}");
        Assert.Equal(centre.Union(mine.Select(s => s.Code)).Order(), Codes(agentPage));
        Assert.Equal(mine.Select(s => s.Code).Order(), Ticked(agentPage));
        var button = Regex.Match(agentPage, "<button[^>]*id=\"show-schools\"[^>]*>").Value;
        Assert.Contains($"formaction=\"/Admin/Users/Edit?id={agentId}&amp;handler=Schools\"", button);

        // A new account: no CSS yet, so no school, and the form says why.
        var blank = WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Users/Edit"));
        Assert.Empty(Codes(blank));
        Assert.Contains("Choisissez d’abord le CSS : ses écoles s’afficheront ici.", blank);

        // What the script asks for when another CSS is chosen: its schools, the ticked ones kept on top.
        var swapped = await admin.GetStringAsync($"/Admin/Users/Edit?handler=Schools&centreId={other}&chosen={mine[0].Id}");
        Assert.Equal(otherCodes.Append(mine[0].Code).Order(), Codes(swapped));
        Assert.Equal([mine[0].Code], Ticked(swapped));
        Assert.DoesNotContain("<html", swapped);
        foreach (var hostile in new[] { "centreId=abc", "centreId=&chosen=zzz", $"centreId={Guid.NewGuid()}" })
        {
            var answer = await admin.GetAsync($"/Admin/Users/Edit?handler=Schools&{hostile}");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var text = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
            Assert.Empty(Codes(text));
            Assert.Contains("Choisissez d’abord le CSS", text);
        }

        // Without JavaScript: the button beside the CSS shows its schools, keeps what was typed and saves nothing.
        var email = $"sans-script-{Guid.NewGuid():N}@css.test";
        var shown = await AppFactory.PostFormAsync(admin, "/Admin/Users/Edit?handler=Schools", new()
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = "Sans Script", ["Input.Role"] = "Agent", ["Input.ServiceCentreId"] = other.ToString(),
        }, formPage: "/Admin/Users/Edit");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var form = await shown.Content.ReadAsStringAsync();
        Assert.Equal(otherCodes.Order(), Codes(form));
        Assert.Contains($"value=\"{email}\"", form);
        Assert.DoesNotContain("Choisissez au moins une école", WebUtility.HtmlDecode(form)); // not validated: nothing was to be saved
        Assert.False(app.With(db => db.Users.Any(u => u.Email == email)));
    }

    [Fact]
    public async Task Hostile_input_is_refused_with_localised_messages_and_changes_nothing()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var before = app.With(db => db.Organizations.Count());
        var response = await AppFactory.PostFormAsync(admin, "/Admin/Organizations?handler=Create", new()
        {
            ["Input.Name"] = new string('x', 10_000), ["Input.Email"] = "<script>alert(1)</script>",
            ["Input.Phone"] = "=cmd|' /C calc'!A0", ["Input.Website"] = "javascript:alert(1)",
        }, formPage: "/Admin/Organizations");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Le champ Nom ne doit pas dépasser 200 caractères.", html);
        Assert.Contains("Le champ Courriel doit contenir une adresse courriel valide.", html);
        Assert.Contains("Le champ Téléphone doit contenir un numéro de téléphone nord-américain", html);
        Assert.Contains("Le champ Site Web doit contenir une adresse Web complète", html);
        Assert.DoesNotContain("<script>alert(1)</script>", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, app.With(db => db.Organizations.Count()));
    }

    [Fact]
    public async Task An_admin_creates_and_deactivates_an_organization()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var name = $"Maison <b>Test</b> {Guid.NewGuid():N}";
        var created = await AppFactory.PostFormAsync(admin, "/Admin/Organizations?handler=Create",
            new() { ["Input.Name"] = name, ["Input.Phone"] = "514-555-0123", ["Input.Website"] = "https://maison.example" },
            formPage: "/Admin/Organizations");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await admin.GetStringAsync("/Admin/Organizations");
        Assert.Contains(WebUtility.HtmlEncode(name), list);
        Assert.DoesNotContain("<b>Test</b>", list);

        var id = app.With(db => db.Organizations.Single(o => o.Name == name).Id);
        var deactivated = await AppFactory.PostFormAsync(admin, "/Admin/Organizations?handler=Deactivate",
            new() { ["id"] = id.ToString() }, formPage: "/Admin/Organizations");
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        Assert.False(app.With(db => db.Organizations.Single(o => o.Id == id).IsActive));
    }

    [Fact]
    public async Task A_deactivated_user_loses_access_at_once()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var email = $"partant-{Guid.NewGuid():N}@css.test";
        var centreId = app.With(db => db.ServiceCentres.Single(c => c.Code == "762000").Id);
        await AppFactory.PostFormAsync(admin, "/Admin/Users/Edit", new()
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = "Partant", ["Input.Role"] = "CssStaff", ["Input.ServiceCentreId"] = centreId.ToString(),
        });
        const string password = "Partant-Passw0rd!";
        await app.ChoosePasswordFromMailAsync(email, password);
        var user = await app.SignedInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/Schools/Centre")).StatusCode);

        var id = app.With(db => db.Users.Single(u => u.Email == email).Id);
        await AppFactory.PostFormAsync(admin, "/Admin/Users?handler=Deactivate", new() { ["id"] = id.ToString() }, formPage: "/Admin/Users");

        // The session is gone at once: the next request is sent to sign in.
        var after = await user.GetAsync("/Schools/Centre");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/SignIn", after.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await AppFactory.SignInAsync(app.Client(false), email, password)).StatusCode);
    }

    [Fact]
    public async Task Moving_a_user_to_another_CSS_ends_their_sessions_and_the_next_sign_in_works_in_the_new_one()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var email = $"mutee-{Guid.NewGuid():N}@css.test";
        var (from, to) = app.With(db => (db.ServiceCentres.Single(c => c.Code == "762000"), db.ServiceCentres.Single(c => c.Code == "763000")));
        var schoolOf = (Guid centre) => app.With(db => db.Schools.Where(s => s.ServiceCentreId == centre).OrderBy(s => s.Code).First().Name);
        Dictionary<string, string> Form(Guid centre) => new()
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = "Mutée", ["Input.Role"] = "CssStaff", ["Input.ServiceCentreId"] = centre.ToString(),
        };
        await AppFactory.PostFormAsync(admin, "/Admin/Users/Edit", Form(from.Id));
        const string password = "Mutee-Passw0rd!long";
        await app.ChoosePasswordFromMailAsync(email, password);
        var user = await app.SignedInAsync(email, password);
        Assert.Contains(schoolOf(from.Id), WebUtility.HtmlDecode(await user.GetStringAsync("/Schools/Centre")));

        var id = app.With(db => db.Users.Single(u => u.Email == email).Id);
        var moved = await AppFactory.PostFormAsync(admin, $"/Admin/Users/Edit?id={id}", Form(to.Id), formPage: $"/Admin/Users/Edit?id={id}");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);

        var after = await user.GetAsync("/Schools/Centre");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        var again = WebUtility.HtmlDecode(await (await app.SignedInAsync(email, password)).GetStringAsync("/Schools/Centre"));
        Assert.Contains(schoolOf(to.Id), again);
        Assert.DoesNotContain(schoolOf(from.Id), again);
    }

    [Fact]
    public async Task An_admin_cannot_deactivate_themselves()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var id = app.With(db => db.Users.Single(u => u.Email == Seeder.AdminEmail).Id);
        var response = await AppFactory.PostFormAsync(admin, "/Admin/Users?handler=Deactivate", new() { ["id"] = id.ToString() }, formPage: "/Admin/Users");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Vous ne pouvez pas désactiver votre propre compte", WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Users")));
        Assert.True(app.With(db => db.Users.AsNoTracking().Single(u => u.Id == id).IsActive));
    }
}
