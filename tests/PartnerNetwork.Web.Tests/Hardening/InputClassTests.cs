using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Tests.Referrals;

namespace PartnerNetwork.Web.Tests.Hardening;

/// <summary>
/// Whole classes of bad input, over every form and parameter of the class: each gets a localised message or a
/// 400/404/405 and changes nothing — never the 500 page.
/// </summary>
public class InputClassTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    sealed record Forms(Guid Family, Guid Service, Guid Location, Guid Organization, Guid Referral);

    /// <summary>The records behind every form, made once for the class: refused input leaves them unchanged (each test checks).</summary>
    Task<Forms> FormsAsync() => app.OnceAsync(nameof(InputClassTests), async () =>
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Sonde");
        var referral = await app.ReferOkAsync(agent, family, service, share: false);
        var (organization, location) = app.With(db =>
        {
            var org = db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value;
            return (org, db.Locations.Where(l => l.OrganizationId == org).OrderBy(l => l.Name).Select(l => l.Id).First());
        });
        return new Forms(family, service, location, organization, referral);
    });

    /// <summary>Every form of the class, as (who, form page, fields that make it otherwise valid).</summary>
    async Task<List<(string Email, string Url, Dictionary<string, string> Fields)>> FormsWithAsync()
    {
        var f = await FormsAsync();
        var need = app.With(db => db.ServiceCategories.First(c => c.ServiceId == f.Service).NeedCategoryId);
        return
        [
            (Seeder.AgentEmail, $"/Families/Edit/{f.Family}", new() { ["Input.Reference"] = "Sonde", ["Input.SchoolId"] = app.AgentSchool().ToString(), ["Input.PreferredLanguage"] = "fr", ["Input.Channels"] = "PaperNote" }),
            (Seeder.AgentEmail, $"/Families/Consent?familyId={f.Family}", new() { ["Input.GivenBy"] = "mère", ["Input.Method"] = "Verbal", ["Input.GivenOn"] = Today(), ["Input.ExpiresOn"] = Today(30), ["Input.Purpose"] = "x", ["Input.AnyOrganization"] = "true" }),
            (Seeder.AgentEmail, $"/Referrals/New?serviceId={f.Service}", new() { ["Input.FamilyId"] = f.Family.ToString(), ["Input.Kind"] = "InformationGiven", ["Input.NeedIds"] = need.ToString(), ["Input.Urgency"] = "Routine", ["Input.FollowUpOn"] = Today(7), ["Input.SheetLanguage"] = "fr", ["Input.ShareContact"] = "false", ["Input.ConfirmDuplicate"] = "true" }),
            (Seeder.PartnerEmail, $"/Organizations/Locations/Edit?id={f.Location}", new() { ["Input.Name"] = "Point", ["Input.Address1"] = "1 rue", ["Input.City"] = "Montréal", ["Input.PostalCode"] = "H2X 1Y4", ["Input.Latitude"] = "45.5", ["Input.Longitude"] = "-73.6" }),
            (Seeder.PartnerEmail, $"/Organizations/Services/Edit?id={f.Service}", new() { ["Input.Name"] = "Service", ["Input.CategoryCodes"] = "food-security", ["Input.Languages"] = "fr", ["Input.IsRemote"] = "true", ["Input.Active"] = "true", ["Input.AcceptsReferrals"] = "true" }),
            (Seeder.PartnerEmail, $"/Organizations/Edit?id={f.Organization}", new() { ["Input.Name"] = app.With(db => db.Organizations.Single(o => o.Id == f.Organization).Name) }),
            (Seeder.AdminEmail, "/Admin/Organizations?handler=Create", new() { ["Input.Name"] = "Organisme sonde" }),
            (Seeder.AdminEmail, "/Admin/Users/Edit", new() { ["Input.Email"] = "sonde@test.local", ["Input.DisplayName"] = "Sonde", ["Input.Role"] = "PartnerStaff", ["Input.OrganizationId"] = f.Organization.ToString() }),
        ];
    }

    string Today(int days = 0) => PartnerNetwork.Core.Time.QuebecTime.Today(app.Clock).AddDays(days).ToString("yyyy-MM-dd");

    (int Families, int Consents, int Referrals, int Organizations, int Users, Guid Catalogue) Snapshot() => app.With(db => (
        db.Families.Count(), db.Consents.Count(), db.Referrals.Count(), db.Organizations.Count(), db.Users.Count(),
        db.CatalogueVersions.AsNoTracking().Single().Version));

    async Task AssertRefusedAsync(string email, string url, Dictionary<string, string> fields, string expectedMessagePart)
    {
        var client = await app.SignedInAsync(email);
        var form = url.Contains("handler=Create") ? "/Admin/Organizations" : url;
        var before = Snapshot();
        var response = await AppFactory.PostFormAsync(client, url, fields, formPage: form);
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} {string.Join('&', fields.Select(f => f.Key + "=" + f.Value))}: {response.StatusCode}");
        Assert.Contains(expectedMessagePart, body);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task A_non_boolean_in_any_checkbox_is_a_message_and_the_form_shows_again()
    {
        var checkboxes = new[] { "Input.InterpreterNeeded", "Input.AnyOrganization", "Input.ShareContact", "Input.ConfirmDuplicate", "Input.IsRemote", "Input.Active", "Input.AcceptsReferrals", "Input.KeepsWaitlist" };
        var tried = new HashSet<string>();
        foreach (var (email, url, fields) in await FormsWithAsync())
        {
            var html = await (await app.SignedInAsync(email)).GetStringAsync(url.Contains("handler=Create") ? "/Admin/Organizations" : url);
            // A box the page shows, or one the form posts only in some states (the duplicate confirmation).
            foreach (var box in checkboxes.Where(b => html.Contains($"name=\"{b}\"") || fields.ContainsKey(b)))
            {
                await AssertRefusedAsync(email, url, new(fields) { [box] = "peut-être" }, "doit être oui ou non");
                tried.Add(box);
            }
        }
        // Each checkbox was found on some form: a renamed field would otherwise leave its check silently skipped.
        Assert.Equal(checkboxes.Order(), tried.Order());
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        foreach (var query in new[] { "/Catalogue?evenings=peut-être", "/Catalogue?weekends=2&free=x&open=%00", "/Referrals?mine=oui" })
        {
            var response = await agent.GetAsync(query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Contains("doit être oui ou non", WebUtility.HtmlDecode(await agent.GetStringAsync("/Catalogue?evenings=peut-être")));
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    [InlineData("2026-02-30")]
    [InlineData("99999-01-01")]
    public async Task Dates_at_the_edge_of_the_calendar_are_refused_with_a_message(string date)
    {
        var f = await FormsAsync();
        var all = await FormsWithAsync();
        var consent = all.Single(x => x.Url.StartsWith("/Families/Consent"));
        await AssertRefusedAsync(consent.Email, consent.Url, new(consent.Fields) { ["Input.GivenOn"] = date }, "n’est pas valide");
        await AssertRefusedAsync(consent.Email, consent.Url, new(consent.Fields) { ["Input.ExpiresOn"] = date }, "n’est pas valide");
        var refer = all.Single(x => x.Url.StartsWith("/Referrals/New"));
        await AssertRefusedAsync(refer.Email, refer.Url, new(refer.Fields) { ["Input.FollowUpOn"] = date }, "n’est pas valide");
        Assert.NotEqual(Guid.Empty, f.Family);
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("-1e308")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("2147483648")]
    [InlineData("99999999999999999999999")]
    public async Task Non_finite_or_huge_numbers_are_refused_in_every_number_field(string number)
    {
        var all = await FormsWithAsync();
        var location = all.Single(x => x.Url.StartsWith("/Organizations/Locations"));
        foreach (var field in new[] { "Input.Latitude", "Input.Longitude" })
            await AssertRefusedAsync(location.Email, location.Url, new(location.Fields) { [field] = number }, "Veuillez corriger ce qui suit");
        var service = all.Single(x => x.Url.StartsWith("/Organizations/Services"));
        foreach (var field in new[] { "Input.MinimumAge", "Input.MaximumAge", "Input.MinimumGrade", "Input.CapacityAvailable", "Input.CapacityMaximum", "Input.WaitlistLength" })
            await AssertRefusedAsync(service.Email, service.Url, new(service.Fields) { [field] = number }, "Veuillez corriger ce qui suit");

        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        foreach (var parameter in new[] { "lat", "lon", "km", "age", "grade", "p" })
            foreach (var handler in new[] { "", "&handler=Markers" })
            {
                var response = await agent.GetAsync($"/Catalogue?origin=point&lat=45.5&lon=-73.6&{parameter}={Uri.EscapeDataString(number)}{handler}");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{parameter}={number}{handler}: {response.StatusCode}");
            }
    }

    [Fact]
    public async Task An_empty_or_unknown_need_code_in_the_directory_is_a_notice_in_the_page_and_the_markers()
    {
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        foreach (var query in new[] { "c=", "c=&c=", "c=%20", "c=inconnu", "c=" + new string('x', 10_000), "c=food-security&c=" })
        {
            var page = await agent.GetAsync($"/Catalogue?{query}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var markers = await agent.GetAsync($"/Catalogue?{query}&handler=Markers");
            Assert.Equal(HttpStatusCode.OK, markers.StatusCode);
            Assert.Equal("application/json", markers.Content.Headers.ContentType!.MediaType);
        }
        Assert.Contains("Un besoin demandé n’existe pas", WebUtility.HtmlDecode(await agent.GetStringAsync("/Catalogue?c=inconnu")));
        Assert.DoesNotContain("Un besoin demandé n’existe pas", WebUtility.HtmlDecode(await agent.GetStringAsync("/Catalogue?c=")));
    }

    [Fact]
    public async Task An_empty_required_name_on_organisation_forms_is_a_message()
    {
        var forms = (await FormsWithAsync()).Where(x => x.Url.Contains("Organizations") && !x.Url.Contains("Locations") && !x.Url.Contains("Services")).ToList();
        Assert.NotEmpty(forms);
        foreach (var (email, url, fields) in forms)
            foreach (var name in new[] { "", "   " })
                await AssertRefusedAsync(email, url, new(fields) { ["Input.Name"] = name }, "obligatoire");
    }

    [Fact]
    public async Task A_verb_a_page_has_no_handler_for_is_405()
    {
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var f = await FormsAsync();
        foreach (var url in new[] { "/Catalogue", "/Families", "/Referrals", $"/Referrals/Sheet/{f.Referral}", "/Schools", $"/Catalogue/Service/{f.Service}" })
        {
            var html = await agent.GetStringAsync("/Families/Edit");
            var post = await agent.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = AppFactory.AntiforgeryToken(html) }));
            Assert.True(HttpStatusCode.MethodNotAllowed == post.StatusCode, $"POST {url}: {post.StatusCode}");
            foreach (var verb in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
            {
                var request = new HttpRequestMessage(verb, url) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = AppFactory.AntiforgeryToken(html) }) };
                var response = await agent.SendAsync(request);
                Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest, $"{verb} {url}: {response.StatusCode}");
            }
        }
    }

    [Theory]
    [InlineData("/Catalogue?q=épicerie")]
    [InlineData("/Catalogue?q=仕事")]
    [InlineData("/Familles/été")]
    public async Task A_non_ascii_local_return_url_keeps_the_sign_in_and_the_language_switch(string returnUrl)
    {
        var client = app.Client(follow: false);
        var signIn = await AppFactory.PostFormAsync(client, "/Account/SignIn",
            new() { ["Input.Email"] = Seeder.AgentEmail, ["Input.Password"] = AppFactory.Password, ["ReturnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(Uri.UnescapeDataString(signIn.Headers.Location!.OriginalString), returnUrl);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Families")).StatusCode); // still signed in

        try
        {
            var language = await AppFactory.PostFormAsync(client, "/Language", new() { ["culture"] = "en-CA", ["returnUrl"] = returnUrl }, formPage: "/Families");
            Assert.Equal(HttpStatusCode.Redirect, language.StatusCode);
            Assert.Equal(Uri.UnescapeDataString(language.Headers.Location!.OriginalString), returnUrl);
        }
        finally
        {
            // The switch is remembered for the account's next sign-in: the other tests sign the demo agent in in French.
            app.With(db => db.Users.Where(u => u.Email == Seeder.AgentEmail).ExecuteUpdate(u => u.SetProperty(x => x.PreferredLanguage, (string?)null)));
        }
    }

    [Fact]
    public async Task A_page_number_past_the_end_shows_the_last_page_not_the_whole_directory()
    {
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        foreach (var page in new[] { "2147483647", "1073741824", "999999" })
        {
            var html = await agent.GetStringAsync($"/Catalogue?origin=none&p={page}");
            var results = Regex.Matches(html, "<li class=\"card mb-2 result\"").Count;
            Assert.InRange(results, 1, PartnerNetwork.Web.Pages.Catalogue.IndexModel.PageSize);
        }
    }
}
