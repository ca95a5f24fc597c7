using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Pages.Catalogue;

namespace PartnerNetwork.Web.Tests.Catalogue;

[Trait("Database", "Both")]
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

    /// <summary>One listing of a filter's fixture and whether it must pass the filter: the expectation is typed here, not computed.</summary>
    sealed record Listing(string Label, bool Passes, Action<Service> Shape, bool Active = true, bool OrganizationActive = true);

    static Action<Service> Hours(params (DayOfWeek Day, int Opens, int Closes)[] openings) => s => s.SetWeeklyHours(
        openings.Select(o => new WeeklyOpening(o.Day, new TimeOnly(o.Opens / 100, o.Opens % 100), new TimeOnly(o.Closes / 100, o.Closes % 100))));

    static Action<Service> Capacity(bool accepts, int? available, bool waitlist = false) => s =>
    {
        s.AcceptsReferrals = accepts;
        s.Capacity = new ServiceCapacity { Available = available, Maximum = 10 };
        s.KeepsWaitlist = waitlist;
    };

    static Action<Service> Ages(int? min, int? max) => s => (s.MinimumAge, s.MaximumAge) = (min, max);

    static Action<Service> Grades(int? min, int? max) => s => (s.MinimumGrade, s.MaximumGrade) = (min, max);

    /// <summary>
    /// Per filter: listings just inside and just outside it, one that passes but is inactive and one whose organisation is
    /// inactive (neither may appear), and the passing shape again 21 times so the matches fill more than one page. A
    /// listing that is not about the filter's field keeps a default that passes none of the others' edges by chance.
    /// </summary>
    static readonly Dictionary<string, Listing[]> Fixtures = new()
    {
        ["evenings=true"] =
        [
            new("ferme à 17 h 30", true, Hours((DayOfWeek.Wednesday, 1300, 1730))),
            new("ouvre à 18 h", true, Hours((DayOfWeek.Monday, 1800, 2100))),
            new("ferme à 17 h pile", false, Hours((DayOfWeek.Wednesday, 900, 1700))),
            new("le samedi matin", false, Hours((DayOfWeek.Saturday, 900, 1200))),
            new("sans heures", false, s => s.SetWeeklyHours([])),
        ],
        ["weekends=true"] =
        [
            new("le samedi", true, Hours((DayOfWeek.Saturday, 1000, 1200))),
            new("le dimanche", true, Hours((DayOfWeek.Monday, 900, 1200), (DayOfWeek.Sunday, 1300, 1500))),
            new("le vendredi soir", false, Hours((DayOfWeek.Friday, 1800, 2300))),
            new("sans heures", false, s => s.SetWeeklyHours([])),
        ],
        ["free=true"] =
        [
            new("gratuit", true, s => s.Cost = Cost.Free),
            new("à faible coût", false, s => s.Cost = Cost.LowCost),
            new("payant", false, s => s.Cost = Cost.Fee),
        ],
        ["open=true"] =
        [
            new("trois places", true, Capacity(true, 3)),
            new("places non dites", true, Capacity(true, null)),
            new("complet avec liste d’attente", false, Capacity(true, 0, waitlist: true)),
            new("complet", false, Capacity(true, 0)),
            new("n’accepte pas d’orientation", false, Capacity(false, 5)),
        ],
        ["lang=en"] =
        [
            new("bilingue", true, s => s.Languages = ["fr", "en"]),
            new("anglais", true, s => s.Languages = ["en"]),
            new("français", false, s => s.Languages = ["fr"]),
            new("espagnol", false, s => s.Languages = ["es"]),
        ],
        ["age=4"] =
        [
            new("tout âge", true, Ages(null, null)),
            new("3 à 5 ans", true, Ages(3, 5)),
            new("4 ans", true, Ages(4, 4)),
            new("dès 5 ans", false, Ages(5, 12)),
            new("jusqu’à 3 ans", false, Ages(0, 3)),
        ],
        ["grade=3"] =
        [
            new("toute année", true, Grades(null, null)),
            new("1re à 4e", true, Grades(1, 4)),
            new("3e", true, Grades(3, 3)),
            new("dès la 4e", false, Grades(4, 6)),
            new("jusqu’à la 2e", false, Grades(-1, 2)),
        ],
    };

    /// <summary>Creates a filter's listings under a word of their own; returns the ids that must come back.</summary>
    (string Word, HashSet<Guid> Expected, HashSet<Guid> All) SeedFixture(string filter)
    {
        var word = "Zyglisting" + Guid.NewGuid().ToString("N")[..8];
        var listings = Fixtures[filter].ToList();
        var passing = listings.First(l => l.Passes);
        listings.Add(passing with { Label = "inactif", Active = false });
        listings.Add(passing with { Label = "organisme inactif", OrganizationActive = false });
        listings.AddRange(Enumerable.Range(1, 21).Select(n => passing with { Label = $"{passing.Label} n° {n}" }));
        return app.With(db =>
        {
            var site = db.Locations.AsNoTracking().First(l => l.Latitude != null);
            var need = db.NeedCategories.OrderBy(c => c.SortOrder).Select(c => c.Id).First();
            (Organization, Location) NewOrganization(bool active)
            {
                var id = Guid.NewGuid();
                var organization = new Organization { Id = id, Name = $"Organisme {word} {id:N}"[..50], Description = "Test", IsActive = active };
                var location = new Location
                {
                    Id = Guid.NewGuid(), OrganizationId = id, Name = "Local", Address1 = "1 rue Test", City = "Montréal",
                    Latitude = site.Latitude, Longitude = site.Longitude,
                };
                db.Organizations.Add(organization);
                db.Locations.Add(location);
                return (organization, location);
            }
            var active = NewOrganization(true);
            var inactive = NewOrganization(false);
            var expected = new HashSet<Guid>();
            var all = new HashSet<Guid>();
            foreach (var listing in listings)
            {
                var (organization, location) = listing.OrganizationActive ? active : inactive;
                // Outside every other filter's edges unless the listing says otherwise: weekday daytime hours, a fee,
                // French only, no capacity taken, no age or grade limits.
                var service = new Service
                {
                    Id = Guid.NewGuid(), OrganizationId = organization.Id, Name = $"{word} {listing.Label}", Description = "Aide",
                    Languages = ["fr"], Cost = Cost.Fee, Status = listing.Active ? ServiceStatus.Active : ServiceStatus.Inactive,
                    Capacity = new ServiceCapacity { Available = 2, Maximum = 10 },
                };
                service.SetNeeds([need]);
                service.OfferAt([location.Id]);
                service.SetWeeklyHours([new WeeklyOpening(DayOfWeek.Tuesday, new TimeOnly(9, 0), new TimeOnly(12, 0))]);
                listing.Shape(service);
                organization.Services.Add(service);
                if (listing.Active && listing.OrganizationActive) all.Add(service.Id);
                if (listing.Passes && listing.Active && listing.OrganizationActive) expected.Add(service.Id);
            }
            db.SaveChanges();
            return (word, expected, all);
        });
    }

    /// <summary>Every result of a search, page after page, and the total the heading announces.</summary>
    async Task<(HashSet<Guid> Ids, int Total)> AllResultsAsync(string query)
    {
        var client = await app.SignedInAsync(Seeder.AgentEmail);
        var ids = new HashSet<Guid>();
        int total = 0;
        for (var page = 1; page <= 10; page++)
        {
            var html = await client.GetStringAsync($"/Catalogue{query}&p={page}");
            total = Total(html);
            var found = ResultIds(html);
            foreach (var id in found) Assert.True(ids.Add(id), $"{id} shown on two pages");
            if (ids.Count >= total) break;
            Assert.NotEmpty(found); // else the pages end before the total the heading announced
        }
        return (ids, total);
    }

    [Theory]
    [InlineData("evenings=true")]
    [InlineData("weekends=true")]
    [InlineData("free=true")]
    [InlineData("open=true")]
    [InlineData("lang=en")]
    [InlineData("age=4")]
    [InlineData("grade=3")]
    public async Task Each_filter_finds_every_active_listing_that_meets_it_and_nothing_else(string filter)
    {
        var (word, expected, all) = SeedFixture(filter);
        Assert.True(expected.Count > IndexModel.PageSize, "the matches fill more than one page");

        var unfiltered = await AllResultsAsync($"?origin=none&q={word}");
        Assert.Equal(all.Order(), unfiltered.Ids.Order());
        Assert.Equal(all.Count, unfiltered.Total);

        var filtered = await AllResultsAsync($"?origin=none&q={word}&{filter}");
        Assert.Equal(expected.Count, filtered.Total);
        Assert.Equal(expected.Order(), filtered.Ids.Order());
    }

    [Fact]
    public async Task Searching_from_a_quebec_place_or_a_point_measures_from_there()
    {
        var fromPlace = await SearchAsync("?origin=place&place=Montr%C3%A9al&km=5");
        Assert.Contains("de Montréal", WebUtility.HtmlDecode(fromPlace));
        var fromPoint = await SearchAsync("?origin=point&lat=45.5019&lon=-73.5674&km=5");
        Assert.Equal(ResultIds(fromPlace), ResultIds(fromPoint));
        var inPerson = Services(ResultIds(fromPoint)).Where(s => !s.IsRemote).ToList();
        Assert.NotEmpty(inPerson);
        foreach (var s in inPerson)
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
        Assert.NotEmpty(markers);
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
