using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Catalogue;

public class SearchTests(AppFactory app) : IClassFixture<AppFactory>
{
    static List<Guid> ResultIds(string html) =>
        Regex.Matches(html, "<li class=\"card mb-2 result\" id=\"r-([0-9a-f-]{36})\"").Select(m => Guid.Parse(m.Groups[1].Value)).ToList();

    static int Total(string html) => int.Parse(Regex.Match(html, @"id=""results-heading""[^>]*>\s*(\d+) service").Groups[1].Value);

    async Task<string> SearchAsync(string query, string email = Seeder.AgentEmail)
    {
        var client = await app.SignedInAsync(email);
        var response = await client.GetAsync("/Catalogue" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    List<Service> Services(IEnumerable<Guid> ids)
    {
        var list = ids.ToList();
        return app.With(db => db.Services.AsNoTracking().Include(s => s.Categories).Include(s => s.Schedules)
            .Include(s => s.ServiceAtLocations).ThenInclude(s => s.Location).Where(s => list.Contains(s.Id)).ToList());
    }

    [Fact]
    public async Task An_agent_searches_from_their_first_school_by_default_nearest_first()
    {
        var html = WebUtility.HtmlDecode(await SearchAsync(""));
        var school = app.With(db => db.Users.Include(u => u.Schools).ThenInclude(s => s.School).Single(u => u.Email == Seeder.AgentEmail)
            .Schools.Select(s => s.School!).OrderBy(s => s.Name).First());
        Assert.Contains($"de {school.Name}", html);
        var distances = Regex.Matches(html, @"<strong>(\d+,\d) km</strong>").Select(m => double.Parse(m.Groups[1].Value.Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(distances);
        Assert.Equal(distances.Order(), distances);
        Assert.All(distances, d => Assert.InRange(d, 0, 10.05));
    }

    [Fact]
    public async Task Text_search_is_accent_insensitive()
    {
        var html = await SearchAsync("?origin=none&q=epicerie");
        var services = Services(ResultIds(html));
        Assert.NotEmpty(services);
        Assert.Contains(services, s => s.Name == "Épicerie solidaire");
    }

    [Fact]
    public async Task A_category_filter_returns_only_that_need()
    {
        var html = await SearchAsync("?origin=none&c=homework-help");
        var homework = app.With(db => db.NeedCategories.Single(c => c.Code == "homework-help").Id);
        var services = Services(ResultIds(html));
        Assert.NotEmpty(services);
        Assert.All(services, s => Assert.Contains(s.Categories, c => c.NeedCategoryId == homework));
    }

    [Theory]
    [InlineData("evenings=true")]
    [InlineData("weekends=true")]
    [InlineData("free=true")]
    [InlineData("open=true")]
    [InlineData("lang=en")]
    [InlineData("age=4")]
    [InlineData("grade=3")]
    public async Task Each_filter_keeps_only_services_that_meet_it(string filter)
    {
        var html = await SearchAsync($"?origin=none&{filter}");
        var services = Services(ResultIds(html));
        Assert.NotEmpty(services);
        Assert.True(Total(html) < app.With(db => db.Services.Count()), "the filter removed nothing");
        foreach (var s in services)
        {
            Assert.True(filter switch
            {
                "evenings=true" => WeeklyHours.OpenEvenings(s.Schedules),
                "weekends=true" => WeeklyHours.OpenWeekends(s.Schedules),
                "free=true" => s.Cost == Cost.Free,
                "open=true" => s.CapacityState == CapacityState.TakingReferrals,
                "lang=en" => s.Languages.Contains("en"),
                "age=4" => (s.MinimumAge ?? 0) <= 4 && 4 <= (s.MaximumAge ?? 200),
                "grade=3" => (s.MinimumGrade ?? -1) <= 3 && 3 <= (s.MaximumGrade ?? 11),
                _ => false,
            }, $"{s.Name} does not meet {filter}");
        }
    }

    [Fact]
    public async Task Searching_from_a_quebec_place_or_a_point_measures_from_there()
    {
        var fromPlace = await SearchAsync("?origin=place&place=Montr%C3%A9al&km=5");
        Assert.Contains("de Montréal", WebUtility.HtmlDecode(fromPlace));
        var fromPoint = await SearchAsync("?origin=point&lat=45.5019&lon=-73.5674&km=5");
        Assert.Equal(ResultIds(fromPlace), ResultIds(fromPoint));
        foreach (var s in Services(ResultIds(fromPoint)).Where(s => !s.IsRemote))
            Assert.Contains(s.ServiceAtLocations, l => Geodesy.DistanceKm(45.5019, -73.5674, l.Location!.Latitude!.Value, l.Location.Longitude!.Value) <= 5.0001);
    }

    [Fact]
    public async Task Remote_services_are_listed_after_in_person_ones_without_distance()
    {
        var html = WebUtility.HtmlDecode(await SearchAsync("?origin=school&km=3&c=homework-help"));
        var ids = ResultIds(html);
        var services = Services(ids).ToDictionary(s => s.Id);
        var remoteAt = ids.FindIndex(id => services[id].IsRemote);
        Assert.True(remoteAt >= 0, "the provincial homework line serves Montréal");
        Assert.All(ids.Skip(remoteAt), id => Assert.True(services[id].IsRemote));
        Assert.Contains("Par téléphone ou en ligne", html);
    }

    [Fact]
    public async Task The_markers_json_has_the_rows_the_list_shows()
    {
        var client = await app.SignedInAsync(Seeder.AgentEmail);
        var html = await client.GetStringAsync("/Catalogue?origin=school&km=15");
        using var json = JsonDocument.Parse(await client.GetStringAsync("/Catalogue?origin=school&km=15&handler=Markers"));
        var markers = json.RootElement.GetProperty("markers").EnumerateArray().ToList();
        var inPerson = ResultIds(html).Where(id => !Services([id]).Single().IsRemote).ToList();
        Assert.Equal(inPerson, markers.Select(m => m.GetProperty("id").GetGuid()));
        Assert.All(markers, m => Assert.True(m.GetProperty("distanceKm").GetDouble() <= 15));
        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("origin").ValueKind);
        Assert.StartsWith("/Catalogue/Service/", markers[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Results_are_paged_through_the_url()
    {
        var first = await SearchAsync("?origin=none");
        var second = await SearchAsync("?origin=none&p=2");
        Assert.Equal(20, ResultIds(first).Count);
        Assert.Empty(ResultIds(first).Intersect(ResultIds(second)));
        Assert.Contains("p=2", first);
    }

    [Theory]
    [InlineData("?km=-5", "Le rayon doit être entre 1 et 100 km : il a été ramené à 1 km.")]
    [InlineData("?km=100000", "ramené à 100 km")]
    [InlineData("?origin=point&lat=200&lon=-73", "Le point choisi n’est pas au Québec")]
    [InlineData("?c=not-a-category", "Un besoin demandé n’existe pas")]
    [InlineData("?km=abc", "La valeur « abc » n’est pas valide")]
    [InlineData("?age=-3", "L’âge doit être entre 0 et 120")]
    [InlineData("?lang=xx", "Cette langue n’est pas offerte")]
    [InlineData("?school=00000000-0000-0000-0000-000000000001&origin=school", "École inconnue")]
    public async Task Malformed_criteria_get_a_localised_message_never_a_500(string query, string message)
    {
        var html = WebUtility.HtmlDecode(await SearchAsync(query));
        Assert.Contains(message, html);
    }

    [Fact]
    public async Task A_huge_or_hostile_query_is_refused_or_shown_escaped()
    {
        var huge = WebUtility.HtmlDecode(await SearchAsync("?q=" + new string('a', 10_000)));
        Assert.Contains("limités à 200 caractères", huge);
        var hostile = await SearchAsync("?q=" + Uri.EscapeDataString("<script>alert(1)</script>"));
        Assert.DoesNotContain("<script>alert(1)</script>", hostile);
        Assert.Contains("&lt;script&gt;", hostile);
    }

    [Fact]
    public async Task An_empty_result_says_what_to_widen()
    {
        var html = WebUtility.HtmlDecode(await SearchAsync("?origin=school&km=1&q=zzzzqqq&evenings=true"));
        Assert.Contains("Aucun service ne répond à tous ces critères", html);
        Assert.Contains("augmentez le rayon", html);
        Assert.Contains("retirez un filtre", html);
        Assert.Contains("essayez d’autres mots-clés", html);
    }

    [Theory]
    [InlineData(Seeder.PartnerEmail)]
    [InlineData(Seeder.CssEmail)]
    [InlineData(Seeder.AdminEmail)]
    public async Task Every_signed_in_role_can_search(string email) =>
        Assert.True(ResultIds(await SearchAsync("?q=devoirs", email)).Count > 0);

    [Fact]
    public async Task The_service_page_shows_what_an_agent_needs()
    {
        var service = app.With(db => db.Services.Include(s => s.Organization).Include(s => s.ServiceAtLocations).ThenInclude(l => l.Location)
            .First(s => !s.IsRemote && s.Status == ServiceStatus.Active && s.ReferralEmail != null));
        var client = await app.SignedInAsync(Seeder.AgentEmail);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Catalogue/Service/{service.Id}"));
        Assert.Contains(service.Name, html);
        Assert.Contains(service.Organization!.Name, html);
        Assert.Contains(service.ReferralEmail!, html);
        Assert.Contains(service.ServiceAtLocations[0].Location!.Address1, html);
        Assert.Contains("Heures d’ouverture", html);
        Assert.Contains("Dernière vérification", html);
        Assert.Contains("id=\"service-map\"", html);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Catalogue/Service/{Guid.NewGuid()}")).StatusCode);
    }
}
